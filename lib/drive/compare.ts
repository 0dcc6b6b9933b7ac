// The twin drive: what differs between this archive and another root (the
// drive rotated out a week or two ago). Read-only on both sides.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { checkRoot, resolveRoot } from '../config.ts';
import { checkCancel, UsageError } from '../errors.ts';
import { day, more, num, plural, size, table } from '../format.ts';
import { checkOptions, opt, printable, type Printable, type Given } from '../shared/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { Hasher, type HashStats } from '../hash/index.ts';
import { scan } from '../catalog/index.ts';
import { DIR, FILE, KINDS, SYMLINK, type Kind } from '../types.ts';

/** Hashes the given rows (regular files) of a catalog; the lookup gives a row's content key, or undefined when it could not be read. */
export type HashRows = (cat: Catalog, rows: readonly number[]) => Promise<(row: number) => string | undefined>;

/** compare()'s options: what COMPARE_OPTIONS declares. */
export type CompareOptions = Given<typeof COMPARE_OPTIONS>;

/** An entry on one side only: topmost, so a folder stands for everything below it. */
export interface OnlyItem {
  readonly path: string;
  readonly kind: Kind;
  readonly bytes: number;
  /** Entries below a folder (0 for anything else). */
  readonly entries: number;
}

/** Same path on both sides, but not the same thing. */
export interface ChangedItem {
  readonly path: string;
  /** What differs: size, mtime, kind (a file here, a folder there), or link target. */
  readonly what: readonly ('size' | 'mtime' | 'kind' | 'target')[];
  readonly kindA: Kind;
  readonly kindB: Kind;
  readonly bytesA: number;
  readonly bytesB: number;
  readonly mtimeA: Date;
  readonly mtimeB: Date;
}

/** The same content at another path: a file, or a whole folder whose every file moved together. */
export interface MovedItem {
  readonly from: string;
  readonly to: string;
  readonly kind: Kind;
  readonly bytes: number;
}

export interface CompareData {
  readonly rootA: string;
  readonly rootB: string;
  readonly nameA: string;
  readonly nameB: string;
  readonly onlyA: readonly OnlyItem[];
  readonly onlyB: readonly OnlyItem[];
  readonly changed: readonly ChangedItem[];
  readonly moved: readonly MovedItem[];
  /** False when moved files were not looked for (`moved: false`). */
  readonly movedChecked: boolean;
  /** Entries compared on this side. */
  readonly entries: number;
  /** Items that differ (only here + only there + changed + moved) and their bytes. */
  readonly items: number;
  readonly bytes: number;
  /** What finding moves cost, through the hash cache: files and bytes read, hashes taken from the cache. */
  readonly hashing: HashStats;
}

/** The snippet's JSON shape: paths relative to each root. */
export interface CompareJson {
  onlyA: string[];
  onlyB: string[];
  changed: string[];
  moved: { from: string; to: string }[];
}

export type CompareResult = Printable<CompareData, CompareJson>;

/** compare()'s options, declared once: its check, help(compare) and the compare snippet's flags read them. */
export const COMPARE_OPTIONS = {
  moved: opt.flag('find files and folders that moved, by content', true),
  modifyWindow: opt.numberOr("seconds two mtimes may differ and still match, as rsync's --modify-window", { default: 0, min: 0, sample: '2' }),
  limit: opt.numberOr('rows per printed table', { default: 20, min: 1, integer: true, infinity: true, sample: '50' }),
  otherName: opt.string('display name of the other side (default its folder name)'),
  hashRows: opt.fn<HashRows>('how file contents are hashed (default: through the hash cache)'),
};

/** Resolves the other root: a path or a name from archives.json, an existing folder, not this archive or inside it. */
export function otherRoot(arg: unknown, root: string): { root: string; name: string } {
  if (typeof arg !== 'string' || arg === '') throw new UsageError('compare() needs the other root: the twin drive\'s folder, e.g. compare(\'/Volumes/twin/old_hdd_backups\')');
  const named = resolveRoot(arg);
  const real = checkRoot(named.root);
  const within = (a: string, b: string): boolean => a === b || a.startsWith(b.endsWith(path.sep) ? b : b + path.sep);
  if (within(real, root) || within(root, real)) {
    throw new UsageError(`compare(): '${arg}' is ${real === root ? 'this archive itself' : 'inside this archive, or holds it'}; give the other drive's copy`);
  }
  return { root: real, name: named.name ?? path.basename(real) };
}

