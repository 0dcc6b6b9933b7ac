// Where the space goes (du, drawn like ncdu or dust) and which top-level
// folders are still alive (the newest modification time under each).
import type { Catalog } from '../catalog/index.ts';
import { checkCancel, UsageError } from '../errors.ts';
import { day, num, plural, size, table } from '../format.ts';
import { resolveRow } from '../query/index.ts';
import { checkOptions, isJunk, opt, printable, type Printable, displayPath, type Given } from '../shared/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { DIR, FILE, KINDS, type Kind } from '../types.ts';

/** du()'s options: what DU_OPTIONS declares. */
export type DuOptions = Given<typeof DU_OPTIONS>;

/** What du({after}) leaves out: anything with removable() (cruft), indices (a Selection), items (a plan), groups (all but the first copy), or a list of them. */
export type AfterCleanup =
  | { removable(): readonly { readonly index: number }[] }
  | { readonly indices: ArrayLike<number> }
  | { readonly items: readonly { readonly index: number }[] }
  | { readonly groups: readonly { readonly rows: ArrayLike<number> }[] }
  | readonly AfterCleanup[];

/** The catalog rows a cleanup removes. */
function afterRows(what: AfterCleanup): number[] {
  if (Array.isArray(what)) return (what as readonly AfterCleanup[]).flatMap(afterRows);
  const w = what as Record<string, unknown>;
  if (typeof w.removable === 'function') return (what as { removable(): readonly { index: number }[] }).removable().map((it) => it.index);
  if (w.indices !== undefined) return Array.from((what as { indices: ArrayLike<number> }).indices);
  if (Array.isArray(w.groups)) return (what as { groups: readonly { rows: ArrayLike<number> }[] }).groups.flatMap((g) => Array.from(g.rows).slice(1));
  if (Array.isArray(w.items)) return (what as { items: readonly { index: number }[] }).items.map((it) => it.index);
  throw new UsageError('du({after}) takes cruft(), a Selection, a remove() plan or groupDupes(): what a cleanup would remove');
}

export interface DuRow {
  /** Relative to the root, `/` separated. */
  readonly path: string;
  readonly name: string;
  readonly kind: Kind;
  readonly bytes: number;
  /** Entries below a folder; 0 for anything else. */
  readonly entries: number;
  /** 1 for the folder's children, 2 for grandchildren, … */
  readonly depth: number;
}

export interface DuData {
  /** The folder looked at, relative to the root ('' is the root). */
  readonly path: string;
  readonly bytes: number;
  readonly entries: number;
  /** The largest entries within `depth`, in tree order, largest first among siblings. */
  readonly items: readonly DuRow[];
  /** Entries within `depth` that were left out to keep to `limit`. */
  readonly hidden: number;
  /** With {after}: the bytes a cleanup frees below the folder (bytes and items are then as after it). */
  readonly saved?: number;
  /** For du(selection): what was looked at, in place of a folder. */
  readonly label?: string;
}

export type DuResult = Printable<DuData, DuData>;

/** du()'s options, declared once: its check, help(du) and the du snippet's flags read them. */
export const DU_OPTIONS = {
  depth: opt.numberOr('levels below the folder to look at', { default: 1, min: 1, integer: true, infinity: true, sample: '2' }),
  limit: opt.numberOr('rows to show, the largest', { default: 20, min: 1, integer: true, infinity: true, sample: '40' }),
  width: opt.numberOr('bar width in characters', { default: 24, min: 1, integer: true, sample: '40' }),
  after: opt.value('the drive after a cleanup: du({after: cruft()}), du({after: [cruft(), await groupDupes()]})', isAfter, 'cruft(), a Selection, a plan, groupDupes() or a list of them', { shown: true }),
};

function isAfter(v: unknown): v is AfterCleanup {
  if (Array.isArray(v)) return v.every(isAfter);
  if (typeof v !== 'object' || v === null) return false;
  const w = v as Record<string, unknown>;
  return typeof w.removable === 'function' || w.indices !== undefined || Array.isArray(w.groups) || Array.isArray(w.items);
}

/** A folder argument through the one resolver ('' or undefined is the root). */
function folder(cat: Catalog, archiveName: string, rel: string | undefined, what: string): number {
  if (rel === undefined || rel === '' || rel === '.') return 0;
  return resolveRow({ root: cat.root, name: archiveName, catalog: cat }, rel, { what, kind: 'dir' });
}

