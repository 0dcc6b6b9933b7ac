// find, rglob, size and time parsing, and the Selection they return.
export { find, parseSize, parseTime, rglob, suffix, type FindOptions, type Query } from './find.ts';
export { Selection, type JsonItem, type SortKey } from './selection.ts';
