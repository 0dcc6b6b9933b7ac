// The hash worker pool: jobs cut into batches as they are asked for, and
// worker threads that read and hash one batch at a time each.
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/index.ts';
import { CancelledError, checkCancel } from '../errors.ts';
import { workerSource } from '../shared/index.ts';
import { BATCH_FILES, BLOCK, Batch, PARTIAL, type BatchMessage, type BatchReport, type PathSource } from './io.ts';

const BATCH_BYTES = 32e6;

/** A batch as the main thread knows it: which one, where its jobs start, and what it will read. */
export class SizedBatch extends Batch {
  constructor(buffer: ArrayBuffer, n: number, readonly id: number, readonly first: number, readonly bytes: number) {
    super(buffer, n);
  }
}

/**
 * Hands out the jobs in batches, made as they are asked for, so memory stays
 * flat; a batch's buffer comes from `spare` (batches done with) when there is one.
 */
export function batcher(c: Catalog, jobs: ArrayLike<number>, modeOf: (row: number) => number, refs: ArrayLike<number> | undefined, spare: ArrayBuffer[]): () => SizedBatch | undefined {
  const { size, mtime, ino } = c;
  let start = 0;
  let id = 0;
  return () => {
    if (start >= jobs.length) return undefined;
    let end = start;
    let bytes = 0;
    while (end < jobs.length && end - start < BATCH_FILES && (end === start || bytes < BATCH_BYTES)) {
      const row = jobs[end]!;
      bytes += modeOf(row) === PARTIAL ? 2 * BLOCK : size[row]!;
      end++;
    }
    const n = end - start;
    const b = new SizedBatch(spare.pop() ?? Batch.buffer(), n, id++, start, bytes);
    for (let k = 0; k < n; k++) {
      const row = jobs[start + k]!;
      b.rows[k] = row;
      b.mode[k] = modeOf(row);
      b.size[k] = size[row]!;
      b.mtime[k] = mtime[row]!;
      b.ino[k] = ino[row]!;
      if (refs !== undefined) b.ref[k] = refs[start + k]!;
    }
    start = end;
    return b;
  };
}

/**
 * Perf: a worker holds only a batch at a time; V8's default young generation
 * (tens of MB per thread) made two workers cost 110 MB of peak memory. Its
 * heap holds no more than Node's own start-up (about 5 MB), a batch and a
 * memo of folder paths of at most 1M characters: the index's names are in
 * shared memory (see PathSource), so the old generation can be capped too,
 * whatever the index's size. Left uncapped, each worker's grew to 20-40 MB.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 } as const;

/** Hash worker threads, kept for the length of one job. */
export class Pool {
  private readonly workers: Worker[] = [];
  private readonly ready: Promise<unknown>[] = [];

  constructor(src: PathSource, n: number) {
    for (let w = 0; w < n; w++) {
      const worker = new Worker(workerSource(new URL('./worker.ts', import.meta.url)), { eval: true, workerData: src, resourceLimits: WORKER_LIMITS });
      this.workers.push(worker);
      this.ready.push(new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      }));
    }
  }

  /** Feeds batches to every worker, one at a time each, until none are left. */
  async runAll(next: () => SizedBatch | undefined, store: (b: SizedBatch, r: BatchReport) => void, signal: AbortSignal | undefined): Promise<void> {
    let stop: ((e: Error) => void) | undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => undefined);
    const onAbort = (): void => {
      // Terminating the workers interrupts even a read of one huge file.
      void this.close();
      stop!(new CancelledError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      await Promise.race([
        stopped,
        Promise.all(this.workers.map(async (worker, w) => {
          await this.ready[w];
          for (;;) {
            checkCancel(signal);
            const b = next();
            if (b === undefined) return;
            const r = await this.send(worker, b);
            store(b, r);
          }
        })),
      ]);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Runs a batch on a worker: its buffer goes there and comes back with the results, transferred both ways. */
  private send(worker: Worker, b: SizedBatch): Promise<BatchReport> {
    return new Promise((resolve, reject) => {
      // A worker that fails (out of memory, say) says why; one terminated (Ctrl-C) is a cancel.
      const onError = (e: Error): void => reject(e);
      const onExit = (): void => reject(new CancelledError());
      worker.once('error', onError);
      worker.once('exit', onExit);
      worker.once('message', (m: BatchMessage) => {
        worker.off('error', onError);
        worker.off('exit', onExit);
        b.attach(m.buffer);
        resolve(m.report!);
      });
      const buffer = b.buffer;
      worker.postMessage({ id: b.id, n: b.n, buffer } satisfies BatchMessage, [buffer]);
    });
  }

  /** Stops the workers; the promise settles once their threads (and their memory) are gone. */
  close(): Promise<void> {
    return Promise.all(this.workers.map((w) => w.terminate())).then(() => undefined, () => undefined);
  }
}
