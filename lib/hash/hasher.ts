// Partial and full content hashes of catalog rows: from the persistent cache
// when the file is unchanged, else read by worker threads (or, for small jobs,
// on the main thread between yields), so the REPL's Ctrl-C always gets through.
import fs from 'node:fs';
import { setImmediate as yieldNow } from 'node:timers/promises';
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { duration, num, plural, size as showSize } from '../format.ts';
import { BLOCK, COMPARE, DIFFERENT, FULL, FileHasher, HASH_BYTES, OK, PARTIAL, SMALL, STATUS_TEXT, UNREADABLE, Paths, pathSource, type BatchReport, type PathSource } from './io.ts';
import { FULL_KIND, HashCache, PARTIAL_KIND } from './cache.ts';
import { FILE } from '../types.ts';
import { defaultWorkers, ProgressLine, withDefaults } from '../shared/index.ts';
import { Pool, batcher, type SizedBatch } from './pool.ts';

export { ALGORITHM, BLOCK, HASH_BYTES, SMALL } from './io.ts';

export interface HashOptions {
  /** Use the persistent hash cache (default true); `false` reads every file. */
  readonly cache?: boolean;
  /** A progress line on stderr (default: when stderr is a terminal). */
  readonly progress?: boolean;
  /** Cancels the work (the REPL's Ctrl-C). */
  readonly signal?: AbortSignal;
  /** Where one-line notices go (a damaged cache). */
  readonly say?: (message: string) => void;
  /** Worker threads; 0 reads on the main thread. Default: one per core, at most 4. */
  readonly workers?: number;
  /**
   * Trust a cached hash only when the file's ctime, statted now, is still the
   * scan's (keep() under `verify: 'hash'`, the one place a stale cached hash
   * could decide a removal). Otherwise the scan's ctime is the key: the index
   * sees a rewrite once it is rescanned or refreshed.
   */
  readonly recheckCtime?: boolean;
}

/** What hashing cost: the proof that a warm cache reads almost nothing. */
export interface HashStats {
  /** Files opened and bytes read from the archive. */
  filesRead: number;
  bytesRead: number;
  /** Hashes taken from the persistent cache. */
  cached: number;
}

// Flags per row.
const HAS_FULL = 1;
const HAS_PARTIAL = 2;
const PROBLEM = 4;
const QUEUED = 8;
/** Asked for by the current hash() call, not yet looked at. */
const WANTED = 16;

/** Below this much work, starting workers (about 50 ms) costs more than it saves. */
const INLINE_FILES = 1000;
const INLINE_BYTES = 32e6;

/**
 * Hashes catalog rows and remembers the results for the rest of one job.
 * Rows that share an inode are read once. Files that changed or vanished
 * since the scan, or while being read, end up in `problems`, not hashed.
 */
export class Hasher {
  readonly stats: HashStats = { filesRead: 0, bytesRead: 0, cached: 0 };
  /** Rows that could not be hashed, with why. */
  readonly problems = new Map<number, string>();
  private readonly flags: Uint8Array;
  private readonly full: Uint8Array;
  /** The same bytes as `full`, four words a hash, for comparing without copies. */
  private readonly full32: Uint32Array;
  private readonly partials = new Map<number, Uint8Array>();
  private readonly inodes = new Map<string, number>();
  private readonly cache: HashCache;
  private readonly opts: Required<Omit<HashOptions, 'signal' | 'say' | 'recheckCtime'>> & HashOptions;
  private pool: Pool | undefined;
  private inline: FileHasher | undefined;
  private paths: PathSource | undefined;

