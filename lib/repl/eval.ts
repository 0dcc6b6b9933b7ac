// TypeScript in the REPL: strip the types with esbuild, then let Node's own
// eval run the JavaScript. Node's eval is what gives top-level await, `_`, and
// multi-line input, so it is wrapped, never replaced.
import { createRequire } from 'node:module';
import type { Message } from 'esbuild';

export type Stripped =
  /** JavaScript for Node's eval. */
  | { readonly kind: 'code'; readonly code: string }
  /** The input stops mid-statement: wait for the next line. */
  | { readonly kind: 'incomplete'; readonly error: SyntaxError }
  /** esbuild rejects it; Node's eval judges the raw input, and this message is shown if Node rejects it too. */
  | { readonly kind: 'invalid'; readonly error: SyntaxError };

const OPTIONS = {
  loader: 'ts',
  // Keep imports that are only used as values in later lines.
  tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
} as const;

/** Node reads `{ a: 1 }` alone on a line as an object, not a block; so must the transform. */
function looksLikeObject(code: string): boolean {
  return /^\s*{/.test(code) && !/;\s*$/.test(code);
}

// Perf: esbuild is loaded on the first line typed, not when lib/ is imported: every snippet
// imports lib/, and loading esbuild's CommonJS entry cost ~15 ms of a snippet's start.
let esbuild: typeof import('esbuild') | undefined;

function transform(code: string): string {
  esbuild ??= createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  return esbuild.transformSync(code, OPTIONS).code;
}

/** Turns one REPL input (possibly several lines) into JavaScript, or says why not. */
export function stripTypes(input: string): Stripped {
  if (input.trim() === '') return { kind: 'code', code: input };
  if (looksLikeObject(input)) {
    try {
      return { kind: 'code', code: transform(`(${input.trim()})\n`) };
    } catch { /* a block after all */ }
  }
  try {
    const code = transform(input);
    // Only types (an interface, a type alias): nothing to run.
    return { kind: 'code', code: code.trim() === '' ? '\n' : code };
  } catch (e) {
    const errors: readonly Message[] = (e as { errors?: Message[] }).errors ?? [];
    const first = errors[0];
    if (first === undefined) throw e;
    const where = first.location;
    const error = new SyntaxError(where === null ? first.text : `${first.text} (${where.line}:${where.column + 1})`);
    // An error past the last line is the end of the input arriving too soon:
    // an open brace, call or template literal.
    const lines = input.trimEnd().split('\n').length;
    const atEnd = where !== null && where.line > lines;
    return { kind: atEnd || /end of file/.test(first.text) ? 'incomplete' : 'invalid', error };
  }
}
