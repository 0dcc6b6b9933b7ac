// What cruft() and venvs() return: the matches, a summary by kind, and the
// way into remove().
import type { Catalog } from '../catalog/index.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Selection } from '../query/index.ts';
import { PrintableResult, displayPath, rawPathJson } from '../shared/index.ts';
import type { CruftItem, InsideItem, Matches } from './match.ts';
import { RULE, type CruftKind } from './rules.ts';

/** A match as snippets print it with --json; `pathBytes` only for names that are not valid UTF-8. */
export type CruftJsonItem = Omit<CruftItem, 'index'> & { readonly pathBytes?: string };

export interface KindSummary {
  readonly kind: CruftKind;
  readonly items: number;
  readonly entries: number;
  readonly bytes: number;
  readonly verified: number;
  readonly nameOnly: number;
  /** Matches of this kind lying inside other confirmed items, by the outer item's kind: cruft(kind) lists them too. */
  readonly inside: Readonly<Partial<Record<CruftKind, number>>>;
}

export type CruftView = 'summary' | 'list';

/** What CruftResult's json() gives (and JSON.stringify through toJSON()). */
export type CruftJson = { items: CruftJsonItem[] };

/** What `cruft()` and `venvs()` return: the matches, a summary by kind, and the way into `remove()`. */
export class CruftResult extends PrintableResult<CruftJson> {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  readonly #view: CruftView;

  readonly items: readonly CruftItem[];
  /** Further matches lying inside confirmed items (a venv's __pycache__): part of those items, listed apart. */
  readonly inside: readonly InsideItem[];

  constructor(
    matches: Matches,
    readonly kinds: readonly CruftKind[],
    catalog: Catalog,
    archiveName: string,
    view: CruftView = 'summary',
  ) {
    super();
    this.#catalog = catalog;
    this.#archiveName = archiveName;
    this.#view = view;
    this.items = matches.items;
    this.inside = matches.inside;
    Object.freeze(this);
  }

  /** The catalog the matches index into. */
  get catalog(): Catalog {
    return this.#catalog;
  }

  get archiveName(): string {
    return this.#archiveName;
  }

  get length(): number {
    return this.items.length;
  }

  /** What a removal of this result takes: confirmed items of removable kinds (and name-only ones too, when asked). */
  removable(includeUnverified = false): CruftItem[] {
    return this.items.filter((it) => RULE.get(it.kind)!.removable && (it.verified || includeUnverified));
  }

