// Reading and hashing files, synchronously, one batch at a time. Runs inside a
// hash worker, or on the main thread for small jobs (with yields between files).
//
// Perf: measured on this project's 2-core machine, hashing 92,760 small files
// took 6.0 s through fs.promises FileHandles, 1.6 s through callback fs, and
// 0.45 s as plain sync open/read/close in two worker threads. Syscalls on a
// warm page cache cost microseconds; the promise machinery around them
// costs ten times more. So the reading is sync, and off the main thread.
import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { joinPath as join } from '../shared/index.ts';

/**
 * SHA-256 through Node's crypto. With the CPU's SHA extensions it hashed this
 * project's file mix as fast as SHA-1 (1.1 vs 1.2 GB/s on small files, 1.7
 * GB/s on large ones for both) and twice as fast as MD5; and unlike SHA-1 it
 * has no known collisions, which matters when a match can lead to a deletion.
 */
export const ALGORITHM = 'sha256';
/** Bytes of each digest kept: 128 bits is ample to tell files apart by accident. */
export const HASH_BYTES = 16;
/** Files up to this size are hashed whole in one read: a partial hash would cost the same syscalls. */
export const SMALL = 64 * 1024;
/** The partial hash reads this many bytes at each end of a file. */
export const BLOCK = 4096;
const CHUNK = 1 << 20;

// What a job asks for.
export const PARTIAL = 0;
export const FULL = 1;
/** Compare a file with a reference file byte by byte. */
export const COMPARE = 2;

// What came of a job.
export const OK = 0;
/** Size, mtime or inode differ from the index, or changed while the file was read. */
export const CHANGED = 1;
export const VANISHED = 2;
export const UNREADABLE = 3;
/** Not a regular file any more (a FIFO, socket or device, or a symlink, put in its place). */
export const NOT_FILE = 4;
/** COMPARE found a difference. */
export const DIFFERENT = 5;

export const STATUS_TEXT = ['ok', 'changed while being read', 'vanished', 'could not be read', 'no longer a regular file', 'different'] as const;

/**
 * What a worker needs to build the paths of catalog rows, all of it in shared
 * memory: each worker sees the main thread's bytes, and decodes only the names
 * of the paths it opens.
 *
 * Perf: the names went to each worker as a cloned string array, a copy of
 * every unique name in every worker's heap; as bytes in one
 * SharedArrayBuffer they cost nothing per worker, whatever the index's size,
 * so a worker's heap can be held small (see pool.ts).
 */
export interface PathSource {
  readonly root: string;
  readonly parent: Uint32Array;
  readonly nameId: Uint32Array;
  /** Every name's bytes, one after another: UTF-8, or a raw name's exact bytes. */
  readonly nameBytes: Uint8Array;
  /** Name `id`'s bytes are nameBytes[nameStart[id], nameStart[id + 1]). */
  readonly nameStart: Uint32Array;
  /** Name ids whose bytes are not valid UTF-8: a path through one is opened as a Buffer. */
  readonly rawIds: Uint32Array;
}