/** Builds the comparison of two catalogs. Reads nothing but link targets and, for moves, the contents of candidate files. */
export async function compareCatalogs(a: Catalog, b: Catalog, names: { a: string; b: string }, options: CompareOptions = {}, signal?: AbortSignal): Promise<CompareData> {
  const o = checkOptions('compare', COMPARE_OPTIONS, options);
  const onlyA: number[] = [];
  const onlyB: number[] = [];
  const changed: ChangedItem[] = [];
  const sameTime = o.modifyWindow === 0
    ? (x: number, y: number) => Math.floor(x / 1000) === Math.floor(y / 1000)
    : (x: number, y: number) => Math.abs(x - y) <= o.modifyWindow * 1000;

  // Both trees are walked together, folder by folder, matching children by name.
  const stack: [number, number][] = [[0, 0]];
  let steps = 0;
  while (stack.length > 0) {
    const [ia, ib] = stack.pop()!;
    if ((++steps & 1023) === 0) checkCancel(signal);
    const kidsB = new Map<string, number>();
    for (const c of b.children(ib)) kidsB.set(b.name(c), c);
    for (const ca of a.children(ia)) {
      const name = a.name(ca);
      const cb = kidsB.get(name);
      if (cb === undefined) {
        onlyA.push(ca);
        continue;
      }
      kidsB.delete(name);
      const ka = a.kind[ca]!;
      const kb = b.kind[cb]!;
      const what: ChangedItem['what'][number][] = [];
      if (ka !== kb) what.push('kind');
      else if (ka === DIR) stack.push([ca, cb]);
      else if (ka === FILE) {
        if (a.size[ca] !== b.size[cb]) what.push('size');
        if (!sameTime(a.mtime[ca]!, b.mtime[cb]!)) what.push('mtime');
      } else if (ka === SYMLINK && readLink(a, ca) !== readLink(b, cb)) what.push('target');
      if (what.length > 0) {
        changed.push({
          path: a.path(ca), what, kindA: KINDS[ka]!, kindB: KINDS[kb]!, bytesA: a.subBytes[ca]!, bytesB: b.subBytes[cb]!,
          mtimeA: new Date(a.mtime[ca]!), mtimeB: new Date(b.mtime[cb]!),
        });
      }
    }
    for (const cb of kidsB.values()) onlyB.push(cb);
  }

  const moves = o.moved && o.hashRows !== undefined ? await findMoves(a, b, onlyA, onlyB, o.hashRows, signal) : [];
  const movedA = new Set(moves.map((m) => m.a));
  const movedB = new Set(moves.map((m) => m.b));
  const only = (cat: Catalog, tops: readonly number[], moved: ReadonlySet<number>): OnlyItem[] =>
    expandAround(cat, tops, moved).sort((x, y) => x - y).map((i) => ({ path: cat.path(i), kind: KINDS[cat.kind[i]!]!, bytes: cat.subBytes[i]!, entries: cat.kind[i] === DIR ? cat.subEntries[i]! : 0 }));
  const itemsA = only(a, onlyA, movedA);
  const itemsB = only(b, onlyB, movedB);
  const moved = moves.map((m) => ({ from: a.path(m.a), to: b.path(m.b), kind: KINDS[a.kind[m.a]!]!, bytes: a.subBytes[m.a]! }))
    .sort((x, y) => (x.from < y.from ? -1 : 1));
  changed.sort((x, y) => (x.path < y.path ? -1 : 1));
  const sum = (xs: readonly { bytes: number }[]): number => xs.reduce((s, x) => s + x.bytes, 0);
  return {
    rootA: a.root, rootB: b.root, nameA: names.a, nameB: names.b,
    onlyA: itemsA, onlyB: itemsB, changed, moved, movedChecked: o.moved && o.hashRows !== undefined,
    entries: a.subEntries[0]!,
    hashing: { filesRead: 0, bytesRead: 0, cached: 0 },
    items: itemsA.length + itemsB.length + changed.length + moved.length,
    bytes: sum(itemsA) + sum(itemsB) + changed.reduce((s, c) => s + Math.max(c.bytesA, c.bytesB), 0) + sum(moved),
  };
}

function readLink(cat: Catalog, i: number): string {
  try {
    return fs.readlinkSync(cat.fsPath(i), { encoding: 'buffer' }).toString('latin1');
  } catch {
    return '';
  }
}

/**
 * The topmost entries of `tops`, except that an entry holding a moved item is
 * opened up: its other children are listed instead, so nothing is counted
 * both as moved and as only on one side.
 */
function expandAround(cat: Catalog, tops: readonly number[], moved: ReadonlySet<number>): number[] {
  if (moved.size === 0) return [...tops];
  const holds = new Set<number>();
  for (const m of moved) for (let p = cat.parent[m]!; p !== 0 && !holds.has(p); p = cat.parent[p]!) holds.add(p);
  const out: number[] = [];
  const stack = [...tops];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (moved.has(i)) continue;
    if (holds.has(i)) stack.push(...cat.children(i));
    else out.push(i);
  }
  return out;
}

interface Move {
  readonly a: number;
  readonly b: number;
}

