// A directory-stats worker: claims chunks of the path list from the shared
// counter and lstats them into the shared table, beside the main thread.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { BY_WORKERS, DONE, layout, NEXT, STARTED, statRange, WAITING, type DirStatsInit } from './dir-stats.ts';

const init = workerData as DirStatsInit;
const n = init.n;
const v = layout(init.shared, n, init.workers);
const at = new Float64Array(init.at);
const path = (k: number): Buffer => Buffer.from(init.bytes, at[k]!, at[k + 1]! - at[k]!);
// The main thread may have statted every path before this worker booted; it then cancels it and does not wait.
if (Atomics.compareExchange(v.control, init.slot, WAITING, STARTED) === WAITING) {
  const chunks = Math.ceil(n / init.chunk);
  for (;;) {
    const c = Atomics.add(v.control, NEXT, 1);
    if (c >= chunks) break;
    if (init.dieAfterClaim === true) throw new Error('a dir-stats worker died (a test)');
    const from = c * init.chunk;
    const to = Math.min(n, from + init.chunk);
    statRange(path, v, from, to);
    Atomics.add(v.control, BY_WORKERS, to - from);
  }
  // Orders every write above before the main thread's reads.
  Atomics.store(v.control, init.slot, DONE);
  parentPort!.postMessage(null);
}
