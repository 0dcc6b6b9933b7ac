// The REPL's globals: every registered helper bound to the archive, then the
// REPL's own (help, run, reload, watch, table, fs, path, $, chalk ...).
import { createRequire } from 'node:module';
import path from 'node:path';
import type { REPLServer } from 'node:repl';
import { BUILTINS, findHelper, helpText, helperText, printable, tableView } from './help.ts';
import { resolveSnippet, type ScriptRunner } from './scripts.ts';
import type { Archive } from '../archive.ts';
import { UsageError } from '../errors.ts';
import { HELPERS } from '../helpers.ts';
import type { Helper } from '../registry.ts';

// zx and fs-extra take ~100 ms to load: they are loaded when first used, so the prompt comes sooner.
const load = createRequire(import.meta.url);

/** Defines `name` on the REPL's context as a plain value the user may reassign. */
export function defineGlobal(server: REPLServer, name: string, value: unknown): void {
  Object.defineProperty(server.context, name, { value, writable: true, configurable: true, enumerable: true });
}

export interface Globals {
  /** The helper a bound function is, for help(count) and a bare `count`. */
  readonly helperOf: (fn: unknown) => Helper | undefined;
  readonly names: () => string[];
}

export function defineGlobals(server: REPLServer, archive: Archive, scripts: () => ScriptRunner, options: { colors: boolean; columns: () => number }): Globals {
  const bound = new Map<unknown, Helper>();
  const globals: Record<string, unknown> = {};
  for (const h of HELPERS) {
    const fn = (archive as unknown as Record<string, unknown>)[h.name];
    bound.set(fn, h);
    globals[h.name] = fn;
  }
  let zx: typeof import('zx') | undefined;
  const zxModule = (): typeof import('zx') => {
    if (zx === undefined) {
      zx = load('zx') as typeof import('zx');
      if (!options.colors) zx.chalk.level = 0;
    }
    return zx;
  };
  const lazy: Record<string, () => unknown> = {
    fs: () => load('fs-extra'),
    $: () => zxModule().$,
    chalk: () => zxModule().chalk,
  };
  Object.assign(globals, {
    archive,
    root: archive.root,
    fs: lazy.fs,
    path,
    $: lazy.$,
    chalk: lazy.chalk,
    table: (rows: unknown) => tableView(rows, options.colors),
    help: (what?: unknown) => {
      if (what === undefined) return printable({}, () => helpText(HELPERS, options.columns()));
      const h = findHelper(HELPERS, bound, what);
      return printable({}, () => (typeof h === 'string' ? h : helperText(h, options.columns())));
    },
    // Not async: a wrong name throws at once, as one line.
    run: (target: string, ...args: string[]): Promise<void> => scripts().run(resolveSnippet(target), args.map(String)),
    reload: async (): Promise<void> => {
      const last = scripts().last;
      if (last === undefined) throw new UsageError('nothing to reload yet; run a snippet or scratch file first, e.g. .run scratch');
      return scripts().run(last.file, last.args);
    },
    watch: (target: string, ...args: string[]): Promise<void> => scripts().watch(resolveSnippet(target), args.map(String), archive.signal),
  } satisfies Record<keyof typeof BUILTINS, unknown>);
  for (const [k, v] of Object.entries(globals)) {
    const get = lazy[k];
    if (get === undefined) defineGlobal(server, k, v);
    else {
      // Loaded on first read, then a plain value the user may reassign.
      const settle = (value: unknown): void => defineGlobal(server, k, value);
      Object.defineProperty(server.context, k, {
        get: () => {
          const value = get();
          settle(value);
          return value;
        },
        set: settle,
        configurable: true,
        enumerable: true,
      });
    }
  }
  return { helperOf: (fn) => bound.get(fn), names: () => Object.keys(globals) };
}
