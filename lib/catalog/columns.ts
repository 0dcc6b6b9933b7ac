// The index's columns: one typed array per field, in growable shared memory
// that the main thread and the scan workers write at once. A parent always
// comes before its children, and a directory's children are contiguous.
import type fs from 'node:fs';
import { DIR } from '../types.ts';
/** Kind code for a row reserved for a name whose lstat failed; removed before the Catalog is built. */
export const HOLE = 255;

const COLUMN_TYPES = {
  parent: Uint32Array,
  kind: Uint8Array,
  size: Float64Array,
  mtime: Float64Array,
  ctime: Float64Array,
  dev: Float64Array,
  ino: Float64Array,
  nlink: Uint32Array,
  nameId: Uint32Array,
  firstChild: Uint32Array,
  childCount: Uint32Array,
} as const;
type ColumnName = keyof typeof COLUMN_TYPES;
const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

/** Rows the columns can grow to: address space is reserved up front, memory is used as rows are written. */
export const MAX_ROWS = 1 << 26;

/** The shared memory behind a set of columns, passed to scan workers. */
export type ColumnBuffers = { readonly header: SharedArrayBuffer } & { readonly [K in ColumnName]: SharedArrayBuffer };

// Header slots: rows handed out so far, a lock for growing, rows that are holes.
const ROWS = 0;
const LOCK = 1;
const HOLES = 2;

/**
 * Columns in growable shared memory, written by the main thread and scan
 * workers at once. Each directory's children get a contiguous block of rows
 * from an atomic counter, so parents always precede their children.
 *
 * Perf: workers write in place; nothing is copied or spliced afterwards, and
 * the peak memory of a scan is about one set of columns.
 */
export class Columns {
  readonly header: Int32Array;
  readonly parent: Uint32Array;
  readonly kind: Uint8Array;
  readonly size: Float64Array;
  readonly mtime: Float64Array;
  /** Status-change time (ms): any write moves it, even one that puts size and mtime back; the hash cache keys on it. */
  readonly ctime: Float64Array;
  readonly dev: Float64Array;
  readonly ino: Float64Array;
  readonly nlink: Uint32Array;
  readonly nameId: Uint32Array;
  readonly firstChild: Uint32Array;
  readonly childCount: Uint32Array;

  constructor(readonly buffers: ColumnBuffers = Columns.allocate()) {
    this.header = new Int32Array(buffers.header);
    this.parent = new Uint32Array(buffers.parent);
    this.kind = new Uint8Array(buffers.kind);
    this.size = new Float64Array(buffers.size);
    this.mtime = new Float64Array(buffers.mtime);
    this.ctime = new Float64Array(buffers.ctime);
    this.dev = new Float64Array(buffers.dev);
    this.ino = new Float64Array(buffers.ino);
    this.nlink = new Uint32Array(buffers.nlink);
    this.nameId = new Uint32Array(buffers.nameId);
    this.firstChild = new Uint32Array(buffers.firstChild);
    this.childCount = new Uint32Array(buffers.childCount);
  }

  private static allocate(): ColumnBuffers {
    const b: Record<string, SharedArrayBuffer> = { header: new SharedArrayBuffer(16) };
    for (const c of COLUMN_NAMES) {
      const bytes = COLUMN_TYPES[c].BYTES_PER_ELEMENT;
      b[c] = new SharedArrayBuffer(1024 * bytes, { maxByteLength: MAX_ROWS * bytes });
    }
    return b as ColumnBuffers;
  }

  /** Rows handed out so far (holes included). */
  get length(): number {
    return Atomics.load(this.header, ROWS);
  }

  get holes(): number {
    return Atomics.load(this.header, HOLES);
  }

  /** Writes row 0, the root, from its lstat: the scan and the saved index's refresh both start here. */
  setRoot(st: fs.Stats): void {
    this.alloc(1);
    this.parent[0] = 0;
    this.kind[0] = DIR;
    this.size[0] = st.size;
    this.mtime[0] = st.mtimeMs;
    this.ctime[0] = st.ctimeMs;
    this.dev[0] = st.dev;
    this.ino[0] = st.ino;
    this.nlink[0] = st.nlink;
  }

  /** Hands out `n` contiguous rows and returns the first. */
  alloc(n: number): number {
    const base = Atomics.add(this.header, ROWS, n);
    const need = base + n;
    // Perf: childCount grows last, so its length says every column is big enough.
    if (need > this.childCount.length) this.grow(need);
    return base;
  }

  /** Marks a reserved row as a hole (its entry vanished or failed). */
  hole(i: number): void {
    this.kind[i] = HOLE;
    Atomics.add(this.header, HOLES, 1);
  }

  private grow(need: number): void {
    if (need > MAX_ROWS) throw new RangeError(`more than ${MAX_ROWS.toLocaleString('en-US')} entries: too many for one index`);
    while (Atomics.compareExchange(this.header, LOCK, 0, 1) !== 0) Atomics.wait(this.header, LOCK, 1, 1);
    try {
      const rows = this.childCount.length;
      if (need <= rows) return;
      const target = Math.min(MAX_ROWS, Math.max(need, rows * 2));
      for (const c of COLUMN_NAMES) this.buffers[c].grow(target * COLUMN_TYPES[c].BYTES_PER_ELEMENT);
    } finally {
      Atomics.store(this.header, LOCK, 0);
      Atomics.notify(this.header, LOCK);
    }
  }

  /**
   * Closes the gaps left by holes, in place: rows only move down, so parents
   * still precede children, and child blocks stay contiguous.
   */
  compact(): void {
    const n = this.length;
    if (this.holes === 0) return;
    const before = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) before[i + 1] = before[i]! + (this.kind[i] === HOLE ? 1 : 0);
    let w = 0;
    for (let i = 0; i < n; i++) {
      if (this.kind[i] === HOLE) continue;
      const fc = this.firstChild[i]!;
      const cc = this.childCount[i]!;
      this.parent[w] = this.parent[i]! - before[this.parent[i]!]!;
      this.kind[w] = this.kind[i]!;
      this.size[w] = this.size[i]!;
      this.mtime[w] = this.mtime[i]!;
      this.ctime[w] = this.ctime[i]!;
      this.dev[w] = this.dev[i]!;
      this.ino[w] = this.ino[i]!;
      this.nlink[w] = this.nlink[i]!;
      this.nameId[w] = this.nameId[i]!;
      this.firstChild[w] = fc - before[fc]!;
      this.childCount[w] = cc - (before[fc + cc]! - before[fc]!);
      w++;
    }
    Atomics.store(this.header, ROWS, w);
    Atomics.store(this.header, HOLES, 0);
  }
}