/** The largest entries below a folder, with sizes, entry counts and a bar each (examples: the registry entry below). */
export function du(cat: Catalog, archiveName: string, path?: string, options: DuOptions = {}, signal?: AbortSignal): DuResult {
  const o = checkOptions('du', DU_OPTIONS, options);
  const { depth, limit } = o;
  const start = folder(cat, archiveName, path, 'du()');
  // With {after}: the topmost rows a cleanup removes, and what that takes off each folder above them.
  const cut = new Set<number>();
  const less = new Map<number, number>();
  if (o.after !== undefined) {
    const rows = new Set(afterRows(o.after).filter((i) => i > 0 && cat.gone[i] === 0));
    for (const r of rows) {
      let covered = false;
      for (let j = cat.parent[r]!; j !== 0 && !covered; j = cat.parent[j]!) covered = rows.has(j);
      if (covered) continue;
      cut.add(r);
      for (let j = cat.parent[r]!; ; j = cat.parent[j]!) {
        less.set(j, (less.get(j) ?? 0) + cat.subBytes[r]!);
        if (j === 0) break;
      }
    }
  }
  const b = (i: number): number => cat.subBytes[i]! - (less.get(i) ?? 0);

  // Every entry within `depth`; a parent is never smaller than its child, so
  // the largest `limit` of them always include their own parents.
  const found: { i: number; d: number }[] = [];
  let level = [start];
  for (let d = 1; d <= depth && level.length > 0; d++) {
    checkCancel(signal);
    const next: number[] = [];
    for (const p of level) {
      for (const c of cat.children(p)) {
        if (cut.has(c)) continue;
        found.push({ i: c, d });
        if (cat.kind[c] === DIR) next.push(c);
      }
    }
    level = next;
  }
  // Ties go to the shallower entry, so a parent is chosen before its child.
  found.sort((x, y) => b(y.i) - b(x.i) || x.d - y.d || x.i - y.i);
  const shown = found.slice(0, limit);
  const keep = new Set(shown.map((f) => f.i));

  // Tree order: depth-first from the start, siblings largest first.
  const items: DuRow[] = [];
  const visit = (p: number, d: number): void => {
    const kids = cat.children(p).filter((c) => keep.has(c)).sort((x, y) => b(y) - b(x) || x - y);
    for (const c of kids) {
      items.push({ path: cat.path(c), name: cat.name(c), kind: KINDS[cat.kind[c]!]!, bytes: b(c), entries: cat.kind[c] === DIR ? cat.subEntries[c]! : 0, depth: d });
      if (cat.kind[c] === DIR) visit(c, d + 1);
    }
  };
  visit(start, 1);
  const data: DuData = { path: cat.path(start), bytes: b(start), entries: cat.subEntries[start]!, items, hidden: found.length - shown.length, ...(o.after === undefined ? {} : { saved: less.get(start) ?? 0 }) };
  return printable(data, (d) => showDu(d, archiveName, o.width), (d) => ({ ...d }));
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `width` cells for a share between 0 and 1, in eighths of a cell. */
export function bar(share: number, width: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, share)) * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8]!;
  return ('█'.repeat(full) + part).padEnd(width, ' ');
}

/** A Selection as du sees it (what browse() and find() return). */
interface Picked {
  readonly catalog: Catalog;
  readonly indices: Uint32Array;
  topmost(): number[];
}

function isPicked(v: unknown): v is Picked {
  return typeof v === 'object' && v !== null && (v as Picked).indices instanceof Uint32Array && typeof (v as Picked).topmost === 'function';
}

