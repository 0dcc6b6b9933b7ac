// Work sharing between scan walkers, in shared memory. The walk starts with a
// list of subtrees that walkers claim in turn; when that list runs dry, a
// walker with nothing to do waits, and the next busy walker to finish a folder
// hands it the shallowest folder it still has pending. The scan is done when
// no walker holds work and nothing waits to be taken.
//
// Perf: without it, the last big subtree kept one thread busy while the other
// idled: on /usr the main thread did two thirds of the lstats. A busy walker
// pays one atomic load per folder to know whether anyone waits.
import { Buffer } from 'node:buffer';

/** A folder to walk: its absolute path, its row, and its path as shown. */
export interface ScanTask {
  readonly abs: string | Uint8Array;
  readonly index: number;
  readonly rel: string;
}

/** The shared memory behind a Share, passed to scan workers. */
export interface ShareBuffers {
  readonly header: SharedArrayBuffer;
  readonly bytes: SharedArrayBuffer;
}

// Header slots.
const LOCK = 0;
/** Walkers holding work. */
const ACTIVE = 1;
/** Walkers waiting in claim(). */
const WAITING = 2;
/** Folders given and not yet taken. */
const COUNT = 3;
/** Bumped whenever a waiting walker should look again. */
const SEQ = 4;
/** 1 when the walk is over, 2 when a walker failed and the others should stop. */
const OVER = 5;
/** The next task of the starting list. */
const NEXT = 6;
/** Byte offset of the first free byte in `bytes`. */
const TOP = 7;
/** Folders given in all, for tests and the bench. */
const GIVEN = 8;
const SLOTS = 9;
/** Folders the mailbox holds at most: one waits per idle walker, so a few suffice. */
const MAX_GIVEN = 64;
/** Per given folder: its byte offset, its row, the lengths of its path and shown path, 1 if the path is raw bytes. */
const FIELDS = 5;
const BYTES = 1 << 20;

const DONE = 1;
const FAILED = 2;

export class Share {
  private readonly h: Int32Array;
  private readonly bytes: Uint8Array;

  constructor(readonly buffers: ShareBuffers, private readonly tasks: readonly ScanTask[]) {
    this.h = new Int32Array(buffers.header);
    this.bytes = new Uint8Array(buffers.bytes);
  }

  static create(tasks: readonly ScanTask[]): Share {
    return new Share({ header: new SharedArrayBuffer(4 * (SLOTS + MAX_GIVEN * FIELDS)), bytes: new SharedArrayBuffer(BYTES) }, tasks);
  }

  /**
   * For a walker with nothing to do: the next folder to walk, counting the
   * caller as busy until its release(); or undefined when the walk is over.
   * Waits while other walkers are busy and may yet give it work.
   */
  claim(): ScanTask | undefined {
    const h = this.h;
    for (let waited = false; ;) {
      this.lock();
      const seq = h[SEQ]!;
      let task: ScanTask | undefined;
      if (h[OVER] === 0) {
        if (h[NEXT]! < this.tasks.length) {
          task = this.tasks[h[NEXT]!]!;
          h[NEXT] = h[NEXT]! + 1;
        } else if (h[COUNT]! > 0) task = this.take();
        else if (h[ACTIVE] === 0) {
          // Nobody holds work and nothing waits: nothing can appear any more.
          h[OVER] = DONE;
          h[SEQ] = h[SEQ]! + 1;
        }
      }
      if (task !== undefined) {
        h[ACTIVE] = h[ACTIVE]! + 1;
        if (waited) h[WAITING] = h[WAITING]! - 1;
      } else if (h[OVER] === 0 && !waited) {
        h[WAITING] = h[WAITING]! + 1;
        waited = true;
      }
      const over = h[OVER] !== 0;
      if (over && waited) h[WAITING] = h[WAITING]! - 1;
      this.unlock();
      if (over) {
        Atomics.notify(h, SEQ);
        return undefined;
      }
      if (task !== undefined) return task;
      Atomics.wait(h, SEQ, seq, 100);
    }
  }