  constructor(readonly catalog: Catalog, options: HashOptions = {}) {
    this.opts = withDefaults({ cache: true, progress: process.stderr.isTTY === true, workers: defaultWorkers(false) }, options);
    this.flags = new Uint8Array(catalog.length);
    this.full = new Uint8Array(catalog.length * HASH_BYTES);
    this.full32 = new Uint32Array(this.full.buffer);
    const c = catalog;
    this.cache = new HashCache(c.root, {
      enabled: this.opts.cache,
      ...(options.say === undefined ? {} : { say: options.say }),
      currentCount: c.length,
      current: function* () {
        for (let i = 1; i < c.length; i++) if (c.kind[i] === FILE && c.gone[i] === 0) yield { dev: c.dev[i]!, ino: c.ino[i]!, size: c.size[i]!, mtime: c.ctime[i]! };
      },
    });
  }

  /** The full hash of a row (16 bytes), once hashed. */
  fullOf(row: number): Uint8Array | undefined {
    return (this.flags[row]! & HAS_FULL) === 0 ? undefined : this.full.subarray(row * HASH_BYTES, (row + 1) * HASH_BYTES);
  }

  /** The partial hash (first and last blocks); for a file of up to SMALL bytes, its full hash. */
  partialOf(row: number): Uint8Array | undefined {
    if (this.catalog.size[row]! <= SMALL) return this.fullOf(row);
    return this.partials.get(row);
  }

  /** The full hash as a string key (latin1), for grouping. */
  key(row: number, kind: 'partial' | 'full' = 'full'): string | undefined {
    const h = kind === 'full' ? this.fullOf(row) : this.partialOf(row);
    return h === undefined ? undefined : Buffer.from(h.buffer, h.byteOffset, h.length).toString('latin1');
  }

  /** The first 32 bits of a row's hash: a number to group by (then confirm with `same()`). */
  word(row: number, kind: 'partial' | 'full' = 'full'): number | undefined {
    if (kind === 'full' || this.catalog.size[row]! <= SMALL) return (this.flags[row]! & HAS_FULL) === 0 ? undefined : this.full32[row * 4];
    const h = this.partials.get(row);
    return h === undefined ? undefined : (h[0]! | (h[1]! << 8) | (h[2]! << 16) | (h[3]! << 24)) >>> 0;
  }

  /** True when both rows have the hash and it is the same. */
  same(a: number, b: number, kind: 'partial' | 'full' = 'full'): boolean {
    if (kind === 'full' || this.catalog.size[a]! <= SMALL) {
      if ((this.flags[a]! & this.flags[b]! & HAS_FULL) === 0) return false;
      const f = this.full32;
      return f[a * 4] === f[b * 4] && f[a * 4 + 1] === f[b * 4 + 1] && f[a * 4 + 2] === f[b * 4 + 2] && f[a * 4 + 3] === f[b * 4 + 3];
    }
    const x = this.partials.get(a);
    const y = this.partials.get(b);
    return x !== undefined && y !== undefined && Buffer.compare(x, y) === 0;
  }

  failed(row: number): boolean {
    return (this.flags[row]! & PROBLEM) !== 0;
  }

