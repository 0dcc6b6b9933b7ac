// How the REPL prints: rummage's results through their own inspect, a bare
// helper as its help line, and every error as one line.
import { inspect } from 'node:util';
import { CancelledError, UsageError } from '../errors.ts';
import { wrap } from '../format.ts';
import { editDistance } from '../shared/index.ts';
import type { Helper } from '../registry.ts';

/** True for a cancel: Ctrl-C on an awaited line, a synchronous one, or a helper's signal. */
export function isCancel(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  const err = e as { code?: unknown; name?: unknown } | null;
  return typeof err === 'object' && err !== null && (err.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED' || err.name === 'AbortError');
}

/** The helper a misspelt name most likely meant, if one is close. */
export function nearestName(names: readonly string[], typed: string): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = editDistance(typed, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return best !== undefined && bestD <= Math.max(1, Math.min(2, Math.floor(best.length / 3))) ? best : undefined;
}

/** One line for any error: the user's mistakes, cancels, misspelt helpers, and the rest as `Name: message`. */
export function errorLine(e: unknown, helperNames: readonly string[]): string {
  if (isCancel(e)) return 'cancelled';
  if (e instanceof UsageError) return `${e.name}: ${e.message}`;
  if (e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)) {
    const err = e as Error;
    const unknown = err.name === 'ReferenceError' ? /^(\S+) is not defined$/.exec(err.message)?.[1] : undefined;
    const near = unknown === undefined ? undefined : nearestName(helperNames, unknown);
    if (near !== undefined) return `${err.name}: ${unknown} is not defined; ${near} is a helper: did you mean ${near}()?`;
    const where = /\((REPL\d+:\d+):\d+\)|at (REPL\d+:\d+):\d+/.exec(err.stack ?? '');
    const first = String(err.message).split('\n')[0];
    return `Uncaught ${err.name ?? 'Error'}: ${first}${where === null ? '' : ` (${where[1] ?? where[2]})`}`;
  }
  return `Uncaught ${inspect(e)}`;
}

/** The help line a bare helper name prints, instead of `[Function (anonymous)]`. */
export function helperLine(h: Helper): string {
  return `${h.name}: ${h.summary}\n  e.g. ${h.example}   (help(${h.name}) for its options)`;
}

/** Prints values the way rummage means them. `helperOf` knows the bound helpers. */
export function makeWriter(colors: boolean, columns = 100, helperOf: (v: unknown) => Helper | undefined = () => undefined): (value: unknown) => string {
  return (value) => {
    if (value instanceof UsageError) return `${value.name}: ${value.message}`;
    if (isCancel(value)) return 'cancelled';
    if (typeof value === 'function') {
      const h = helperOf(value);
      if (h !== undefined) return helperLine(h);
    }
    // Not Node's default writer: it sets showProxy, which would show a Selection's Proxy instead of its table.
    const text = inspect(value, { colors, depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: columns });
    // rummage's results: their sentences are wrapped between words (tables fit already).
    if (value === null || typeof value !== 'object' || !(inspect.custom in value)) return text;
    return text.split('\n').flatMap((line) => (/[│┌├└]/.test(line) ? [line] : wrap(line, columns, '  '))).join('\n');
  };
}
