// The REPL: node:repl, TypeScript eval, completion, help, Ctrl-C.
export { replGlobalNames, startRepl, type ReplOptions, type ReplSession } from './repl.ts';
