// The duplicate helpers as the REPL and snippets see them: duplicate folders
// and files, folders contained elsewhere, near-copies, diff, keep, and empty
// folders. The work is done in the modules each one names.
import { contained, type ContainedOptions, type ContainedResult } from './contained.ts';
import { diff, type DiffOptions, type DiffResult } from './diff.ts';
import { groupDupes, type DupeDirsOptions, type DupeDirsResult } from './dirs.ts';
import { dupeFiles, type DupeFilesOptions, type DupeFilesResult } from './files.ts';
import { emptyDirs, type EmptyDirsOptions } from './empty-dirs.ts';
import { keep, type KeepOptions } from './keep.ts';
import { defineHelper } from '../registry.ts';
import type { Removal } from '../remove/index.ts';
import type { Selection } from '../query/index.ts';
import { similar, type SimilarOptions, type SimilarResult } from './similar.ts';
import type { CopyGroup } from './common.ts';


const SCOPE = {
  junk: 'compare junk files (.DS_Store, Thumbs.db, desktop.ini, ._*) too; ignored by default',
  git: 'look inside .git folders too; left out by default',
  under: "only below this folder: 'old_photos'",
  cache: 'use the hash cache in the user cache folder (default true); false reads every file',
  progress: 'a progress line on stderr (default: on a terminal)',
} as const;

/** The duplicate finders, registered once in lib/helpers.ts. */
export const dupesHelpers = [
  defineHelper({
    name: 'groupDupes',
    group: 'dupes',
    summary: 'duplicate folders (same tree of names, identical contents), topmost copies only, by reclaimable bytes',
    example: "await groupDupes()  await groupDupes({by: 'names'})",
    options: {
      by: "'content' (default) or 'names': the seed's method, leaf folders with the same file names (contents not compared)",
      verify: "'bytes' compares every file byte by byte before reporting",
      ...SCOPE,
      '.groups': 'the groups: paths, files, bytes (one copy), reclaimable; keep(group, path) removes the other copies',
    },
    bind: (a) => (options?: DupeDirsOptions): Promise<DupeDirsResult> => groupDupes(a, options),
  }),
  defineHelper({
    name: 'dupeFiles',
    group: 'dupes',
    summary: 'duplicate files by size, partial hash, then full hash; hardlinks shown apart, by wasted bytes',
    example: "await dupeFiles()  await dupeFiles({minSize: '1MB', verify: 'bytes'})",
    options: {
      minSize: "only files of at least this size: 1e6 or '1MB' (default 1 byte)",
      verify: "'bytes' compares the files of each group byte by byte before reporting",
      ...SCOPE,
    },
    bind: (a) => (options?: DupeFilesOptions): Promise<DupeFilesResult> => dupeFiles(a, options),
  }),
  defineHelper({
    name: 'contained',
    group: 'dupes',
    summary: 'folders whose every file also exists elsewhere, with the folders holding the copies',
    example: "await contained()  await contained({under: 'old_drive'})",
    options: { places: 'how many folders holding copies to name per item (default 3)', ...SCOPE },
    bind: (a) => (options?: ContainedOptions): Promise<ContainedResult> => contained(a, options),
  }),
  defineHelper({
    name: 'similar',
    group: 'dupes',
    summary: 'near-duplicate folder pairs (e.g. a curated copy), with a similarity figure',
    example: 'await similar()  await similar({min: 0.9})',
    options: { min: 'least similarity to report, 0 to 1 (default 0.8): identical files over all files of the pair', ...SCOPE },
    bind: (a) => (options?: SimilarOptions): Promise<SimilarResult> => similar(a, options),
  }),
  defineHelper({
    name: 'diff',
    group: 'dupes',
    summary: 'two folders side by side: only in A, only in B, changed, identical',
    example: "await diff('old_photos/Christmas 2008', 'misc/xmas08')",
    options: { '(a, b)': 'two folders, relative to the root', junk: SCOPE.junk, git: SCOPE.git, cache: SCOPE.cache },
    bind: (a) => (pathA: string, pathB: string, options?: DiffOptions): Promise<DiffResult> => diff(a, pathA, pathB, options),
  }),
  defineHelper({
    name: 'keep',
    group: 'dupes',
    summary: 'keeps one copy of a duplicate group and plans removing the others through remove()',
    example: "await keep(dupes.groups[0], 'old_photos/Christmas 2008')  await keep(g, path, {delete: true})",
    options: {
      '(group, path)': 'a group from groupDupes() or dupeFiles(), and the member to keep',
      delete: 'actually remove (default: the plan, a dry run)',
      countdown: 'seconds to wait before anything moves (default 3)',
      verify: "'bytes' (default) compares each file to be removed with the copy that stays; 'hash' trusts hashes",
      permanent: 'delete for good, skipping the quarantine',
    },
    bind: (a) => (group: CopyGroup, pathToKeep: string, options?: KeepOptions): Promise<Removal> => keep(a, group, pathToKeep, options),
  }),
  defineHelper({
    name: 'emptyDirs',
    group: 'cruft',
    summary: 'empty folders and trees with no bytes, topmost only (never duplicates)',
    example: 'emptyDirs()  remove(emptyDirs())',
    options: { git: 'look inside .git folders too (git keeps some empty folders on purpose)', under: SCOPE.under },
    bind: (a) => (options?: EmptyDirsOptions): Selection => emptyDirs(a.catalog, a.name, options),
  }),
] as const;