/** Every regular file, size > 0, at or below the given entries. */
function filesBelow(cat: Catalog, tops: readonly number[]): number[] {
  const out: number[] = [];
  const stack = [...tops];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (cat.kind[i] === FILE) {
      if (cat.size[i]! > 0) out.push(i);
    } else if (cat.kind[i] === DIR) stack.push(...cat.children(i));
  }
  return out;
}

/**
 * Pairs files only here with files only there that have the same content,
 * then folds the pairs into whole folders where every file of a folder moved
 * to the same relative place in one folder on the other side.
 */
async function findMoves(a: Catalog, b: Catalog, onlyA: readonly number[], onlyB: readonly number[], hashRows: HashRows, signal?: AbortSignal): Promise<Move[]> {
  const filesB = filesBelow(b, onlyB);
  const sizesB = new Set(filesB.map((i) => b.size[i]!));
  // Read only files whose size occurs on both sides.
  const candA = filesBelow(a, onlyA).filter((i) => sizesB.has(a.size[i]!));
  const sizesA = new Set(candA.map((i) => a.size[i]!));
  const candB = filesB.filter((i) => sizesA.has(b.size[i]!));
  if (candA.length === 0) return [];
  checkCancel(signal);
  const keyA = await hashRows(a, candA);
  const keyB = await hashRows(b, candB);
  const byKeyB = new Map<string, number[]>();
  for (const ib of candB) {
    const k = keyB(ib);
    if (k === undefined) continue;
    const l = byKeyB.get(k);
    if (l === undefined) byKeyB.set(k, [ib]);
    else l.push(ib);
  }
  const pairs: Move[] = [];
  for (const ia of candA) {
    const k = keyA(ia);
    const l = k === undefined ? undefined : byKeyB.get(k);
    if (l === undefined || l.length === 0) continue;
    // Prefer a copy with the same name; each file on the other side is used once.
    const name = a.name(ia);
    const at = Math.max(0, l.findIndex((ib) => b.name(ib) === name));
    pairs.push({ a: ia, b: l[at]! });
    l.splice(at, 1);
  }
  return foldIntoFolders(a, b, onlyA, onlyB, pairs);
}

function foldIntoFolders(a: Catalog, b: Catalog, onlyA: readonly number[], onlyB: readonly number[], pairs: readonly Move[]): Move[] {
  const inRegion = (cat: Catalog, tops: ReadonlySet<number>, i: number): boolean => {
    for (let j = i; ; j = cat.parent[j]!) {
      if (tops.has(j)) return true;
      if (j === 0) return false;
    }
  };
  const topsA = new Set(onlyA);
  const topsB = new Set(onlyB);
  // Climb from each pair while the names below stay the same and both sides stay within what differs.
  const candidate = (m: Move): Move => {
    let x = m.a;
    let y = m.b;
    while (a.name(x) === b.name(y) && !topsA.has(x) && !topsB.has(y)) {
      const px = a.parent[x]!;
      const py = b.parent[y]!;
      if (px === 0 || py === 0 || !inRegion(a, topsA, px) || !inRegion(b, topsB, py)) break;
      x = px;
      y = py;
    }
    return { a: x, b: y };
  };
  const groups = new Map<string, { folder: Move; pairs: Move[] }>();
  for (const m of pairs) {
    const c = candidate(m);
    if (a.kind[c.a] !== DIR) continue;
    const key = `${c.a}:${c.b}`;
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { folder: c, pairs: [m] });
    else g.pairs.push(m);
  }
  const folded = new Set<Move>();
  const out: Move[] = [];
  for (const g of groups.values()) {
    const { a: x, b: y } = g.folder;
    const sameShape = a.subEntries[x] === b.subEntries[y] && filesBelow(a, [x]).length === g.pairs.length && filesBelow(b, [y]).length === g.pairs.length;
    if (!sameShape) continue;
    out.push(g.folder);
    for (const m of g.pairs) folded.add(m);
  }
  for (const m of pairs) if (!folded.has(m)) out.push(m);
  return out;
}

/** Compares this archive with another root, typically the rotated twin drive. Never writes to either (examples: the registry entry below). */
export async function compare(core: ArchiveCore, other: string, options: CompareOptions = {}): Promise<CompareResult> {
  const stats: HashStats = { filesRead: 0, bytesRead: 0, cached: 0 };
  const o = checkOptions('compare', COMPARE_OPTIONS, options);
  const b = otherRoot(other, core.root);
  const nameB = o.otherName ?? b.name;
  if (core.interactive) core.say(`Scanning ${nameB} (${b.root})…`);
  const catB = await scan(b.root, { progress: core.interactive });
  const data = { ...(await compareCatalogs(core.catalog, catB, { a: core.name, b: nameB }, { ...o, hashRows: o.hashRows ?? throughCache(core, stats) }, core.signal)), hashing: stats };
  return printable(data, (d) => showCompare(d, o.limit), compareJson);
}

