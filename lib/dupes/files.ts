// Duplicate files: regular files with size > 0 and equal content, found by
// size, then a partial hash (first and last blocks), then a full hash, so
// bytes are read only where sizes collide. Names of one inode are hardlinks.
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, SMALL, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { CopyGroup, HASHING_OPTIONS, display, groupRows, hashOptions, newHasher, problemLines, problemsOf, type Problem } from './common.ts';
import { PathOrder } from './path-order.ts';
import { FILE } from '../types.ts';
import { checkOptions, opt, PrintableResult, type Given } from '../shared/index.ts';

/** dupeFiles()'s options: what DUPE_FILES_OPTIONS declares. */
export type DupeFilesOptions = Given<typeof DUPE_FILES_OPTIONS>;

/** Distinct inodes among rows: names of one inode are one copy. */
export function inodeCount(c: Catalog, rows: ArrayLike<number>): number {
  let linked = false;
  for (let k = 0; k < rows.length && !linked; k++) linked = c.nlink[rows[k]!]! > 1;
  if (!linked) return rows.length;
  const seen = new Set<string>();
  for (let k = 0; k < rows.length; k++) seen.add(`${c.dev[rows[k]!]}:${c.ino[rows[k]!]}`);
  return seen.size;
}

/**
 * Rows grouped by equal content: every regular file in scope of at least
 * `minSize` bytes whose size, partial hash and full hash all match another's.
 * Groups of names of one inode come back too (without reading them).
 */
export async function contentGroups(c: Catalog, out: Uint8Array, hasher: Hasher, minSize = 1, signal?: AbortSignal): Promise<Uint32Array[]> {
  const { kind, size } = c;
  const least = Math.max(1, minSize);
  // Perf: a counting sort by size: each distinct size gets an id through one
  // Map, and the counts and positions are arrays over the ids.
  const ids = new Map<number, number>();
  const counts: number[] = [];
  for (let i = 1; i < c.length; i++) {
    if (kind[i] !== FILE || out[i] === 1 || size[i]! < least) continue;
    const id = ids.get(size[i]!);
    if (id === undefined) {
      ids.set(size[i]!, counts.length);
      counts.push(1);
    } else counts[id]!++;
  }
  checkCancel(signal);
  const start = new Float64Array(counts.length).fill(-1);
  let at = 0;
  for (let id = 0; id < counts.length; id++) {
    if (counts[id]! < 2) continue;
    start[id] = at;
    at += counts[id]!;
  }
  const bySize = new Uint32Array(at);
  const fill = start.slice();
  for (let i = 1; i < c.length && at > 0; i++) {
    if (kind[i] !== FILE || out[i] === 1 || size[i]! < least) continue;
    const id = ids.get(size[i]!)!;
    if (fill[id]! < 0) continue;
    bySize[fill[id]!++] = i;
  }
  ids.clear();

  const groups: Uint32Array[] = [];
  const buckets: Uint32Array[] = [];
  for (let id = 0; id < counts.length; id++) {
    if (start[id]! < 0) continue;
    const rows = bySize.subarray(start[id], start[id]! + counts[id]!);
    if (inodeCount(c, rows) === 1) groups.push(rows);
    else buckets.push(rows);
  }
  // Small files get their full hash here (one read); larger ones a partial hash.
  await hasher.hash(buckets, 'partial');
  const large: Uint32Array[] = [];
  const splitter = new Splitter(hasher);
  for (const rows of buckets) {
    const small = size[rows[0]!]! <= SMALL;
    for (const g of splitter.split(rows, small ? 'full' : 'partial')) {
      if (small || inodeCount(c, g) === 1) groups.push(g);
      else large.push(g);
    }
  }
  await hasher.hash(large, 'full');
  for (const rows of large) for (const g of splitter.split(rows, 'full')) groups.push(g);
  return groups;
}

/**
 * Splits lists of rows by hash; rows that could not be hashed drop out, and so
 * do groups of one. Each group comes back as a stretch of the list, which is
 * reordered for it (a group keeps its rows' order, and groups come in the
 * order of their first rows).
 *
 * Perf: rows are chained by the hash's first word through a table of typed
 * arrays, made once for every list (no Map, no array per file); each chain is
 * then confirmed whole, and split further only when two hashes share a first
 * word. A Map of arrays per list was tens of MB of garbage at a million files,
 * made while the hash workers still held theirs, and a third of a warm run.
 */
