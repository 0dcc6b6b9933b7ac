// Ctrl-C during a synchronous evaluation (a long find) without a terminal SIGINT.
//
// Node's REPL (breakEvalOnSigint) takes the terminal out of raw mode while a
// line runs, so that Ctrl-C becomes SIGINT for the whole foreground process
// group. Under `npm start` that group also holds npm, tsx's runner (which then
// kills its child) and esbuild's service processes (which die, and every later
// TypeScript transform fails). So the terminal stays in raw mode here, and a
// worker thread watches the terminal while a line runs: on Ctrl-C it sends
// SIGINT to this process only, where Node's SIGINT watchdog stops the script.
// Other keys typed meanwhile are kept in shared memory and handed back to the REPL when the
// line ends, before anything typed later, so type-ahead keeps its order.
import type { REPLServer } from 'node:repl';
import { Worker } from 'node:worker_threads';
import { hookRawMode } from './node-internals.ts';

// State shared with the worker: idle, armed (a line runs; watch the terminal),
// signalling (Ctrl-C seen, SIGINT on its way), sent.
const IDLE = 0;
const ARMED = 1;
const SENT = 3;

// Slots of the shared Int32Array: 0 the state above; 1 set while the worker is not reading the
// terminal (parked); 2 how many captured bytes wait in the byte area after the slots.
const PARKED = 1;
const CAPTURED = 2;
const BYTES_AT = 16;
const BYTES = 64 * 1024;

const WATCHER = `
const { workerData, parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const state = new Int32Array(workerData);
const bytes = new Uint8Array(workerData, ${BYTES_AT});
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
    // Parked: the main thread may take the captured keys now.
    Atomics.store(state, ${PARKED}, 1);
    Atomics.notify(state, ${PARKED});
    let st;
    while ((st = Atomics.load(state, 0)) !== ${ARMED}) Atomics.wait(state, 0, st, 50);
    Atomics.store(state, ${PARKED}, 0);
    while (Atomics.load(state, 0) === ${ARMED}) {
      let n = 0;
      try { n = fs.readSync(fd, buf, 0, buf.length, null); } catch { n = 0; }
      if (n === 0) { Atomics.wait(state, 0, ${ARMED}, 15); continue; }
      const got = buf.subarray(0, n);
      const at = got.indexOf(3);
      const rest = at < 0 ? got : Buffer.concat([got.subarray(0, at), got.subarray(at + 1)]);
      // Keys typed meanwhile are kept, in order, for the main thread to hand back to the REPL.
      const len = Atomics.load(state, ${CAPTURED});
      const room = Math.min(rest.length, ${BYTES} - len);
      bytes.set(rest.subarray(0, room), len);
      Atomics.store(state, ${CAPTURED}, len + room);
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
  const shared = new SharedArrayBuffer(BYTES_AT + BYTES);
  const state = new Int32Array(shared, 0, BYTES_AT / 4);
  const bytes = new Uint8Array(shared, BYTES_AT);
  const worker = new Worker(WATCHER, { eval: true, workerData: shared });
  worker.unref();
  let available = true;
  worker.on('message', (m: string) => {
    if (m === 'unavailable') available = false;
  });
  worker.on('error', () => (available = false));

  // Stops the watcher and hands the keys it read back to the REPL, before anything typed later:
  // synchronously here, then on the next tick through the input's keypress decoding (Enter stays
  // Enter, and lines queue behind an awaited one).
  const disarm = (): void => {
    Atomics.store(state, 0, IDLE);
    Atomics.notify(state, 0);
    const deadline = Date.now() + 200;
    while (Atomics.load(state, PARKED) !== 1 && Date.now() < deadline) Atomics.wait(state, PARKED, 0, 5);
    const n = Atomics.load(state, CAPTURED);
    if (n === 0) return;
    const keys = Buffer.from(bytes.subarray(0, n));
    Atomics.store(state, CAPTURED, 0);
    process.nextTick(() => (server.input as NodeJS.ReadableStream).emit('data', keys));
  };

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
    }
    if (calls === 2) disarm();
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
        disarm();
      }
    },
    dispose() {
      void worker.terminate();
    },
  };
}