/** du(selection): the selected entries (topmost), largest first, each with its share of the whole selection. */
export function duOf(cat: Catalog, archiveName: string, sel: Picked, options: DuOptions = {}): DuResult {
  const o = checkOptions('du', DU_OPTIONS, options);
  if (sel.catalog !== cat) throw new UsageError('this Selection comes from another scan (before refresh(), or another archive); run the query again');
  const rows = sel.topmost().filter((i) => cat.gone[i] === 0).sort((x, y) => cat.subBytes[y]! - cat.subBytes[x]! || x - y);
  const shown = rows.slice(0, o.limit);
  const items: DuRow[] = shown.map((c) => ({ path: cat.path(c), name: cat.path(c), kind: KINDS[cat.kind[c]!]!, bytes: cat.subBytes[c]!, entries: cat.kind[c] === DIR ? cat.subEntries[c]! : 0, depth: 1 }));
  const bytes = rows.reduce((n, i) => n + cat.subBytes[i]!, 0);
  const entries = rows.reduce((n, i) => n + 1 + (cat.kind[i] === DIR ? cat.subEntries[i]! : 0), 0);
  const data: DuData = { path: '', bytes, entries, items, hidden: rows.length - shown.length, label: `selection of ${num(rows.length)}` };
  return printable(data, (d) => showDu(d, archiveName, o.width), (d) => ({ ...d }));
}

function showDu(d: DuData, archiveName: string, width: number): string {
  const title = d.label ?? displayPath(archiveName, d.path);
  const lines = [`${title}  ${size(d.bytes)} in ${plural(d.entries, 'entry', 'entries')}${d.saved === undefined ? '' : `, after cleanup: ${size(d.saved)} saved (${size(d.bytes + d.saved)} before)`}`];
  if (d.items.length === 0) return `${lines[0]}\n  (empty)`;
  const sizes = d.items.map((r) => size(r.bytes));
  const counts = d.items.map((r) => (r.kind === 'dir' ? num(r.entries) : ''));
  const sw = Math.max(...sizes.map((s) => s.length));
  const cw = Math.max(...counts.map((s) => s.length));
  // Tree prefixes as dust draws them: whether each ancestor level has a later sibling.
  const last = d.items.map((r, k) => {
    for (let j = k + 1; j < d.items.length; j++) {
      if (d.items[j]!.depth < r.depth) return true;
      if (d.items[j]!.depth === r.depth) return false;
    }
    return true;
  });
  const open: boolean[] = [];
  d.items.forEach((r, k) => {
    open.length = r.depth - 1;
    const indent = open.map((o) => (o ? '│  ' : '   ')).join('');
    const branch = last[k] ? '└─ ' : '├─ ';
    open.push(!last[k]);
    const share = d.bytes > 0 ? r.bytes / d.bytes : 0;
    const pct = `${Math.round(share * 100)}%`.padStart(4);
    const name = r.kind === 'dir' ? `${r.name}/` : r.kind === 'symlink' ? `${r.name} ->` : r.name;
    lines.push(`${sizes[k]!.padStart(sw)} ${pct} ${bar(share, width)} ${counts[k]!.padStart(cw)}  ${indent}${branch}${name}`);
  });
  if (d.hidden > 0) lines.push(`… and ${num(d.hidden)} smaller entries (du(path, {limit: N}) for more)`);
  return lines.join('\n');
}

/** age()'s options: what AGE_OPTIONS declares. */
export type AgeOptions = Given<typeof AGE_OPTIONS>;

/** age()'s options, declared once. */
export const AGE_OPTIONS = {
  now: opt.value<Date | number>('measure ages from this time (default now)', (v): v is Date | number => (v instanceof Date && !Number.isNaN(v.getTime())) || (typeof v === 'number' && Number.isFinite(v)), 'a Date or a time in ms', { shown: true }),
};

export interface AgeRow {
  /** Relative to the root. */
  readonly path: string;
  /** Newest modification time of anything but a folder below it; the folder's own when it holds none. */
  readonly newest: Date;
  /** The entry that is newest, relative to the folder; null when the folder holds no files. */
  readonly newestFile: string | null;
  readonly files: number;
  readonly bytes: number;
}

export interface AgeData {
  readonly path: string;
  /** One row per folder directly below `path`, most recently touched first. */
  readonly items: readonly AgeRow[];
}

export interface AgeJson {
  path: string;
  items: { path: string; newest: string; newestFile: string | null; files: number; bytes: number }[];
}

export type AgeResult = Printable<AgeData, AgeJson>;

