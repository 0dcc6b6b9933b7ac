// A scan worker: claims subtrees through the Share and walks each into the
// shared columns; sends back only its names and errors.
import { parentPort, workerData } from 'node:worker_threads';
import { Columns } from './columns.ts';
import { NameTable } from './names.ts';
import { walkShared, type WalkContext } from './walk.ts';
import { Share } from './share.ts';
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
  walkShared(ctx, new Share(init.share, init.tasks));
  const result: WorkerResult = { names: names.names, raw: [...names.raw], errors };
  parentPort!.postMessage(result);
} else {
  parentPort!.postMessage(null);
}
