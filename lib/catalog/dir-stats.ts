// Directory stats for the saved index's check: lstat a list of folders on
// the main thread and worker threads at once, keeping only what the check
// compares (is it a folder, its inode, mtime, ctime).
//
// Perf: warm, an lstat costs ~2.5 µs and the main thread alone is fastest
// (107k folders in ~0.26 s of CPU): the check stats serially while DiskWaits
// sees no waits for the disk. Cold, each lstat waits for a disk read, one at a
// time; then statDirs() takes the rest of the list on the main thread and
// three workers claiming chunks from a shared counter: four reads in flight.
// Measured on 107k cold folders (a loop-mounted copy, 2 shared cores): one at
// a time 2.2-4.5 s; main thread + 1 worker 1.7-2.4 s, + 2 1.4-1.5 s, + 3
// 1.3-1.5 s. fs.lstat's callbacks through libuv's thread pool
// (UV_THREADPOOL_SIZE 4 or 16, 16-256 in flight) took 1.6-2.7 s and 1.3-1.6x
// the CPU (a Stats object and a callback per folder); warm, 2.5x the CPU.
import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { Worker } from 'node:worker_threads';
import { workerSource } from '../shared/index.ts';
import { ctimeMs, INO, lstatFields, MODE, mtimeMs } from './lstat.ts';

// A path's state after its stat.
/** Not statted (the default): whoever needs it stats it again. */
export const UNSEEN = 0;
export const IS_DIR = 1;
export const NOT_DIR = 2;
export const GONE = 3;
/** The stat failed otherwise (EACCES, ENOTDIR under a replaced folder…): whoever needs it stats it again, to throw its error. */
export const FAILED = 4;

export interface DirStats {
  /** UNSEEN, IS_DIR, NOT_DIR, GONE or FAILED, one a path. */
  readonly state: Uint8Array;
  readonly ino: Float64Array;
  readonly mtime: Float64Array;
  readonly ctime: Float64Array;
  /** Paths statted by worker threads (the rest by the main thread). */
  readonly byWorkers: number;
}

/** What a worker gets: the paths packed end to end, and the table laid out by `layout()`. */
export interface DirStatsInit {
  /** UTF-8 (or a raw name's exact) bytes of every path, end to end. */
  readonly bytes: SharedArrayBuffer;
  /** Path k is bytes [at[k], at[k + 1]). */
  readonly at: SharedArrayBuffer;
  readonly shared: SharedArrayBuffer;
  readonly n: number;
  readonly chunk: number;
  readonly workers: number;
  /** This worker's word in the control words. */
  readonly slot: number;
  /** Tests only: claim one chunk, then throw. */
  readonly dieAfterClaim?: boolean;
}

/** Paths a chunk: what one claim on the shared counter takes. */
const CHUNK = 256;
/** A worker costs ~25 ms and a few MB to start: not for the last few thousand folders. */
const WORKER_LEFT = 4096;
/** Worker threads beside the main thread. They mostly wait for the disk, so more than the cores still pay. */
const WORKERS = 3;
/**
 * The check's stats are watched in windows: the first of FIRST_WINDOW stats,
 * then WINDOW at a time. A window in which the main thread went to sleep
 * (voluntary context switches: waits for the disk) at least SLEPT times
 * means a cold page cache. Measured on 107k folders, 512 warm stats sleep
 * 0-5 times (a wait for the garbage collector's helpers), 512 cold ones
 * 20-512 times (median 100; the first windows, the top folders, 270-390).
 * Wall time would not tell: on a loaded machine a warm window can take 50x
 * its CPU time. A wrong guess costs only time: the answers are the same.
 */
const FIRST_WINDOW = 128;
const WINDOW = 512;
const SLEPT = 16;
/**
 * Where /proc/thread-self is missing (not Linux), the whole process's sleeps
 * stand in, other threads' too: 512 warm stats then see up to 47 of them.
 */
const SLEPT_PROCESS = 64;
const STATUS = '/proc/thread-self/status';
const VOLUNTARY = /voluntary_ctxt_switches:\s+(\d+)/;

