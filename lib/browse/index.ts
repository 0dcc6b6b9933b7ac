// browse(): an ncdu-style navigator in the REPL. Only the helper's entry is
// loaded with the REPL; the navigator comes in on the first call.
export { browseHelpers } from './browse.ts';
export type { BrowseOptions } from './view.ts';
