// The persistent hash cache: content hashes that survive across sessions, in
// the user's cache folder (never inside the archive), one file per root.
//
// Storage: a compact append-only binary file, not SQLite. A run appends one
// chunk of fixed-size records per 64K new hashes; the next run reads the whole
// file at once (48 bytes a file: about 45 MB for a million files, read and
// checked in well under a second) into an open-addressing table over the
// buffer. No native module to build, nothing to parse, no per-record objects,
// and a damaged file is noticed by its checksums, reported, and rebuilt.
//
// Layout (little-endian):
//   header  16 B: "RMHC", version u32, hash bytes u32, 0 u32
//   chunk   16 B: "CHNK", kind u32 (0 partial, 1 full), record count u32, crc32 of the records u32
//   record  48 B: dev f64, ino f64, size f64, ctime f64 (the `mtime` argument carries it), hash (16 B)
import { Buffer } from 'node:buffer';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { HASH_BYTES } from './io.ts';
import { userDirOutside } from '../config.ts';

const MAGIC = 0x43484d52; // "RMHC"
const CHUNK_MAGIC = 0x4b4e4843; // "CHNK"
const VERSION = 1;
const HEADER = 16;
const CHUNK_HEADER = 16;
export const RECORD = 48;
/** New records are written out in chunks of this many, so memory stays flat and a cancelled run keeps its work. */
const CHUNK_RECORDS = 65_536;

export type HashKind = 0 | 1;
export const PARTIAL_KIND: HashKind = 0;
export const FULL_KIND: HashKind = 1;

/** The identity of a file's content as the index knows it: a changed file gets a new key. */
export interface FileKey {
  readonly dev: number;
  readonly ino: number;
  readonly size: number;
  readonly mtime: number;
}

/** The cache file for an archive root. */
export function cacheFile(root: string, env: NodeJS.ProcessEnv = process.env): string {
  const id = crypto.createHash('sha256').update(root).digest('hex').slice(0, 16);
  return path.join(userDirOutside('cache', root, env), `hashes-${id}.bin`);
}

export interface HashCacheOptions {
  /** `false` turns the cache off: nothing is read or written. */
  readonly enabled?: boolean;
  /** Where the one-line notice about a damaged cache goes. */
  readonly say?: (message: string) => void;
  /** Cache file; defaults to the one for the root in the user's cache folder. */
  readonly file?: string;
  /** Keys still current (every file of the index): lets a file bloated by deleted or changed files be compacted. */
  readonly current?: () => Iterable<FileKey>;
  /** How many keys `current` gives; compaction is considered only when the file holds far more. */
  readonly currentCount?: number;
}

/** Hashes by dev + inode + size + mtime, loaded from and appended to one file. */
export class HashCache {
  readonly file: string;
  readonly enabled: boolean;
  /** Records found in the file when it was opened. */
  loaded = 0;
  /** Records written this session. */
  written = 0;
  private data: Buffer = Buffer.alloc(0);
  private f64: Float64Array = new Float64Array(0);
  /**
   * Open addressing over the loaded records. Perf: a slot holds the record
   * itself, as its offset / 16 and kind (`ref`, plus one; 0 is empty), so a
   * lookup touches the table and the record, nothing else.
   */
  private table: Int32Array = new Int32Array(0);
  private mask = 0;
  /** Built at the first lookup the sequential guess misses (see get()). */
  private indexed = false;
  /** Each chunk's kind, first record's offset and end offset, in file order. */
  private chunkKind: number[] = [];
  private chunkStart: number[] = [];
  private chunkEnd: number[] = [];
  /** Per kind: the chunk of the next guess (-1 before the first), and the guess's offset. */
  private guessChunk = [-1, -1];
  private guessAt = [0, 0];
  private pending: Buffer[] = [Buffer.alloc(0), Buffer.alloc(0)];
  private counts = [0, 0];
  private fresh = false;

  constructor(root: string, private readonly options: HashCacheOptions = {}) {
    this.file = options.file ?? cacheFile(root);
    this.enabled = options.enabled !== false;
    if (this.enabled) this.load();
  }

  /** Copies the cached hash into `out` at `at`; false when the cache has none for this exact key. */
  get(kind: HashKind, dev: number, ino: number, size: number, mtime: number, out: Uint8Array, at: number): boolean {
    if (this.loaded === 0) return false;
    const f = this.f64;
    // Perf: files are looked up in the order their hashes were written (job
    // order, row order), so the record after the last one found of the same
    // kind is tried first: a sequential read, and no table at all while every
    // guess is right. Chunks of the other kind in between are stepped over.
    let chunk = this.guessChunk[kind]!;
    let o = this.guessAt[kind]!;
    if (chunk < 0 || o >= this.chunkEnd[chunk]!) {
      do chunk++;
      while (chunk < this.chunkKind.length && (this.chunkKind[chunk] !== kind || this.chunkStart[chunk] === this.chunkEnd[chunk]));
      o = chunk < this.chunkKind.length ? this.chunkStart[chunk]! : -1;
    }
    const q = o >> 3;
    if (o < 0 || f[q + 1] !== ino || f[q] !== dev || f[q + 2] !== size || f[q + 3] !== mtime) {
      const ref = this.find(kind, dev, ino);
      if (ref < 0) return false;
      o = offsetOf(ref);
      if (f[(o >> 3) + 2] !== size || f[(o >> 3) + 3] !== mtime) return false;
      chunk = this.chunkOf(o);
    }
    this.guessChunk[kind] = chunk;
    this.guessAt[kind] = o + RECORD;
    // Perf: a byte loop; a subarray per hit was a quarter of a warm run.
    const d = this.data;
    for (let j = 0; j < HASH_BYTES; j++) out[at + j] = d[o + 32 + j]!;
    return true;
  }

