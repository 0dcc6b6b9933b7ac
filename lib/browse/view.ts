// What browse() shows and how keys change it, without a terminal: one folder
// at a time, its entries sorted, each with a bar, size, entry count, newest
// modification time and badges. The terminal driver (terminal.ts) feeds keys
// in and writes the lines out; tests can drive this directly too.
import type { Catalog } from '../catalog/index.ts';
import { cruft, type CruftKind } from '../cruft/index.ts';
import { bar, reveal } from '../drive/index.ts';
import { groupDupes, lastDupes, type ContainedResult, type DupeDirsResult } from '../dupes/index.ts';
import { day, num, size } from '../format.ts';
import { Selection } from '../query/index.ts';
import { remove, undo, type Removal } from '../remove/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { DIR, FILE, SYMLINK } from '../types.ts';

export interface BrowseOptions {
  /** Duplicate folders to badge `dup ×N` (default: the last groupDupes() of this index, if any). */
  readonly dupes?: DupeDirsResult;
  /** Folders whose every file exists elsewhere, badged `contained`. */
  readonly contained?: ContainedResult;
}

export type SortKey = 'size' | 'name' | 'mtime' | 'count';

/** A key as readline's keypress event gives it. */
export interface Key {
  readonly name?: string | undefined;
  readonly sequence?: string | undefined;
  readonly ctrl?: boolean | undefined;
}


/** Badge text for each cruft kind. */
const BADGE: Readonly<Record<CruftKind, string>> = {
  venv: 'venv',
  pycache: 'pycache',
  pyc: 'pycache',
  'python-cache': 'pycache',
  node_modules: 'node_modules',
  'build-output': 'build',
  junk: 'junk',
  log: 'log',
  'system-backup': 'backup',
};

type Mode = 'list' | 'overlay' | 'confirm' | 'filter' | 'busy';

const HELP = [
  'browse(): keys',
  '',
  '  ↑ ↓  j k        move (PgUp PgDn Home End too)',
  '  Enter → l       go into a folder',
  '  ← Backspace h   go up',
  '  s n m c         sort by size, name, modification time, entry count',
  '  i               details: cruft rule and marker, other copies, hardlinks',
  '  g               jump to the next copy of a duplicate',
  '  D               find duplicate folders now (groupDupes)',
  '  /               filter names (Enter keeps it, Esc clears it)',
  '  .               show or hide junk (.DS_Store, Thumbs.db, ...)',
  '  r               reveal the folder in the file manager',
  '  space           mark or unmark',
  '  d               plan removing the marked rows (or this one); y removes',
  '  u               undo the last removal',
  '  q Esc           leave: browse() returns a Selection of the marked rows',
  '',
  'Any key closes this help.',
];

/** Cells a code point takes in a terminal: 2 for East Asian wide and fullwidth forms and most emoji, else 1. */
function width(cp: number): number {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd)
    ? 2
    : 1;
}

/** Display width of a string in terminal cells. */
export function cells(s: string): number {
  let n = 0;
  for (const ch of s) n += width(ch.codePointAt(0)!);
  return n;
}

/** Cuts `s` to `w` cells, with an ellipsis when cut. */
export function fit(s: string, w: number): string {
  if (w <= 0) return '';
  if (cells(s) <= w) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const cw = width(ch.codePointAt(0)!);
    if (used + cw > w - 1) break;
    out += ch;
    used += cw;
  }
  return `${out}…`;
}

/** A name as one line of the screen: control characters (a newline in a name) shown as \xNN. */
function printableName(s: string): string {
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}

function pad(s: string, w: number): string {
  const n = cells(s);
  return n >= w ? s : s + ' '.repeat(w - n);
}

