// Duplicate folders: the same tree of names with identical file contents,
// whatever the folders themselves are called. Candidates come from shape
// signatures (names and sizes, from the index alone); only their files are
// hashed, partial hashes first; only the topmost copies are reported.
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, SMALL, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { align, filesAt } from './align.ts';
import { contentKey, contents, markBelow, shapes, type HashLookup, type Shapes } from './signature.ts';
import { CopyGroup, HASHING_OPTIONS, byPath, comparePaths, display, groupRows, hashOptions, newHasher, problemLines, problemsOf, relPath, type Problem } from './common.ts';
import { SCOPE_OPTIONS, outOfScope, underRow } from './scope.ts';
import { DIR, FILE } from '../types.ts';
import { checkOptions, opt, PrintableResult, type Given } from '../shared/index.ts';

/** groupDupes()'s options: what GROUP_DUPES_OPTIONS declares. */
export type DupeDirsOptions = Given<typeof GROUP_DUPES_OPTIONS>;

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

/** What DupeDirsResult's json() gives (and JSON.stringify through toJSON()). */
export type DupeDirsJson = { mode: 'content' | 'names'; note?: string; groups: ReturnType<DirGroup['json']>[]; problems: readonly Problem[] };

/** What groupDupes() returns: groups ranked by reclaimable bytes. */
export class DupeDirsResult extends PrintableResult<DupeDirsJson> {
  readonly #archiveName: string;
  readonly mode: 'content' | 'names';
  readonly groups: readonly DirGroup[];
  readonly reclaimable: number;
  /** Files that could not be compared; folders holding them are left out. */
  readonly problems: readonly Problem[];
  readonly stats: HashStats;
  /** For names-only results: "names only, contents not compared". */
  readonly note: string | undefined;

