// The hash worker pool: jobs cut into batches as they are asked for, and
// worker threads that read and hash one batch at a time each.
import { Worker } from 'node:worker_threads';
import type { Catalog } from '../catalog/index.ts';
import { CancelledError, checkCancel } from '../errors.ts';
import { workerSource } from '../shared/index.ts';
import { BLOCK, PARTIAL, type Batch, type BatchResult, type PathSource } from './io.ts';

const BATCH_FILES = 512;
const BATCH_BYTES = 32e6;

export interface SizedBatch extends Batch {
  /** Bytes this batch will read, for progress. */
  readonly bytes: number;
  /** Position of its first job in the whole job list. */
  readonly first: number;
}

/** Hands out the jobs in batches, made as they are asked for, so memory stays flat. */
export function batcher(c: Catalog, jobs: readonly number[], modeOf: (row: number) => number, refs?: readonly number[]): () => SizedBatch | undefined {
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
    const b = { id: id++, rows: new Uint32Array(n), mode: new Uint8Array(n), size: new Float64Array(n), mtime: new Float64Array(n), ino: new Float64Array(n), ref: new Uint32Array(n), bytes, first: start };
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
 * (tens of MB per thread) made two workers cost 110 MB of peak memory.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 1 } as const;

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
  async runAll(next: () => SizedBatch | undefined, store: (b: SizedBatch, r: BatchResult) => void, signal: AbortSignal | undefined): Promise<void> {
    let stop: ((e: Error) => void) | undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    stopped.catch(() => undefined);
    const onAbort = (): void => {
      // Terminating the workers interrupts even a read of one huge file.
      this.close();
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

  private send(worker: Worker, b: Batch): Promise<BatchResult> {
    return new Promise((resolve, reject) => {
      const onExit = (): void => reject(new CancelledError());
      worker.once('exit', onExit);
      worker.once('message', (r: BatchResult) => {
        worker.off('exit', onExit);
        resolve(r);
      });
      const { id, rows, mode, size, mtime, ino, ref } = b;
      worker.postMessage({ id, rows, mode, size, mtime, ino, ref });
    });
  }

  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}
