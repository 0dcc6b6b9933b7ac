// The in-memory index: one row per entry, held in typed-array columns plus a
// table of unique names. Entry 0 is the root. A parent always comes before its
// children, and the children of a directory are contiguous, so subtree totals
// are one backward pass and a directory's children are a slice.
import { Buffer } from 'node:buffer';
import type { Columns } from './columns.ts';
import type { NameTable } from './names.ts';
import { DIR, FILE, KINDS, type Counts, type Entry, type ScanError } from '../types.ts';

/** The scanned index of one root. Rows are entries; entry 0 is the root itself. */
export class Catalog {
  readonly length: number;
  readonly parent: Uint32Array;
  readonly kind: Uint8Array;
  readonly size: Float64Array;
  readonly mtime: Float64Array;
  /** Status-change time (ms) as scanned: the hash cache's key (a rewrite with size and mtime put back still moves it). */
  readonly ctime: Float64Array;
  readonly dev: Float64Array;
  readonly ino: Float64Array;
  readonly nlink: Uint32Array;
  readonly nameId: Uint32Array;
  readonly firstChild: Uint32Array;
  readonly childCount: Uint32Array;
  /** Bytes of regular files in the subtree (an entry's own size for a file). */
  readonly subBytes: Float64Array;
  /** Entries strictly below a directory. */
  readonly subEntries: Uint32Array;
  /** 1 once an entry has been removed (moved to the quarantine) since the scan. */
  readonly gone: Uint8Array;
  readonly names: readonly string[];
  /** Name ids whose names are not valid UTF-8, with their exact bytes. */
  readonly rawNames: ReadonlyMap<number, Buffer>;
  readonly errors: readonly ScanError[];

  // Perf: the columns are taken over as they are (fixed-length views, not copies).
  constructor(readonly root: string, cols: Columns, names: NameTable, errors: ScanError[]) {
    const n = cols.length;
    this.length = n;
    this.parent = cols.parent.subarray(0, n);
    this.kind = cols.kind.subarray(0, n);
    this.size = cols.size.subarray(0, n);
    this.mtime = cols.mtime.subarray(0, n);
    this.ctime = cols.ctime.subarray(0, n);
    this.dev = cols.dev.subarray(0, n);
    this.ino = cols.ino.subarray(0, n);
    this.nlink = cols.nlink.subarray(0, n);
    this.nameId = cols.nameId.subarray(0, n);
    this.firstChild = cols.firstChild.subarray(0, n);
    this.childCount = cols.childCount.subarray(0, n);
    this.names = names.names;
    this.rawNames = names.raw;
    this.errors = errors;
    this.gone = new Uint8Array(n);
    this.subBytes = new Float64Array(n);
    this.subEntries = new Uint32Array(n);
    // Perf: children always follow their parent, so one backward pass sums every subtree.
    const { subBytes, subEntries, parent, kind, size } = this;
    for (let i = n - 1; i > 0; i--) {
      if (kind[i] === FILE) subBytes[i]! += size[i]!;
      const p = parent[i]!;
      subBytes[p]! += subBytes[i]!;
      subEntries[p]! += subEntries[i]! + 1;
    }
  }

  #rank: Uint32Array | undefined;
  #rowAt: Uint32Array | undefined;