export class Splitter {
  /** Open addressing over first words: a chain's first position, -1 for none. */
  private table = new Int32Array(0);
  /** Per position: its word, the next position of its chain (-1 at the end), and for a chain's first, its last and its length. */
  private words = new Uint32Array(0);
  private next = new Int32Array(0);
  private last = new Int32Array(0);
  private length = new Uint32Array(0);
  private moved = new Uint32Array(0);

  constructor(private readonly hasher: Hasher) {}

  split(rows: Uint32Array, kind: 'partial' | 'full'): Uint32Array[] {
    const n = rows.length;
    const hasher = this.hasher;
    if (n === 2) return hasher.word(rows[0]!, kind) !== undefined && hasher.same(rows[0]!, rows[1]!, kind) ? [rows] : [];
    let cap = 16;
    while (cap < 2 * n) cap *= 2;
    if (this.table.length < cap) this.table = new Int32Array(cap);
    if (this.words.length < n) {
      this.words = new Uint32Array(n);
      this.next = new Int32Array(n);
      this.last = new Int32Array(n);
      this.length = new Uint32Array(n);
      this.moved = new Uint32Array(n);
    }
    const { table, words, next, last, length, moved } = this;
    const mask = cap - 1;
    table.fill(-1, 0, cap);
    length.fill(0, 0, n);
    for (let k = 0; k < n; k++) {
      const w = hasher.word(rows[k]!, kind);
      if (w === undefined) continue;
      words[k] = w;
      next[k] = -1;
      let s = Math.imul(w, 0x9e3779b1) & mask;
      while (table[s]! >= 0 && words[table[s]!] !== w) s = (s + 1) & mask;
      const h = table[s]!;
      if (h < 0) {
        table[s] = k;
        last[k] = k;
        length[k] = 1;
      } else {
        next[last[h]!] = k;
        last[h] = k;
        length[h]!++;
      }
    }
    // Groups are written to `moved` one after another, then copied over the front of `rows`.
    const spans: number[] = [];
    let at = 0;
    for (let h = 0; h < n; h++) {
      if (length[h]! < 2) continue;
      const first = rows[h]!;
      let all = true;
      for (let k = next[h]!; k >= 0 && all; k = next[k]!) all = hasher.same(first, rows[k]!, kind);
      if (all) {
        spans.push(at, length[h]!);
        for (let k = h; k >= 0; k = next[k]!) moved[at++] = rows[k]!;
        continue;
      }
      // Two hashes with one first word: split the chain by the whole hash.
      const lists: number[][] = [];
      for (let k = h; k >= 0; k = next[k]!) {
        const row = rows[k]!;
        const same = lists.find((l) => hasher.same(l[0]!, row, kind));
        if (same === undefined) lists.push([row]);
        else same.push(row);
      }
      for (const l of lists) {
        if (l.length < 2) continue;
        moved.set(l, at);
        spans.push(at, l.length);
        at += l.length;
      }
    }
    rows.set(moved.subarray(0, at));
    const out: Uint32Array[] = [];
    for (let j = 0; j < spans.length; j += 2) out.push(rows.subarray(spans[j], spans[j]! + spans[j + 1]!));
    return out;
  }
}

/** Keeps the members whose bytes equal their group's first copy; the others are returned apart. */
export async function verifyGroups(c: Catalog, hasher: Hasher, groups: Uint32Array[]): Promise<{ groups: Uint32Array[]; mismatched: number[] }> {
  const id = (r: number): string => `${c.dev[r]}:${c.ino[r]}`;
  // Each member against its group's first; names of one inode once. Perf: two
  // typed arrays, not an array per pair, and inode keys only for groups with hardlinks.
  let n = 0;
  for (const g of groups) n += g.length - 1;
  const rows = new Uint32Array(n);
  const refs = new Uint32Array(n);
  let m = 0;
  for (const g of groups) {
    const linked = inodeCount(c, g) !== g.length;
    const seen = linked ? new Set<string>([id(g[0]!)]) : undefined;
    for (let k = 1; k < g.length; k++) {
      if (seen !== undefined) {
        if (seen.has(id(g[k]!))) continue;
        seen.add(id(g[k]!));
      }
      rows[m] = g[k]!;
      refs[m++] = g[0]!;
    }
  }
  const same = await hasher.sameBytesOf(rows.subarray(0, m), refs.subarray(0, m));
  const bad = new Set<string>();
  const mismatched: number[] = [];
  for (let k = 0; k < m; k++) {
    if (same[k] === 1) continue;
    // Unreadable now: the hasher reports it; otherwise it is a real mismatch.
    if (hasher.problems.has(refs[k]!)) bad.add(id(refs[k]!));
    if (!hasher.problems.has(rows[k]!)) mismatched.push(rows[k]!);
    bad.add(id(rows[k]!));
  }
  if (bad.size === 0) return { groups, mismatched };
  const kept = groups.map((g) => g.filter((r) => !bad.has(id(r)))).filter((g) => g.length > 1);
  return { groups: kept, mismatched };
}

