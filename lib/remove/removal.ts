// remove(): the only helper that changes the archive. A dry run by default;
// with {delete: true} it counts down, checks each item again, moves it into
// the quarantine and journals it, so that undo() can bring it back whole.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { inspect } from 'node:util';
import type { Catalog } from '../catalog/index.ts';
import { CRUFT_RULES, CruftResult, type CruftKind } from '../cruft/index.ts';
import { UsageError } from '../errors.ts';
import { num, plural, size, table } from '../format.ts';
import { checkSeconds, countdown, interruptible } from './countdown.ts';
import { deleteTree, kindOf, lstat, pruneEmpty } from './fstree.ts';
import { moveEntry, PartialDelete } from './move.ts';
import { JOURNAL, appendLine, newRemoval, pathFields, trashPath, under, type Failed, type JournalLine, type Skipped } from './quarantine.ts';
import { lineKey, rememberMarked, touchRow } from './revive.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { Purge, TrashList, purge, trash, type PurgeOptions } from './purge.ts';
import { Restore, undo } from './undo.ts';
import { Selection, relativePath } from '../query/index.ts';
import { DIR, KINDS, QUARANTINE, type Kind } from '../types.ts';

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
          : `With {delete: true} they move to ${this.archiveName}/${QUARANTINE}; undo() brings them back, purge() deletes them for good.`);
      }
      return out.join('\n');
    }
    const gone = this.removed.reduce((n, it) => n + it.entries, 0);
    const bytes = this.removed.reduce((n, it) => n + it.bytes, 0);
    const where = this.permanent ? 'deleted for good' : `moved to ${this.archiveName}/${this.quarantine}; undo() brings them back`;
    out.push(`Removed ${num(this.removed.length)} of ${plural(this.items.length, 'item')} (${plural(gone, 'entry', 'entries')} inside, ${size(bytes)}): ${this.removed.length > 0 ? where : 'nothing changed'}`);
    if (this.cancelled) out.push('Cancelled with Ctrl-C: the rest was left in place.');
    out.push(...this.skippedLines());
    for (const f of this.failed) out.push(`  failed: ${this.archiveName}/${f.path} (${f.code}) ${f.message}`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private largest(): string {
    const rows = [...this.items].sort((a, b) => b.bytes - a.bytes).slice(0, 10).map((it) => [`${this.archiveName}/${it.path}`, it.cruft ?? it.kind, size(it.bytes), num(it.entries)]);
    const extra = this.items.length > rows.length ? `\n… and ${num(this.items.length - rows.length)} more` : '';
    return `${table(rows, { head: ['largest items', 'kind', 'bytes', 'entries'], right: [2, 3] })}${extra}`;
  }

  private skippedLines(): string[] {
    return this.skipped.map((s) => `  skipped: ${this.archiveName}/${s.path}: ${s.reason}`);
  }
}

function jsonPath(it: RemovalItem): string {
  return it.pathBytes === undefined ? it.path : Buffer.from(it.pathBytes, 'base64').toString('utf8');
}

const DEFAULTS = { delete: false, countdown: 3, permanent: false, verbose: false, includeUnverified: false };

function settle(options: RemoveOptions | undefined): typeof DEFAULTS {
  if (options !== undefined && (typeof options !== 'object' || options === null)) {
    throw new UsageError(`remove() options must be an object such as {delete: true}, not ${JSON.stringify(options)}`);
  }
  const given = Object.fromEntries(Object.entries(options ?? {}).filter(([, v]) => v !== undefined));
  const o = { ...DEFAULTS, ...given };
  checkSeconds(o.countdown);
  return o;
}

/** Resolves one relative path the user gave; anything that is not plainly inside the root is refused. */
function resolvePath(a: ArchiveCore, p: unknown): number {
  if (typeof p !== 'string' || p.trim() === '') {
    throw new UsageError(`remove() paths must be relative paths such as 'old/venv', not ${JSON.stringify(p)}`);
  }
  const clean = relativePath(a, p, 'remove()');
  const parts = clean.split('/');
  if (clean === '') throw new UsageError(`refusing to remove the archive root itself ('${p}'); name what inside it should go`);
  if (parts.find((s) => s !== '' && s !== '.') === QUARANTINE) {
    throw new UsageError(`'${p}' is in the quarantine; undo() restores removals and purge() deletes them`);
  }
  const i = a.catalog.lookup(clean);
  if (i < 0) throw new UsageError(`'${p}' is not in the index of ${a.name}; give a path relative to the root (refresh() after changes made outside rummage)`);
  return i;
}

