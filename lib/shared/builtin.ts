// Node modules that only some helpers need, loaded on first use. Every snippet
// imports all of lib/, and loading node:repl (with its acorn and vm),
// node:child_process (with net and dgram) and node:zlib up front cost ~10 ms
// of a snippet's start.
import { createRequire } from 'node:module';

let load: NodeJS.Require | undefined;

/** A getter for a Node built-in module that loads it the first time it is called. */
export function lazyBuiltin<T>(name: `node:${string}`): () => T {
  let m: T | undefined;
  // Built-ins resolve from anywhere; worker bundles are CommonJS, where import.meta.url is undefined.
  // Perf: createRequire itself is called on first use too: in a scan worker it cost ~15 ms of start.
  return () => (m ??= (load ??= createRequire(import.meta.url ?? `${process.cwd()}/`))(name) as T);
}
