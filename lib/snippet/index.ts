// The runner, and the flags snippets read from the helpers' option declarations.
export { snippet, exitOnError, parseSnippetArgs, setSession, type HelperName, type HelperOptions, type SnippetRun, type SnippetSpec } from './snippet.ts';
export { COMMON_FLAGS } from './flags.ts';
