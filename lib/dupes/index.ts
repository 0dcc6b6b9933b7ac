// Duplicate folders and files, contained and similar folders, diff, keep, empty folders.
export { dupesHelpers } from './helpers.ts';
export { contained, ContainedResult, type ContainedItem, type ContainedOptions } from './contained.ts';
export { diff, DiffResult, type DiffOptions } from './diff.ts';
export { groupDupes, lastDupes, DirGroup, DupeDirsResult, type DupeDirsOptions } from './dirs.ts';
export { dupeFiles, FileGroup, DupeFilesResult, type DupeFilesOptions } from './files.ts';
export { emptyDirs, type EmptyDirsOptions } from './empty-dirs.ts';
export { keep, type KeepOptions } from './keep.ts';
export { similar, SimilarResult, type SimilarOptions, type SimilarPair } from './similar.ts';
export type { HashingOptions, Problem } from './common.ts';
export type { ScopeOptions } from './scope.ts';
