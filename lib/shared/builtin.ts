// Node modules that only some helpers need, loaded on first use. Every snippet
// imports all of lib/, and loading node:repl (with its acorn and vm),
// node:child_process (with net and dgram) and node:zlib up front cost ~10 ms
// of a snippet's start.
import { createRequire } from 'node:module';

// Built-ins resolve from anywhere; worker bundles are CommonJS, where import.meta.url is undefined.
const load = createRequire(import.meta.url ?? `${process.cwd()}/`);

/** A getter for a Node built-in module that loads it the first time it is called. */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let m: T | undefined;
  return () => (m ??= load(name) as T);
}
