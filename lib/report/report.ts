// A page to look at: one self-contained HTML file with a zoomable treemap
// (cruft and duplicate folders coloured), the cruft summary, the duplicate
// groups and the media table. Nothing is fetched when it opens.
//
// Perf: a million boxes cannot be drawn, and need not be. The tree is pruned
// to a budget of nodes (PAGE_NODES), spent on the largest folders first, with
// the largest few entries of every folder kept so a leaf folder shows its
// files; what is left of each folder is one "smaller items" box that lists
// its largest members when clicked. The page draws the level shown and up to
// three levels below it, at most DRAWN_BOXES boxes at a time, every box of the
// level shown first, then the levels below breadth first.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { insideRoot, userDirOutside } from '../config.ts';
import { cruft } from '../cruft/index.ts';
import { groupDupes } from '../dupes/index.ts';
import { checkCancel, UsageError } from '../errors.ts';
import { num, plural, size } from '../format.ts';
import { biggest, media, type MediaData } from '../drive/index.ts';
import { esc, page } from './page.ts';
import { checkOptions, displayPath, opt, printable, type Printable, type Given } from '../shared/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { DIR, FILE } from '../types.ts';

/** A cruft match as the report needs it (what cruft() gives). */
export interface ReportCruftItem {
  readonly index: number;
  readonly path: string;
  readonly kind: string;
  readonly verified: boolean;
  readonly reason: string;
  readonly entries: number;
  readonly bytes: number;
  /** Goes in a cleanup: verified, and of a kind remove() takes (default: verified). */
  readonly removable?: boolean;
}

/** A row of the cruft summary by kind. */
export interface ReportCruftKind {
  readonly kind: string;
  readonly items: number;
  readonly entries: number;
  readonly bytes: number;
  readonly verified: number;
  readonly nameOnly: number;
}

/** A duplicate group as the report needs it: member paths, and their rows when known. */
export interface ReportDupeGroup {
  readonly paths: readonly string[];
  readonly indices?: readonly number[];
  readonly files: number;
  /** Bytes of one copy. */
  readonly bytes: number;
  /** Bytes freed by keeping one copy (default bytes × (members − 1)). */
  readonly reclaimable?: number;
}

export interface ReportInput {
  readonly catalog: Catalog;
  readonly name: string;
  readonly root: string;
  readonly generated: Date;
  readonly cruft?: { readonly items: readonly ReportCruftItem[]; readonly byKind: readonly ReportCruftKind[] };
  readonly dupes?: { readonly groups: readonly ReportDupeGroup[]; readonly mode?: string };
  readonly media: MediaData;
  readonly biggest: readonly { readonly path: string; readonly bytes: number }[];
  /** Most tree nodes in the page (default 30,000). */
  readonly budget?: number;
  readonly signal?: AbortSignal;
}

/** The treemap's data, as columns: node 0 is the root, and a parent always comes before its children. */
export interface TreePayload {
  readonly name: string[];
  readonly parent: number[];
  readonly bytes: number[];
  /** Entries below (a folder), 0 for a file; for a grey box, the items it stands for. */
  readonly entries: number[];
  /** 0 file, 1 folder, 2 link or other, 3 the smaller items of a folder taken together. */
  readonly kind: number[];
  /** Cruft kind + 1 when confirmed, −(kind + 1) when name-only, 0 otherwise. */
  readonly cruft: number[];
  /** Duplicate group number (1-based), 0 otherwise. */
  readonly dupe: number[];
  /** 1 when a cleanup removes the node: verified cruft, or a duplicate copy other than the first of its group. */
  readonly clean: number[];
}

/** The largest members of each "smaller items" box, by its node: [name, bytes, 1 for a folder][]. */
export type SmallLists = Record<number, [string, number, number][]>;

/** A mark on a catalog row: its cruft kind (see TreePayload.cruft), duplicate group, and whether a cleanup removes it. */
export interface Mark {
  cruft: number;
  dupe: number;
  clean?: number;
}