/** A typed array in shared memory: itself when it is, else a copy (made once, shared by every worker). */
function shared<T extends Uint8Array | Uint32Array>(a: T, make: (b: SharedArrayBuffer) => T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = make(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The PathSource of an index: its names written once into shared memory, its columns passed as they are. */
export function pathSource(c: { readonly root: string; readonly parent: Uint32Array; readonly nameId: Uint32Array; readonly names: readonly string[]; readonly rawNames: ReadonlyMap<number, Uint8Array> }): PathSource {
  const { names, rawNames } = c;
  const n = names.length;
  const nameStart = new Uint32Array(new SharedArrayBuffer(4 * (n + 1)));
  let total = 0;
  for (let id = 0; id < n; id++) {
    nameStart[id] = total;
    const raw = rawNames.get(id);
    total += raw === undefined ? Buffer.byteLength(names[id]!) : raw.length;
  }
  nameStart[n] = total;
  const nameBytes = Buffer.from(new SharedArrayBuffer(total));
  for (let id = 0; id < n; id++) {
    const raw = rawNames.get(id);
    if (raw === undefined) nameBytes.write(names[id]!, nameStart[id]!, 'utf8');
    else nameBytes.set(raw, nameStart[id]!);
  }
  const rawIds = new Uint32Array(new SharedArrayBuffer(4 * rawNames.size));
  rawIds.set([...rawNames.keys()]);
  return {
    root: c.root,
    parent: shared(c.parent, (b) => new Uint32Array(b)),
    nameId: shared(c.nameId, (b) => new Uint32Array(b)),
    nameBytes: new Uint8Array(nameBytes.buffer, nameBytes.byteOffset, nameBytes.length),
    nameStart,
    rawIds,
  };
}

/** Jobs in a batch, at most. */
export const BATCH_FILES = 512;
/** Bytes a job takes in a batch's buffer: its fields, then room for its results. */
const JOB_BYTES = 3 * 8 + 2 * 4 + 1 + 1 + 2 * HASH_BYTES;

/**
 * A batch of jobs and, once run, their results: views of one buffer of
 * BATCH_FILES jobs, which goes to a worker and comes back transferred, not
 * copied, and is then used again for a later batch.
 *
 * Perf: seven arrays a batch, copied into the worker and three more copied
 * back, were about 50 KB of garbage per 512 files on the main thread: at a
 * million files, tens of MB of malloc heap waiting for a GC.
 */
export class Batch {
  /** What the index says, to notice a file that changed since the scan. */
  size!: Float64Array;
  mtime!: Float64Array;
  ino!: Float64Array;
  rows!: Uint32Array;
  /** COMPARE: the row to compare with. */
  ref!: Uint32Array;
  mode!: Uint8Array;
  /** The results: a status per job; */
  status!: Uint8Array;
  /** PARTIAL: the partial hash; FULL: the full hash. HASH_BYTES per job. */
  hash!: Uint8Array;
  /** FULL of a file larger than SMALL: its partial hash too, for the cache. */
  partial!: Uint8Array;

  constructor(buffer: ArrayBuffer, readonly n: number) {
    this.attach(buffer);
  }

  /** A buffer for a batch. */
  static buffer(): ArrayBuffer {
    return new ArrayBuffer(BATCH_FILES * JOB_BYTES);
  }

  /** The buffer the views are over (detached while a worker has it). */
  get buffer(): ArrayBuffer {
    return this.size.buffer as ArrayBuffer;
  }

  /** Takes the views over `buffer`: the batch's own buffer, back from a worker. */
  attach(buffer: ArrayBuffer): void {
    const n = this.n;
    const cap = BATCH_FILES;
    this.size = new Float64Array(buffer, 0, n);
    this.mtime = new Float64Array(buffer, 8 * cap, n);
    this.ino = new Float64Array(buffer, 16 * cap, n);
    this.rows = new Uint32Array(buffer, 24 * cap, n);
    this.ref = new Uint32Array(buffer, 28 * cap, n);
    this.mode = new Uint8Array(buffer, 32 * cap, n);
    this.status = new Uint8Array(buffer, 33 * cap, n);
    this.hash = new Uint8Array(buffer, 34 * cap, n * HASH_BYTES);
    this.partial = new Uint8Array(buffer, (34 + HASH_BYTES) * cap, n * HASH_BYTES);
  }
}

/** What a batch's run reports besides the results in its buffer. */
export interface BatchReport {
  /** The error code of UNREADABLE jobs, by job position. */
  readonly codes: readonly (readonly [number, string])[];
  readonly bytesRead: number;
  readonly filesOpened: number;
}

/** A batch as it goes to a worker and comes back. */
export interface BatchMessage {
  readonly id: number;
  readonly n: number;
  readonly buffer: ArrayBuffer;
  /** Set on the way back. */
  readonly report?: BatchReport;
}

/** Folder paths remembered at most: about this many characters in all (a few MB of heap). */
const MEMO_CHARS = 1 << 20;

/** Absolute paths of catalog rows: strings, or Buffers where a name is not valid UTF-8. */
export class Paths {
  private readonly dirs = new Map<number, string | Buffer>();
  private memoChars = 0;

  /** `nameOf(id)`: a name as a string, or as its exact bytes when they are not valid UTF-8. */
  constructor(
    private readonly root: string,
    private readonly parent: Uint32Array,
    private readonly nameId: Uint32Array,
    private readonly nameOf: (id: number) => string | Buffer,
  ) {}

  /** A worker's paths: each name decoded from the shared bytes when a path needs it. */
  static shared(src: PathSource): Paths {
    const bytes = Buffer.from(src.nameBytes.buffer, src.nameBytes.byteOffset, src.nameBytes.length);
    const raw = new Set(src.rawIds);
    const start = src.nameStart;
    return new Paths(src.root, src.parent, src.nameId, (id) => (raw.has(id) ? bytes.subarray(start[id], start[id + 1]) : bytes.toString('utf8', start[id], start[id + 1])));
  }

  /** The main thread's paths: the index's own names, nothing copied. */
  static of(c: { readonly root: string; readonly parent: Uint32Array; readonly nameId: Uint32Array; readonly names: readonly string[]; readonly rawNames: ReadonlyMap<number, Buffer> }): Paths {
    return new Paths(c.root, c.parent, c.nameId, (id) => c.rawNames.get(id) ?? c.names[id]!);
  }

  get(row: number): string | Buffer {
    return join(this.dir(this.parent[row]!), this.nameOf(this.nameId[row]!));
  }

  private dir(d: number): string | Buffer {
    if (d === 0) return this.root;
    let p = this.dirs.get(d);
    if (p === undefined) {
      p = join(this.dir(this.parent[d]!), this.nameOf(this.nameId[d]!));
      // Perf: jobs come in row order, so a folder's files come together:
      // a small memo serves them all and keeps the worker's memory flat
      // (bounded in characters, not entries: paths can be 4 KB long).
      if (this.memoChars > MEMO_CHARS) {
        this.dirs.clear();
        this.memoChars = 0;
      }
      this.dirs.set(d, p);
      this.memoChars += p.length;
    }
    return p;
  }
}

/** A symlink (ELOOP with O_NOFOLLOW), a FIFO (EAGAIN, ESPIPE), a device (ENXIO) or a folder (EISDIR) where a file was. */
const NOT_REGULAR_CODES = new Set(['ELOOP', 'EAGAIN', 'ESPIPE', 'EISDIR', 'ENXIO']);

// Only rows the index knows as regular files are opened, so FIFOs, sockets and
// devices never are. Should one take a file's place after the scan,
// O_NONBLOCK keeps the open from hanging and the fstat after it reports it;
// O_NOFOLLOW keeps a symlink put in a file's place from being followed.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (fs.constants.O_NOFOLLOW ?? 0);

/** Reads and hashes files. One per thread: it owns its buffers. */
export class FileHasher {
  private readonly buf = Buffer.allocUnsafe(CHUNK);
  /** The second file of a COMPARE, made at the first one. */
  private buf2: Buffer | undefined;
  private readonly ends = Buffer.allocUnsafe(2 * BLOCK);
  bytesRead = 0;
  filesOpened = 0;

  constructor(readonly paths: Paths) {}

  /** Runs every job of a batch, writing the results into it. */
  run(b: Batch): BatchReport {
    const n = b.n;
    const { status, hash, partial } = b;
    const codes: [number, string][] = [];
    const before = this.bytesRead;
    const opened = this.filesOpened;
    for (let k = 0; k < n; k++) {
      try {
        status[k] = this.job(b, k, hash, partial);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? 'EUNKNOWN';
        status[k] = code === 'ENOENT' || code === 'ENOTDIR' ? VANISHED : NOT_REGULAR_CODES.has(code) ? NOT_FILE : UNREADABLE;
        if (status[k] === UNREADABLE) codes.push([k, code]);
      }
    }
    return { codes, bytesRead: this.bytesRead - before, filesOpened: this.filesOpened - opened };
  }

  private job(b: Batch, k: number, hash: Uint8Array, partial: Uint8Array): number {
    const mode = b.mode[k]!;
    const size = b.size[k]!;
    const fd = this.open(b.rows[k]!);
    try {
      let s: number;
      if (mode === COMPARE) s = this.compare(fd, b.ref[k]!, size);
      else if (mode === PARTIAL) s = this.partial(fd, size, hash, k * HASH_BYTES);
      else s = this.full(fd, size, hash, partial, k * HASH_BYTES);
      // Perf: one fstat, after the read, tells both whether the file is the one
      // the index knows (size, mtime, inode) and whether it changed while it
      // was read; a second one before the read cost as much as the open.
      const st = fs.fstatSync(fd);
      if (!st.isFile()) return NOT_FILE;
      if (st.size !== size || st.mtimeMs !== b.mtime[k] || st.ino !== b.ino[k]) return CHANGED;
      return s;
    } finally {
      fs.closeSync(fd);
    }
  }

  private open(row: number): number {
    const fd = fs.openSync(this.paths.get(row), OPEN_FLAGS);
    this.filesOpened++;
    return fd;
  }

  /** Reads exactly `len` bytes at `pos` into `into`, or reports a short file. */
  private readFully(fd: number, into: Buffer, off: number, len: number, pos: number): boolean {
    let got = 0;
    while (got < len) {
      const r = fs.readSync(fd, into, off + got, len - got, pos + got);
      if (r === 0) return false;
      got += r;
    }
    this.bytesRead += got;
    return true;
  }

  private partial(fd: number, size: number, out: Uint8Array, at: number): number {
    const e = this.ends;
    if (!this.readFully(fd, e, 0, BLOCK, 0) || !this.readFully(fd, e, BLOCK, BLOCK, size - BLOCK)) return CHANGED;
    put(crypto.createHash(ALGORITHM).update(e).digest(), out, at);
    return OK;
  }

  private full(fd: number, size: number, out: Uint8Array, partialOut: Uint8Array, at: number): number {
    const buf = this.buf;
    if (size <= SMALL) {
      // One read of one byte more than expected also notices a file that grew.
      const r = fs.readSync(fd, buf, 0, size + 1, 0);
      this.bytesRead += r;
      if (r !== size) return CHANGED;
      put(crypto.hash ? crypto.hash(ALGORITHM, buf.subarray(0, size), 'buffer') : crypto.createHash(ALGORITHM).update(buf.subarray(0, size)).digest(), out, at);
      return OK;
    }
    const h = crypto.createHash(ALGORITHM);
    const e = this.ends;
    for (let pos = 0; pos < size; pos += CHUNK) {
      const len = Math.min(CHUNK, size - pos);
      if (!this.readFully(fd, buf, 0, len, pos)) return CHANGED;
      h.update(len === CHUNK ? buf : buf.subarray(0, len));
      // The partial hash's two blocks pass by on the way: keep them for the cache.
      if (pos === 0) buf.copy(e, 0, 0, BLOCK);
      const tail = size - BLOCK;
      if (tail < pos + len) {
        const from = Math.max(tail, pos);
        buf.copy(e, BLOCK + (from - tail), from - pos, len);
      }
    }
    put(h.digest(), out, at);
    put(crypto.createHash(ALGORITHM).update(e).digest(), partialOut, at);
    return OK;
  }

  private compare(fd: number, refRow: number, size: number): number {
    const fd2 = this.open(refRow);
    try {
      const st = fs.fstatSync(fd2);
      if (!st.isFile() || st.size !== size) return CHANGED;
      for (let pos = 0; pos < size; pos += CHUNK) {
        const len = Math.min(CHUNK, size - pos);
        const buf2 = (this.buf2 ??= Buffer.allocUnsafe(CHUNK));
        if (!this.readFully(fd, this.buf, 0, len, pos) || !this.readFully(fd2, buf2, 0, len, pos)) return CHANGED;
        if (!this.buf.subarray(0, len).equals(buf2.subarray(0, len))) return DIFFERENT;
      }
      return OK;
    } finally {
      fs.closeSync(fd2);
    }
  }
}

function put(digest: Buffer, out: Uint8Array, at: number): void {
  out.set(digest.subarray(0, HASH_BYTES), at);
}
