// Snippets and scratch files in the REPL: `.run` (and run()), reload(),
// `.save` (the lines that worked, as a snippet) and `.watch` (run again on
// every save). All of them run against the index in memory.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { autoawait } from './autoawait.ts';
import type { Archive } from '../archive.ts';
import { setSession } from '../snippet/index.ts';
import { UsageError } from '../errors.ts';

/** The checkout this file is in: snippets/ and scratch/ are beside lib/. */
export const REPO = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..');
/** Where `.run name` looks, in order. */
export const SNIPPET_DIRS = [path.join(REPO, 'snippets'), path.join(REPO, 'scratch')];

/** Thrown in place of process.exit() while a snippet runs inside the session. */
class SnippetExit extends Error {
  constructor(readonly code: number) {
    super(`snippet exited with code ${code}`);
  }
}

/** Finds a snippet or scratch file by name (`count`, `scratch`) or path. */
export function resolveSnippet(target: unknown, cwd = process.cwd()): string {
  if (typeof target !== 'string' || target.trim() === '') throw new UsageError("run() takes a snippet name or a path, e.g. run('count') or run('scratch/mine.ts')");
  if (target.includes('/') || target.includes(path.sep) || target.endsWith('.ts')) {
    const candidates = [path.resolve(cwd, target), path.resolve(REPO, target), path.resolve(REPO, `${target}.ts`)];
    const file = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
    if (file === undefined) throw new UsageError(`snippet file '${target}' does not exist; give a .ts file, e.g. scratch/mine.ts`);
    return file;
  }
  for (const dir of SNIPPET_DIRS) {
    const file = path.join(dir, `${target}.ts`);
    if (fs.existsSync(file)) return file;
  }
  const known = SNIPPET_DIRS.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
  throw new UsageError(`no snippet named '${target}'; known: ${[...new Set(known)].sort().join(', ')}`);
}

/** Splits `.run` arguments like a shell would, for plain and quoted words. */
export function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return out;
}

export interface ScriptRunner {
  /** Imports the file with the session set: its snippet() gets this archive; its exports become globals. */
  run(file: string, args: readonly string[]): Promise<void>;
  /** The last file run, for reload(). */
  readonly last: { file: string; args: readonly string[] } | undefined;
  /** Runs the file now and after each save, under a separator, until the signal aborts. */
  watch(file: string, args: readonly string[], signal: AbortSignal | undefined): Promise<void>;
}