/** Most tree nodes in a page (the default budget). */
export const PAGE_NODES = 30_000;
const DEFAULT_BUDGET = PAGE_NODES;
/** Most boxes the page draws at a time: the level shown, then the levels inside it, breadth first. */
export const DRAWN_BOXES = 3_000;
/** Entries of every folder in the page kept one by one, however small the budget left (its largest). */
const LEAF_KEEP = 5;
/** Members listed for each "smaller items" box, and in the whole page. */
const LIST_EACH = 30;
const LIST_TOTAL = 10_000;
/** Children drawn per folder at most; the rest are one grey box. */
const MAX_CHILDREN = 400;
/** A child smaller than this share of its folder goes into the grey box. */
const MIN_SHARE = 0.0004;

/**
 * The treemap's colours, from the Okabe-Ito palette (safe for the common
 * colour blindnesses): cruft is vermillion, name-only cruft orange, duplicate
 * copies blue. Plain folders and files are neutral greys, so no folder can be
 * read as a duplicate or as cruft.
 */
export const COLOURS = {
  cruft: '#d55e00',
  nameOnly: '#e69f00',
  dupe: '#0072b2',
  folder: ['#c9ccd1', '#dadce0'],
  file: '#eceef1',
} as const;

/** A max-heap of catalog rows keyed by bytes: the folders to open next. */
class Heap {
  private readonly keys: number[] = [];
  private readonly vals: number[] = [];
  get size(): number {
    return this.vals.length;
  }
  push(key: number, val: number): void {
    const { keys, vals } = this;
    let k = vals.length;
    keys.push(key);
    vals.push(val);
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (keys[p]! >= key) break;
      keys[k] = keys[p]!;
      vals[k] = vals[p]!;
      k = p;
    }
    keys[k] = key;
    vals[k] = val;
  }
  pop(): number {
    const { keys, vals } = this;
    const top = vals[0]!;
    const key = keys.pop()!;
    const val = vals.pop()!;
    const n = vals.length;
    if (n > 0) {
      let k = 0;
      for (;;) {
        let c = 2 * k + 1;
        if (c >= n) break;
        if (c + 1 < n && keys[c + 1]! > keys[c]!) c++;
        if (keys[c]! <= key) break;
        keys[k] = keys[c]!;
        vals[k] = vals[c]!;
        k = c;
      }
      keys[k] = key;
      vals[k] = val;
    }
    return top;
  }
}

/**
 * Prunes the catalog to at most about `budget` nodes, largest folders opened
 * first, then the largest few entries of every folder kept (a leaf folder
 * shows its files), always keeping the `marked` rows (cruft and duplicate
 * folders) and their ancestors. Each folder's leftovers become one
 * "smaller items" node, its largest members listed in `lists`.
 */
