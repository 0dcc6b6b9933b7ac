// Every use of node:repl's undocumented internals, in one place.
//
// Tested on Node 20.20.2 (the engines floor is 20). test/repl-internals.test.ts
// fails loudly if a Node release renames or drops any of these:
// - `_domain`: the domain whose 'error' listener prints an uncaught error; rummage
//   puts its own listener first so that user errors are one line.
// - `_setRawMode`: called twice around each evaluation when breakEvalOnSigint is
//   on; interrupt.ts keeps the terminal raw instead (see there).
// - `lastError`: what `_error` reads in the REPL.
// - `completer` in callback form, and `eval` being reassignable after start().
import type { EventEmitter } from 'node:events';
import type { REPLEval, REPLServer } from 'node:repl';

interface Internals {
  _domain?: EventEmitter;
  _setRawMode?: (mode: boolean) => boolean;
  lastError?: unknown;
  completer?: unknown;
}

const of = (server: REPLServer): Internals => server as unknown as Internals;

/** What is missing from this Node's REPL that rummage relies on; [] when all is there. */
export function missingInternals(server: REPLServer): string[] {
  const s = of(server);
  const missing: string[] = [];
  if (typeof s._domain?.listeners !== 'function' || s._domain.listeners('error').length === 0) missing.push('_domain with an error listener');
  if (typeof s._setRawMode !== 'function') missing.push('_setRawMode');
  if (!('lastError' in s)) missing.push('lastError');
  if (typeof s.completer !== 'function') missing.push('completer');
  if (typeof server.eval !== 'function') missing.push('eval');
  return missing;
}

/**
 * Puts `handle` in front of Node's uncaught-error printer. `handle` returns
 * true when it has dealt with the error; otherwise Node's printer runs.
 * @returns a way to send an error down the same path (for `.run`), or undefined without a domain.
 */
export function onReplError(server: REPLServer, handle: (e: unknown) => boolean): ((e: unknown) => void) | undefined {
  const domain = of(server)._domain;
  const nodeOnError = domain?.listeners('error')[0] as ((e: unknown) => void) | undefined;
  if (domain === undefined || nodeOnError === undefined) return undefined;
  domain.removeAllListeners('error');
  domain.on('error', (e: unknown) => {
    if (!handle(e)) nodeOnError.call(domain, e);
  });
  return (e) => domain.emit('error', e);
}

/** Makes `_error` in the REPL read `e`, as Node does for the errors it prints itself. */
export function setLastError(server: REPLServer, e: unknown): void {
  of(server).lastError = e;
}

/** Replaces the REPL's raw-mode switch; `node` is the original, bound. */
export function hookRawMode(server: REPLServer, hook: (mode: boolean, node: (mode: boolean) => boolean) => boolean): void {
  const s = of(server);
  const node = s._setRawMode!.bind(server);
  s._setRawMode = (mode: boolean) => hook(mode, node);
}

/** Wraps the REPL's eval (Node's default eval, with its top-level await, stays underneath). */
export function wrapEval(server: REPLServer, wrap: (node: REPLEval) => REPLEval): void {
  const node = server.eval;
  (server as { eval: REPLEval }).eval = wrap(node);
}

type Callback = (err: Error | null, value?: [string[], string]) => void;

/** Wraps the REPL's callback-style completer with a promise-style one. */
export function wrapCompleter(server: REPLServer, wrap: (node: (line: string) => Promise<[string[], string]>) => (line: string) => Promise<[string[], string]>): void {
  const s = of(server);
  const nodeComplete = s.completer as (line: string, cb: Callback) => void;
  const ours = wrap((line) => new Promise((resolve, reject) => nodeComplete.call(server, line, (err, value) => (err ? reject(err) : resolve(value ?? [[], line])))));
  s.completer = (line: string, cb: Callback): void => {
    ours(line).then((value) => cb(null, value), (err: Error) => cb(err));
  };
}