  /**
   * Sorts rows into path order (each folder's children by name, depth first),
   * the order people expect to read results in. Computed once, on first use.
   */
  inPathOrder(rows: ArrayLike<number>): Uint32Array {
    if (this.#rank === undefined || this.#rowAt === undefined) {
      const rank = new Uint32Array(this.length);
      const rowAt = new Uint32Array(this.length);
      // Perf: sort the unique names once; siblings then sort by a number, not by strings.
      const names = this.names;
      const byName = Array.from(names.keys()).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
      const nameRank = new Uint32Array(names.length);
      for (let k = 0; k < byName.length; k++) nameRank[byName[k]!] = k;
      const { nameId, firstChild, childCount } = this;
      let next = 0;
      const stack = [0];
      const kids: number[] = [];
      while (stack.length > 0) {
        const i = stack.pop()!;
        rank[i] = next;
        rowAt[next++] = i;
        const first = firstChild[i]!;
        const count = childCount[i]!;
        if (count === 0) continue;
        kids.length = 0;
        for (let k = 0; k < count; k++) kids.push(first + k);
        // Largest name first onto the stack, so the smallest comes off first.
        kids.sort((a, b) => nameRank[nameId[b]!]! - nameRank[nameId[a]!]!);
        for (let k = 0; k < count; k++) stack.push(kids[k]!);
      }
      this.#rank = rank;
      this.#rowAt = rowAt;
    }
    const rank = this.#rank;
    const rowAt = this.#rowAt;
    const keys = Uint32Array.from(rows, (i) => rank[i]!);
    keys.sort();
    for (let k = 0; k < keys.length; k++) keys[k] = rowAt[keys[k]!]!;
    return keys;
  }

  name(i: number): string {
    return this.names[this.nameId[i]!]!;
  }

  /** True when the entry's own name or one of its ancestors' is not valid UTF-8. */
  isRaw(i: number): boolean {
    if (this.rawNames.size === 0) return false;
    for (let j = i; j !== 0; j = this.parent[j]!) if (this.rawNames.has(this.nameId[j]!)) return true;
    return false;
  }

  /** Path relative to the root, `/` separated, with escapes for non-UTF-8 bytes. '' for the root. */
  path(i: number): string {
    if (i === 0) return '';
    let p = this.name(i);
    for (let j = this.parent[i]!; j !== 0; j = this.parent[j]!) p = `${this.name(j)}/${p}`;
    return p;
  }

  /** The exact bytes of the relative path (what the file system knows it by). */
  pathBytes(i: number): Buffer {
    const parts: Buffer[] = [];
    for (let j = i; j !== 0; j = this.parent[j]!) {
      const id = this.nameId[j]!;
      parts.push(this.rawNames.get(id) ?? Buffer.from(this.names[id]!, 'utf8'));
      if (this.parent[j] !== 0) parts.push(SLASH);
    }
    return Buffer.concat(parts.reverse());
  }

  /** The absolute path to hand to `fs`: a string, or a Buffer when a name is not valid UTF-8. */
  fsPath(i: number): string | Buffer {
    if (!this.isRaw(i)) return i === 0 ? this.root : `${this.root}/${this.path(i)}`;
    return Buffer.concat([Buffer.from(`${this.root}/`, 'utf8'), this.pathBytes(i)]);
  }

  depth(i: number): number {
    let d = 0;
    for (let j = i; j !== 0; j = this.parent[j]!) d++;
    return d;
  }

  /** True when `a` is `b` or lies below it. */
  isWithin(a: number, b: number): boolean {
    for (let j = a; ; j = this.parent[j]!) {
      if (j === b) return true;
      if (j === 0) return false;
    }
  }

  /** Index of the entry at a relative path ('' or '.' is the root), or -1. */
  lookup(rel: string): number {
    const parts = rel.split('/').filter((s) => s !== '' && s !== '.');
    let at = 0;
    for (const part of parts) {
      const start = this.firstChild[at]!;
      const end = start + this.childCount[at]!;
      let found = -1;
      for (let c = start; c < end; c++) {
        if (this.gone[c] === 0 && this.name(c) === part) {
          found = c;
          break;
        }
      }
      if (found < 0) return -1;
      at = found;
    }
    return at;
  }

  /** Live children of a directory. */
  children(i: number): number[] {
    const out: number[] = [];
    const start = this.firstChild[i]!;
    const end = start + this.childCount[i]!;
    for (let c = start; c < end; c++) if (this.gone[c] === 0) out.push(c);
    return out;
  }