  /** The chunk that holds the record at byte offset `o`. */
  private chunkOf(o: number): number {
    let lo = 0;
    let hi = this.chunkStart.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.chunkStart[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Records a hash; written out in chunks, and at `flush()`. */
  put(kind: HashKind, dev: number, ino: number, size: number, mtime: number, hash: Uint8Array, at: number): void {
    if (!this.enabled) return;
    let buf = this.pending[kind]!;
    const n = this.counts[kind]!;
    if (buf.length < (n + 1) * RECORD) {
      const next = Buffer.alloc(Math.min(CHUNK_RECORDS, Math.max(1024, n * 2)) * RECORD);
      buf.copy(next, 0, 0, n * RECORD);
      buf = this.pending[kind] = next;
    }
    const o = n * RECORD;
    buf.writeDoubleLE(dev, o);
    buf.writeDoubleLE(ino, o + 8);
    buf.writeDoubleLE(size, o + 16);
    buf.writeDoubleLE(mtime, o + 24);
    buf.set(hash.subarray(at, at + HASH_BYTES), o + 32);
    this.counts[kind] = n + 1;
    if (n + 1 === CHUNK_RECORDS) this.write(kind);
  }

  /** Writes the records not yet on disk. */
  flush(): void {
    if (!this.enabled) return;
    this.write(0);
    this.write(1);
  }

  private write(kind: HashKind): void {
    const n = this.counts[kind]!;
    if (n === 0) return;
    const records = this.pending[kind]!.subarray(0, n * RECORD);
    const chunk = Buffer.concat([chunkHeader(kind, n, zlib.crc32(records)), records]);
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      if (this.fresh) {
        writeAtomically(this.file, [fileHeader(), chunk]);
        this.fresh = false;
      } else fs.appendFileSync(this.file, chunk);
      this.written += n;
    } catch (e) {
      // A cache that cannot be written costs speed next time, never correctness.
      this.options.say?.(`hash cache ${this.file} could not be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); hashes will be computed again next time`);
      this.pending = [Buffer.alloc(0), Buffer.alloc(0)];
      this.counts = [0, 0];
      (this as { enabled: boolean }).enabled = false;
      return;
    }
    this.counts[kind] = 0;
  }

  private load(): void {
    let data: Buffer;
    try {
      data = fs.readFileSync(this.file);
    } catch {
      this.fresh = true;
      return;
    }
    const damage = check(data);
    if (damage !== undefined) {
      this.options.say?.(`hash cache ${this.file} is damaged (${damage}); ignoring it and building a new one`);
      this.fresh = true;
      try {
        writeAtomically(this.file, [fileHeader()]);
        this.fresh = false;
      } catch {
        // Tried again at the first write.
      }
      return;
    }
    // Perf: Float64Array views need 8-byte alignment; a pooled Buffer may not have it.
    if (data.byteOffset % 8 !== 0) data = Buffer.from(data);
    this.data = data;
    this.f64 = new Float64Array(data.buffer, data.byteOffset, data.length >> 3);
    let total = 0;
    for (let o = HEADER; o < data.length;) {
      const n = data.readUInt32LE(o + 8);
      this.chunkKind.push(data.readUInt32LE(o + 4));
      this.chunkStart.push(o + CHUNK_HEADER);
      o += CHUNK_HEADER + n * RECORD;
      this.chunkEnd.push(o);
      total += n;
    }
    this.loaded = total;
    // A file holding far more records than the index has files is compacted.
    if (total > 2 * (this.options.currentCount ?? Infinity) + 10_000) this.compact();
  }

  /** Builds the lookup table; a later record for the same file replaces an earlier one. */
  private index(): void {
    this.indexed = true;
    const total = this.loaded;
    let cap = 16;
    while (cap < total * 2) cap *= 2;
    this.table = new Int32Array(cap);
    this.mask = cap - 1;
    const data = this.data;
    const f = this.f64;
    for (let o = HEADER; o < data.length;) {
      const kind = data.readUInt32LE(o + 4);
      const n = data.readUInt32LE(o + 8);
      o += CHUNK_HEADER;
      for (let k = 0; k < n; k++, o += RECORD) {
        const ref = (o / 16) * 2 + kind;
        const dev = f[o >> 3]!;
        const ino = f[(o >> 3) + 1]!;
        for (let s = slot(kind, dev, ino) & this.mask; ; s = (s + 1) & this.mask) {
          const q = this.table[s]! - 1;
          if (q < 0) {
            this.table[s] = ref + 1;
            break;
          }
          if (this.same(q, kind, dev, ino)) {
            this.table[s] = ref + 1;
            break;
          }
        }
      }
    }
  }

  private same(ref: number, kind: number, dev: number, ino: number): boolean {
    const fo = offsetOf(ref) >> 3;
    return (ref & 1) === kind && this.f64[fo + 1] === ino && this.f64[fo] === dev;
  }

  /** The record for a file, or -1. */
  private find(kind: number, dev: number, ino: number): number {
    if (!this.indexed) this.index();
    for (let s = slot(kind, dev, ino) & this.mask; ; s = (s + 1) & this.mask) {
      const ref = this.table[s]! - 1;
      if (ref < 0 || this.same(ref, kind, dev, ino)) return ref;
    }
  }

  /** Rewrites the file with only the records still in use: the latest per file, and current where that is known. */
  private compact(): void {
    if (!this.indexed) this.index();
    let records: number[] = [];
    for (let s = 0; s <= this.mask; s++) if (this.table[s] !== 0) records.push(this.table[s]! - 1);
    if (this.options.current !== undefined) {
      const used = new Set<number>();
      for (const k of this.options.current()) {
        // A file's record is kept when it is for the file's size and ctime in the index (`mtime` carries the ctime).
        for (const kind of [0, 1] as const) {
          const ref = this.find(kind, k.dev, k.ino);
          if (ref >= 0 && this.f64[(offsetOf(ref) >> 3) + 2] === k.size && this.f64[(offsetOf(ref) >> 3) + 3] === k.mtime) used.add(ref);
        }
      }
      records = records.filter((r) => used.has(r));
    }
    const parts: Buffer[] = [fileHeader()];
    for (const kind of [0, 1] as const) {
      const mine = records.filter((r) => (r & 1) === kind);
      for (let c = 0; c < mine.length; c += CHUNK_RECORDS) {
        const slice = mine.slice(c, c + CHUNK_RECORDS);
        const body = Buffer.alloc(slice.length * RECORD);
        slice.forEach((r, k) => this.data.copy(body, k * RECORD, offsetOf(r), offsetOf(r) + RECORD));
        parts.push(chunkHeader(kind, slice.length, zlib.crc32(body)), body);
      }
    }
    try {
      writeAtomically(this.file, parts);
    } catch {
      // Compaction is housekeeping; the file as it was still works.
    }
  }
}

/** A record's byte offset from its ref (offset / 16, times two, plus the kind). */
function offsetOf(ref: number): number {
  return Math.floor(ref / 2) * 16;
}

function slot(kind: number, dev: number, ino: number): number {
  // Perf: integer mixing of the inode's low and high words, the device and the kind.
  const lo = ino >>> 0;
  const hi = (ino / 4294967296) >>> 0;
  let h = Math.imul(lo ^ (hi * 31) ^ kind, 0x9e3779b1);
  h ^= Math.imul((dev >>> 0) ^ (h >>> 15), 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

function fileHeader(): Buffer {
  const b = Buffer.alloc(HEADER);
  b.writeUInt32LE(MAGIC, 0);
  b.writeUInt32LE(VERSION, 4);
  b.writeUInt32LE(HASH_BYTES, 8);
  return b;
}

function chunkHeader(kind: HashKind, n: number, crc: number): Buffer {
  const b = Buffer.alloc(CHUNK_HEADER);
  b.writeUInt32LE(CHUNK_MAGIC, 0);
  b.writeUInt32LE(kind, 4);
  b.writeUInt32LE(n, 8);
  b.writeUInt32LE(crc, 12);
  return b;
}

/** What is wrong with a cache file's bytes, or undefined when every chunk checks out. */
export function check(data: Buffer): string | undefined {
  if (data.length < HEADER || data.readUInt32LE(0) !== MAGIC) return 'not a rummage hash cache';
  if (data.readUInt32LE(4) !== VERSION || data.readUInt32LE(8) !== HASH_BYTES) return 'written by another version';
  for (let o = HEADER; o < data.length;) {
    if (o + CHUNK_HEADER > data.length) return `truncated at byte ${o}`;
    const n = data.readUInt32LE(o + 8);
    if (data.readUInt32LE(o) !== CHUNK_MAGIC || data.readUInt32LE(o + 4) > 1) return `bad chunk header at byte ${o}`;
    const end = o + CHUNK_HEADER + n * RECORD;
    if (end > data.length) return `truncated at byte ${data.length}, in a chunk that ends at ${end}`;
    if (zlib.crc32(data.subarray(o + CHUNK_HEADER, end)) !== data.readUInt32LE(o + 12)) return `checksum mismatch in the chunk at byte ${o}`;
    o = end;
  }
  return undefined;
}

function writeAtomically(file: string, parts: readonly Buffer[]): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, Buffer.concat(parts));
  fs.renameSync(tmp, file);
}
