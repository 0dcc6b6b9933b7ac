// Removal: plan, countdown, lock, quarantine, write-ahead journal, undo and purge.
export { REMOVE_OPTIONS } from './plan.ts';
export { Removal, type Failed, type Removable, type RemovalItem, type Skipped } from './removal.ts';
export { remove, removeChecked, removeHelpers, type RemoveOptions } from './remove.ts';
export { Restore, undo } from './undo.ts';
export { Purge, TrashList, purge, trash, type PurgeOptions, type RemovalSummary } from './purge.ts';
export { interruptedNote } from './purge.ts';
export { withLock } from './lock.ts';
