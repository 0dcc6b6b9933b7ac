// Duplicate folders: the same tree of names with identical file contents,
// whatever the folders themselves are called. Candidates come from shape
// signatures (names and sizes, from the index alone); only their files are
// hashed, partial hashes first; only the topmost copies are reported.
import { inspect } from 'node:util';
import type { Catalog } from '../catalog/index.ts';
import { UsageError, checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, SMALL, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { align, filesAt } from './align.ts';
import { contentKey, contents, markBelow, shapes, type HashLookup, type Shapes } from './signature.ts';
import { CopyGroup, byPath, display, groupRows, hashOptions, problemLines, problemsOf, type HashingOptions, type Problem } from './common.ts';
import { outOfScope, underRow, type ScopeOptions } from './scope.ts';
import { DIR, FILE } from '../types.ts';

export interface DupeDirsOptions extends ScopeOptions, HashingOptions {
  /** 'content' (default): same tree of names with identical contents. 'names': the seed's method, leaf folders with the same set of file names. */
  readonly by?: 'content' | 'names';
  /** 'bytes' compares every pair of files byte by byte before a group is reported (default 'hash'). */
  readonly verify?: 'hash' | 'bytes';
}

export const NAMES_ONLY = 'names only, contents not compared';

/** Folders that are copies of each other. */
export class DirGroup extends CopyGroup {
  /** Files in one copy (junk and .git left out unless asked for). */
  readonly files: number;
  /** Bytes of one copy (for names-only groups, of the largest). */
  readonly bytes: number;
  /** Bytes freed by keeping one copy (hardlinked files shared between copies count once). */
  readonly reclaimable: number;

  constructor(catalog: Catalog, rows: Uint32Array, files: number, bytes: number, reclaimable: number, junkIgnored = true) {
    super(catalog, rows, junkIgnored);
    this.files = files;
    this.bytes = bytes;
    this.reclaimable = reclaimable;
  }

  json(): { paths: string[]; files: number; bytes: number } {
    return { paths: this.jsonPaths(), files: this.files, bytes: this.bytes };
  }
}

/** What groupDupes() returns: groups ranked by reclaimable bytes. */
export class DupeDirsResult {
  readonly #archiveName: string;
  readonly mode: 'content' | 'names';
  readonly groups: readonly DirGroup[];
  readonly reclaimable: number;
  /** Files that could not be compared; folders holding them are left out. */
  readonly problems: readonly Problem[];
  readonly stats: HashStats;
  /** For names-only results: "names only, contents not compared". */
  readonly note: string | undefined;

  constructor(archiveName: string, mode: 'content' | 'names', groups: DirGroup[], problems: Problem[], stats: HashStats) {
    this.#archiveName = archiveName;
    this.mode = mode;
    this.groups = groups;
    this.reclaimable = groups.reduce((n, g) => n + g.reclaimable, 0);
    this.problems = problems;
    this.stats = stats;
    this.note = mode === 'names' ? NAMES_ONLY : undefined;
  }

  get length(): number {
    return this.groups.length;
  }

  json(): { mode: 'content' | 'names'; note?: string; groups: ReturnType<DirGroup['json']>[]; problems: readonly Problem[] } {
    return { mode: this.mode, ...(this.note === undefined ? {} : { note: this.note }), groups: this.groups.map((g) => g.json()), problems: this.problems };
  }

  toJSON(): ReturnType<DupeDirsResult['json']> {
    return this.json();
  }

  summary(): string {
    const s = this.stats;
    const groups = this.groups.length === 1 ? 'group' : 'groups';
    const what = this.mode === 'names' ? `${groups} of leaf folders with the same file names (${NAMES_ONLY})` : `${groups} of duplicate folders (topmost copies only)`;
    const read = this.mode === 'names' ? '' : ` (read ${plural(s.filesRead, 'file')}, ${size(s.bytesRead)}; ${num(s.cached)} hashes from the cache)`;
    return `${num(this.groups.length)} ${what}, ${size(this.reclaimable)} reclaimable${read}`;
  }

  /** The table: the first `limit` groups, each with its first `paths` folders. */
  toTable(limit = 20, paths = 5): string {
    const rows: string[][] = [];
    for (const g of this.groups.slice(0, limit)) {
      const members = g.rows;
      const names = Array.from(members.subarray(0, Math.min(members.length, paths)), (i) => display(g.catalog, this.#archiveName, i));
      rows.push(...groupRows([size(g.reclaimable), size(g.bytes), num(g.files)], names, members.length));
    }
    const out = [table(rows, { head: ['reclaimable', 'one copy', 'files', 'folders'], right: [0, 1, 2] })];
    if (this.groups.length > limit) out.push(more(this.groups.length - limit));
    return out.join('\n');
  }

  toString(limit = 20, paths = 5): string {
    const out = [this.summary()];
    if (this.groups.length > 0) out.push(this.toTable(limit, paths));
    out.push(...problemLines(this.problems, this.#archiveName));
    return out.join('\n');
  }

  /** Prints the first `limit` groups with every folder (`show(Infinity)` for all groups). */
  show(limit = 20): void {
    console.log(this.toString(limit, Infinity));
  }

  [inspect.custom](): string {
    return this.toString(10);
  }
}

/** Groups rows by a key; keeps the groups of two or more. */
function groupBy(rows: Iterable<number>, key: (row: number) => string | undefined): Uint32Array[] {
  const by = new Map<string, number[]>();
  for (const r of rows) {
    const k = key(r);
    if (k === undefined) continue;
    const list = by.get(k);
    if (list === undefined) by.set(k, [r]);
    else list.push(r);
  }
  const out: Uint32Array[] = [];
  for (const list of by.values()) if (list.length > 1) out.push(Uint32Array.from(list));
  return out;
}

/** In-scope regular files with bytes below the given folders (and, with `largeOnly`, bigger than SMALL). */
function filesBelow(c: Catalog, out: Uint8Array, below: Uint8Array, largeOnly = false): number[] {
  const rows: number[] = [];
  for (let i = 1; i < c.length; i++) {
    if (below[i] === 1 && out[i] === 0 && c.kind[i] === FILE && c.size[i]! > (largeOnly ? SMALL : 0)) rows.push(i);
  }
  return rows;
}

function members(groups: readonly Uint32Array[]): number[] {
  return groups.flatMap((g) => Array.from(g));
}

/** Splits candidate groups by content signature; folders with an unreadable file drop out. */
function refine(c: Catalog, out: Uint8Array, groups: Uint32Array[], hashOf: HashLookup): Uint32Array[] {
  const m = members(groups);
  const sig = contents(c, out, markBelow(c, m), hashOf);
  return groups.flatMap((g) => groupBy(g, (r) => (sig.unknown[r] === 1 ? undefined : contentKey(sig, r))));
}

/**
 * Every group of folders with identical contents, at every level (not only
 * the topmost), found from shape candidates. Shared by groupDupes(),
 * contained() and similar(), which hash through the same Hasher.
 */
export async function identicalDirs(c: Catalog, out: Uint8Array, sh: Shapes, hasher: Hasher, signal?: AbortSignal, skip = 0): Promise<Uint32Array[]> {
  const dirs: number[] = [];
  for (let i = 1; i < c.length; i++) {
    // Empty folders and trees with no bytes are never duplicates.
    if (c.kind[i] === DIR && out[i] === 0 && sh.bytes[i]! > 0 && i !== skip) dirs.push(i);
  }
  let groups = groupBy(dirs, (i) => `${sh.a[i]}:${sh.b[i]}:${sh.files[i]}:${sh.bytes[i]}`);
  checkCancel(signal);
  if (groups.length === 0) return [];
  // Round 1: full hashes of small files, partial hashes of large ones.
  await hasher.hash(filesBelow(c, out, markBelow(c, members(groups))), 'partial');
  groups = refine(c, out, groups, (r) => hasher.partialOf(r));
  // Round 2: large files of the folders still alike, read whole.
  const large = filesBelow(c, out, markBelow(c, members(groups)), true);
  if (large.length > 0) {
    await hasher.hash(large, 'full');
    groups = refine(c, out, groups, (r) => hasher.fullOf(r));
  }
  return groups;
}

/**
 * Keeps the groups that are news. When every member's parent belongs to one
 * same group, the parents' group already says it: left out. When those
 * parents each hold several members (folders alike inside each copy), the
 * group is kept with the members of one parent only, so no byte is counted
 * twice.
 */
export function topmost(c: Catalog, groups: readonly Uint32Array[]): Uint32Array[] {
  const groupOf = new Map<number, number>();
  groups.forEach((g, k) => {
    for (const r of g) groupOf.set(r, k);
  });
  const out: Uint32Array[] = [];
  for (const g of groups) {
    const parents = Array.from(g, (r) => c.parent[r]!);
    const first = groupOf.get(parents[0]!);
    if (first === undefined || !parents.every((p) => groupOf.get(p) === first)) {
      out.push(g);
      continue;
    }
    const distinct = [...new Set(parents)];
    if (distinct.length === parents.length) continue;
    const one = byPath(c, distinct)[0]!;
    out.push(g.filter((r) => c.parent[r] === one));
  }
  return out;
}

/** Bytes freed by keeping the first member: files hardlinked between members free nothing. */
function reclaimable(c: Catalog, out: Uint8Array, sh: Shapes, g: Uint32Array): number {
  const bytes = sh.bytes[g[0]!]!;
  if (!Array.from(g).some((r) => sh.linked[r] === 1)) return (g.length - 1) * bytes;
  const id = (r: number): string => `${c.dev[r]}:${c.ino[r]}`;
  const kept = new Set(filesAt(c, out, g[0]!).map(id));
  const freed = new Set<string>();
  let total = 0;
  for (let m = 1; m < g.length; m++) {
    for (const r of filesAt(c, out, g[m]!)) {
      if (kept.has(id(r)) || freed.has(id(r))) continue;
      freed.add(id(r));
      total += c.size[r]!;
    }
  }
  return total;
}

/** Drops members whose files differ byte by byte from the first member's. */
async function verifyDirs(c: Catalog, out: Uint8Array, hasher: Hasher, groups: Uint32Array[]): Promise<{ groups: Uint32Array[]; mismatched: Problem[] }> {
  // Nested groups align the same files again: each pair is compared once.
  const index = new Map<string, number>();
  const pairs: [number, number][] = [];
  const uses: number[][] = [];
  groups.forEach((g, k) => {
    for (let m = 1; m < g.length; m++) {
      for (const [x, y] of align(c, out, g[m]!, g[0]!).files) {
        if (c.size[x] === 0 || (c.dev[x] === c.dev[y] && c.ino[x] === c.ino[y])) continue;
        const key = `${x}:${y}`;
        let p = index.get(key);
        if (p === undefined) {
          p = pairs.push([x, y]) - 1;
          index.set(key, p);
          uses.push([]);
        }
        uses[p]!.push(k * 1e6 + m);
      }
    }
  });
  const same = await hasher.sameBytes(pairs);
  const drop = new Set<number>();
  const mismatched: Problem[] = [];
  same.forEach((ok, p) => {
    if (ok) return;
    for (const u of uses[p]!) drop.add(u);
    const [x, y] = pairs[p]!;
    if (!hasher.problems.has(x) && !hasher.problems.has(y)) mismatched.push({ path: c.path(x), why: 'same hash as its copy but different bytes' });
  });
  const kept = groups.map((g, k) => g.filter((_, m) => !drop.has(k * 1e6 + m))).filter((g) => g.length > 1);
  return { groups: kept, mismatched };
}

/** The seed's method: leaf folders (files, no subfolders) grouped by the set of their names. */
function byNames(c: Catalog, out: Uint8Array, sh: Shapes, junkIgnored: boolean): DirGroup[] {
  const leaves: number[] = [];
  for (let i = 1; i < c.length; i++) {
    if (c.kind[i] !== DIR || out[i] === 1 || sh.bytes[i] === 0) continue;
    let leaf = true;
    for (let j = c.firstChild[i]!, end = j + c.childCount[i]!; j < end && leaf; j++) leaf = out[j] === 1 || c.kind[j] !== DIR;
    if (leaf) leaves.push(i);
  }
  const groups = groupBy(leaves, (i) => {
    const ids: number[] = [];
    for (let j = c.firstChild[i]!, end = j + c.childCount[i]!; j < end; j++) if (out[j] === 0) ids.push(c.nameId[j]!);
    return ids.sort((x, y) => x - y).join(',');
  });
  return groups.map((g) => {
    const sizes = Array.from(g, (r) => sh.bytes[r]!);
    const largest = Math.max(...sizes);
    return new DirGroup(c, g, sh.files[g[0]!]!, largest, sizes.reduce((n, s) => n + s, 0) - largest, junkIgnored);
  });
}

/**
 * Duplicate folders, topmost copies only, ranked by reclaimable bytes.
 * @example groupDupes()  groupDupes({by: 'names'})  groupDupes({under: 'photos', verify: 'bytes'})
 */
export async function groupDupes(a: ArchiveCore, options: DupeDirsOptions = {}): Promise<DupeDirsResult> {
  const o = { by: 'content' as const, verify: 'hash' as const, ...options };
  if (o.by !== 'content' && o.by !== 'names') throw new UsageError(`by '${String(o.by)}' is not a mode; use by: 'content' (the default) or by: 'names'`);
  const c = a.catalog;
  const out = outOfScope(c, a.name, o);
  const sh = shapes(c, out);
  if (o.by === 'names') {
    const groups = byNames(c, out, sh, o.junk !== true).sort((x, y) => y.reclaimable - x.reclaimable || y.bytes - x.bytes);
    return new DupeDirsResult(a.name, 'names', groups, [], { filesRead: 0, bytesRead: 0, cached: 0 });
  }
  const hasher = new Hasher(c, hashOptions(o, a));
  try {
    let groups = await identicalDirs(c, out, sh, hasher, a.signal, underRow(c, a.name, o.under));
    let extra: Problem[] = [];
    if (o.verify === 'bytes') ({ groups, mismatched: extra } = await verifyDirs(c, out, hasher, groups));
    const result = topmost(c, groups).map((g) => new DirGroup(c, g, sh.files[g[0]!]!, sh.bytes[g[0]!]!, reclaimable(c, out, sh, g), o.junk !== true));
    result.sort((x, y) => y.reclaimable - x.reclaimable || y.bytes - x.bytes);
    return new DupeDirsResult(a.name, 'content', result, problemsOf(c, hasher, extra), hasher.stats);
  } finally {
    hasher.close();
  }
}