  /** `reclaimable`: what removing every copy but one frees, each byte once (by default, the groups' sum). */
  constructor(archiveName: string, mode: 'content' | 'names', groups: DirGroup[], problems: Problem[], stats: HashStats, reclaimable?: number) {
    super();
    this.#archiveName = archiveName;
    this.mode = mode;
    this.groups = groups;
    this.reclaimable = reclaimable ?? groups.reduce((n, g) => n + g.reclaimable, 0);
    this.problems = problems;
    this.stats = stats;
    this.note = mode === 'names' ? NAMES_ONLY : undefined;
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

  json(): DupeDirsJson {
    return { mode: this.mode, ...(this.note === undefined ? {} : { note: this.note }), groups: this.groups.map((g) => g.json()), problems: this.problems };
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

/** Keeps one path per folder: two paths with one device and inode (a bind mount) are one folder, never copies. */
function oneName(c: Catalog, groups: Uint32Array[]): Uint32Array[] {
  return groups.flatMap((g) => {
    const seen = new Set<string>();
    const kept = Array.from(g).filter((r) => {
      const id = `${c.dev[r]}:${c.ino[r]}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    return kept.length > 1 ? [kept.length === g.length ? g : Uint32Array.from(kept)] : [];
  });
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
  let groups = oneName(c, groupBy(dirs, (i) => `${sh.a[i]}:${sh.b[i]}:${sh.files[i]}:${sh.bytes[i]}`));
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

/** The groups to report, and which member of each is the copy kept when the others go. */
export interface Topmost {
  readonly groups: Uint32Array[];
  /** Per reported group, the row of its kept copy (the first in path order that is not inside a removed copy). */
  readonly kept: number[];
}

/**
 * Keeps the groups that are news, outer groups first. A group whose every
 * member lies inside a copy of an already reported group says nothing new
 * about the copies that go: it is kept with its members inside kept copies
 * only (rmlint's test_deep_full_twice), or left out when fewer than two are
 * there. A group with a member outside them is reported whole. Each group's
 * kept copy is its first member in path order that does not lie inside a
 * copy that goes.
 */
export function topmost(c: Catalog, groups: readonly Uint32Array[]): Topmost {
  const depth = (r: number): number => c.depth(r);
  const order = groups.map((g) => ({ g, min: Math.min(...Array.from(g, depth)), max: Math.max(...Array.from(g, depth)), first: relPath(c, byPath(c, g)[0]!) }));
  order.sort((x, y) => x.min - y.min || x.max - y.max || comparePaths(x.first, y.first));
  // Rows of reported members: 1 for a kept copy, 2 for a copy that goes.
  const status = new Map<number, 1 | 2>();
  /** 2 when `r` lies inside a copy that goes, 1 inside a kept copy only, 0 inside neither. */
  const inside = (r: number): 0 | 1 | 2 => {
    let found: 0 | 1 | 2 = 0;
    for (let j = c.parent[r]!; ; j = c.parent[j]!) {
      const s = status.get(j);
      if (s === 2) return 2;
      if (s === 1) found = 1;
      if (j === 0) return found;
    }
  };
  const out: Uint32Array[] = [];
  const kept: number[] = [];
  for (const { g } of order) {
    const sorted = byPath(c, g);
    const where = Array.from(sorted, inside);
    let members = sorted;
    if (where.every((w) => w !== 0)) {
      members = sorted.filter((_, k) => where[k] === 1);
      if (members.length < 2) continue;
    }
    const keep = members.find((r) => inside(r) !== 2) ?? members[0]!;
    for (const r of members) if (inside(r) !== 2) status.set(r, r === keep ? 1 : 2);
    out.push(members);
    kept.push(keep);
  }
  return { groups: out, kept };
}

/**
 * Bytes freed by removing every copy but the kept one of every group: each
 * byte once (a copy inside another copy is not counted again), and a file
 * only when every name of its inode goes (hardlinks free nothing).
 */
function freedBytes(c: Catalog, out: Uint8Array, t: Topmost): number {
  const going: number[] = [];
  t.groups.forEach((g, k) => {
    for (const r of g) if (r !== t.kept[k]) going.push(r);
  });
  if (going.length === 0) return 0;
  const below = markBelow(c, going);
  let total = 0;
  const names = new Map<string, number>();
  for (let i = 1; i < c.length; i++) {
    if (below[i] === 0 || out[i] === 1 || c.kind[i] !== FILE) continue;
    if (c.nlink[i]! <= 1) {
      total += c.size[i]!;
      continue;
    }
    const id = `${c.dev[i]}:${c.ino[i]}`;
    const n = (names.get(id) ?? 0) + 1;
    names.set(id, n);
    if (n === c.nlink[i]) total += c.size[i]!;
  }
  return total;
}

/** Bytes freed by keeping one member: files hardlinked between members free nothing. */
function reclaimable(c: Catalog, out: Uint8Array, sh: Shapes, g: Uint32Array, keep: number): number {
  const bytes = sh.bytes[g[0]!]!;
  if (!Array.from(g).some((r) => sh.linked[r] === 1)) return (g.length - 1) * bytes;
  const id = (r: number): string => `${c.dev[r]}:${c.ino[r]}`;
  const kept = new Set(filesAt(c, out, keep).map(id));
  const freed = new Set<string>();
  let total = 0;
  for (const m of g) {
    if (m === keep) continue;
    for (const r of filesAt(c, out, m)) {
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

const lastByCatalog = new WeakMap<Catalog, DupeDirsResult>();

/** The last whole-archive content result of groupDupes() for this index, if any: browse() badges copies with it. */
export function lastDupes(c: Catalog): DupeDirsResult | undefined {
  return lastByCatalog.get(c);
}

/** groupDupes()'s options, declared once: its check, help(groupDupes) and the dupe-dirs snippet's flags read them. */
export const GROUP_DUPES_OPTIONS = {
  by: opt.choice("'names' is the seed's method: leaf folders with the same file names (contents not compared)", ['content', 'names'] as const, 'content'),
  verify: opt.choice("'bytes' compares every file byte by byte before reporting", ['hash', 'bytes'] as const, 'hash'),
  ...SCOPE_OPTIONS,
  ...HASHING_OPTIONS,
};

/** Duplicate folders, topmost copies only, ranked by reclaimable bytes (examples: the registry entry in helpers.ts). */
export async function groupDupes(a: ArchiveCore, options: DupeDirsOptions = {}): Promise<DupeDirsResult> {
  const o = checkOptions('groupDupes', GROUP_DUPES_OPTIONS, options);
  const c = a.catalog;
  const out = outOfScope(c, a.name, o);
  const sh = shapes(c, out);
  if (o.by === 'names') {
    const groups = byNames(c, out, sh, o.junk !== true).sort((x, y) => y.reclaimable - x.reclaimable || y.bytes - x.bytes || comparePaths(x.paths[0]!, y.paths[0]!));
    return new DupeDirsResult(a.name, 'names', groups, [], { filesRead: 0, bytesRead: 0, cached: 0 });
  }
  const hasher = newHasher(c, hashOptions(o, a));
  try {
    let groups = await identicalDirs(c, out, sh, hasher, a.signal, underRow(c, a.name, o.under));
    let extra: Problem[] = [];
    if (o.verify === 'bytes') ({ groups, mismatched: extra } = await verifyDirs(c, out, hasher, groups));
    const top = topmost(c, groups);
    const result = top.groups.map((g, k) => new DirGroup(c, g, sh.files[g[0]!]!, sh.bytes[g[0]!]!, reclaimable(c, out, sh, g, top.kept[k]!), o.junk !== true));
    result.sort((x, y) => y.reclaimable - x.reclaimable || y.bytes - x.bytes || comparePaths(x.paths[0]!, y.paths[0]!));
    const done = new DupeDirsResult(a.name, 'content', result, problemsOf(c, hasher, extra), hasher.stats, freedBytes(c, out, top));
    if (o.under === undefined) lastByCatalog.set(c, done);
    return done;
  } finally {
    hasher.close();
  }
}