/** Hashes through the persistent hash cache (kept in the user's cache folder, never on either drive). */
function throughCache(core: ArchiveCore, stats: HashStats): HashRows {
  return async (cat, rows) => {
    const hasher = new Hasher(cat, { progress: core.interactive, say: (m) => core.say(m), ...(core.signal === undefined ? {} : { signal: core.signal }) });
    try {
      await hasher.hash(rows, 'full');
    } finally {
      hasher.close();
    }
    stats.filesRead += hasher.stats.filesRead;
    stats.bytesRead += hasher.stats.bytesRead;
    stats.cached += hasher.stats.cached;
    return (row) => hasher.key(row);
  };
}

/** `{onlyA, onlyB, changed, moved: [{from, to}]}` with paths relative to each root. */
export function compareJson(d: CompareData): CompareJson {
  return {
    onlyA: d.onlyA.map((x) => x.path),
    onlyB: d.onlyB.map((x) => x.path),
    changed: d.changed.map((x) => x.path),
    moved: d.moved.map((m) => ({ from: m.from, to: m.to })),
  };
}

/** "in sync except 42 items (1.2 GB)", or "in sync" when nothing differs. */
export function syncLine(d: Pick<CompareData, 'items' | 'bytes' | 'entries'>): string {
  if (d.items === 0) return `in sync (${plural(d.entries, 'entry', 'entries')} compared)`;
  return `in sync except ${num(d.items)} item${d.items === 1 ? '' : 's'} (${size(d.bytes)})`;
}

function showCompare(d: CompareData, limit: number): string {
  // Twins often share a folder name: the sides are "here" (this archive) and "there", with their full roots.
  const out = [`here:  ${d.nameA} (${d.rootA})`, `there: ${d.nameB} (${d.rootB})`, `here vs there: ${syncLine(d)}`];
  const cut = <T>(xs: readonly T[]): T[] => xs.slice(0, limit);
  const tail = (n: number): void => {
    if (n > limit) out.push(more(n - limit));
  };
  const onlyTable = (title: string, xs: readonly OnlyItem[]): void => {
    if (xs.length === 0) return;
    out.push('', `${title} (${num(xs.length)}, ${size(xs.reduce((s, x) => s + x.bytes, 0))})`);
    out.push(table(cut(xs).map((x) => [`${x.path}${x.kind === 'dir' ? '/' : ''}`, x.kind, size(x.bytes), x.kind === 'dir' ? num(x.entries) : '']), { head: ['path', 'kind', 'bytes', 'entries'], right: [2, 3] }));
    tail(xs.length);
  };
  onlyTable('only here', d.onlyA);
  onlyTable('only there', d.onlyB);
  if (d.changed.length > 0) {
    out.push('', `changed (${num(d.changed.length)})`);
    out.push(table(cut(d.changed).map((c) => [c.path, c.what.join(', '), c.kindA === c.kindB ? size(c.bytesA) : c.kindA, c.kindA === c.kindB ? size(c.bytesB) : c.kindB, day(c.mtimeA), day(c.mtimeB)]),
      { head: ['path', 'differs in', 'here', 'there', 'modified here', 'modified there'], right: [2, 3] }));
    tail(d.changed.length);
  }
  if (d.moved.length > 0) {
    out.push('', `moved (${num(d.moved.length)}, same content at another path)`);
    out.push(table(cut(d.moved).map((m) => [`${m.from}${m.kind === 'dir' ? '/' : ''}`, `${m.to}${m.kind === 'dir' ? '/' : ''}`, size(m.bytes)]), { head: ['here', 'there', 'bytes'], right: [2] }));
    tail(d.moved.length);
  }
  if (!d.movedChecked && d.onlyA.length > 0 && d.onlyB.length > 0) out.push('', '(moved files were not looked for)');
  const h = d.hashing;
  if (h.filesRead + h.cached > 0) out.push('', `(moves found by content: read ${plural(h.filesRead, 'file')}, ${size(h.bytesRead)}; ${num(h.cached)} hashes from the cache)`);
  return out.join('\n');
}

/** compare(), bound to an archive. */
export const compareHelpers = [
  defineHelper({
    name: 'compare',
    group: 'drive',
    summary: 'the twin drive: only here, only there, changed and moved, "in sync except N items (X GB)"; writes nothing',
    example: "await compare('/Volumes/twin/old_hdd_backups')",
    args: { '(otherRoot)': 'the other root: a path, or a name from archives.json' },
    options: COMPARE_OPTIONS,
    bind: (a: ArchiveCore) => (other: string, options?: CompareOptions): Promise<CompareResult> => compare(a, other, options),
  }),
] as const;