export class BrowseView {
  cat: Catalog;
  dir = 0;
  cursor = 0;
  top = 0;
  sort: SortKey = 'size';
  filter = '';
  showJunk = true;
  readonly marks = new Set<number>();
  mode: Mode = 'list';
  overlay: string[] = [];
  status = '';
  /** Removal plan waiting for a typed y. */
  private pending: Selection | undefined;
  private rowsCache: number[] | undefined;
  /** Newest modification time of anything but a folder below each row. */
  private newest!: Float64Array;
  private cruftOf = new Map<number, { kind: CruftKind; verified: boolean; reason: string }>();
  private cruftDone = false;
  private dupOf = new Map<number, Uint32Array>();
  private containedOf = new Set<number>();

  constructor(readonly core: ArchiveCore, start: number, options: BrowseOptions = {}) {
    this.cat = core.catalog;
    this.dir = start;
    this.computeNewest();
    this.loadDupes(options.dupes ?? lastDupes(this.cat));
    for (const it of options.contained?.items ?? []) this.containedOf.add(it.index);
  }

  /** Cruft badges: a pass over the whole index, done after the first screen is drawn. */
  loadCruft(): void {
    if (this.cruftDone) return;
    this.cruftDone = true;
    const r = cruft(this.cat, this.core.name, undefined, this.core.signal);
    for (const it of r.items) this.cruftOf.set(it.index, { kind: it.kind, verified: it.verified, reason: it.reason });
    this.rowsCache = undefined;
  }

  private loadDupes(d: DupeDirsResult | undefined): void {
    this.dupOf.clear();
    if (d === undefined) return;
    for (const g of d.groups) {
      if (g.catalog !== this.cat) continue;
      for (const i of g.rows) this.dupOf.set(i, g.rows);
    }
  }

  private computeNewest(): void {
    const c = this.cat;
    const n = c.length;
    const nw = new Float64Array(n).fill(-Infinity);
    for (let i = n - 1; i > 0; i--) {
      if (c.gone[i] === 1) continue;
      const mine = c.kind[i] === DIR ? nw[i]! : c.mtime[i]!;
      const p = c.parent[i]!;
      if (mine > nw[p]!) nw[p] = mine;
    }
    this.newest = nw;
  }

  private newestOf(i: number): number {
    const v = this.newest[i]!;
    return v === -Infinity ? this.cat.mtime[i]! : v;
  }

  private isJunk(i: number): boolean {
    return this.cruftOf.get(i)?.kind === 'junk';
  }

  /** The rows of the folder shown, filtered and sorted. */
  rows(): number[] {
    if (this.rowsCache !== undefined) return this.rowsCache;
    const c = this.cat;
    let kids = c.children(this.dir);
    if (!this.showJunk) kids = kids.filter((i) => !this.isJunk(i));
    if (this.filter !== '') {
      const f = this.filter.toLowerCase();
      kids = kids.filter((i) => c.name(i).toLowerCase().includes(f));
    }
    const byName = (a: number, b: number): number => {
      const x = c.name(a);
      const y = c.name(b);
      return x < y ? -1 : x > y ? 1 : 0;
    };
    const cmp: Record<SortKey, (a: number, b: number) => number> = {
      size: (a, b) => c.subBytes[b]! - c.subBytes[a]! || byName(a, b),
      name: byName,
      mtime: (a, b) => this.newestOf(b) - this.newestOf(a) || byName(a, b),
      count: (a, b) => (c.kind[b] === DIR ? c.subEntries[b]! : 0) - (c.kind[a] === DIR ? c.subEntries[a]! : 0) || c.subBytes[b]! - c.subBytes[a]! || byName(a, b),
    };
    kids.sort(cmp[this.sort]);
    this.rowsCache = kids;
    return kids;
  }

  /** The catalog row under the cursor, or undefined in an empty folder. */
  current(): number | undefined {
    return this.rows()[this.cursor];
  }

  private refresh(): void {
    this.rowsCache = undefined;
    const n = this.rows().length;
    this.cursor = Math.max(0, Math.min(this.cursor, n - 1));
  }

  private enter(i: number): void {
    this.dir = i;
    this.cursor = 0;
    this.top = 0;
    this.filter = '';
    this.rowsCache = undefined;
  }

