// A page to look at: one self-contained HTML file with a zoomable treemap
// (cruft and duplicate folders coloured), the cruft summary, the duplicate
// groups and the media table. Nothing is fetched when it opens.
//
// Perf: a million boxes cannot be drawn, and need not be. The tree is pruned
// to a budget of nodes, spent on the largest folders first; what is left of
// each folder is one grey "smaller items" box. The page then draws only the
// level shown and one level below it.
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
import { checkOptions, opt, printable, type Printable, type Given } from '../shared/index.ts';
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
}

const DEFAULT_BUDGET = 30_000;
/** Children drawn per folder at most; the rest are one grey box. */
const MAX_CHILDREN = 400;
/** A child smaller than this share of its folder goes into the grey box. */
const MIN_SHARE = 0.0004;

const CRUFT_COLOURS: Readonly<Record<string, string>> = {
  venv: '#e4572e',
  pycache: '#f3a712',
  pyc: '#f6c453',
  'python-cache': '#d9a441',
  node_modules: '#c0392b',
  'build-output': '#b5651d',
  junk: '#8d6e63',
  log: '#9aa5b1',
  'system-backup': '#5f7a8a',
};
const DUPE_COLOUR = '#8e44ad';

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
 * first, always keeping the `marked` rows (cruft and duplicate folders) and
 * their ancestors. Each opened folder's leftovers become one grey node.
 */
export function pruneTree(cat: Catalog, budget: number, marked: ReadonlyMap<number, { cruft: number; dupe: number }>, signal?: AbortSignal): TreePayload {
  const t: TreePayload = { name: [], parent: [], bytes: [], entries: [], kind: [], cruft: [], dupe: [] };
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
    node.set(i, id);
    if (i !== 0) {
      const p = cat.parent[i]!;
      const l = shownKids.get(p);
      if (l === undefined) shownKids.set(p, [i]);
      else l.push(i);
    }
    return id;
  };
  add(0, -1);
  t.parent[0] = 0;
  const heap = new Heap();
  heap.push(cat.subBytes[0]!, 0);
  let opened = 0;
  // Marked rows are kept whatever the budget; leave room for them.
  const room = Math.max(budget - Math.min(marked.size * 3, budget / 2), 1);
  while (heap.size > 0 && t.name.length < room) {
    if ((++opened & 255) === 0) checkCancel(signal);
    const d = heap.pop();
    const kids = cat.children(d).sort((x, y) => cat.subBytes[y]! - cat.subBytes[x]!);
    const floor = cat.subBytes[d]! * MIN_SHARE;
    const parentNode = node.get(d)!;
    for (let k = 0; k < kids.length && k < MAX_CHILDREN && t.name.length < room; k++) {
      const c = kids[k]!;
      const b = cat.subBytes[c]!;
      if (b <= 0 || b < floor) break;
      add(c, parentNode);
      if (cat.kind[c] === DIR && cat.childCount[c]! > 0) heap.push(b, c);
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
  // One grey node per folder for what was not drawn one by one.
  for (const [d, shown] of shownKids) {
    const live = cat.children(d);
    if (live.length === shown.length) continue;
    let bytes = cat.subBytes[d]!;
    for (const c of shown) bytes -= cat.subBytes[c]!;
    t.name.push(`${num(live.length - shown.length)} smaller items`);
    t.parent.push(node.get(d)!);
    t.bytes.push(Math.max(0, bytes));
    t.entries.push(live.length - shown.length);
    t.kind.push(3);
    t.cruft.push(0);
    t.dupe.push(0);
  }
  return t;
}

/** The cruft and duplicate marks on catalog rows. */
function marks(input: ReportInput, kinds: readonly string[]): Map<number, { cruft: number; dupe: number }> {
  const out = new Map<number, { cruft: number; dupe: number }>();
  for (const it of input.cruft?.items ?? []) {
    const k = kinds.indexOf(it.kind) + 1;
    out.set(it.index, { cruft: it.verified ? k : -k, dupe: 0 });
  }
  (input.dupes?.groups ?? []).forEach((g, n) => {
    for (const i of g.indices ?? []) {
      if (input.catalog.kind[i] !== DIR) continue;
      const m = out.get(i);
      out.set(i, { cruft: m?.cruft ?? 0, dupe: n + 1 });
    }
  });
  return out;
}

const td = (v: string, cls = ''): string => `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;
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
${top.map((it) => `<tr>${td(`${input.name}/${it.path}`, 'p')}${td(it.kind)}${td(it.verified ? 'yes' : 'NO')}${td(it.reason)}${td(num(it.entries), 'n')}${td(size(it.bytes), 'n')}</tr>`).join('\n')}</table>
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
${shown.map((g, n) => `<tr>${td(String(n + 1), 'n')}<td class="p">${g.paths.map((p) => esc(`${input.name}/${p}`)).join('<br>')}</td>${td(num(g.files), 'n')}${td(size(g.bytes), 'n')}${td(size(g.reclaimable ?? g.bytes * (g.paths.length - 1)), 'n')}</tr>`).join('\n')}</table>
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
${input.biggest.map((b) => `<tr>${td(`${input.name}/${b.path}`, 'p')}${td(size(b.bytes), 'n')}</tr>`).join('\n')}</table>`;
  return `<h2>Media</h2><div class="cols"><div>${cats}</div><div>${exts}</div></div><h2>Largest files</h2>${big}`;
}