// The shared control words: [next chunk, paths statted by workers, worker states…].
export const NEXT = 0;
export const BY_WORKERS = 1;
const STATES = 2;
/** A worker's state: it boots as WAITING, claims its slot (STARTED) or finds it CANCELLED, and ends DONE. */
export const WAITING = 0;
export const STARTED = 1;
export const CANCELLED = 2;
export const DONE = 3;

/** Worker threads started, and paths they statted, in this process: lets tests prove which path ran. */
export const dirStatsCounts = { workers: 0, byWorkers: 0 };

/**
 * For tests only: `coldAfter` makes DiskWaits report a cold cache after that
 * many stats, and statDirs() then start its workers for any list; `chunk`
 * sets the paths a claim; with `mainWaits` the main thread claims nothing
 * until a worker has statted a chunk (or every worker has ended); with
 * `workersDie` each worker claims a chunk and throws before statting it.
 */
export const dirStatsTestHooks: { coldAfter?: number; chunk?: number; mainWaits?: boolean; workersDie?: boolean } = {};

/**
 * Tells, from the main thread's sleeps, when a run of lstats waits for the
 * disk. Perf: one pread of /proc/thread-self/status a window (~10 µs against
 * ~1.5 ms of warm stats). Close it after.
 */
export class DiskWaits {
  private stats = 0;
  private next = FIRST_WINDOW;
  private readonly fd: number | undefined;
  private readonly buf = Buffer.alloc(4096);
  private slept: number;
  private readonly coldAfter = dirStatsTestHooks.coldAfter;

  constructor() {
    try {
      this.fd = fs.openSync(STATUS, 'r');
    } catch {
      this.fd = undefined;
    }
    this.slept = this.sleeps();
  }

  /** Call once before each stat: true once a window of stats has proved the cache cold. */
  cold(): boolean {
    if (this.coldAfter !== undefined) return this.stats++ >= this.coldAfter;
    if (++this.stats < this.next) return false;
    this.next += WINDOW;
    const now = this.sleeps();
    const cold = now - this.slept >= (this.fd === undefined ? SLEPT_PROCESS : SLEPT);
    this.slept = now;
    return cold;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
  }

  /** This thread's voluntary context switches so far (the process's, without /proc). */
  private sleeps(): number {
    if (this.fd !== undefined) {
      const n = fs.readSync(this.fd, this.buf, 0, this.buf.length, 0);
      const m = VOLUNTARY.exec(this.buf.toString('latin1', 0, n));
      if (m !== null) return Number(m[1]);
    }
    return process.resourceUsage().voluntaryContextSwitches;
  }
}

/** The views over one SharedArrayBuffer that the main thread and the workers fill. */
export function layout(shared: SharedArrayBuffer, n: number, workers: number): { control: Int32Array; ino: Float64Array; mtime: Float64Array; ctime: Float64Array; state: Uint8Array } {
  const words = STATES + workers;
  const at = (words * 4 + 7) & ~7;
  return {
    control: new Int32Array(shared, 0, words),
    ino: new Float64Array(shared, at, n),
    mtime: new Float64Array(shared, at + 8 * n, n),
    ctime: new Float64Array(shared, at + 16 * n, n),
    state: new Uint8Array(shared, at + 24 * n, n),
  };
}

function bytes(n: number, workers: number): number {
  return (((STATES + workers) * 4 + 7) & ~7) + 25 * n;
}

/** lstats paths [from, to) into the views: the one loop the main thread and the workers share. */
export function statRange(path: (k: number) => string | Buffer, v: ReturnType<typeof layout>, from: number, to: number): void {
  for (let k = from; k < to; k++) {
    let f: Float64Array | undefined;
    try {
      f = lstatFields(path(k));
    } catch {
      v.state[k] = FAILED;
      continue;
    }
    if (f === undefined) v.state[k] = GONE;
    else {
      v.ino[k] = f[INO]!;
      v.mtime[k] = mtimeMs(f);
      v.ctime[k] = ctimeMs(f);
      // Last: a path whose state is set has its numbers set.
      v.state[k] = isDir(f) ? IS_DIR : NOT_DIR;
    }
  }
}

/** Whether lstatFields()' entry is a folder. */
export function isDir(f: Float64Array): boolean {
  return (f[MODE]! & fs.constants.S_IFMT) === fs.constants.S_IFDIR;
}