function sameCatalog(given: Catalog, a: ArchiveCore, what: string): void {
  if (given !== a.catalog) {
    throw new UsageError(`this ${what} comes from another scan (before refresh(), or another archive); run the query again`);
  }
}

/** What `what` asks for, as catalog rows (with the cruft kind that found each), and notes on what was left out. */
function picked(a: ArchiveCore, what: Removable, includeUnverified: boolean): { rows: { index: number; cruft?: CruftKind }[]; notes: string[] } {
  if (what instanceof CruftResult) {
    sameCatalog(what.catalog, a, 'cruft result');
    const take = new Set(what.removable(includeUnverified));
    const left = what.items.filter((it) => !take.has(it));
    const reportOnly = new Set(CRUFT_RULES.filter((r) => !r.removable).map((r) => r.kind));
    const reported = left.filter((it) => reportOnly.has(it.kind));
    const nameOnly = left.length - reported.length;
    const notes: string[] = [];
    if (nameOnly > 0) notes.push(`${num(nameOnly)} name-only match${nameOnly === 1 ? ' is' : 'es are'} left out (no marker); {includeUnverified: true} or --include-unverified takes them.`);
    if (reported.length > 0) notes.push(`${num(reported.length)} ${[...new Set(reported.map((it) => it.kind))].join('/')} match${reported.length === 1 ? ' is' : 'es are'} reported only; pass cruft('${reported[0]!.kind}').selection() to remove them deliberately.`);
    return { rows: [...take].map((it) => ({ index: it.index, cruft: it.kind })), notes };
  }
  if (what instanceof Removal) {
    sameCatalog(what.catalog, a, 'plan');
    return { rows: what.items.map((it) => (it.cruft === undefined ? { index: it.index } : { index: it.index, cruft: it.cruft })), notes: [...what.notes] };
  }
  if (what instanceof Selection) {
    sameCatalog(what.catalog, a, 'Selection');
    return { rows: Array.from(what.indices, (index) => ({ index })), notes: [] };
  }
  if (typeof what === 'string' || Array.isArray(what)) {
    const list: readonly unknown[] = typeof what === 'string' ? [what] : what;
    return { rows: list.map((p) => ({ index: resolvePath(a, p) })), notes: [] };
  }
  throw new UsageError(`remove() takes a Selection, a cruft() result or a list of relative paths, not ${what === null ? 'null' : typeof what}`);
}

/** The plan: topmost items only, each checked against the index; nothing on disk is touched. */
function plan(a: ArchiveCore, what: Removable, o: typeof DEFAULTS): Removal {
  const cat = a.catalog;
  const { rows, notes } = picked(a, what, o.includeUnverified);
  if (rows.some((r) => r.index === 0)) throw new UsageError(`refusing to remove the archive root ${a.root}; name what inside it should go`);
  const byIndex = new Map(rows.map((r) => [r.index, r]));
  const order = [...byIndex.keys()].sort((x, y) => x - y);
  const items: RemovalItem[] = [];
  const skipped: Skipped[] = [];
  let folded = 0;
  for (const i of order) {
    let inside = false;
    for (let j = cat.parent[i]!; j !== 0 && !inside; j = cat.parent[j]!) inside = byIndex.has(j);
    if (inside) {
      folded++;
      continue;
    }
    const path = cat.path(i);
    const gone = goneAt(cat, i);
    if (gone !== undefined) skipped.push({ path, reason: gone });
    else if (cat.parent[i] === 0 && cat.name(i) === JOURNAL) skipped.push({ path, reason: `it has the quarantine journal's name; rename it first` });
    else if (cat.dev[i] !== cat.dev[cat.parent[i]!]) skipped.push({ path, reason: 'a mount point (another file system); unmount it, or remove what is inside it' });
    else items.push(item(cat, i, byIndex.get(i)!.cruft));
  }
  if (folded > 0) notes.push(`${num(folded)} selected entr${folded === 1 ? 'y lies' : 'ies lie'} inside other items and go${folded === 1 ? 'es' : ''} with them.`);
  return new Removal({ archiveName: a.name, dryRun: true, permanent: o.permanent, items, skipped, notes, removed: [], failed: [], name: undefined, cancelled: false }, cat);
}