  /** Every match as a Selection, for deliberate choices (e.g. removing reported-only logs). */
  selection(): Selection {
    return new Selection(this.#catalog, Uint32Array.from(this.items, (it) => it.index).sort(), this.#archiveName);
  }

  /** Totals by kind; entries and bytes count what lies inside each match. */
  byKind(): KindSummary[] {
    return this.kinds.map((kind) => {
      const of = this.items.filter((it) => it.kind === kind);
      const verified = of.filter((it) => it.verified).length;
      const inside: Partial<Record<CruftKind, number>> = {};
      for (const it of this.inside) if (it.kind === kind) inside[it.within] = (inside[it.within] ?? 0) + 1;
      return {
        kind,
        items: of.length,
        entries: of.reduce((n, it) => n + it.entries, 0),
        bytes: of.reduce((n, it) => n + it.bytes, 0),
        verified,
        nameOnly: of.length - verified,
        inside,
      };
    });
  }

  /** Entries and bytes inside all matches, each counted once (a name-only match may hold confirmed ones). */
  totals(): { entries: number; bytes: number } {
    const picked = new Set(this.items.map((it) => it.index));
    let entries = 0;
    let bytes = 0;
    for (const it of this.items) {
      let inside = false;
      for (let j = this.#catalog.parent[it.index]!; j !== 0 && !inside; j = this.#catalog.parent[j]!) inside = picked.has(j);
      if (inside) continue;
      entries += it.entries;
      bytes += it.bytes;
    }
    return { entries, bytes };
  }

  /** `{items: [{path, kind, verified, reason, entries, bytes}]}`, with `pathBytes` for names that are not UTF-8. */
  json(): CruftJson {
    const c = this.#catalog;
    return {
      items: this.items.map((it) => {
        const item: CruftJsonItem = { path: it.path, kind: it.kind, verified: it.verified, reason: it.reason, entries: it.entries, bytes: it.bytes };
        if (!c.isRaw(it.index)) return item;
        return { ...item, ...rawPathJson(c.pathBytes(it.index)) };
      }),
    };
  }

  /** Every matched path, relative to the root (as on every result: they paste back into any helper). */
  get paths(): string[] {
    return this.items.map((it) => it.path);
  }

  /** The table of matches, largest first: the first `limit` rows, then "… and N more". */
  toTable(limit = 20): string {
    const rows = [...this.items].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
    const shown = rows.slice(0, limit).map((it) => [this.display(it), it.kind, it.verified ? 'yes' : 'NO', it.reason, num(it.entries), size(it.bytes)]);
    const out = [table(shown, { head: ['path', 'kind', 'verified', 'why', 'entries', 'bytes'], right: [4, 5] })];
    if (rows.length > limit) out.push(more(rows.length - limit));
    return out.join('\n');
  }

  /** Prints the table of matches (first 20; `show(Infinity)` for all). */
  show(limit = 20): void {
    console.log(this.toTable(limit));
  }

  /** The REPL shows what String(x) shows. */
  protected override get inspectRows(): number | undefined {
    return undefined;
  }

  toString(): string {
    return this.#view === 'list' ? this.venvView() : this.summaryView();
  }

  private display(it: CruftItem): string {
    return displayPath(this.#archiveName, it.path);
  }

  private summaryView(): string {
    const t = this.totals();
    const verified = this.items.filter((it) => it.verified).length;
    const head = `Cruft in ${this.#archiveName}: ${plural(this.items.length, 'item')} (${num(verified)} verified), ${plural(t.entries, 'entry', 'entries')} inside, ${size(t.bytes)}`;
    if (this.items.length === 0) return head;
    const rows = this.byKind()
      .filter((k) => k.items > 0 || Object.keys(k.inside).length > 0)
      .map((k) => [k.kind, num(k.items), num(k.entries), size(k.bytes), num(k.verified), num(k.nameOnly), insideText(k.inside)]);
    const reported = this.kinds.filter((k) => !RULE.get(k)!.removable);
    return [
      head,
      table(rows, { head: ['kind', 'items', 'entries', 'bytes', 'verified', 'name only', 'more inside other items'], right: [1, 2, 3, 4, 5] }),
      this.toTable(10),
      `remove(…) takes the verified items${reported.length > 0 ? ` (never ${reported.join(' or ')}, which are reported only)` : ''}; it is a dry run until {delete: true}.`,
    ].join('\n');
  }

  private venvView(): string {
    const real = this.items.filter((it) => it.verified);
    const inside = real.reduce((n, it) => n + it.entries, 0);
    const bytes = real.reduce((n, it) => n + it.bytes, 0);
    const head = `${plural(this.items.length, 'folder')} in ${this.#archiveName} ${this.items.length === 1 ? 'looks' : 'look'} like venvs; ${num(real.length)} ${real.length === 1 ? 'is a real venv' : 'are real venvs'} (${plural(inside, 'entry', 'entries')} inside, ${size(bytes)})`;
    if (this.items.length === 0) return head;
    const rows = this.items.map((it) => [this.display(it), it.verified ? 'yes' : 'no', it.reason, num(it.entries), size(it.bytes)]);
    return `${head}\n${table(rows, { head: ['path', 'real venv', 'why', 'entries', 'bytes'], right: [3, 4] })}`;
  }
}


/** "+86 inside venv, +3 inside node_modules": the matches a kind's own listing adds, by where they lie. */
function insideText(inside: Readonly<Partial<Record<CruftKind, number>>>): string {
  return Object.entries(inside)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `+${num(n)} inside ${k}`)
    .join(', ');
}
