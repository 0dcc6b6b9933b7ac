// The registry: every helper, once. The REPL's globals, banner, help() and
// completion, and the bound archive's methods, are all built from this list.
import { find, rglob, type FindOptions, type Query } from './query/index.ts';
import { counts as showCounts } from './format.ts';
import { printable, type Printable } from './shared/index.ts';
import { defineHelper } from './registry.ts';
import { mediaHelpers } from './drive/index.ts';
import { duHelpers } from './drive/index.ts';
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

const FIND_OPTIONS = {
  dirs: 'only directories',
  files: 'only regular files',
  ext: "extensions, case-insensitive: ['.jpg', '.mp4']",
  name: "a base-name glob at any depth: '*venv*'",
  under: "only below this folder: 'old_photos'",
  exclude: "globs left out with everything below them: ['.git', 'node_modules']",
  minSize: "at least this big: 1e6 or '10MB' (a folder by its whole subtree)",
  olderThan: "modified before: '2015-01-01' or an age: '2y', '6mo', '30d'",
  newerThan: "modified after: same forms as olderThan",
  where: 'a function (entry) => boolean for anything else',
} as const;

/** The index helpers: counting, finding and rescanning. */
export const indexHelpers = [
  defineHelper({
    name: 'count',
    group: 'look',
    summary: 'entries, files, dirs, symlinks, other and bytes, for the archive or a query',
    example: "count()  count('**/*.jpg')  count({ext: ['.jpg', '.mp4']})",
    options: { '(query)': 'anything find() takes; without one, the whole archive', ...FIND_OPTIONS },
    bind: (a) => (query?: Query, options?: FindOptions): CountResult => {
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
    options: { '(pattern)': "a glob relative to the root: 'old_photos/**/*.jpg'", ...FIND_OPTIONS },
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
    bind: (a) => async (): Promise<CountResult> => {
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
  ...compareHelpers,
  ...excludesHelpers,
  ...reportHelpers,
  ...revealHelpers,
  ...cruftHelpers,
  ...removeHelpers,
  ...dupesHelpers,
] as const;