  /** Shows the folder holding `i` with the cursor on `i`. */
  private goTo(i: number): void {
    this.enter(this.cat.parent[i]!);
    if (this.isJunk(i)) this.showJunk = true;
    this.rowsCache = undefined;
    this.cursor = Math.max(0, this.rows().indexOf(i));
  }

  private badges(i: number): string[] {
    const out: string[] = [];
    const cr = this.cruftOf.get(i);
    if (cr !== undefined) out.push(cr.verified ? (cr.kind === 'venv' ? 'venv ✓' : BADGE[cr.kind]) : `${BADGE[cr.kind]}?`);
    const g = this.dupOf.get(i);
    if (g !== undefined) out.push(`dup ×${this.liveMembers(g).length}`);
    if (this.containedOf.has(i)) out.push('contained');
    return out;
  }

  private liveMembers(g: Uint32Array): number[] {
    return Array.from(g).filter((r) => !this.goneAt(r));
  }

  private goneAt(i: number): boolean {
    for (let j = i; ; j = this.cat.parent[j]!) {
      if (this.cat.gone[j] === 1) return true;
      if (j === 0) return false;
    }
  }

  /** The screen: `height` lines of at most `width` cells. */
  render(width: number, height: number): string[] {
    const w = Math.max(20, width);
    const h = Math.max(5, height);
    const c = this.cat;
    const where = printableName(this.dir === 0 ? this.core.name : `${this.core.name}/${c.path(this.dir)}`);
    const head = `${where}  ${size(c.subBytes[this.dir]!)} in ${num(c.subEntries[this.dir]!)} entries  sort: ${this.sort}${this.filter ? `  filter: ${this.filter}` : ''}${this.showJunk ? '' : '  junk hidden'}`;
    const lines = [fit(head, w)];
    const body = h - 2;
    if (this.mode === 'overlay' || this.mode === 'confirm' || this.mode === 'busy') {
      for (const l of this.overlay.slice(0, body)) lines.push(fit(printableName(l), w));
    } else {
      const rows = this.rows();
      if (this.cursor < this.top) this.top = this.cursor;
      if (this.cursor >= this.top + body) this.top = this.cursor - body + 1;
      this.top = Math.max(0, Math.min(this.top, Math.max(0, rows.length - body)));
      const total = c.subBytes[this.dir]!;
      const barW = w >= 110 ? 20 : w >= 70 ? 10 : 0;
      const showDate = w >= 60;
      if (rows.length === 0) lines.push(this.filter ? '  (nothing matches the filter)' : '  (empty folder)');
      for (let k = this.top; k < rows.length && k < this.top + body; k++) {
        const i = rows[k]!;
        const cur = k === this.cursor ? '>' : ' ';
        const mark = this.marks.has(i) ? '*' : ' ';
        const b = c.subBytes[i]!;
        const cnt = c.kind[i] === DIR ? num(c.subEntries[i]!) : '';
        let left = `${cur}${mark}${size(b).padStart(9)} `;
        if (barW > 0) left += `${bar(total > 0 ? b / total : 0, barW)} `;
        left += `${cnt.padStart(8)} `;
        if (showDate) left += `${day(this.newestOf(i))} `;
        const nm = printableName(c.name(i));
        const name = c.kind[i] === DIR ? `${nm}/` : c.kind[i] === SYMLINK ? `${nm} ->` : nm;
        const tags = this.badges(i).map((t) => `[${t}]`).join(' ');
        const room = w - cells(left);
        const tagRoom = Math.min(cells(tags), Math.max(0, room - 8));
        const nameRoom = room - (tags ? tagRoom + 1 : 0);
        const right = fit(name, nameRoom) + (tags ? ` ${fit(tags, room - Math.min(cells(name), nameRoom) - 1)}` : '');
        lines.push(fit(left + right, w));
      }
    }
    while (lines.length < h - 1) lines.push('');
    const marked = this.marks.size > 0 ? `  marked ${num(this.marks.size)} (${size(this.markedBytes())})` : '';
    const foot = this.mode === 'filter'
      ? `/${this.filter}▏  (Enter keeps the filter, Esc clears it)`
      : this.status !== '' ? this.status + marked : `? help  ←→ folders  space mark  d remove  u undo  q done${marked}`;
    lines.push(fit(printableName(foot), w));
    return lines.map((l) => pad(l, w));
  }

