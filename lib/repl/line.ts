// One line of input, on its way to Node's eval: `count?` asks for help;
// TypeScript is stripped (eval.ts); a Promise is awaited (autoawait.ts); then
// Node's own eval runs it, with its top-level await, `_` and multi-line input.
// Lines that work are reported, for .save.
import type { REPLEval, REPLServer } from 'node:repl';
import { autoawait } from './autoawait.ts';
import { COMMAND_FILE } from './commands.ts';
import { stripTypes } from './eval.ts';
import { helpQuery } from './help.ts';
import type { SyncInterrupt } from './interrupt.ts';
import type { GoodLine } from './scripts.ts';
import { lazyBuiltin } from '../shared/index.ts';

// Loaded with the REPL, not with every snippet (see shared/builtin.ts).
const nodeRepl = lazyBuiltin<typeof import('node:repl')>('node:repl');

export interface LineHooks {
  /** A line is about to run (a fresh Ctrl-C signal for its helpers). */
  readonly start: () => void;
  /** Watches Ctrl-C during the synchronous part, on a terminal. */
  readonly interrupt: SyncInterrupt | undefined;
  /** A typed line (not a help query or a dot command) ran without an error. */
  readonly worked: (line: GoodLine & { readonly result: unknown }) => void;
}

/** The REPL's eval: Node's, behind the help query, the TypeScript strip and autoawait. */
export function lineEval(nodeEval: REPLEval, hooks: LineHooks): REPLEval {
  return function (this: REPLServer, line, context, file, cb) {
    const asked = helpQuery(line);
    const stripped = stripTypes(asked ?? line);
    if (stripped.kind === 'incomplete') {
      cb(new (nodeRepl().Recoverable)(stripped.error), undefined);
      return;
    }
    hooks.start();
    const js = stripped.kind === 'code' ? stripped.code : line;
    const code = stripped.kind === 'code' ? autoawait(js) : line;
    const typed = asked === undefined && file !== COMMAND_FILE && line.trim() !== '' && !/^\s*help\s*\(/.test(line);
    const run = (): void => nodeEval.call(this, code, context, file, (err, result) => {
      // esbuild's message says more about TypeScript input than Node's parse of it.
      if (err !== null && stripped.kind === 'invalid' && !(err instanceof nodeRepl().Recoverable)) {
        cb(stripped.error, undefined);
        return;
      }
      if (err === null && typed) hooks.worked({ source: line, js, printed: result !== undefined, result });
      cb(err, result);
    });
    if (hooks.interrupt === undefined) run();
    else hooks.interrupt.around(run);
  };
}
