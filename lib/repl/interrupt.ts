// Ctrl-C during a synchronous evaluation (a long find) without a terminal SIGINT.
//
// Node's REPL (breakEvalOnSigint) takes the terminal out of raw mode while a
// line runs, so that Ctrl-C becomes SIGINT for the whole foreground process
// group. Under `npm start` that group also holds npm, tsx's runner (which then
// kills its child) and esbuild's service processes (which die, and every later
// TypeScript transform fails). So the terminal stays in raw mode here, and a
// worker thread watches the terminal while a line runs: on Ctrl-C it sends
// SIGINT to this process only, where Node's SIGINT watchdog stops the script.
// Other keys typed meanwhile are handed back to the REPL.
import type { REPLServer } from 'node:repl';
import { Worker } from 'node:worker_threads';
import { hookRawMode } from './node-internals.ts';

// State shared with the worker: idle, armed (a line runs; watch the terminal),
// signalling (Ctrl-C seen, SIGINT on its way), sent.
const IDLE = 0;
const ARMED = 1;
const SENT = 3;

const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData);
function main() {
  let fd;
  try {
    fd = fs.openSync('/dev/tty', fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch {
    parentPort.postMessage('unavailable');
    return;
  }
  const buf = Buffer.alloc(1024);
  for (;;) {
    Atomics.wait(state, 0, ${IDLE});
    while (Atomics.load(state, 0) === ${ARMED}) {
      let n = 0;
      try { n = fs.readSync(fd, buf, 0, buf.length, null); } catch { n = 0; }
      if (n === 0) { Atomics.wait(state, 0, ${ARMED}, 15); continue; }
      const bytes = buf.subarray(0, n);
      const at = bytes.indexOf(3);
      const rest = at < 0 ? bytes : Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
      if (rest.length > 0) parentPort.postMessage(rest.toString('utf8'));
      if (at >= 0 && Atomics.compareExchange(state, 0, ${ARMED}, 2) === ${ARMED}) {
        process.kill(process.pid, 'SIGINT');
        Atomics.store(state, 0, ${SENT});
        Atomics.notify(state, 0);
      }
    }
  }
}
main();
`;

export interface SyncInterrupt {
  /** Runs one call of Node's eval with Ctrl-C watched during its synchronous part. */
  around(run: () => void): void;
  dispose(): void;
}

/**
 * Keeps the REPL's terminal in raw mode during evaluation and lets Ctrl-C stop
 * a synchronous evaluation. Needs `breakEvalOnSigint` and a terminal with /dev/tty.
 */
export function syncInterrupt(server: REPLServer): SyncInterrupt {
  const shared = new SharedArrayBuffer(4);
  const state = new Int32Array(shared);
  const worker = new Worker(WATCHER, { eval: true, workerData: shared });
  worker.unref();
  let available = true;
  worker.on('message', (m: string) => {
    if (m === 'unavailable') available = false;
    // Keys typed while the line ran, for the REPL to read now, as if they came from the terminal:
    // through the input's keypress decoding, so that Enter is Enter and they queue behind an awaited line.
    else (server.input as NodeJS.ReadableStream).emit('data', Buffer.from(m, 'utf8'));
  });
  worker.on('error', () => (available = false));

  let inEval = false;
  let calls = 0;
  // Node's eval calls this twice around the script, both times inside its SIGINT watchdog:
  // first to leave raw mode (here: arm the watcher instead), then to restore it (disarm).
  hookRawMode(server, (mode, nodeSetRawMode) => {
    if (!inEval) return nodeSetRawMode(mode);
    calls++;
    // A SIGINT listener makes vm swap out the watchdog's handler; then only the listener may see Ctrl-C.
    if (calls === 1 && available && process.listenerCount('SIGINT') === 0) {
      Atomics.store(state, 0, ARMED);
      Atomics.notify(state, 0);
    } else if (calls === 2 && Atomics.compareExchange(state, 0, ARMED, IDLE) !== ARMED && Atomics.load(state, 0) !== IDLE) {
      // The worker saw Ctrl-C as the script ended: let its SIGINT land while the watchdog still catches it.
      while (Atomics.load(state, 0) !== SENT) Atomics.wait(state, 0, Atomics.load(state, 0), 5);
      Atomics.wait(state, 0, SENT, 10);
      Atomics.store(state, 0, IDLE);
    }
    return true;
  });

  return {
    around(run) {
      inEval = true;
      calls = 0;
      try {
        run();
      } finally {
        inEval = false;
        Atomics.store(state, 0, IDLE);
      }
    },
    dispose() {
      void worker.terminate();
    },
  };
}
