// Duplicate files: regular files with size > 0 and equal content, found by
// size, then a partial hash (first and last blocks), then a full hash, so
// bytes are read only where sizes collide. Names of one inode are hardlinks.
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, SMALL, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { CopyGroup, HASHING_OPTIONS, comparePaths, display, groupRows, hashOptions, newHasher, problemLines, problemsOf, type Problem } from './common.ts';
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
  // Perf: a counting sort by size through one Map, not a comparison sort of every file.
  const counts = new Map<number, number>();
  let files = 0;
  for (let i = 1; i < c.length; i++) {
    if (kind[i] !== FILE || out[i] === 1 || size[i]! < least) continue;
    const s = size[i]!;
    counts.set(s, (counts.get(s) ?? 0) + 1);
    files++;
  }
  checkCancel(signal);
  const start = new Map<number, number>();
  let at = 0;
  for (const [s, n] of counts) {
    if (n < 2) continue;
    start.set(s, at);
    at += n;
  }
  const bySize = new Uint32Array(at);
  const fill = new Map(start);
  for (let i = 1; i < c.length && files > 0; i++) {
    if (kind[i] !== FILE || out[i] === 1 || size[i]! < least) continue;
    const k = fill.get(size[i]!);
    if (k === undefined) continue;
    bySize[k] = i;
    fill.set(size[i]!, k + 1);
  }

  const groups: Uint32Array[] = [];
  const buckets: Uint32Array[] = [];
  for (const [s, from] of start) {
    const rows = bySize.subarray(from, from + counts.get(s)!);
    if (inodeCount(c, rows) === 1) groups.push(rows);
    else buckets.push(rows);
  }
  // Small files get their full hash here (one read); larger ones a partial hash.
  await hasher.hash(concat(buckets), 'partial');
  const large: Uint32Array[] = [];
  for (const rows of buckets) {
    const small = size[rows[0]!]! <= SMALL;
    for (const g of split(hasher, rows, small ? 'full' : 'partial')) {
      if (small || inodeCount(c, g) === 1) groups.push(g);
      else large.push(g);
    }
  }
  await hasher.hash(concat(large), 'full');
  for (const rows of large) groups.push(...split(hasher, rows, 'full'));
  return groups;
}

/** Splits rows by hash; rows that could not be hashed drop out, and so do groups of one. */
export function split(hasher: Hasher, rows: ArrayLike<number>, kind: 'partial' | 'full'): Uint32Array[] {
  // Perf: grouped by the hash's first word (a number key, no string per file), then confirmed whole.
  const by = new Map<number, number[][]>();
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    const w = hasher.word(row, kind);
    if (w === undefined) continue;
    const lists = by.get(w);
    if (lists === undefined) {
      by.set(w, [[row]]);
      continue;
    }
    const same = lists.find((l) => hasher.same(l[0]!, row, kind));
    if (same === undefined) lists.push([row]);
    else same.push(row);
  }
  const out: Uint32Array[] = [];
  for (const lists of by.values()) for (const l of lists) if (l.length > 1) out.push(Uint32Array.from(l));
  return out;
}

function concat(parts: readonly Uint32Array[]): Uint32Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const all = new Uint32Array(n);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/** Keeps the members whose bytes equal their group's first copy; the others are returned apart. */
export async function verifyGroups(c: Catalog, hasher: Hasher, groups: Uint32Array[]): Promise<{ groups: Uint32Array[]; mismatched: number[] }> {
  const id = (r: number): string => `${c.dev[r]}:${c.ino[r]}`;
  const pairs: [number, number][] = [];
  for (const g of groups) {
    const seen = new Set<string>([id(g[0]!)]);
    for (let k = 1; k < g.length; k++) {
      if (!seen.has(id(g[k]!))) pairs.push([g[k]!, g[0]!]);
      seen.add(id(g[k]!));
    }
  }
  const same = await hasher.sameBytes(pairs);
  const bad = new Set<string>();
  const mismatched: number[] = [];
  pairs.forEach(([row, ref], k) => {
    if (same[k]) return;
    // Unreadable now: the hasher reports it; otherwise it is a real mismatch.
    if (hasher.problems.has(ref)) bad.add(id(ref));
    if (!hasher.problems.has(row)) mismatched.push(row);
    bad.add(id(row));
  });
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

  constructor(catalog: Catalog, rows: Uint32Array) {
    super(catalog, rows);
    this.size = catalog.size[rows[0]!]!;
    this.copies = inodeCount(catalog, rows);
    this.hardlinked = this.copies === 1;
    this.wasted = (this.copies - 1) * this.size;
  }

  /** Members that share an inode, as lists of indices into `paths` (two or more each); [] when every member is its own file. */
  links(): number[][] {
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
      const members = g.rows;
      const names = Array.from(members.subarray(0, Math.min(members.length, paths)), (i) => display(g.catalog, this.#archiveName, i));
      rows.push(...groupRows([g.hardlinked ? 'hardlinks' : size(g.wasted), size(g.size), num(g.copies)], names, members.length));
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
  const hasher = newHasher(c, hashOptions(o, a));
  try {
    let groups = await contentGroups(c, out, hasher, minSize, a.signal);
    const extra: Problem[] = [];
    if (o.verify === 'bytes') {
      const v = await verifyGroups(c, hasher, groups);
      groups = v.groups;
      for (const r of v.mismatched) extra.push({ path: c.path(r), why: 'same hash as its group but different bytes' });
    }
    const result = groups.map((g) => new FileGroup(c, g));
    result.sort((x, y) => y.wasted - x.wasted || y.size - x.size || comparePaths(x.paths[0]!, y.paths[0]!));
    return new DupeFilesResult(a.name, result, problemsOf(c, hasher, extra), hasher.stats, o.verify === 'bytes');
  } finally {
    hasher.close();
  }
}
