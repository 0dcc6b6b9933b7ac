// The duplicate helpers as the REPL and snippets see them: duplicate folders
// and files, folders contained elsewhere, near-copies, diff, keep, and empty
// folders. The work is done in the modules each one names.
import { CONTAINED_OPTIONS, contained, type ContainedOptions, type ContainedResult } from './contained.ts';
import { DIFF_OPTIONS, diff, type DiffOptions, type DiffResult } from './diff.ts';
import { GROUP_DUPES_OPTIONS, groupDupes, type DupeDirsOptions, type DupeDirsResult } from './dirs.ts';
import { DUPE_FILES_OPTIONS, dupeFiles, type DupeFilesOptions, type DupeFilesResult } from './files.ts';
import { EMPTY_DIRS_OPTIONS, emptyDirs, type EmptyDirsOptions } from './empty-dirs.ts';
import { KEEP_OPTIONS, keep, type KeepOptions } from './keep.ts';
import { defineHelper } from '../registry.ts';
import type { Removal } from '../remove/index.ts';
import type { Selection } from '../query/index.ts';
import { SIMILAR_OPTIONS, similar, type SimilarOptions, type SimilarResult } from './similar.ts';
import type { CopyGroup } from './common.ts';



/** The duplicate finders, registered once in lib/helpers.ts. */
export const dupesHelpers = [
  defineHelper({
    name: 'groupDupes',
    group: 'dupes',
    summary: 'duplicate folders (same tree of names, identical contents), topmost copies only, by reclaimable bytes',
    example: "await groupDupes()  await groupDupes({by: 'names'})",
    args: { '.groups': 'the groups: paths, files, bytes (one copy), reclaimable; keep(group, path) removes the other copies' },
    options: GROUP_DUPES_OPTIONS,
    bind: (a) => (options?: DupeDirsOptions): Promise<DupeDirsResult> => groupDupes(a, options),
  }),
  defineHelper({
    name: 'dupeFiles',
    group: 'dupes',
    summary: 'duplicate files by size, partial hash, then full hash; hardlinks shown apart, by wasted bytes',
    example: "await dupeFiles()  await dupeFiles({minSize: '1MB', verify: 'bytes'})",
    options: DUPE_FILES_OPTIONS,
    bind: (a) => (options?: DupeFilesOptions): Promise<DupeFilesResult> => dupeFiles(a, options),
  }),
  defineHelper({
    name: 'contained',
    group: 'dupes',
    summary: 'folders whose every file also exists elsewhere, with the folders holding the copies',
    example: "await contained()  await contained({under: 'old_drive'})",
    options: CONTAINED_OPTIONS,
    bind: (a) => (options?: ContainedOptions): Promise<ContainedResult> => contained(a, options),
  }),
  defineHelper({
    name: 'similar',
    group: 'dupes',
    summary: 'near-duplicate folder pairs (e.g. a curated copy), with a similarity figure',
    example: 'await similar()  await similar({min: 0.9})',
    options: SIMILAR_OPTIONS,
    bind: (a) => (options?: SimilarOptions): Promise<SimilarResult> => similar(a, options),
  }),
  defineHelper({
    name: 'diff',
    group: 'dupes',
    summary: 'two folders side by side: only in A, only in B, changed, identical',
    example: "await diff('old_photos/Christmas 2008', 'misc/xmas08')",
    args: { '(a, b)': 'two folders, relative to the root' },
    options: DIFF_OPTIONS,
    bind: (a) => (pathA: string, pathB: string, options?: DiffOptions): Promise<DiffResult> => diff(a, pathA, pathB, options),
  }),
  defineHelper({
    name: 'keep',
    group: 'dupes',
    summary: 'keeps one copy of a duplicate group and plans removing the others through remove()',
    example: "await keep(dupes.groups[0], 'old_photos/Christmas 2008')  await keep(g, path, {delete: true})",
    args: { '(group, path)': 'a group from groupDupes() or dupeFiles(), and the member to keep' },
    options: KEEP_OPTIONS,
    bind: (a) => (group: CopyGroup, pathToKeep: string, options?: KeepOptions): Promise<Removal> => keep(a, group, pathToKeep, options),
  }),
  defineHelper({
    name: 'emptyDirs',
    group: 'cruft',
    summary: 'empty folders and trees with no bytes, topmost only (never duplicates)',
    example: 'emptyDirs()  remove(emptyDirs())',
    options: EMPTY_DIRS_OPTIONS,
    bind: (a) => (options?: EmptyDirsOptions): Selection => emptyDirs(a.catalog, a.name, options),
  }),
] as const;
