// A removal: the plan remove() returns (a dry run), or what a done removal
// did. What it prints shows every name escaped (see shown()).
import { Buffer } from 'node:buffer';
import { inspect } from 'node:util';
import type { Catalog } from '../catalog/index.ts';
import type { CruftKind } from '../cruft/index.ts';
import { num, plural, shown, size, table } from '../format.ts';
import type { Failed, Skipped } from './quarantine.ts';
import type { Selection } from '../query/index.ts';
import type { CruftResult } from '../cruft/index.ts';
import { QUARANTINE, type Kind } from '../types.ts';

export type { Failed, Skipped };

export interface RemoveOptions {
  /** Actually remove; without it remove() only returns the plan. */
  readonly delete?: boolean;
  /** Seconds to wait, cancellable with Ctrl-C, before anything moves (default 3; 0 for none). */
  readonly countdown?: number;
  /** Delete for good instead of keeping the items in the quarantine (the countdown and journal still apply). */
  readonly permanent?: boolean;
  /** Say each path as it goes. */
  readonly verbose?: boolean;
  /** From a cruft result, also take name-only matches (never the reported-only kinds). */
  readonly includeUnverified?: boolean;
}

/** What remove() takes: a Selection, a cruft() or venvs() result, a plan from remove(), or relative paths. */
export type Removable = Selection | CruftResult | Removal | string | readonly string[];

/** One item of a plan: a topmost entry, removed with everything inside it. */
export interface RemovalItem {
  readonly index: number;
  /** Relative to the root, with `\xNN` escapes for bytes that are not UTF-8. */
  readonly path: string;
  /** The exact path bytes, base64, when the path is not valid UTF-8. */
  readonly pathBytes?: string;
  readonly kind: Kind;
  /** The cruft rule that found it. */
  readonly cruft?: CruftKind;
  readonly bytes: number;
  /** Entries inside it (0 for a file or link). */
  readonly entries: number;
}

interface RemovalData {
  readonly archiveName: string;
  /** True for a plan: nothing has changed. */
  readonly dryRun: boolean;
  readonly permanent: boolean;
  /** The plan: what is to go (or went, for a done removal, see `removed`). */
  readonly items: readonly RemovalItem[];
  /** Left out at planning or just before the move, with the reason. */
  readonly skipped: readonly Skipped[];
  /** What the plan left out on purpose (name-only and reported-only matches). */
  readonly notes: readonly string[];
  readonly removed: readonly RemovalItem[];
  readonly failed: readonly Failed[];
  /** The removal's folder name in the quarantine: undo(name) takes it. */
  readonly name: string | undefined;
  /** Ctrl-C stopped it part way; what was removed is journalled and undoable. */
  readonly cancelled: boolean;
}

/** A plan (dry run) or a done removal. */
export interface Removal extends RemovalData {}
export class Removal {
  readonly #catalog: Catalog;

  constructor(data: RemovalData, catalog: Catalog) {
    Object.assign(this, data);
    this.#catalog = catalog;
    Object.freeze(this);
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** Entries inside the planned items. */
  get entries(): number {
    return this.items.reduce((n, it) => n + it.entries, 0);
  }

  get bytes(): number {
    return this.items.reduce((n, it) => n + it.bytes, 0);
  }

  /** The removal's folder, relative to the root: `.rummage-trash/<name>`. */
  get quarantine(): string | undefined {
    return this.name === undefined ? undefined : `${QUARANTINE}/${this.name}`;
  }

  /** What a done removal adds to a snippet's JSON. */
  outcome(): { removed: string[]; quarantine: string | null; skipped: readonly Skipped[]; failed: readonly Failed[] } {
    return { removed: this.removed.map(jsonPath), quarantine: this.quarantine ?? null, skipped: this.skipped, failed: this.failed };
  }

  json(): object {
    const items = this.items.map((it) => ({ path: jsonPath(it), kind: it.kind, bytes: it.bytes, entries: it.entries, ...(it.pathBytes === undefined ? {} : { pathBytes: it.pathBytes }) }));
    return this.dryRun ? { items, skipped: this.skipped } : { items, ...this.outcome() };
  }

  toJSON(): object {
    return this.json();
  }

  toString(): string {
    const out: string[] = [];
    const what = `${num(this.items.length)} item${this.items.length === 1 ? '' : 's'}, ${plural(this.entries, 'entry', 'entries')} inside, ${size(this.bytes)}`;
    if (this.dryRun) {
      out.push(`Plan (dry run, nothing has changed): remove ${what}`);
      if (this.items.length > 0) out.push(this.largest());
      out.push(...this.notes);
      out.push(...this.skippedLines());
      if (this.items.length > 0) {
        out.push(this.permanent
          ? 'With {delete: true} they are deleted for good (permanent: no quarantine, no undo).'
          : `With {delete: true} they move to ${shown(this.archiveName)}/${QUARANTINE}; undo() brings them back, purge() deletes them for good.`);
      }
      return out.join('\n');
    }
    const gone = this.removed.reduce((n, it) => n + it.entries, 0);
    const bytes = this.removed.reduce((n, it) => n + it.bytes, 0);
    const where = this.permanent ? 'deleted for good' : `moved to ${shown(this.archiveName)}/${this.quarantine}; undo() brings them back`;
    out.push(`Removed ${num(this.removed.length)} of ${plural(this.items.length, 'item')} (${plural(gone, 'entry', 'entries')} inside, ${size(bytes)}): ${this.removed.length > 0 ? where : 'nothing changed'}`);
    if (this.cancelled) out.push('Cancelled with Ctrl-C: the rest was left in place.');
    out.push(...this.skippedLines());
    for (const f of this.failed) out.push(`  failed: ${shown(this.archiveName)}/${shownItem(f)} (${f.code}) ${shown(f.message)}`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private largest(): string {
    const rows = [...this.items].sort((a, b) => b.bytes - a.bytes).slice(0, 10).map((it) => [`${shown(this.archiveName)}/${shownItem(it)}`, it.cruft ?? it.kind, size(it.bytes), num(it.entries)]);
    const extra = this.items.length > rows.length ? `\n… and ${num(this.items.length - rows.length)} more` : '';
    return `${table(rows, { head: ['largest items', 'kind', 'bytes', 'entries'], right: [2, 3] })}${extra}`;
  }

  private skippedLines(): string[] {
    return this.skipped.map((s) => `  skipped: ${shown(this.archiveName)}/${shownItem(s)}: ${shown(s.reason)}`);
  }
}

function jsonPath(it: RemovalItem): string {
  return it.pathBytes === undefined ? it.path : Buffer.from(it.pathBytes, 'base64').toString('utf8');
}

/** An item's path as a terminal may show it: escaped, from its exact bytes. */
export function shownItem(it: { readonly path: string; readonly pathBytes?: string }): string {
  return shown(it.pathBytes === undefined ? it.path : Buffer.from(it.pathBytes, 'base64'));
}