  private markedBytes(): number {
    return new Selection(this.cat, Uint32Array.from(this.marks), this.core.name).bytes;
  }

  /** The marked rows that are still there, in path order. */
  selection(): Selection {
    const live = [...this.marks].filter((i) => !this.goneAt(i));
    return new Selection(this.cat, this.cat.inPathOrder(live), this.core.name);
  }

  /** Handles one key; resolves to true when browse should end. */
  async key(str: string | undefined, key: Key = {}): Promise<boolean> {
    // Printable keys by what they type ('D', '?', '/'), the rest by readline's name ('up', 'return').
    const name = str !== undefined && str.length === 1 && str > ' ' && str !== '\x7f' && !key.ctrl ? str : str === ' ' ? 'space' : key.name ?? str;
    if (key.ctrl && key.name === 'c') return true;
    if (this.mode === 'busy') return false;
    if (this.mode === 'overlay') {
      this.mode = 'list';
      return false;
    }
    if (this.mode === 'confirm') {
      this.mode = 'list';
      const sel = this.pending;
      this.pending = undefined;
      if (str === 'y' && sel !== undefined) await this.removeNow(sel);
      else this.status = 'Nothing removed.';
      return false;
    }
    if (this.mode === 'filter') {
      if (name === 'escape') {
        this.filter = '';
        this.mode = 'list';
      } else if (name === 'return' || name === 'enter') this.mode = 'list';
      else if (name === 'backspace') this.filter = this.filter.slice(0, -1);
      else if (str !== undefined && str.length === 1 && str >= ' ') this.filter += str;
      this.cursor = 0;
      this.refresh();
      return false;
    }
    this.status = '';
    const rows = this.rows();
    const cur = this.current();
    switch (name) {
      case 'q':
      case 'escape':
        return true;
      case 'up':
      case 'k':
        this.cursor = Math.max(0, this.cursor - 1);
        break;
      case 'down':
      case 'j':
        this.cursor = Math.min(rows.length - 1, this.cursor + 1);
        break;
      case 'pageup':
        this.cursor = Math.max(0, this.cursor - 10);
        break;
      case 'pagedown':
        this.cursor = Math.min(rows.length - 1, this.cursor + 10);
        break;
      case 'home':
        this.cursor = 0;
        break;
      case 'end':
        this.cursor = rows.length - 1;
        break;
      case 'return':
      case 'enter':
      case 'right':
      case 'l':
        if (cur !== undefined && this.cat.kind[cur] === DIR) this.enter(cur);
        break;
      case 'left':
      case 'backspace':
      case 'h':
        if (this.dir !== 0) this.goTo(this.dir);
        break;
      case 's':
      case 'n':
      case 'm':
      case 'c':
        this.sort = ({ s: 'size', n: 'name', m: 'mtime', c: 'count' } as const)[name];
        this.rowsCache = undefined;
        if (cur !== undefined) this.cursor = Math.max(0, this.rows().indexOf(cur));
        break;
      case '/':
        this.mode = 'filter';
        break;
      case '.':
        this.showJunk = !this.showJunk;
        this.refresh();
        this.status = this.showJunk ? 'Junk shown.' : 'Junk hidden.';
        break;
      case 'space':
        if (cur !== undefined) {
          if (this.marks.has(cur)) this.marks.delete(cur);
          else this.marks.add(cur);
          this.cursor = Math.min(rows.length - 1, this.cursor + 1);
        }
        break;
      case 'i':
        if (cur !== undefined) this.show(this.details(cur));
        break;
      case 'g':
        this.nextCopy(cur);
        break;
      case 'r':
        if (cur !== undefined) {
          const out: string[] = [];
          const r = reveal(this.cat, this.core.root, this.core.name, { index: this.cat.kind[cur] === DIR ? cur : this.cat.parent[cur]! }, { out: (l) => out.push(l) });
          if (r.command === null) this.show([`No file manager here: ${r.reason}. The path:`, '', ...out, '', 'Any key closes this.']);
          else this.status = `Opened with ${r.command}.`;
        }
        break;
      case 'D':
        await this.findDupes();
        break;
      case 'd':
        this.plan(cur);
        break;
      case 'u':
        await this.undoNow();
        break;
      case '?':
        this.show(HELP);
        break;
      default:
        break;
    }
    return false;
  }

