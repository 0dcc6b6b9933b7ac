// The in-memory index: one row per entry, held in typed-array columns plus a
// table of unique names. Entry 0 is the root. A parent always comes before its
// children, and the children of a directory are contiguous, so subtree totals
// are one backward pass and a directory's children are a slice.
import { Buffer } from 'node:buffer';
import { DIR, FILE, KINDS, type Counts, type Entry, type ScanError } from './types.ts';

/** Shows a name that is not valid UTF-8 with `\xNN` escapes for the bad bytes. */
export function escapeName(raw: Uint8Array): string {
  let out = '';
  let i = 0;
  const dec = new TextDecoder('utf-8', { fatal: true });
  while (i < raw.length) {
    // Perf: names are short; find the longest valid UTF-8 run from i.
    let j = raw.length;
    for (; j > i; j--) {
      try {
        out += dec.decode(raw.subarray(i, j));
        break;
      } catch { /* shorter */ }
    }
    if (j === i) {
      out += `\\x${raw[i]!.toString(16).padStart(2, '0').toUpperCase()}`;
      j = i + 1;
    }
    i = j;
  }
  return out;
}

/** Growable columns, filled by the scanner and frozen into a Catalog. */
export class Columns {
  length = 0;
  parent = new Uint32Array(1024);
  kind = new Uint8Array(1024);
  size = new Float64Array(1024);
  mtime = new Float64Array(1024);
  dev = new Float64Array(1024);
  ino = new Float64Array(1024);
  nlink = new Uint32Array(1024);
  nameId = new Uint32Array(1024);
  firstChild = new Uint32Array(1024);
  childCount = new Uint32Array(1024);

  /** Makes room for `extra` more rows: doubling, or exactly when the final size is known. */
  reserve(extra: number, exact = false): void {
    const need = this.length + extra;
    if (need <= this.parent.length) return;
    let cap = exact ? need : this.parent.length * 2;
    while (cap < need) cap *= 2;
    this.parent = grow(this.parent, new Uint32Array(cap));
    this.kind = grow(this.kind, new Uint8Array(cap));
    this.size = grow(this.size, new Float64Array(cap));
    this.mtime = grow(this.mtime, new Float64Array(cap));
    this.dev = grow(this.dev, new Float64Array(cap));
    this.ino = grow(this.ino, new Float64Array(cap));
    this.nlink = grow(this.nlink, new Uint32Array(cap));
    this.nameId = grow(this.nameId, new Uint32Array(cap));
    this.firstChild = grow(this.firstChild, new Uint32Array(cap));
    this.childCount = grow(this.childCount, new Uint32Array(cap));
  }
}

function grow<T extends Uint32Array | Uint8Array | Float64Array>(old: T, next: T): T {
  next.set(old as never);
  return next;
}

/** Interns names: each distinct name is stored once. Raw (non-UTF-8) names are keyed apart. */
export class NameTable {
  readonly names: string[] = [''];
  readonly raw = new Map<number, Buffer>();
  private readonly ids = new Map<string, number>([['', 0]]);

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  rawId(bytes: Buffer): number {
    // NUL cannot occur in a file name, so this key never meets a real name.
    const key = `\0${bytes.toString('latin1')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(escapeName(bytes));
      this.raw.set(id, Buffer.from(bytes));
      this.ids.set(key, id);
    }
    return id;
  }
}

/** The scanned index of one root. Rows are entries; entry 0 is the root itself. */
export class Catalog {
  readonly length: number;
  readonly parent: Uint32Array;
  readonly kind: Uint8Array;
  readonly size: Float64Array;
  readonly mtime: Float64Array;
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

  // Perf: the columns are taken over as they are (a view, not a copy), which
  // keeps the peak memory of a scan near one set of columns.
  constructor(readonly root: string, cols: Columns, names: NameTable, errors: ScanError[]) {
    const n = cols.length;
    this.length = n;
    this.parent = cols.parent.subarray(0, n);
    this.kind = cols.kind.subarray(0, n);
    this.size = cols.size.subarray(0, n);
    this.mtime = cols.mtime.subarray(0, n);
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