/**
 * The paths end to end in shared memory, for the workers: no copy of a
 * 100k-string list per worker (~10 MB and ~20 ms each as a structured clone).
 */
function pack(paths: readonly (string | Buffer)[]): { bytes: SharedArrayBuffer; at: SharedArrayBuffer } {
  const n = paths.length;
  const at = new Float64Array(new SharedArrayBuffer(8 * (n + 1)));
  let total = 0;
  for (let k = 0; k < n; k++) {
    const p = paths[k]!;
    at[k] = total;
    total += typeof p === 'string' ? Buffer.byteLength(p) : p.length;
  }
  at[n] = total;
  const bytes = Buffer.from(new SharedArrayBuffer(total));
  for (let k = 0; k < n; k++) {
    const p = paths[k]!;
    if (typeof p === 'string') bytes.write(p, at[k]!, 'utf8');
    else p.copy(bytes, at[k]!);
  }
  return { bytes: bytes.buffer as SharedArrayBuffer, at: at.buffer as SharedArrayBuffer };
}

/**
 * lstats every path, on the main thread and (for a long list) worker threads
 * claiming chunks from the same counter. Which thread statted a path changes
 * nothing in its result.
 */
export async function statDirs(paths: readonly (string | Buffer)[]): Promise<DirStats> {
  const n = paths.length;
  const chunk = dirStatsTestHooks.chunk ?? CHUNK;
  const chunks = Math.ceil(n / chunk);
  const count = n >= WORKER_LEFT || (dirStatsTestHooks.coldAfter !== undefined && n > 0) ? WORKERS : 0;
  const shared = new SharedArrayBuffer(bytes(n, count));
  const v = layout(shared, n, count);
  const workers: { worker: Worker; done: Promise<void> }[] = [];
  let ended = 0;
  if (count > 0) {
    const packed = pack(paths);
    try {
      for (let w = 0; w < count; w++) {
        const init: DirStatsInit = { ...packed, shared, n, chunk, workers: count, slot: STATES + w, ...(dirStatsTestHooks.workersDie === true ? { dieAfterClaim: true } : {}) };
        const worker = new Worker(workerSource(new URL('./dir-stats-worker.ts', import.meta.url)), { eval: true, workerData: init });
        dirStatsCounts.workers++;
        // A worker that fails leaves its paths UNSEEN: the check stats them again itself. It never fails the open.
        let over = false;
        const done = new Promise<void>((resolve) => {
          const end = (): void => {
            if (over) return;
            over = true;
            ended++;
            resolve();
          };
          worker.once('message', end);
          worker.once('error', end);
          worker.once('exit', end);
        });
        workers.push({ worker, done });
      }
    } catch {
      // No worker bundle, no threads: the main thread stats them all.
    }
  }
  if (dirStatsTestHooks.mainWaits === true && workers.length > 0) {
    while (Atomics.load(v.control, BY_WORKERS) === 0 && Atomics.load(v.control, NEXT) < chunks && ended < workers.length) await new Promise((r) => setTimeout(r, 2));
  }
  const pathAt = (k: number): string | Buffer => paths[k]!;
  for (;;) {
    const c = Atomics.add(v.control, NEXT, 1);
    if (c >= chunks) break;
    statRange(pathAt, v, c * chunk, Math.min(n, (c + 1) * chunk));
  }
  // A worker that has not booted yet is cancelled, not waited for; one that started finishes its chunk.
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers.length; w++) {
    if (Atomics.compareExchange(v.control, STATES + w, WAITING, CANCELLED) === WAITING) void workers[w]!.worker.terminate();
    else running.push(workers[w]!.done);
  }
  await Promise.all(running);
  for (const { worker } of workers) void worker.terminate();
  // The workers' last Atomics write orders their plain writes before these reads.
  for (let w = 0; w < workers.length; w++) Atomics.load(v.control, STATES + w);
  const byWorkers = Atomics.load(v.control, BY_WORKERS);
  dirStatsCounts.byWorkers += byWorkers;
  return { state: v.state, ino: v.ino, mtime: v.mtime, ctime: v.ctime, byWorkers };
}