/** One group of files with the same content. */
export class FileGroup extends CopyGroup {
  /** Bytes of one copy. */
  readonly size: number;
  /** Distinct copies: names of one inode count once. */
  readonly copies: number;
  /** True when every name points at one inode: hardlinks, nothing to reclaim. */
  readonly hardlinked: boolean;
  /** Bytes the extra copies take up. */
  readonly wasted: number;

  /** The members as found, not yet in path order. */
  readonly #members: Uint32Array;

  constructor(catalog: Catalog, rows: Uint32Array) {
    super(catalog, rows);
    this.#members = rows;
    this.size = catalog.size[rows[0]!]!;
    this.copies = inodeCount(catalog, rows);
    this.hardlinked = this.copies === 1;
    this.wasted = (this.copies - 1) * this.size;
  }

  /** Members that share an inode, as lists of indices into `paths` (two or more each); [] when every member is its own file. */
  links(): number[][] {
    if (this.copies === this.#members.length) return [];
    const c = this.catalog;
    const byInode = new Map<string, number[]>();
    this.rows.forEach((r, k) => {
      const id = `${c.dev[r]}:${c.ino[r]}`;
      const list = byInode.get(id);
      if (list === undefined) byInode.set(id, [k]);
      else list.push(k);
    });
    return [...byInode.values()].filter((l) => l.length > 1);
  }

  /** Names in the group (every member, names of one inode each counted). */
  get count(): number {
    return this.#members.length;
  }

  /**
   * The first `k` members in path order: `rows.subarray(0, k)`, without
   * sorting every member (a table shows three paths of groups of thousands).
   */
  firstRows(k: number): Uint32Array {
    return k >= this.#members.length ? this.rows : new PathOrder(this.catalog).least(this.#members, k);
  }

  json(): { paths: string[]; size: number; hardlinked: boolean; links: number[][] } {
    return { paths: this.jsonPaths(), size: this.size, hardlinked: this.hardlinked, links: this.links() };
  }
}

/** What DupeFilesResult's json() gives (and JSON.stringify through toJSON()). */
export type DupeFilesJson = { groups: ReturnType<FileGroup['json']>[]; problems: readonly Problem[] };

/** What dupeFiles() returns: groups ranked by wasted bytes, and what could not be compared. */
export class DupeFilesResult extends PrintableResult<DupeFilesJson> {
  readonly #archiveName: string;
  readonly groups: readonly FileGroup[];
  /** Bytes all extra copies take up. */
  readonly wasted: number;
  readonly problems: readonly Problem[];
  readonly stats: HashStats;
  readonly verified: boolean;

  constructor(archiveName: string, groups: FileGroup[], problems: Problem[], stats: HashStats, verified: boolean) {
    super();
    this.#archiveName = archiveName;
    this.groups = groups;
    this.wasted = groups.reduce((n, g) => n + g.wasted, 0);
    this.problems = problems;
    this.stats = stats;
    this.verified = verified;
  }

  get length(): number {
    return this.groups.length;
  }

  /**
   * Root-relative paths of the copies a cleanup would remove: every member
   * but the first of each group, in the result's order (what --print0 prints).
   */
  get extraPaths(): string[] {
    return this.groups.flatMap((g) => g.paths.slice(1));
  }

  json(): DupeFilesJson {
    return { groups: this.groups.map((g) => g.json()), problems: this.problems };
  }


  summary(): string {
    const linked = this.groups.filter((g) => g.hardlinked).length;
    const s = this.stats;
    return `${plural(this.groups.length - linked, 'group')} of duplicate files, ${size(this.wasted)} in extra copies` +
      (linked > 0 ? `; ${plural(linked, 'group')} of hardlinks (nothing to reclaim)` : '') +
      ` (read ${plural(s.filesRead, 'file')}, ${size(s.bytesRead)}; ${num(s.cached)} hashes from the cache${this.verified ? '; verified byte by byte' : ''})`;
  }