function item(cat: Catalog, i: number, cruft: CruftKind | undefined): RemovalItem {
  const base = { index: i, path: cat.path(i), kind: KINDS[cat.kind[i]!]!, bytes: cat.subBytes[i]!, entries: cat.kind[i] === DIR ? cat.subEntries[i]! : 0 };
  const withBytes = cat.isRaw(i) ? { ...base, pathBytes: cat.pathBytes(i).toString('base64') } : base;
  return cruft === undefined ? withBytes : { ...withBytes, cruft };
}

/** Why an entry is already gone from the index (named by the outermost removed folder), or undefined. */
function goneAt(cat: Catalog, i: number): string | undefined {
  let top = -1;
  for (let j = i; j !== 0; j = cat.parent[j]!) if (cat.gone[j] === 1) top = j;
  if (top < 0) return undefined;
  return top === i ? 'already removed' : `inside ${cat.path(top)}, already removed`;
}

function asBuffer(p: string | Buffer): Buffer {
  return typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}

/**
 * Checks, just before an item moves, that the disk still matches the index:
 * every folder above it is the same real folder (never a link swapped in),
 * and the item and everything inside it have the kind, size, mtime and inode
 * the scan saw. Returns the reason to skip it, or undefined.
 */
function changedSince(cat: Catalog, i: number): string | undefined {
  for (let j = cat.parent[i]!; ; j = cat.parent[j]!) {
    const st = lstat(cat.fsPath(j));
    const where = j === 0 ? 'the root' : cat.path(j);
    if (st === undefined) return `${where} is gone`;
    if (!st.isDirectory()) return `${where} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'} now`;
    if (st.ino !== cat.ino[j] || st.dev !== cat.dev[j]) return `${where} was replaced since the scan`;
    if (j === 0) break;
  }
  for (const r of cat.liveRows(i)) {
    const st = lstat(cat.fsPath(r));
    const what = r === i ? 'it' : cat.path(r);
    if (st === undefined) return r === i ? 'no longer there' : `${what} is gone since the scan`;
    if (kindOf(st) !== KINDS[cat.kind[r]!]) return `${what} is a ${kindOf(st)} now, not a ${KINDS[cat.kind[r]!]}`;
    if (st.ino !== cat.ino[r] || st.dev !== cat.dev[r]) return `${what} was replaced since the scan`;
    if (st.size !== cat.size[r] || st.mtimeMs !== cat.mtime[r]) return `${what} changed since the scan (size or mtime)`;
  }
  return undefined;
}

function parentOf(p: Buffer): Buffer {
  return p.subarray(0, p.lastIndexOf(0x2f));
}