  /**
   * Hashes the rows (regular files of the catalog) that are not hashed yet:
   * one list of rows, or several (a row in more than one is hashed once).
   */
  async hash(rows: ArrayLike<number> | readonly ArrayLike<number>[], kind: 'partial' | 'full'): Promise<void> {
    const c = this.catalog;
    const { size, nlink } = c;
    const flags = this.flags;
    const parts: readonly ArrayLike<number>[] = isParts(rows) ? rows : [rows as ArrayLike<number>];
    // Perf: rows are looked up in the cache and read in row order, whatever
    // order they come in: the index's columns and the cache file are then
    // read front to back, and a folder's files come together. A flag per row
    // marks them: no Set (a Set of a million rows cost a second), and for many
    // rows no list either, just a sweep of the flags.
    let wanted = 0;
    for (const p of parts) {
      for (let k = 0; k < p.length; k++) {
        if ((flags[p[k]!]! & WANTED) !== 0) continue;
        flags[p[k]!]! |= WANTED;
        wanted++;
      }
    }
    let list: Uint32Array | undefined;
    if (wanted * 8 < c.length) {
      list = new Uint32Array(wanted);
      let m = 0;
      for (const p of parts) {
        for (let k = 0; k < p.length; k++) {
          if ((flags[p[k]!]! & WANTED) === 0) continue;
          flags[p[k]!]! &= ~WANTED;
          list[m++] = p[k]!;
        }
      }
      list.sort();
    }
    // The rows to read, in row order: in place over the list (a job is never ahead of the row it comes from).
    const all = list ?? new Uint32Array(wanted);
    let n = 0;
    const followers: number[] = [];
    let i = 0;
    let swept = false;
    try {
      for (let k = 0; k < wanted; k++) {
        let row: number;
        if (list !== undefined) row = list[k]!;
        else {
          while ((flags[i]! & WANTED) === 0) i++;
          row = i++;
          flags[row]! &= ~WANTED;
        }
        const wantFull = kind === 'full' || size[row]! <= SMALL;
        if (nlink[row]! > 1) {
          // Names of one inode are read once; the others copy its result.
          const id = `${c.dev[row]}:${c.ino[row]}`;
          const rep = this.inodes.get(id);
          if (rep === undefined) this.inodes.set(id, row);
          else if (rep !== row) {
            followers.push(row);
            row = rep;
          }
        }
        if ((flags[row]! & QUEUED) !== 0 || this.done(row, wantFull) || this.fromCache(row, wantFull)) continue;
        flags[row]! |= QUEUED;
        all[n++] = row;
      }
      swept = true;
    } finally {
      // Only when the loop stopped early: rows it did not reach keep no mark.
      if (!swept && list === undefined) for (; i < flags.length; i++) flags[i]! &= ~WANTED;
    }
    const jobs = all.subarray(0, n);
    try {
      if (jobs.length > 0) await this.run(jobs, kind === 'full' ? () => FULL : (row) => (size[row]! <= SMALL ? FULL : PARTIAL));
    } finally {
      for (let k = 0; k < jobs.length; k++) flags[jobs[k]!]! &= ~QUEUED;
    }
    for (const row of followers) this.copy(this.inodes.get(`${c.dev[row]}:${c.ino[row]}`)!, row);
  }

  /**
   * Compares each pair of rows byte by byte. Returns, per pair, true when the
   * two files are the same; a pair that could not be read counts as different
   * and its row lands in `problems`.
   */
  async sameBytes(pairs: readonly (readonly [number, number])[]): Promise<boolean[]> {
    const same = await this.sameBytesOf(Uint32Array.from(pairs, ([a]) => a), Uint32Array.from(pairs, ([, b]) => b));
    return Array.from(same, (x) => x === 1);
  }

  /** sameBytes() for many pairs: row `rows[k]` against `refs[k]`, 1 where they are the same. */
  async sameBytesOf(rows: ArrayLike<number>, refs: ArrayLike<number>): Promise<Uint8Array> {
    const out = new Uint8Array(rows.length);
    await this.run(rows, () => COMPARE, refs, (k, status) => {
      out[k] = status === OK ? 1 : 0;
    });
    return out;
  }

  /**
   * Writes new hashes to the cache and stops the workers. The promise settles
   * once their threads are gone: await it before work that needs the memory.
   */
  close(): Promise<void> {
    this.cache.flush();
    const closing = this.pool?.close() ?? Promise.resolve();
    this.pool = undefined;
    return closing;
  }

  private done(row: number, wantFull: boolean): boolean {
    const f = this.flags[row]!;
    return (f & PROBLEM) !== 0 || (wantFull ? (f & HAS_FULL) !== 0 : this.partialOf(row) !== undefined);
  }

  /**
   * With `recheckCtime`: whether the file's ctime now is still the scan's.
   * The cache keys on ctime, which any write moves (a file rewritten with its
   * size and mtime put back still gets a new one).
   */
  private unchangedSinceScan(row: number): boolean {
    return fs.lstatSync(this.catalog.fsPath(row), { throwIfNoEntry: false })?.ctimeMs === this.catalog.ctime[row];
  }