export function pruneTree(cat: Catalog, budget: number, marked: ReadonlyMap<number, Mark>, signal?: AbortSignal, lists: SmallLists = {}): TreePayload {
  const t: TreePayload = { name: [], parent: [], bytes: [], entries: [], kind: [], cruft: [], dupe: [], clean: [] };
  const node = new Map<number, number>();
  const shownKids = new Map<number, number[]>();
  const add = (i: number, parentNode: number): number => {
    const id = t.name.length;
    const k = cat.kind[i]!;
    const m = marked.get(i);
    t.name.push(i === 0 ? '' : cat.name(i));
    t.parent.push(parentNode);
    t.bytes.push(cat.subBytes[i]!);
    t.entries.push(k === DIR ? cat.subEntries[i]! : 0);
    t.kind.push(k === FILE ? 0 : k === DIR ? 1 : 2);
    t.cruft.push(m?.cruft ?? 0);
    t.dupe.push(m?.dupe ?? 0);
    t.clean.push(m?.clean ?? 0);
    node.set(i, id);
    if (i !== 0) {
      const p = cat.parent[i]!;
      const l = shownKids.get(p);
      if (l === undefined) shownKids.set(p, [i]);
      else l.push(i);
    }
    return id;
  };
  const sorted = (d: number): number[] => cat.children(d).sort((x, y) => cat.subBytes[y]! - cat.subBytes[x]!);
  add(0, -1);
  t.parent[0] = 0;
  const heap = new Heap();
  heap.push(cat.subBytes[0]!, 0);
  let opened = 0;
  // Marked rows are kept whatever the budget; leave room for them, and for the leaf pass.
  const room = Math.max(budget - Math.min(marked.size * 3, budget / 2), 1);
  const open = Math.max(1, Math.floor(room * 0.7));
  while (heap.size > 0 && t.name.length < open) {
    if ((++opened & 255) === 0) checkCancel(signal);
    const d = heap.pop();
    const kids = sorted(d);
    const floor = cat.subBytes[d]! * MIN_SHARE;
    const parentNode = node.get(d)!;
    for (let k = 0; k < kids.length && k < MAX_CHILDREN && t.name.length < open; k++) {
      const c = kids[k]!;
      const b = cat.subBytes[c]!;
      if (b <= 0 || (b < floor && k >= LEAF_KEEP)) break;
      add(c, parentNode);
      if (cat.kind[c] === DIR && cat.childCount[c]! > 0) heap.push(b, c);
    }
  }
  // Leaf pass: folders in the page never opened get their largest few entries, largest folders first (a leaf folder shows its files).
  const leaves = new Heap();
  for (const i of node.keys()) if (cat.kind[i] === DIR && cat.childCount[i]! > 0 && !shownKids.has(i)) leaves.push(cat.subBytes[i]!, i);
  while (leaves.size > 0 && t.name.length < room) {
    if ((++opened & 255) === 0) checkCancel(signal);
    const d = leaves.pop();
    const kids = sorted(d);
    const parentNode = node.get(d)!;
    for (let k = 0; k < kids.length && k < LEAF_KEEP && t.name.length < room; k++) {
      const c = kids[k]!;
      if (cat.subBytes[c]! <= 0) break;
      add(c, parentNode);
      if (cat.kind[c] === DIR && cat.childCount[c]! > 0) leaves.push(cat.subBytes[c]!, c);
    }
  }
  // Marked rows (largest first) with the ancestors they need.
  const forced = [...marked.keys()].sort((x, y) => cat.subBytes[y]! - cat.subBytes[x]!).slice(0, Math.max(budget, 1));
  for (const m of forced) {
    if (node.has(m)) continue;
    const chain: number[] = [];
    for (let j = m; !node.has(j); j = cat.parent[j]!) chain.push(j);
    for (let k = chain.length - 1; k >= 0; k--) add(chain[k]!, node.get(cat.parent[chain[k]!]!)!);
  }
  // One "smaller items" node per folder for what was not drawn one by one, listing its largest members.
  let listed = 0;
  const groups = [...shownKids].sort((x, y) => cat.subBytes[y[0]]! - cat.subBytes[x[0]]!);
  for (const [d, shown] of groups) {
    const live = cat.children(d);
    if (live.length === shown.length) continue;
    let bytes = cat.subBytes[d]!;
    for (const c of shown) bytes -= cat.subBytes[c]!;
    const id = t.name.length;
    t.name.push(`${num(live.length - shown.length)} smaller items`);
    t.parent.push(node.get(d)!);
    t.bytes.push(Math.max(0, bytes));
    t.entries.push(live.length - shown.length);
    t.kind.push(3);
    t.cruft.push(0);
    t.dupe.push(0);
    t.clean.push(0);
    if (listed < LIST_TOTAL) {
      const seen = new Set(shown);
      const rest = live.filter((c) => !seen.has(c)).sort((x, y) => cat.subBytes[y]! - cat.subBytes[x]!).slice(0, LIST_EACH);
      lists[id] = rest.map((c) => [cat.name(c), cat.subBytes[c]!, cat.kind[c] === DIR ? 1 : 0]);
      listed += rest.length;
    }
  }
  return t;
}

/** The cruft and duplicate marks on catalog rows. */
function marks(input: ReportInput, kinds: readonly string[]): Map<number, Mark> {
  const out = new Map<number, Mark>();
  for (const it of input.cruft?.items ?? []) {
    const k = kinds.indexOf(it.kind) + 1;
    out.set(it.index, { cruft: it.verified ? k : -k, dupe: 0, clean: (it.removable ?? it.verified) ? 1 : 0 });
  }
  (input.dupes?.groups ?? []).forEach((g, n) => {
    // A cleanup keeps the first copy of each group (in path order) and removes the others.
    (g.indices ?? []).forEach((i, k) => {
      if (input.catalog.kind[i] !== DIR) return;
      const m = out.get(i);
      out.set(i, { cruft: m?.cruft ?? 0, dupe: n + 1, clean: (m?.clean ?? 0) || (k > 0 && input.dupes?.mode !== 'names' ? 1 : 0) });
    });
  });
  return out;
}