  private show(lines: string[]): void {
    this.overlay = lines;
    this.mode = 'overlay';
  }

  private details(i: number): string[] {
    const c = this.cat;
    const out = [`${this.core.name}/${c.path(i)}`, ''];
    const kind = c.kind[i] === DIR ? 'folder' : c.kind[i] === FILE ? 'file' : c.kind[i] === SYMLINK ? 'symlink' : 'other';
    out.push(`  ${kind}, ${size(c.subBytes[i]!)}${c.kind[i] === DIR ? `, ${num(c.subEntries[i]!)} entries` : ''}, modified ${day(c.mtime[i]!)}, newest inside ${day(this.newestOf(i))}`);
    const cr = this.cruftOf.get(i);
    if (cr !== undefined) out.push(`  cruft: ${cr.kind}, ${cr.verified ? 'verified' : 'name only'}: ${cr.reason}`);
    else if (!this.cruftDone) out.push('  cruft: not looked for yet');
    const g = this.dupOf.get(i);
    if (g !== undefined) {
      out.push(`  duplicate folder, ${this.liveMembers(g).length} copies (g jumps to the next):`);
      for (const m of this.liveMembers(g)) out.push(`    ${m === i ? '=' : '-'} ${this.core.name}/${c.path(m)}`);
    } else if (this.dupOf.size === 0) out.push('  duplicates: not looked for yet (D finds them, or run groupDupes() first)');
    if (this.containedOf.has(i)) out.push('  contained: every file in it also exists elsewhere');
    if (c.kind[i] === FILE && c.nlink[i]! > 1) {
      const links: number[] = [];
      for (let r = 1; r < c.length; r++) if (r !== i && c.gone[r] === 0 && c.ino[r] === c.ino[i] && c.dev[r] === c.dev[i]) links.push(r);
      out.push(`  hardlinks: ${c.nlink[i]} names for this file${links.length > 0 ? ', in the archive:' : ', none other in the archive'}`);
      for (const r of links.slice(0, 10)) out.push(`    ${this.core.name}/${c.path(r)}`);
    }
    out.push('', 'Any key closes this.');
    return out;
  }

  private nextCopy(cur: number | undefined): void {
    const g = cur === undefined ? undefined : this.dupOf.get(cur);
    if (g === undefined) {
      this.status = this.dupOf.size === 0 ? 'Duplicates not looked for yet: D finds them.' : 'Not a duplicate folder.';
      return;
    }
    const live = this.liveMembers(g);
    const next = live[(live.indexOf(cur!) + 1) % live.length]!;
    this.goTo(next);
    this.status = `Copy ${live.indexOf(next) + 1} of ${live.length}.`;
  }

  private async findDupes(): Promise<void> {
    this.mode = 'busy';
    this.overlay = ['Finding duplicate folders (groupDupes)...'];
    this.onChange?.();
    try {
      const r = await groupDupes(this.core, { progress: false });
      this.loadDupes(r);
      this.status = `${num(r.groups.length)} duplicate folder groups.`;
    } catch (e) {
      this.status = `groupDupes failed: ${(e as Error).message}`;
    } finally {
      this.mode = 'list';
    }
  }

  /** Called while a long step runs, so the screen can say so. */
  onChange: (() => void) | undefined;