  /** The caller's folder and everything it found below it are walked. */
  release(): void {
    const h = this.h;
    this.lock();
    h[ACTIVE] = h[ACTIVE]! - 1;
    h[SEQ] = h[SEQ]! + 1;
    this.unlock();
    Atomics.notify(h, SEQ);
  }

  /** A walker failed: the others stop at their next folder, and nobody waits for more. */
  fail(): void {
    Atomics.store(this.h, OVER, FAILED);
    Atomics.add(this.h, SEQ, 1);
    Atomics.notify(this.h, SEQ);
  }

  /** True once a walker has failed: stop walking. */
  get failed(): boolean {
    return Atomics.load(this.h, OVER) === FAILED;
  }

  /** Folders handed from one walker to another so far. */
  get given(): number {
    return Atomics.load(this.h, GIVEN);
  }

  /** True when a walker waits and no given folder is there for it. One atomic load or two. */
  get wanted(): boolean {
    return Atomics.load(this.h, WAITING) > Atomics.load(this.h, COUNT);
  }

  /**
   * Hands the first `count` pending folders (the shallowest) to waiting
   * walkers, in one go. Returns how many were taken: the caller drops those
   * from its stack and keeps the rest (a folder that does not fit stays).
   */
  give(abs: readonly (string | Buffer)[], index: readonly number[], rel: readonly string[], count: number): number {
    const h = this.h;
    const encoded: [Buffer, Buffer, number][] = [];
    for (let k = 0; k < count; k++) encoded.push([typeof abs[k] === 'string' ? Buffer.from(abs[k] as string) : (abs[k] as Buffer), Buffer.from(rel[k]!), typeof abs[k] === 'string' ? 0 : 1]);
    let given = 0;
    this.lock();
    try {
      if (h[OVER] !== 0) return 0;
      // Taken last-in first-out: push the deepest first, so that the shallowest (usually the biggest) is taken first.
      for (let k = encoded.length - 1; k >= 0; k--) {
        const [absBytes, relBytes, raw] = encoded[k]!;
        const n = h[COUNT]!;
        const top = h[TOP]!;
        if (n >= MAX_GIVEN || top + absBytes.length + relBytes.length > BYTES) break;
        this.bytes.set(absBytes, top);
        this.bytes.set(relBytes, top + absBytes.length);
        const at = SLOTS + n * FIELDS;
        h[at] = top;
        h[at + 1] = index[k]!;
        h[at + 2] = absBytes.length;
        h[at + 3] = relBytes.length;
        h[at + 4] = raw;
        h[TOP] = top + absBytes.length + relBytes.length;
        h[COUNT] = n + 1;
        given++;
      }
      if (given < encoded.length) {
        // Some did not fit: take back the ones pushed, so what is given is always a prefix of the stack.
        for (; given > 0; given--) this.take();
        return 0;
      }
      h[GIVEN] = h[GIVEN]! + given;
      h[SEQ] = h[SEQ]! + 1;
    } finally {
      this.unlock();
    }
    Atomics.notify(h, SEQ);
    return given;
  }

  /** Takes the folder given last (under the lock); its bytes are the last ones written. */
  private take(): ScanTask {
    const h = this.h;
    const n = h[COUNT]! - 1;
    const at = SLOTS + n * FIELDS;
    const off = h[at]!;
    const absLen = h[at + 2]!;
    const relLen = h[at + 3]!;
    const absBytes = Buffer.from(this.bytes.slice(off, off + absLen));
    const rel = Buffer.from(this.bytes.buffer, off + absLen, relLen).toString('utf8');
    h[COUNT] = n;
    h[TOP] = off;
    return { abs: h[at + 4] === 1 ? absBytes : absBytes.toString('utf8'), index: h[at + 1]!, rel };
  }

  private lock(): void {
    while (Atomics.compareExchange(this.h, LOCK, 0, 1) !== 0) Atomics.wait(this.h, LOCK, 1, 1);
  }

  private unlock(): void {
    Atomics.store(this.h, LOCK, 0);
    Atomics.notify(this.h, LOCK, 1);
  }
}
