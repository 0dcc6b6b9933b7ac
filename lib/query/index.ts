// find, rglob, size and time parsing, and the Selection they return.
export { find, rglob, suffix, checkQuery, FIND_OPTIONS, type FindOptions, type Query } from './find.ts';
export { Selection, type JsonItem, type SortKey } from './selection.ts';
export { parseSize, parseTime } from '../shared/index.ts';
export { relativePath, relativePattern, resolveFolder, resolveRow, type PathContext, type ResolveOptions } from './resolve.ts';