  // Perf: the key's ctime is the scan's (the scan lstats every entry anyway);
  // an lstat per cached file here took a warm dupeFiles() at 1M from 0.3 s to 4.9 s.
  private fromCache(row: number, wantFull: boolean): boolean {
    const c = this.catalog;
    const dev = c.dev[row]!;
    const ino = c.ino[row]!;
    const size = c.size[row]!;
    const ctime = c.ctime[row]!;
    if (wantFull) {
      const at = row * HASH_BYTES;
      if (!this.cache.get(FULL_KIND, dev, ino, size, ctime, this.full, at)) return false;
      if (this.opts.recheckCtime === true && !this.unchangedSinceScan(row)) {
        this.full.fill(0, at, at + HASH_BYTES);
        return false;
      }
      this.flags[row]! |= HAS_FULL;
    } else {
      const h = new Uint8Array(HASH_BYTES);
      if (!this.cache.get(PARTIAL_KIND, dev, ino, size, ctime, h, 0)) return false;
      if (this.opts.recheckCtime === true && !this.unchangedSinceScan(row)) return false;
      this.partials.set(row, h);
      this.flags[row]! |= HAS_PARTIAL;
    }
    this.stats.cached++;
    return true;
  }

  private copy(from: number, to: number): void {
    const f = this.flags[from]!;
    this.flags[to]! |= f;
    if ((f & HAS_FULL) !== 0) this.full.copyWithin(to * HASH_BYTES, from * HASH_BYTES, (from + 1) * HASH_BYTES);
    const p = this.partials.get(from);
    if (p !== undefined) this.partials.set(to, p);
    const why = this.problems.get(from);
    if (why !== undefined) this.problems.set(to, why);
  }

  /** What the workers need to build paths: made once, when the first worker starts, and shared by all. */
  private source(): PathSource {
    this.paths ??= pathSource(this.catalog);
    return this.paths;
  }