  /** Bytes an entry stands for: a directory's subtree, a file's size, 0 for links and others. */
  bytes(i: number): number {
    return this.subBytes[i]!;
  }

  entry(i: number): Entry {
    return {
      index: i,
      path: this.path(i),
      name: this.name(i),
      kind: KINDS[this.kind[i]!]!,
      size: this.size[i]!,
      bytes: this.subBytes[i]!,
      entries: this.kind[i] === DIR ? this.subEntries[i]! : 0,
      mtime: new Date(this.mtime[i]!),
      dev: this.dev[i]!,
      ino: this.ino[i]!,
      nlink: this.nlink[i]!,
    };
  }

  /** Counts over the whole catalog (below the root), or over the given entries only. */
  counts(indices?: ArrayLike<number>): Counts {
    const by = [0, 0, 0, 0];
    let bytes = 0;
    const { kind, size, gone } = this;
    if (indices === undefined) {
      for (let i = 1; i < this.length; i++) {
        if (gone[i] === 1) continue;
        const k = kind[i]!;
        by[k]!++;
        if (k === FILE) bytes += size[i]!;
      }
    } else {
      for (let j = 0; j < indices.length; j++) {
        const i = indices[j]!;
        const k = kind[i]!;
        by[k]!++;
        if (k === FILE) bytes += size[i]!;
      }
    }
    const [files, dirs, symlinks, other] = by as [number, number, number, number];
    return { entries: files + dirs + symlinks + other, files, dirs, symlinks, other, bytes };
  }

  /** The live rows of `i`'s subtree, `i` first: exactly what `markGone(i)` marks. */
  liveRows(i: number): Uint32Array {
    const out: number[] = [];
    const stack = [i];
    while (stack.length > 0) {
      const j = stack.pop()!;
      out.push(j);
      const start = this.firstChild[j]!;
      const end = start + this.childCount[j]!;
      for (let c = start; c < end; c++) if (this.gone[c] === 0) stack.push(c);
    }
    return Uint32Array.from(out);
  }

  /**
   * Undoes `markGone(i)` for exactly the rows it marked (`liveRows(i)` taken
   * before it), putting the subtree's totals back on its ancestors. Returns
   * false, changing nothing, when that is not exactly possible (an ancestor is
   * gone too).
   */
  revive(i: number, rows: Uint32Array): boolean {
    if (rows[0] !== i || this.gone[i] !== 1) return false;
    for (const r of rows) if (this.gone[r] !== 1) return false;
    for (let p = this.parent[i]!; ; p = this.parent[p]!) {
      if (this.gone[p] === 1) return false;
      if (p === 0) break;
    }
    for (const r of rows) this.gone[r] = 0;
    // markGone took the subtree's own totals off its ancestors and left them on it: add the same back.
    const bytes = this.subBytes[i]!;
    const entries = this.subEntries[i]! + 1;
    for (let p = this.parent[i]!; ; p = this.parent[p]!) {
      this.subBytes[p]! += bytes;
      this.subEntries[p]! += entries;
      if (p === 0) break;
    }
    return true;
  }

  /**
   * Marks an entry and its subtree as removed and takes its totals off its
   * ancestors, so queries see the drop without a rescan.
   */
  markGone(i: number): void {
    if (i === 0 || this.gone[i] === 1) return;
    const bytes = this.subBytes[i]!;
    const entries = this.subEntries[i]! + 1;
    const stack = [i];
    while (stack.length > 0) {
      const j = stack.pop()!;
      this.gone[j] = 1;
      const start = this.firstChild[j]!;
      const end = start + this.childCount[j]!;
      for (let c = start; c < end; c++) if (this.gone[c] === 0) stack.push(c);
    }
    for (let p = this.parent[i]!; ; p = this.parent[p]!) {
      this.subBytes[p]! -= bytes;
      this.subEntries[p]! -= entries;
      if (p === 0) break;
    }
  }
}

const SLASH = Buffer.from('/');
