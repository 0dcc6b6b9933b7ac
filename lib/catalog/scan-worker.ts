// A scan worker: claims subtrees from a shared counter and walks each into the
// shared columns; sends back only its names and errors.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { Columns } from './columns.ts';
import { NameTable } from './names.ts';
import { walk, type WalkContext } from './walk.ts';
import type { ScanError } from '../types.ts';
import type { WorkerInit, WorkerResult } from './scan.ts';

const init = workerData as WorkerInit;
const state = new Int32Array(init.state);
const STARTED = 1;

// The main thread may have claimed every task before this worker booted; it
// then marks this worker cancelled and does not wait for it.
if (init.idle === true) {
  // Tests only: a worker that booted too late to claim anything; the main thread cancels it.
} else if (Atomics.compareExchange(state, init.stateSlot, 0, STARTED) === 0) {
  const names = new NameTable();
  const errors: ScanError[] = [];
  const ctx: WalkContext = {
    cols: new Columns(init.buffers),
    names,
    errors,
    rootDev: init.rootDev,
    crossDevices: init.crossDevices,
    skipAtRoot: new Set(),
    nameTag: init.nameTag,
  };
  for (;;) {
    const t = Atomics.add(state, 0, 1);
    if (t >= init.tasks.length) break;
    const task = init.tasks[t]!;
    // Buffers arrive as plain Uint8Arrays after the structured clone.
    walk(ctx, typeof task.abs === 'string' ? task.abs : Buffer.from(task.abs), task.index, task.rel);
  }
  const result: WorkerResult = { names: names.names, raw: [...names.raw], errors };
  parentPort!.postMessage(result);
} else {
  parentPort!.postMessage(null);
}
