// The public surface: re-exports only.
export { openArchive, checkRoot, type Archive, type BoundHelpers } from './archive.ts';
export { Catalog, escapeName } from './catalog.ts';
export { snippet, exitOnError, type Flags, type SnippetRun, type SnippetSpec } from './cli.ts';
export { archivesFile, resolveRoot, userDir } from './config.ts';
export { CancelledError, UsageError } from './errors.ts';
export { find, rglob, parseSize, parseTime, suffix, type FindOptions, type Query } from './find.ts';
export * as format from './format.ts';
export { HELPERS } from './helpers.ts';
export { media, biggest, mediaCategory, type MediaOptions, type MediaResult, type MediaCategory } from './media.ts';
export { du, age, type DuOptions, type DuResult, type AgeOptions, type AgeResult } from './du.ts';
export { compare, type CompareOptions, type CompareResult } from './compare.ts';
export { cruft, venvs, cruftKinds, CruftResult, CRUFT_KINDS, CRUFT_RULES, type CruftItem, type CruftJsonItem, type CruftKind, type CruftRule, type KindSummary } from './cruft.ts';
export { remove, undo, purge, trash, removeOptions, REMOVE_FLAGS, Removal, Restore, Purge, TrashList, type Removable, type RemovalItem, type RemoveOptions, type PurgeOptions, type RemovalSummary, type Skipped, type Failed } from './remove.ts';
export { reveal, type RevealTarget, type RevealOptions, type RevealResult } from './reveal.ts';
export { defineHelper, type ArchiveCore, type Helper } from './registry.ts';
export { scan } from './scan.ts';
export { Selection, type JsonItem, type SortKey } from './selection.ts';
export * from './types.ts';
