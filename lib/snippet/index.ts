// The runner and the flag sets that snippets share.
export { snippet, exitOnError, parseSnippetArgs, setSession, type SnippetRun, type SnippetSpec } from './snippet.ts';
export { COMMON_FLAGS, DUPE_FLAGS, REMOVE_FLAGS, dupeOptions, removeOptions, type Flags } from './flags.ts';