  /** Reads the jobs in batches, on workers or inline, storing each result as it comes. */
  private async run(jobs: ArrayLike<number>, modeOf: (row: number) => number, refs?: ArrayLike<number>, onStatus?: (k: number, status: number) => void): Promise<void> {
    const c = this.catalog;
    const signal = this.opts.signal;
    checkCancel(signal);
    let totalBytes = 0;
    for (let k = 0; k < jobs.length; k++) totalBytes += modeOf(jobs[k]!) === PARTIAL ? 2 * BLOCK : c.size[jobs[k]!]!;
    const progress = this.opts.progress ? new Progress(jobs.length, totalBytes) : undefined;
    // Buffers of batches done with, for the next batches.
    const spare: ArrayBuffer[] = [];
    const next = batcher(c, jobs, modeOf, refs, spare);
    // Cache records are written in job order, whatever order the workers
    // finish in, so the next run finds them in the order it looks them up.
    const finished = new Map<number, SizedBatch>();
    let nextId = 0;
    const remember = (b: SizedBatch): void => {
      for (let k = 0; k < b.n && this.cache.enabled; k++) {
        if (b.status[k] !== OK || b.mode[k] === COMPARE) continue;
        const row = b.rows[k]!;
        const at = k * HASH_BYTES;
        // The scan's ctime, seen before the read: a file changed since has a newer one, and misses once rescanned.
        // Perf: the key's four numbers go as they are; an array per file spread into put() was most of the main thread's garbage.
        const dev = c.dev[row]!;
        const ino = c.ino[row]!;
        const size = c.size[row]!;
        const ctime = c.ctime[row]!;
        if (b.mode[k] === PARTIAL) this.cache.put(PARTIAL_KIND, dev, ino, size, ctime, b.hash, at);
        else {
          this.cache.put(FULL_KIND, dev, ino, size, ctime, b.hash, at);
          if (size > SMALL) this.cache.put(PARTIAL_KIND, dev, ino, size, ctime, b.partial, at);
        }
      }
      spare.push(b.buffer);
    };
    const store = (b: SizedBatch, r: BatchReport): void => {
      this.stats.bytesRead += r.bytesRead;
      this.stats.filesRead += r.filesOpened;
      for (let k = 0; k < b.n; k++) {
        const row = b.rows[k]!;
        const status = b.status[k]!;
        onStatus?.(b.first + k, status);
        if (status !== OK) {
          if (b.mode[k] === COMPARE && status === DIFFERENT) continue;
          this.flags[row]! |= PROBLEM;
          const code = r.codes.find(([j]) => j === k)?.[1];
          this.problems.set(row, status === UNREADABLE && code !== undefined ? `${STATUS_TEXT[status]} (${code})` : STATUS_TEXT[status]!);
          continue;
        }
        if (b.mode[k] === COMPARE) continue;
        const at = k * HASH_BYTES;
        if (b.mode[k] === PARTIAL) {
          this.partials.set(row, b.hash.slice(at, at + HASH_BYTES));
          this.flags[row]! |= HAS_PARTIAL;
        } else {
          // Perf: a byte loop; a subarray per file was 87 MB of garbage at 1M files, and a young generation grown to match.
          const full = this.full;
          const to = row * HASH_BYTES;
          for (let j = 0; j < HASH_BYTES; j++) full[to + j] = b.hash[at + j]!;
          this.flags[row]! |= HAS_FULL;
          if (c.size[row]! > SMALL) {
            this.partials.set(row, b.partial.slice(at, at + HASH_BYTES));
            this.flags[row]! |= HAS_PARTIAL;
          }
        }
      }
      finished.set(b.id, b);
      for (let done = finished.get(nextId); done !== undefined; done = finished.get(nextId)) {
        finished.delete(nextId++);
        remember(done);
      }
      progress?.add(b.n, b.bytes);
    };
    try {
      if (this.opts.workers === 0 || (jobs.length < INLINE_FILES && totalBytes < INLINE_BYTES)) {
        this.inline ??= new FileHasher(Paths.of(c));
        for (let b = next(); b !== undefined; b = next()) {
          checkCancel(signal);
          store(b, this.inline.run(b));
          // Let the REPL see Ctrl-C between batches.
          await yieldNow();
        }
      } else {
        this.pool ??= new Pool(this.source(), this.opts.workers);
        await this.pool.runAll(next, store, signal);
      }
    } finally {
      progress?.done();
      // Hashes computed so far are good: keep them even when cancelled.
      for (const b of finished.values()) remember(b);
      this.cache.flush();
    }
  }
}

/** Several lists of rows, not one list. */
function isParts(rows: ArrayLike<number> | readonly ArrayLike<number>[]): rows is readonly ArrayLike<number>[] {
  return Array.isArray(rows) && rows.length > 0 && typeof rows[0] !== 'number';
}

/** The progress line: files and bytes hashed of the total, and the time left at the rate so far. */
export function progressText(files: number, totalFiles: number, bytes: number, totalBytes: number, elapsedMs: number): string {
  // The ETA weighs bytes and files alike: small files cost opens, big ones reads.
  const share = (bytes / Math.max(1, totalBytes) + files / Math.max(1, totalFiles)) / 2;
  const left = share > 0 ? (elapsedMs * (1 - share)) / share : NaN;
  return `hashing… ${num(files)} of ${plural(totalFiles, 'file')}, ${showSize(bytes)} of ${showSize(totalBytes)}, ${Number.isFinite(left) ? `${duration(left)} left` : 'starting'}`;
}

/** Files and bytes hashed so far, on the shared progress line. */
class Progress {
  private files = 0;
  private bytes = 0;
  private readonly line = new ProgressLine((ms) => progressText(this.files, this.totalFiles, this.bytes, this.totalBytes, ms));

  constructor(private readonly totalFiles: number, private readonly totalBytes: number) {}

  add(files: number, bytes: number): void {
    this.files += files;
    this.bytes += bytes;
    this.line.tick();
  }

  done(): void {
    this.line.done();
  }
}