async function apply(a: ArchiveCore, draft: Removal, o: typeof DEFAULTS): Promise<Removal> {
  const cat = a.catalog;
  const done = (extra: Partial<RemovalData>): Removal => new Removal({ ...draft, dryRun: false, ...extra }, cat);
  if (draft.items.length === 0) {
    a.say('Nothing to remove.');
    return done({});
  }
  const n = draft.items.length;
  const say = (m: string): void => a.say(m);
  const stop = interruptible(a.signal);
  const removed: RemovalItem[] = [];
  const skipped: Skipped[] = [...draft.skipped];
  const failed: Failed[] = [];
  let cancelled = false;
  let name: string | undefined;
  let dir: string | undefined;
  try {
    if (o.permanent) say(`Permanent: ${n === 1 ? 'this item skips' : 'these items skip'} the quarantine and cannot be undone.`);
    const what = `Removing ${num(n)} item${n === 1 ? '' : 's'} (${size(draft.bytes)})`;
    await countdown(o.countdown, what, say, stop.signal, a.interactive);

    // Parents' mtimes before anything changes (the quarantine folder included): undo() puts them back.
    const parentMtime = new Map<number, bigint | undefined>();
    for (const it of draft.items) {
      const p = cat.parent[it.index]!;
      if (!parentMtime.has(p)) parentMtime.set(p, fs.lstatSync(cat.fsPath(p), { bigint: true, throwIfNoEntry: false })?.mtimeNs);
    }
    ({ name, dir } = newRemoval(a.root));
    touchRow(cat, 0);
    const marked = new Map<string, Uint32Array>();
    let k = 0;
    for (const it of draft.items) {
      if (stop.signal.aborted) {
        cancelled = true;
        break;
      }
      const i = it.index;
      let why: string | undefined;
      try {
        why = goneAt(cat, i) ?? changedSince(cat, i);
      } catch (e) {
        why = `cannot be checked (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      }
      if (why !== undefined) {
        skipped.push({ path: it.path, reason: why });
        continue;
      }
      const rel = cat.pathBytes(i);
      const from = asBuffer(cat.fsPath(i));
      const to = under(dir, rel);
      let moved: Moved;
      try {
        moved = moveInto(from, to);
      } catch (e) {
        failed.push(failure(it, e));
        continue;
      }
      try {
        appendLine(dir, journalLine(it, rel, moved, parentMtime.get(cat.parent[i]!), o.permanent));
      } catch (e) {
        // An item without its journal line could not be found again: put it back, and stop.
        let back = `left whole in ${QUARANTINE}/${name} (the original is partly deleted)`;
        try {
          if (moved.partial === undefined) {
            back = `left in ${QUARANTINE}/${name}`;
            moveEntry(to, from);
            back = 'put back';
          }
        } catch {
          // `back` says where it is.
        }
        failed.push(failure(it, e, `the journal could not be written (${(e as Error).message}); ${back}, and the removal stopped`));
        break;
      }
      if (moved.partial !== undefined) {
        failed.push(failure(it, moved.partial));
        continue;
      }
      if (o.permanent) {
        try {
          deleteTree(to);
        } catch (e) {
          failed.push(failure(it, e, `moved into the quarantine but not deleted there (${(e as Error).message}); purge() deletes it`));
        }
      }
      const rows = cat.liveRows(i);
      cat.markGone(i);
      marked.set(lineKey(pathFields(rel)), rows);
      touchRow(cat, cat.parent[i]!);
      removed.push(it);
      if (o.verbose) say(`removed ${a.name}/${it.path}`);
      // Let the REPL's Ctrl-C (a keypress event) through now and then.
      if ((++k & 63) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (marked.size > 0) rememberMarked(cat, name, marked);
  } finally {
    stop.dispose();
    if (dir !== undefined && lstat(`${dir}/${JOURNAL}`) === undefined) {
      // Nothing was journalled: leave no empty removal behind.
      pruneEmpty(Buffer.from(dir));
      pruneEmpty(Buffer.from(trashPath(a.root)));
      name = undefined;
      touchRow(cat, 0);
    }
  }
  if (cancelled) say(`Cancelled: ${num(removed.length)} of ${plural(n, 'item')} were removed${removed.length > 0 ? '; undo() brings them back' : ''}.`);
  return done({ removed, skipped, failed, name, cancelled });
}

/** How one item moved: its lstat and link target from before, and whether by rename or copy. */
interface Moved {
  readonly st: fs.Stats;
  readonly target: Buffer | undefined;
  readonly via: 'rename' | 'copy';
  /** Copied whole, but the original only partly deleted. */
  readonly partial?: PartialDelete;
}

/** Moves one checked item into the removal's folder; throws when nothing moved. */
function moveInto(from: Buffer, to: Buffer): Moved {
  const st = fs.lstatSync(from);
  const target = st.isSymbolicLink() ? fs.readlinkSync(from, { encoding: 'buffer' }) : undefined;
  fs.mkdirSync(parentOf(to), { recursive: true });
  try {
    return { st, target, via: moveEntry(from, to) };
  } catch (e) {
    // A partly deleted original still has its whole copy in the quarantine: it is journalled so undo() finds it.
    if (e instanceof PartialDelete) return { st, target, via: 'copy', partial: e };
    throw e;
  }
}

function failure(it: RemovalItem, e: unknown, message?: string): Failed {
  const err = e as NodeJS.ErrnoException;
  return { path: it.path, code: err.code ?? 'EIO', message: message ?? err.message };
}

function journalLine(it: RemovalItem, rel: Buffer, moved: Moved, parentMtimeNs: bigint | undefined, permanent: boolean): JournalLine {
  const { st, target, via } = moved;
  let link: { link: string; linkBytes?: string } | undefined;
  if (target !== undefined) {
    const f = pathFields(target);
    link = f.pathBytes === undefined ? { link: f.path } : { link: f.path, linkBytes: f.pathBytes };
  }
  return {
    ...pathFields(rel),
    kind: it.kind,
    bytes: it.bytes,
    entries: it.entries,
    time: new Date().toISOString(),
    ...(it.cruft === undefined ? {} : { cruft: it.cruft }),
    mode: st.mode,
    mtime: st.mtimeMs,
    size: st.size,
    ...link,
    ...(parentMtimeNs === undefined ? {} : { parentMtimeNs: String(parentMtimeNs) }),
    ...(permanent ? { permanent: true } : {}),
    ...(via === 'copy' ? { via: 'copy' as const } : {}),
  };
}

/**
 * Plans a removal, and with `{delete: true}` carries it out: a countdown
 * (Ctrl-C cancels), a fresh check of each item, a move into
 * `<root>/.rummage-trash/<removal>/`, one journal line per item, and the index
 * updated so count() shows the drop at once.
 * @example remove(venvs())  await remove(cruft('pycache'), {delete: true, verbose: true})
 */
export function remove(a: ArchiveCore, what: Removable, options: RemoveOptions & { readonly delete: true }): Promise<Removal>;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions & { readonly delete?: false }): Removal;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions): Removal | Promise<Removal>;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions): Removal | Promise<Removal> {
  const o = settle(options);
  const draft = plan(a, what, o);
  return o.delete ? apply(a, draft, o) : draft;
}

export { undo, Restore, purge, trash, Purge, TrashList, type PurgeOptions };
export type { RemovalSummary } from './purge.ts';

const REMOVE_OPTIONS = {
  delete: 'actually remove (default: a dry run that returns the plan)',
  countdown: 'seconds to wait before anything moves, Ctrl-C cancels (default 3; 0 for none)',
  permanent: 'delete for good, skipping the quarantine (the countdown and journal still apply)',
  verbose: 'say each path as it goes',
  includeUnverified: 'from cruft(): also take name-only matches',
} as const;

/** The helpers that change the archive, and take changes back. */
export const removeHelpers = [
  defineHelper({
    name: 'remove',
    group: 'cruft',
    summary: 'the plan for removing a Selection, cruft() result or paths; {delete: true} moves them to the quarantine',
    example: "remove(venvs())  await remove(cruft('pycache'), {delete: true, verbose: true})",
    options: { '(what)': "a Selection, a cruft()/venvs() result, a plan, or relative paths: ['old/venv']", ...REMOVE_OPTIONS },
    bind: (a) => {
      function bound(what: Removable, options: RemoveOptions & { readonly delete: true }): Promise<Removal>;
      function bound(what: Removable, options?: RemoveOptions & { readonly delete?: false }): Removal;
      function bound(what: Removable, options?: RemoveOptions): Removal | Promise<Removal>;
      function bound(what: Removable, options?: RemoveOptions): Removal | Promise<Removal> {
        return remove(a, what, options);
      }
      return bound;
    },
  }),
  defineHelper({
    name: 'undo',
    group: 'cruft',
    summary: 'puts the last removal (or a named one) back, byte-identical; never over anything there now',
    example: "await undo()  await undo('2025-01-31T12-00-05-123Z')",
    options: { '(name)': 'a removal from trash(); the newest when left out' },
    bind: (a) => (name?: string): Promise<Restore> => undo(a, name),
  }),
  defineHelper({
    name: 'purge',
    group: 'cruft',
    summary: 'deletes quarantined removals for good; a dry run unless {delete: true}',
    example: "purge({olderThan: '30d'})  await purge({olderThan: '30d', delete: true})",
    options: {
      olderThan: "only removals made before: '2025-01-01' or an age: '30d', '6mo'",
      delete: 'actually delete (default: a dry run)',
      countdown: REMOVE_OPTIONS.countdown,
      verbose: REMOVE_OPTIONS.verbose,
    },
    bind: (a) => {
      function bound(options: PurgeOptions & { readonly delete: true }): Promise<Purge>;
      function bound(options?: PurgeOptions & { readonly delete?: false }): Purge;
      function bound(options?: PurgeOptions): Purge | Promise<Purge>;
      function bound(options?: PurgeOptions): Purge | Promise<Purge> {
        return purge(a, options);
      }
      return bound;
    },
  }),
  defineHelper({
    name: 'trash',
    group: 'cruft',
    summary: 'the removals in the quarantine: when, how many items, what is still held',
    example: 'trash()',
    bind: (a) => (): TrashList => trash(a),
  }),
] as const;
