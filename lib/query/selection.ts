// The immutable, array-like result of a query: indices into the catalog.
import type { Catalog } from '../catalog/index.ts';
import { day, more, num, plural, size, table } from '../format.ts';
import { DIR, FILE, KINDS, SYMLINK, type Counts, type Entry, type Kind } from '../types.ts';
import { PrintableResult, displayPath, lazyBuiltin, rawPathJson } from '../shared/index.ts';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

/** What `json()` gives for each item; `pathBytes` only for names that are not valid UTF-8. */
export interface JsonItem {
  readonly path: string;
  readonly kind: Kind;
  readonly bytes: number;
  readonly pathBytes?: string;
}

export type SortKey = 'bytes' | 'size' | 'entries' | 'mtime' | 'path' | 'name' | ((e: Entry) => number | string);

/** Rows shown by `show()` and by the REPL before "… and N more". */
const SHOW_ROWS = 20;

/** What Selection's json() gives (and JSON.stringify through toJSON()). */
export type SelectionJson = { items: JsonItem[] };

export class Selection extends PrintableResult<SelectionJson> implements Iterable<Entry> {
  readonly [index: number]: Entry | undefined;

  constructor(
    readonly catalog: Catalog,
    readonly indices: Uint32Array,
    /** The archive's display name: paths are shown as `<name>/relative/path`. */
    readonly archiveName: string,
  ) {
    super();
    Object.freeze(this);
    // Array-like: sel[0] is the first entry.
    return new Proxy(this, {
      get(target, key, receiver) {
        if (typeof key === 'string' && key.length > 0 && key.length < 11 && /^\d+$/.test(key)) return target.at(Number(key));
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  }

  get length(): number {
    return this.indices.length;
  }

  at(i: number): Entry | undefined {
    const k = i < 0 ? this.indices.length + i : i;
    const idx = this.indices[k];
    return idx === undefined ? undefined : this.catalog.entry(idx);
  }

  *[Symbol.iterator](): Iterator<Entry> {
    for (const i of this.indices) yield this.catalog.entry(i);
  }

  /** Relative paths, `/` separated. */
  get paths(): string[] {
    return Array.from(this.indices, (i) => this.catalog.path(i));
  }

  /** Bytes the selection stands for: a directory counts its whole subtree, and nothing is counted twice. */
  get bytes(): number {
    let total = 0;
    for (const i of this.topmost()) total += this.catalog.bytes(i);
    return total;
  }

  /** The selected entries that have no selected ancestor. */
  topmost(): number[] {
    const c = this.catalog;
    const picked = new Set(this.indices);
    const out: number[] = [];
    for (const i of this.indices) {
      let covered = false;
      for (let j = c.parent[i]!; j !== 0; j = c.parent[j]!) {
        if (picked.has(j)) {
          covered = true;
          break;
        }
      }
      if (!covered) out.push(i);
    }
    return out;
  }

  /** Counts by kind of the selected entries themselves (a directory counts as one). */
  count(): Counts {
    return this.catalog.counts(this.indices);
  }

  filter(predicate: (e: Entry) => boolean): Selection {
    return this.derive(Array.from(this.indices).filter((i) => predicate(this.catalog.entry(i))));
  }

  map<T>(fn: (e: Entry) => T): T[] {
    return Array.from(this.indices, (i) => fn(this.catalog.entry(i)));
  }

  dirs(): Selection {
    return this.ofKind(DIR);
  }

  files(): Selection {
    return this.ofKind(FILE);
  }

  symlinks(): Selection {
    return this.ofKind(SYMLINK);
  }

  /** Sorted copy. Numbers sort largest first, text A to Z, unless `order` says otherwise. */
  sortBy(key: SortKey, order?: 'asc' | 'desc'): Selection {
    const c = this.catalog;
    const value: (i: number) => number | string =
      typeof key === 'function' ? (i) => key(c.entry(i))
      : key === 'bytes' ? (i) => c.subBytes[i]!
      : key === 'size' ? (i) => c.size[i]!
      : key === 'entries' ? (i) => c.subEntries[i]!
      : key === 'mtime' ? (i) => c.mtime[i]!
      : key === 'name' ? (i) => c.name(i)
      : (i) => c.path(i);
    const keyed = Array.from(this.indices, (i) => ({ i, v: value(i) }));
    const numeric = keyed.length > 0 && typeof keyed[0]!.v === 'number';
    const desc = (order ?? (numeric ? 'desc' : 'asc')) === 'desc';
    keyed.sort((a, b) => {
      const r = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
      return desc ? -r : r;
    });
    return this.derive(keyed.map((k) => k.i));
  }

  /** The n largest entries by bytes (a directory by its subtree). */
  top(n = 10): Selection {
    return this.sortBy('bytes', 'desc').slice(0, n);
  }

  slice(start?: number, end?: number): Selection {
    return new Selection(this.catalog, this.indices.slice(start, end), this.archiveName);
  }

  /** Unique base names, sorted: the seed's "12,000 unique filenames" question. */
  names(): string[] {
    const ids = new Set<number>();
    for (const i of this.indices) ids.add(this.catalog.nameId[i]!);
    return Array.from(ids, (id) => this.catalog.names[id]!).sort();
  }

  /** `<archive name>/relative/path`. */
  display(i: number): string {
    return displayPath(this.archiveName, this.catalog.path(i));
  }

  /** The table `show()` prints: the first `limit` rows, then "… and N more". `width`: columns it may take (default the terminal's). */
  toTable(limit = SHOW_ROWS, width?: number): string {
    const c = this.catalog;
    const rows = Array.from(this.indices.subarray(0, limit), (i) => [
      this.display(i),
      KINDS[c.kind[i]!]!,
      c.kind[i] === FILE || c.kind[i] === DIR ? size(c.subBytes[i]!) : '',
      c.kind[i] === DIR ? num(c.subEntries[i]!) : '',
      day(c.mtime[i]!),
    ]);
    const lines = [table(rows, { head: ['path', 'kind', 'bytes', 'entries', 'modified'], right: [2, 3], ...(width === undefined ? {} : { width }) })];
    if (this.indices.length > limit) lines.push(more(this.indices.length - limit));
    return lines.join('\n');
  }

  /** Prints the table (first 20 rows; `show(100)` for more, `show(Infinity)` for all). */
  show(limit = SHOW_ROWS): void {
    console.log(this.toTable(limit));
  }

  /**
   * The whole table in $PAGER (`less -SR` when unset), full paths and all
   * rows; q comes back. Without a terminal it prints the table instead.
   */
  async page(): Promise<void> {
    const text = `${this.summary()}\n${this.toTable(Infinity, Infinity)}\n`;
    if (process.stdout.isTTY !== true) {
      process.stdout.write(text);
      return;
    }
    const pager = process.env.PAGER || 'less -SR';
    const stdin = process.stdin;
    const raw = stdin.isTTY === true && stdin.isRaw;
    // The pager reads the keys: stop reading them here until it ends, and let its Ctrl-C be its own.
    stdin.pause();
    if (raw) stdin.setRawMode(false);
    const ignore = (): void => {};
    process.on('SIGINT', ignore);
    try {
      const child = childProcess().spawn(pager, { shell: true, stdio: ['pipe', 'inherit', 'inherit'] });
      child.stdin.on('error', () => {});
      child.stdin.end(text);
      await new Promise<void>((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', () => resolve());
      });
    } finally {
      process.off('SIGINT', ignore);
      if (raw) stdin.setRawMode(true);
      stdin.resume();
    }
  }

  /** Writes every path NUL-separated, absolute and byte-exact, for `xargs -0` and friends. */
  print0(out: NodeJS.WritableStream = process.stdout): void {
    const c = this.catalog;
    const root = Buffer.from(c.root);
    const parts: Buffer[] = [];
    for (const i of this.indices) parts.push(root, Buffer.from('/'), c.pathBytes(i), Buffer.from([0]));
    out.write(Buffer.concat(parts));
  }

  /** Plain data for JSON output: `{items: [{path, kind, bytes}]}`. */
  json(): SelectionJson {
    const c = this.catalog;
    return {
      items: Array.from(this.indices, (i) => {
        const item = { path: c.path(i), kind: KINDS[c.kind[i]!]!, bytes: c.subBytes[i]! };
        if (!c.isRaw(i)) return item;
        // Not valid UTF-8: U+FFFD in `path`, and the exact bytes beside it.
        return { ...item, ...rawPathJson(c.pathBytes(i)) };
      }),
    };
  }


  /** The summary line and the first `limit` rows (the REPL shows 10). */
  toString(limit = 10): string {
    return this.length === 0 ? this.summary() : `${this.summary()}\n${this.toTable(Math.min(limit, this.length))}`;
  }

  summary(): string {
    const c = this.count();
    return `Selection: ${plural(this.length, 'entry', 'entries')} (${plural(c.files, 'file')}, ${plural(c.dirs, 'dir')}), ${size(this.bytes)}`;
  }


  private ofKind(k: number): Selection {
    const kinds = this.catalog.kind;
    return this.derive(Array.from(this.indices).filter((i) => kinds[i] === k));
  }

  private derive(indices: ArrayLike<number>): Selection {
    return new Selection(this.catalog, Uint32Array.from(indices), this.archiveName);
  }
}