/** The newest modification time under each top-level folder: a living folder from a dead one (examples: the registry entry below). */
export function age(cat: Catalog, archiveName: string, path?: string, options: AgeOptions = {}, signal?: AbortSignal): AgeResult {
  const o = checkOptions('age', AGE_OPTIONS, options);
  const start = folder(cat, archiveName, path, 'age()');
  const now = new Date(o.now ?? Date.now()).getTime();
  const n = cat.length;
  const { kind, mtime, parent, gone } = cat;
  // Perf: one backward pass carries each subtree's newest non-folder entry and
  // file count up to its parent. Folder mtimes are left out: copying a tree to
  // a new drive resets them, while files keep theirs. Junk files are too.
  const newest = new Int32Array(n).fill(-1);
  const files = new Uint32Array(n);
  for (let i = n - 1; i > 0; i--) {
    if ((i & 0xffff) === 0) checkCancel(signal);
    if (gone[i] === 1) continue;
    // Junk (.DS_Store, Thumbs.db, desktop.ini) is rewritten by merely browsing a folder: no sign of life.
    const mine = kind[i] === DIR ? newest[i]! : isJunk(cat.name(i)) ? -1 : i;
    if (kind[i] === FILE) files[i]!++;
    const p = parent[i]!;
    files[p]! += files[i]!;
    if (mine >= 0 && (newest[p]! < 0 || mtime[mine]! > mtime[newest[p]!]!)) newest[p] = mine;
  }
  const items = cat.children(start).filter((c) => kind[c] === DIR).map((c): AgeRow => {
    const nw = newest[c]!;
    const rel = nw < 0 ? null : cat.path(nw).slice(cat.path(c).length + 1);
    return { path: cat.path(c), newest: new Date(nw < 0 ? mtime[c]! : mtime[nw]!), newestFile: rel, files: files[c]!, bytes: cat.subBytes[c]! };
  }).sort((a, b) => b.newest.getTime() - a.newest.getTime() || (a.path < b.path ? -1 : 1));
  const data: AgeData = { path: cat.path(start), items };
  return printable(data, (d) => showAge(d, archiveName, now), (d) => ({
    path: d.path,
    items: d.items.map((r) => ({ ...r, newest: r.newest.toISOString() })),
  }));
}

/** "3 years", "5 months", "12 days", "today". */
export function ago(ms: number): string {
  const days = Math.floor(ms / 86400e3);
  if (days < 1) return 'today';
  if (days < 61) return `${days} day${days === 1 ? '' : 's'}`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months`;
  return `${Math.floor(days / 365.25)} years`;
}

function showAge(d: AgeData, archiveName: string, now: number): string {
  if (d.items.length === 0) return `No folders directly below ${displayPath(archiveName, d.path)}.`;
  return table(
    d.items.map((r) => [`${displayPath(archiveName, r.path)}/`, day(r.newest), ago(now - r.newest.getTime()), r.files, size(r.bytes), r.newestFile ?? '(no files)']),
    { head: ['folder', 'newest', 'age', 'files', 'bytes', 'newest entry'], right: [3, 4] },
  );
}

/** du() and age(), bound to an archive. */
export const duHelpers = [
  defineHelper({
    name: 'du',
    group: 'look',
    summary: 'where the space goes: the largest folders first, with sizes, entry counts and bars',
    example: "du()  du('projects', {depth: 2})  du({depth: 3, limit: 40})",
    args: { '(path)': "a folder relative to the root (default the root): 'projects'; or a Selection, e.g. du(await browse())" },
    options: DU_OPTIONS,
    bind: (a: ArchiveCore) => (path?: string | DuOptions | Picked, options?: DuOptions): DuResult =>
      isPicked(path) ? duOf(a.catalog, a.name, path, options)
        : typeof path === 'object' && path !== null ? du(a.catalog, a.name, undefined, path, a.signal) : du(a.catalog, a.name, path, options, a.signal),
  }),
  defineHelper({
    name: 'age',
    group: 'look',
    summary: 'the newest modification time under each top-level folder: living or dead',
    example: "age()  age('projects')",
    args: { '(path)': 'a folder relative to the root (default the root)' },
    options: AGE_OPTIONS,
    bind: (a: ArchiveCore) => (path?: string | AgeOptions, options?: AgeOptions): AgeResult =>
      typeof path === 'object' && path !== null ? age(a.catalog, a.name, undefined, path, a.signal) : age(a.catalog, a.name, path, options, a.signal),
  }),
] as const;
