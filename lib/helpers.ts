// The registry: every helper, once. The REPL's globals, banner, help() and
// completion, and the bound archive's methods, are all built from this list.
import { checkQuery, find, rglob, FIND_OPTIONS, type FindOptions, type Query } from './query/index.ts';
import { checkOptions } from './shared/index.ts';
import { counts as showCounts } from './format.ts';
import { printable, type Printable } from './shared/index.ts';
import { defineHelper } from './registry.ts';
import { mediaHelpers } from './drive/index.ts';
import { duHelpers } from './drive/index.ts';
import { browseHelpers } from './browse/index.ts';
import { revealHelpers } from './drive/index.ts';
import { compareHelpers } from './drive/index.ts';
import { excludesHelpers } from './cruft/index.ts';
import { reportHelpers } from './report/index.ts';
import { cruftHelpers } from './cruft/index.ts';
import { removeHelpers } from './remove/index.ts';
import { dupesHelpers } from './dupes/index.ts';
import type { Counts } from './types.ts';

/** Counts with a printed form that uses thousands separators. */
export type CountResult = Printable<Counts, Counts>;

function countResult(c: Counts): CountResult {
  return printable({ ...c }, showCounts, (d) => ({ ...d }));
}


/** The index helpers: counting, finding and rescanning. */
export const indexHelpers = [
  defineHelper({
    name: 'count',
    group: 'look',
    summary: 'entries, files, dirs, symlinks, other and bytes, for the archive or a query',
    example: "count()  count('**/*.jpg')  count({ext: ['.jpg', '.mp4']})",
    args: { '(query)': 'anything find() takes; without one, the whole archive' },
    options: FIND_OPTIONS,
    bind: (a) => (query?: Query, options?: FindOptions): CountResult => {
      checkQuery('count', query, options);
      if (query === undefined && options === undefined) return countResult(a.catalog.counts());
      const sel = find(a.catalog, a.name, query, { signal: a.signal, ...options });
      return countResult({ ...sel.count(), bytes: sel.bytes });
    },
  }),
  defineHelper({
    name: 'find',
    group: 'look',
    summary: 'a Selection of entries by glob (relative to the root), options or predicate',
    example: "find('**/*.JPG')  find({dirs: true, name: '*venv*'})  find(e => e.size > 1e9)",
    args: { '(pattern)': "a glob relative to the root: 'old_photos/**/*.jpg'" },
    options: FIND_OPTIONS,
    bind: (a) => (query?: Query, options?: FindOptions) => find(a.catalog, a.name, query, { signal: a.signal, ...options }),
  }),
  defineHelper({
    name: 'rglob',
    group: 'look',
    summary: "Python's Path.rglob: the pattern matches base names at any depth",
    example: "rglob('*_env')  rglob('__pycache__', {dirs: true})",
    options: FIND_OPTIONS,
    bind: (a) => (pattern: string, options?: FindOptions) => rglob(a.catalog, a.name, pattern, { signal: a.signal, ...options }),
  }),
  defineHelper({
    name: 'refresh',
    group: 'look',
    summary: 'scans the root again (after changes made outside rummage)',
    example: 'await refresh()',
    options: {},
    bind: (a) => async (...given: unknown[]): Promise<CountResult> => {
      checkOptions('refresh', {}, given[0]);
      await a.rescan();
      return countResult(a.catalog.counts());
    },
  }),
] as const;

/** Every helper, in the order the banner and help() list them. */
export const HELPERS = [
  ...indexHelpers,
  ...mediaHelpers,
  ...duHelpers,
  ...browseHelpers,
  ...compareHelpers,
  ...excludesHelpers,
  ...reportHelpers,
  ...revealHelpers,
  ...cruftHelpers,
  ...removeHelpers,
  ...dupesHelpers,
] as const;
