// Removal: plan, countdown, quarantine, journal, undo and purge.
export { Purge, Removal, Restore, TrashList, purge, remove, removeHelpers, trash, undo, type Failed, type PurgeOptions, type Removable, type RemovalItem, type RemovalSummary, type RemoveOptions, type Skipped } from './removal.ts';