/** A path that may break after each slash, never inside a name. */
const pathHtml = (p: string): string => esc(p).replace(/\//g, '/<wbr>');

const td = (v: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${cls === 'p' ? pathHtml(v) : esc(v)}</td>`;
const th = (cols: readonly string[]): string => `<tr>${cols.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;

function cruftSection(input: ReportInput): string {
  if (input.cruft === undefined) return '<h2>Cruft</h2><p class="empty">Not looked for in this report.</p>';
  const { byKind, items } = input.cruft;
  const rows = byKind.filter((k) => k.items > 0);
  if (rows.length === 0) return '<h2>Cruft</h2><p class="empty" id="cruft-none">No cruft found.</p>';
  const top = [...items].sort((a, b) => b.bytes - a.bytes).slice(0, 25);
  return `<h2>Cruft</h2>
<table id="cruft-summary">${th(['kind', 'items', 'entries', 'bytes', 'verified', 'name only'])}
${rows.map((k) => `<tr>${td(k.kind)}${td(num(k.items), 'n')}${td(num(k.entries), 'n')}${td(size(k.bytes), 'n')}${td(num(k.verified), 'n')}${td(num(k.nameOnly), 'n')}</tr>`).join('\n')}</table>
<table id="cruft-items">${th(['largest matches', 'kind', 'verified', 'why', 'entries', 'bytes'])}
${top.map((it) => `<tr>${td(displayPath(input.name, it.path), 'p')}${td(it.kind)}${td(it.verified ? 'yes' : 'NO')}${td(it.reason)}${td(num(it.entries), 'n')}${td(size(it.bytes), 'n')}</tr>`).join('\n')}</table>
${items.length > top.length ? `<p class="sub">… and ${num(items.length - top.length)} more (cruft() in the REPL lists them all)</p>` : ''}`;
}

function dupeSection(input: ReportInput): string {
  if (input.dupes === undefined) return '<h2>Duplicate folders</h2><p class="empty">Not looked for in this report.</p>';
  const groups = input.dupes.groups;
  if (groups.length === 0) return '<h2>Duplicate folders</h2><p class="empty" id="dupes-none">No duplicate folders found.</p>';
  const shown = groups.slice(0, 100);
  const note = input.dupes.mode === 'names' ? '<p class="sub">names only, contents not compared</p>' : '';
  return `<h2>Duplicate folders</h2>${note}
<table id="dupe-groups">${th(['#', 'copies', 'files', 'bytes (one copy)', 'reclaimable'])}
${shown.map((g, n) => `<tr>${td(String(n + 1), 'n')}<td class="p">${g.paths.map((p) => pathHtml(displayPath(input.name, p))).join('<br>')}</td>${td(num(g.files), 'n')}${td(size(g.bytes), 'n')}${td(size(g.reclaimable ?? g.bytes * (g.paths.length - 1)), 'n')}</tr>`).join('\n')}</table>
${groups.length > shown.length ? `<p class="sub">… and ${num(groups.length - shown.length)} more groups</p>` : ''}`;
}

function mediaSection(input: ReportInput): string {
  const m = input.media;
  const cats = `<table id="media">${th(['category', 'files', 'unique names', 'bytes'])}
${m.categories.map((c) => `<tr>${td(c.category)}${td(num(c.files), 'n')}${td(num(c.uniqueNames), 'n')}${td(size(c.bytes), 'n')}</tr>`).join('\n')}
<tr>${td('total')}${td(num(m.total.files), 'n')}${td(num(m.total.uniqueNames), 'n')}${td(size(m.total.bytes), 'n')}</tr></table>`;
  const exts = `<table id="media-ext">${th(['extension', 'category', 'files', 'unique names', 'bytes'])}
${m.extensions.slice(0, 20).map((e) => `<tr>${td(e.ext || '(none)')}${td(e.category)}${td(num(e.files), 'n')}${td(num(e.uniqueNames), 'n')}${td(size(e.bytes), 'n')}</tr>`).join('\n')}</table>`;
  const big = `<table id="biggest">${th(['largest files', 'bytes'])}
${input.biggest.map((b) => `<tr>${td(displayPath(input.name, b.path), 'p')}${td(size(b.bytes), 'n')}</tr>`).join('\n')}</table>`;
  return `<h2>Media</h2><div class="cols"><div>${cats}</div><div>${exts}</div></div><h2>Largest files</h2>${big}`;
}

/** The legend: what each colour and pattern means (the page's own key). */
function legendHtml(input: ReportInput): string {
  const item = (id: string, style: string, text: string): string => `<span id="legend-${id}"><i style="${style}"></i>${esc(text)}</span>`;
  const parts = [
    item('cruft', `background:${COLOURS.cruft}`, 'cruft (verified: a venv, cache, node_modules, build output …)'),
    item('nameonly', `background:${COLOURS.nameOnly};outline:2px dashed #000;outline-offset:-3px`, 'cruft by name only (no marker found)'),
    item('dupe', `background:${COLOURS.dupe}`, 'duplicate folder (a copy of another)'),
    item('folder', `background:${COLOURS.folder[0]}`, 'folder'),
    item('file', `background:${COLOURS.file}`, 'file'),
    item('stripe', `width:28px;background:linear-gradient(90deg,${COLOURS.cruft} 0 40%,${COLOURS.dupe} 40% 65%,${COLOURS.folder[0]} 65%)`, 'band at the left of a box: its share of cruft, then of duplicate copies'),
    item('small', 'background:repeating-linear-gradient(45deg,#e3e6eb 0 4px,#f4f5f7 4px 8px)', 'smaller items together (click for the list)'),
  ];
  if (input.cruft === undefined) parts.splice(0, 2);
  if (input.dupes === undefined) parts.splice(input.cruft === undefined ? 0 : 2, 1);
  return `<div class="legend" id="legend">${parts.join('')}</div>`;
}

/** The HTML of the report for `input`. Pure: reads only the catalog in memory. */
export function reportHtml(input: ReportInput): { html: string; nodes: number; saved: number } {
  const cat = input.catalog;
  const kinds = [...new Set([...(input.cruft?.byKind.map((k) => k.kind) ?? []), ...(input.cruft?.items.map((i) => i.kind) ?? [])])];
  const lists: SmallLists = {};
  const tree = pruneTree(cat, input.budget ?? DEFAULT_BUDGET, marks(input, kinds), input.signal, lists);
  const c = cat.counts();
  const cruftTotal = input.cruft === undefined ? undefined : input.cruft.items.filter((it) => it.verified);
  const reclaim = input.dupes?.groups.reduce((s, g) => s + (g.reclaimable ?? g.bytes * (g.paths.length - 1)), 0);
  const saved = savedBytes(tree);
  const stat = (id: string, value: string, label: string): string => `<div class="stat" id="${id}"><b>${esc(value)}</b><span>${esc(label)}</span></div>`;
  const headline = `<h1>${esc(input.name)}</h1>
<div class="sub">${esc(input.root)} · report of ${esc(input.generated.toISOString().replace('T', ' ').slice(0, 16))} UTC · made by rummage</div>
<div class="stats">
${stat('stat-entries', num(c.entries), 'entries')}
${stat('stat-files', num(c.files), 'files')}
${stat('stat-dirs', num(c.dirs), 'folders')}
${stat('stat-bytes', size(c.bytes), `${num(c.bytes)} bytes`)}
${cruftTotal === undefined ? '' : stat('stat-cruft', size(cruftTotal.reduce((s, it) => s + it.bytes, 0)), `confirmed cruft in ${plural(cruftTotal.length, 'item')}`)}
${reclaim === undefined ? '' : stat('stat-dupes', size(reclaim), `reclaimable in ${num(input.dupes!.groups.length)} duplicate groups`)}
${input.cruft === undefined && input.dupes === undefined ? '' : stat('stat-after', size(saved), 'saved by a cleanup (verified cruft, all but one copy of each duplicate)')}
</div>`;
  const data = { name: input.name, tree, lists, cruftKinds: kinds, colours: COLOURS, maxBoxes: DRAWN_BOXES, saved };
  const html = page({ title: `${input.name}: rummage report`, headline, legend: legendHtml(input), sections: cruftSection(input) + dupeSection(input) + mediaSection(input), data });
  return { html, nodes: tree.name.length, saved };
}

/** Bytes a cleanup frees: the topmost nodes it removes. */
export function savedBytes(t: TreePayload): number {
  let saved = 0;
  const inside = new Uint8Array(t.name.length);
  for (let i = 1; i < t.name.length; i++) {
    inside[i] = inside[t.parent[i]!]! | t.clean[i]!;
    if (t.clean[i] === 1 && inside[t.parent[i]!] === 0) saved += t.bytes[i]!;
  }
  return saved;
}

/** report()'s options: what REPORT_OPTIONS declares. */
export type ReportOptions = Given<typeof REPORT_OPTIONS>;

export interface ReportData {
  /** The page, absolute: reveal() opens it in the browser. */
  readonly file: string;
  readonly bytes: number;
  /** Treemap nodes in the page, of the archive's entries (the page draws at most DRAWN_BOXES of them at a time). */
  readonly nodes: number;
  readonly entries: number;
}

export type ReportResult = Printable<ReportData, ReportData>;

function cruftOf(core: ArchiveCore): ReportInput['cruft'] {
  const r = cruft(core.catalog, core.name, undefined, core.signal);
  const removable = new Set(r.removable());
  return { items: r.items.map((it) => ({ ...it, removable: removable.has(it) })), byKind: r.byKind() };
}

async function dupesOf(core: ArchiveCore): Promise<ReportInput['dupes']> {
  const r = await groupDupes(core);
  return { mode: r.mode, groups: r.groups.map((g) => ({ paths: g.paths, indices: Array.from(g.rows), files: g.files, bytes: g.bytes, reclaimable: g.reclaimable })) };
}

function defaultOut(root: string, name: string, when: Date): string {
  const stamp = when.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join(userDirOutside('state', root), 'reports', `${name.replace(/[^\w.-]+/g, '_')}-${stamp}.html`);
}

/** report()'s options, declared once: its check, help(report) and the report snippet's flags read them. */
export const REPORT_OPTIONS = {
  out: opt.string('where to write the page (default: reports/ in the user state folder)'),
  cruft: opt.flag('include cruft', true),
  dupes: opt.flag('include duplicate folders (hashes candidates)', true),
  budget: opt.numberOr(`most treemap nodes kept in the page (at most ${DRAWN_BOXES.toLocaleString('en-US')} boxes are drawn at a time)`, { default: DEFAULT_BUDGET, min: 100, integer: true, sample: '5000' }),
};

/**
 * Writes one self-contained HTML page: a zoomable treemap with cruft and
 * duplicate folders coloured, the cruft summary, duplicate groups and media.
 * Examples: the registry entry below.
 */
export async function report(core: ArchiveCore, options: ReportOptions = {}): Promise<ReportResult> {
  const o = checkOptions('report', REPORT_OPTIONS, options);
  const generated = new Date();
  const file = path.resolve(o.out ?? defaultOut(core.root, core.name, generated));
  if (insideRoot(core.root, file)) {
    throw new UsageError(`report out '${o.out}' is inside the archive (or reaches it through a link); write it elsewhere, e.g. {out: '${path.join(path.dirname(core.root), `${core.name}-report.html`)}'}`);
  }
  const cat = core.catalog;
  const input: ReportInput = {
    catalog: cat,
    name: core.name,
    root: core.root,
    generated,
    cruft: o.cruft ? cruftOf(core) : undefined,
    dupes: o.dupes ? await dupesOf(core) : undefined,
    media: media(cat, core.name, {}, core.signal),
    biggest: biggest(cat, core.name, 20, {}, core.signal).map((e) => ({ path: e.path, bytes: e.size })),
    budget: o.budget,
    signal: core.signal,
  };
  const { html, nodes } = reportHtml(input);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, html);
  const data: ReportData = { file, bytes: Buffer.byteLength(html), nodes, entries: cat.subEntries[0]! };
  return printable(data, (d) => `Report: ${d.file}\n  ${size(d.bytes)}, ${num(d.nodes)} treemap nodes for ${plural(d.entries, 'entry', 'entries')} (at most ${num(DRAWN_BOXES)} boxes drawn at a time); reveal(_) opens it in the browser.`, (d) => ({ ...d }));
}

/** report(), bound to an archive. */
export const reportHelpers = [
  defineHelper({
    name: 'report',
    group: 'drive',
    summary: 'writes one self-contained HTML page: zoomable treemap, cruft, duplicate groups, media',
    example: "await report()  reveal(await report())  await report({out: '/tmp/drive.html'})",
    options: REPORT_OPTIONS,
    bind: (a: ArchiveCore) => (options?: ReportOptions): Promise<ReportResult> => report(a, options),
  }),
] as const;