/** `define(name, value)` makes a global of an export; `reserved` names are left alone. */
export function scriptRunner(archive: Archive, output: NodeJS.WritableStream, define: (name: string, value: unknown) => void, reserved: (name: string) => boolean): ScriptRunner {
  let runs = 0;
  let last: { file: string; args: readonly string[] } | undefined;
  const run = async (file: string, args: readonly string[]): Promise<void> => {
    last = { file, args };
    const exit = process.exit;
    setSession({ archive, argv: args });
    // A snippet's process.exit (its --help, say) must end the snippet, not the session.
    process.exit = ((code?: number) => {
      throw new SnippetExit(code ?? 0);
    }) as typeof process.exit;
    try {
      const mod = (await import(`${pathToFileURL(file).href}?run=${++runs}`)) as Record<string, unknown>;
      const exported = Object.keys(mod).filter((k) => k !== 'default' && !reserved(k));
      for (const k of exported) define(k, mod[k]);
      if (exported.length > 0) output.write(`${path.basename(file)} exports, now globals: ${exported.join(', ')}\n`);
    } catch (e) {
      if (e instanceof SnippetExit) {
        if (e.code !== 0) throw new UsageError(`${path.basename(file)} exited with code ${e.code}`);
        return;
      }
      // esbuild's parse error is a dozen lines of stack: say where, in one line.
      const errors = (e as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors;
      const first = errors?.[0];
      if (first !== undefined) throw new UsageError(`${path.basename(file)}${first.location ? `:${first.location.line}:${first.location.column + 1}` : ''}: ${first.text}`);
      throw e;
    } finally {
      process.exit = exit;
      setSession(undefined);
    }
  };
  return {
    run,
    get last() {
      return last;
    },
    async watch(file, args, signal) {
      const name = path.basename(file);
      const rule = (why: string): void => void output.write(`${`── ${name}: ${why} ${new Date().toTimeString().slice(0, 8)} `.padEnd(60, '─')}\n`);
      const once = async (why: string): Promise<void> => {
        rule(why);
        try {
          await run(file, args);
        } catch (e) {
          output.write(`${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
        }
      };
      await once('run');
      output.write(`watching ${name}: save it to run again; Ctrl-C stops\n`);
      await new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        let running = Promise.resolve();
        let seen = fs.statSync(file).mtimeMs;
        // The folder, not the file: editors save by writing a new file and renaming it over the old.
        const watcher = fs.watch(path.dirname(file), (_event, changed) => {
          if (changed !== null && changed.toString() !== name) return;
          clearTimeout(timer);
          timer = setTimeout(() => {
            let now: number;
            try {
              now = fs.statSync(file).mtimeMs;
            } catch {
              return;
            }
            if (now === seen) return;
            seen = now;
            running = running.then(() => once('saved'));
          }, 80);
        });
        const stop = (): void => {
          clearTimeout(timer);
          watcher.close();
          output.write(`stopped watching ${name}\n`);
          resolve();
        };
        if (signal === undefined) return;
        if (signal.aborted) stop();
        else signal.addEventListener('abort', stop, { once: true });
      });
    },
  };
}

/** One line the REPL ran without an error. */
export interface GoodLine {
  /** What was typed (TypeScript). */
  readonly source: string;
  /** The JavaScript Node ran, before autoawait. */
  readonly js: string;
  /** Whether the REPL printed its value. */
  readonly printed: boolean;
}

/** Where `.save name` writes: snippets/<name>.ts, or scratch/<name>.ts for `scratch/<name>` or `--scratch`. */
export function saveTarget(text: string): { file: string; name: string; runName: string; force: boolean } {
  const words = splitArgs(text);
  const force = words.includes('--force');
  const scratch = words.includes('--scratch');
  const given = words.filter((w) => !w.startsWith('--'));
  if (given.length !== 1) throw new UsageError('.save takes one name: .save mine (snippets/mine.ts), .save scratch/mine or .save mine --scratch (scratch/mine.ts); --force overwrites');
  let name = given[0]!.replace(/\.ts$/, '');
  let dir = scratch ? 'scratch' : 'snippets';
  const m = /^(snippets|scratch)\/(.+)$/.exec(name);
  if (m) [dir, name] = [m[1]!, m[2]!];
  if (!/^[\w-]+$/.test(name)) throw new UsageError(`'${name}' is not a snippet name; use letters, digits, - and _, e.g. .save old-photos`);
  return { file: path.join(REPO, dir, `${name}.ts`), name, runName: dir === 'scratch' ? `scratch/${name}` : name, force };
}

/** A runnable snippet from the lines that worked: the snippet() header, the REPL's globals, then the lines. */
export function snippetSource(name: string, lines: readonly GoodLine[], helperNames: readonly string[]): string {
  const body = lines.map((l) => {
    let code = l.source.trimEnd();
    // Keep what was typed where it is plain JavaScript; else what esbuild made of it.
    try {
      new Function(`return async () => {\n${code}\n}`);
    } catch {
      code = l.js.trimEnd();
    }
    return autoawait(code, l.printed ? 'show' : undefined);
  });
  const text = body.join('\n');
  const used = (n: string): boolean => new RegExp(`(^|[^\\w$.])${n.replace('$', '\\$')}(?![\\w$])`).test(text);
  const helpers = helperNames.filter(used);
  const header = [
    '// @ts-nocheck: lines typed in the REPL are not typechecked; delete this line once they are.',
    `// Saved from the REPL with \`.save ${name}\` on ${new Date().toISOString().slice(0, 10)}: the lines that ran without an error, in order.`,
    `// Run it in the REPL with \`.run ${name}\` (on the index in memory), or from the shell:`,
    `//   npx tsx <this file> <root>   or   rummage run ${name} <root>`,
    "import { inspect } from 'node:util';",
    ...(used('path') ? ["import path from 'node:path';"] : []),
    ...(used('fs') ? ["import fs from 'fs-extra';"] : []),
    ...(used('\\$') || used('chalk') ? ["import { $, chalk } from 'zx';"] : []),
    "import { snippet } from '../lib/index.ts';",
    '',
    `const { archive } = await snippet(import.meta, { about: ${JSON.stringify(`Saved from the REPL: ${name}`)} });`,
    ...(helpers.length > 0 ? [`const { ${helpers.join(', ')} } = archive;`] : []),
    ...(used('root') ? ['const { root } = archive;'] : []),
    '// Prints a value as the REPL did.',
    "const show = (value: unknown): void => void (value !== undefined && console.log(typeof value === 'string' ? value : inspect(value, { depth: 4 })));",
    '',
  ];
  return `${[...header, ...body].join('\n')}\n`;
}