  /** The table: the first `limit` groups, each with its first `paths` paths. */
  toTable(limit = 20, paths = 3): string {
    const rows: string[][] = [];
    for (const g of this.groups.slice(0, limit)) {
      const names = Array.from(g.firstRows(paths), (i) => display(g.catalog, this.#archiveName, i));
      rows.push(...groupRows([g.hardlinked ? 'hardlinks' : size(g.wasted), size(g.size), num(g.copies)], names, g.count));
    }
    const out = [table(rows, { head: ['wasted', 'size', 'copies', 'paths'], right: [0, 1, 2] })];
    if (this.groups.length > limit) out.push(more(this.groups.length - limit));
    return out.join('\n');
  }

  /** Prints the first `limit` groups with every path (`show(Infinity)` for all groups). */
  show(limit = 20): void {
    console.log(this.toString(limit, Infinity));
  }

  toString(limit = 20, paths = 3): string {
    const out = [this.summary()];
    if (this.groups.length > 0) out.push(this.toTable(limit, paths));
    out.push(...problemLines(this.problems, this.#archiveName));
    return out.join('\n');
  }

}

/**
 * The groups, most wasted bytes first, then the larger files, then by each
 * group's first path. Perf: a group's first member is found only when a tie
 * needs it, once, and groups are compared by it without building paths.
 */
function ranked(c: Catalog, groups: readonly Uint32Array[]): FileGroup[] {
  const order = new PathOrder(c);
  const all = groups.map((rows) => new FileGroup(c, rows));
  const first = new Float64Array(groups.length).fill(-1);
  const firstOf = (k: number): number => (first[k]! >= 0 ? first[k]! : (first[k] = order.first(groups[k]!)));
  const ranks = Array.from(groups.keys());
  ranks.sort((x, y) => all[y]!.wasted - all[x]!.wasted || all[y]!.size - all[x]!.size || order.compare(firstOf(x), firstOf(y)));
  return ranks.map((k) => all[k]!);
}

/** dupeFiles()'s options, declared once: its check, help(dupeFiles) and the dupe-files snippet's flags read them. */
export const DUPE_FILES_OPTIONS = {
  minSize: opt.sizeOr("only files of at least this size: 1e6 or '1MB'", { default: 1 }),
  verify: opt.choice("'bytes' compares the files of each group byte by byte before reporting", ['hash', 'bytes'] as const, 'hash'),
  ...SCOPE_OPTIONS,
  ...HASHING_OPTIONS,
};

/** Duplicate files: size, then partial hash, then full hash; hardlinks apart (examples: the registry entry in helpers.ts). */
export async function dupeFiles(a: ArchiveCore, options: DupeFilesOptions = {}): Promise<DupeFilesResult> {
  const o = checkOptions('dupeFiles', DUPE_FILES_OPTIONS, options);
  const c = a.catalog;
  const minSize = o.minSize;
  const out = outOfScope(c, a.name, o);
  const found = await hashedGroups(c, out, newHasher(c, hashOptions(o, a)), minSize, o.verify === 'bytes', a.signal);
  // The hasher (its hashes, the cache's records, the workers) is gone by now: the ranking has the memory.
  return new DupeFilesResult(a.name, ranked(c, found.groups), found.problems, found.stats, o.verify === 'bytes');
}

/** The groups of equal content, what could not be compared, and what it cost; the hasher is closed after. */
async function hashedGroups(c: Catalog, out: Uint8Array, hasher: Hasher, minSize: number, verify: boolean, signal: AbortSignal | undefined): Promise<{ groups: Uint32Array[]; problems: Problem[]; stats: HashStats }> {
  try {
    let groups = await contentGroups(c, out, hasher, minSize, signal);
    const extra: Problem[] = [];
    if (verify) {
      const v = await verifyGroups(c, hasher, groups);
      groups = v.groups;
      for (const r of v.mismatched) extra.push({ path: c.path(r), why: 'same hash as its group but different bytes' });
    }
    return { groups, problems: problemsOf(c, hasher, extra), stats: hasher.stats };
  } finally {
    await hasher.close();
  }
}