  /** Why removing `rows` is refused, as lines: it would take every copy of a duplicate. */
  lastCopy(rows: readonly number[]): string[] | undefined {
    const going = (m: number): boolean => rows.some((r) => r === m || this.cat.isWithin(m, r));
    const seen = new Set<Uint32Array>();
    for (const g of this.dupOf.values()) {
      if (seen.has(g)) continue;
      seen.add(g);
      const live = this.liveMembers(g);
      if (live.length > 0 && live.every(going)) {
        return [
          `Refused: this would remove every copy of a duplicate folder (${live.length} copies):`,
          ...live.map((m) => `  - ${this.core.name}/${this.cat.path(m)}`),
          'Keep one copy, as keep() does: unmark one of them. Nothing was removed.',
          '',
          'Any key closes this.',
        ];
      }
    }
    return undefined;
  }

  private plan(cur: number | undefined): void {
    const rows = this.marks.size > 0 ? [...this.marks].filter((i) => !this.goneAt(i)) : cur === undefined ? [] : [cur];
    if (rows.length === 0) {
      this.status = 'Nothing to remove.';
      return;
    }
    const refused = this.lastCopy(rows);
    if (refused !== undefined) {
      this.show(refused);
      this.status = 'Refused: that would remove every copy of a duplicate.';
      return;
    }
    const sel = new Selection(this.cat, this.cat.inPathOrder(rows), this.core.name);
    let p: Removal;
    try {
      p = remove(this.core, sel);
    } catch (e) {
      this.status = (e as Error).message;
      return;
    }
    if (p.items.length === 0) {
      this.status = `Nothing to remove. ${p.skipped.map((s) => `${s.path}: ${s.reason}`).join('; ')}`;
      return;
    }
    this.pending = sel;
    // remove()'s own plan, its table narrowed to the terminal: the largest items by size, then its notes.
    const [first, ...rest] = p.toString().split('\n');
    const items = [...p.items].sort((a, b) => b.bytes - a.bytes);
    this.overlay = [
      first!,
      ...items.slice(0, 12).map((it) => `  ${size(it.bytes).padStart(9)}  ${this.core.name}/${it.path}${it.cruft === undefined ? '' : `  (${it.cruft})`}`),
      ...(items.length > 12 ? [`  … and ${num(items.length - 12)} more`] : []),
      ...rest.filter((l) => !l.startsWith('│') && !/^[┌├└]/.test(l) && !l.startsWith('…')),
      '',
      'Type y to move them to the quarantine now (undo with u); any other key cancels.',
    ];
    this.mode = 'confirm';
  }

  private async removeNow(sel: Selection): Promise<void> {
    this.mode = 'busy';
    this.overlay = ['Removing...'];
    this.onChange?.();
    try {
      const done = await remove(this.core, sel, { delete: true, countdown: 0 });
      for (const it of done.removed) this.marks.delete(it.index);
      this.status = done.toString().split('\n')[0]!.replace(/; undo\(\) brings them back/, '; u brings them back');
    } catch (e) {
      this.status = `Not removed: ${(e as Error).message}`;
    } finally {
      this.mode = 'list';
      this.afterChange();
    }
  }

  private async undoNow(): Promise<void> {
    this.mode = 'busy';
    this.overlay = ['Undoing the last removal...'];
    this.onChange?.();
    try {
      const r = await undo(this.core);
      this.status = r.toString().split('\n')[0]!;
    } catch (e) {
      this.status = `Not undone: ${(e as Error).message}`;
    } finally {
      this.mode = 'list';
      this.afterChange();
    }
  }

  /** The index changed (a removal, an undo): recompute from it, no rescan. */
  private afterChange(): void {
    if (this.core.catalog !== this.cat) {
      // undo() rescanned: row numbers mean nothing now; start again at the root.
      this.cat = this.core.catalog;
      this.marks.clear();
      this.dupOf.clear();
      this.cruftOf.clear();
      this.cruftDone = false;
      this.loadCruft();
      this.enter(0);
    }
    while (this.dir !== 0 && this.goneAt(this.dir)) this.dir = this.cat.parent[this.dir]!;
    this.computeNewest();
    this.refresh();
  }
}