/** The HTML of the report for `input`. Pure: reads only the catalog in memory. */
export function reportHtml(input: ReportInput): { html: string; nodes: number } {
  const cat = input.catalog;
  const kinds = [...new Set([...(input.cruft?.byKind.map((k) => k.kind) ?? []), ...(input.cruft?.items.map((i) => i.kind) ?? [])])];
  const tree = pruneTree(cat, input.budget ?? DEFAULT_BUDGET, marks(input, kinds), input.signal);
  const c = cat.counts();
  const cruftTotal = input.cruft === undefined ? undefined : input.cruft.items.filter((it) => it.verified);
  const reclaim = input.dupes?.groups.reduce((s, g) => s + (g.reclaimable ?? g.bytes * (g.paths.length - 1)), 0);
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
</div>`;
  const present = kinds.filter((k) => input.cruft?.items.some((it) => it.kind === k));
  const legend = `<div class="legend">${present.map((k) => `<span><i style="background:${CRUFT_COLOURS[k] ?? '#999'}"></i>${esc(k)}</span>`).join('')}${input.dupes !== undefined && input.dupes.groups.length > 0 ? `<span><i style="background:${DUPE_COLOUR}"></i>duplicate folder</span>` : ''}<span><i style="background:#fff;outline:2px dashed #c0392b;outline-offset:-3px"></i>name-only cruft match</span><span><i style="background:repeating-linear-gradient(45deg,#e3e6eb 0 4px,#eef0f3 4px 8px)"></i>smaller items together</span><span><i style="width:24px;height:5px;vertical-align:2px;background:linear-gradient(90deg,#e4572e 0 40%,${DUPE_COLOUR} 40% 70%,#fff 70%)"></i>bar under a box: its share of cruft and duplicate folders</span></div>`;
  const data = { name: input.name, tree, cruftKinds: kinds, cruftColours: kinds.map((k) => CRUFT_COLOURS[k] ?? '#999'), dupeColour: DUPE_COLOUR };
  const html = page({ title: `${input.name}: rummage report`, headline, legend, sections: cruftSection(input) + dupeSection(input) + mediaSection(input), data });
  return { html, nodes: tree.name.length };
}

/** report()'s options: what REPORT_OPTIONS declares. */
export type ReportOptions = Given<typeof REPORT_OPTIONS>;

export interface ReportData {
  /** The page, absolute: reveal() opens it in the browser. */
  readonly file: string;
  readonly bytes: number;
  /** Treemap nodes in the page, of the archive's entries. */
  readonly nodes: number;
  readonly entries: number;
}

export type ReportResult = Printable<ReportData, ReportData>;

function cruftOf(core: ArchiveCore): ReportInput['cruft'] {
  const r = cruft(core.catalog, core.name, undefined, core.signal);
  return { items: r.items, byKind: r.byKind() };
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
  budget: opt.numberOr('most treemap boxes kept in the page', { default: DEFAULT_BUDGET, min: 100, integer: true, sample: '5000' }),
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
  return printable(data, (d) => `Report: ${d.file}\n  ${size(d.bytes)}, ${num(d.nodes)} treemap boxes for ${plural(d.entries, 'entry', 'entries')}; reveal(_) opens it in the browser.`, (d) => ({ ...d }));
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
