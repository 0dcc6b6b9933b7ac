// The plan of a removal: what the user asked for, as topmost catalog rows,
// each checked against the index. Nothing on disk is touched.
import type { Catalog } from '../catalog/index.ts';
import { CRUFT_RULES, CruftResult, type CruftKind } from '../cruft/index.ts';
import { UsageError } from '../errors.ts';
import { num, shown } from '../format.ts';
import { JOURNAL } from './journal.ts';
import type { Skipped } from './quarantine.ts';
import { Removal, type Removable, type RemovalItem } from './removal.ts';
import type { ArchiveCore } from '../registry.ts';
import { checkOptions, opt, rawPathJson, type PathJson, type Settled } from '../shared/index.ts';
import { Selection, relativePath } from '../query/index.ts';
import { DIR, KINDS, QUARANTINE } from '../types.ts';

/** remove()'s options, declared once: the check, help() and the snippet flags read this. */
export const REMOVE_OPTIONS = {
  delete: opt.flag('actually remove; without it remove() returns the plan (a dry run)', false),
  countdown: opt.numberOr('seconds to wait before anything moves, Ctrl-C cancels (0 for none)', { min: 0, max: 3600, default: 3 }),
  permanent: opt.flag('delete for good, skipping the quarantine (the countdown and journal still apply)', false),
  verbose: opt.flag('say each path as it goes', false),
  includeUnverified: opt.flag('from cruft(): also take name-only matches', false),
} as const;

export type RemoveSettled = Settled<typeof REMOVE_OPTIONS>;

/** remove()'s options checked for type and range; unknown names refused with a did-you-mean. */
export function settle(options: unknown, helper = 'remove'): RemoveSettled {
  return checkOptions(helper, REMOVE_OPTIONS, options);
}

/** Resolves one relative path the user gave; anything that is not plainly inside the root is refused. */
function resolvePath(a: ArchiveCore, p: unknown): number {
  if (typeof p !== 'string' || p.trim() === '') {
    throw new UsageError(`remove() paths must be relative paths such as 'old/venv', not ${JSON.stringify(p)}`);
  }
  const clean = relativePath(a, p, 'remove()');
  const parts = clean.split('/');
  if (clean === '') throw new UsageError(`refusing to remove the archive root itself ('${shown(p)}'); name what inside it should go`);
  if (parts.find((s) => s !== '' && s !== '.') === QUARANTINE) {
    throw new UsageError(`'${shown(p)}' is in the quarantine; undo() restores removals and purge() deletes them`);
  }
  const i = a.catalog.lookup(clean);
  if (i < 0) throw new UsageError(`'${shown(p)}' is not in the index of ${shown(a.name)}; give a path relative to the root (refresh() after changes made outside rummage)`);
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
export function plan(a: ArchiveCore, what: Removable, o: RemoveSettled): Removal {
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
    const at = pathAt(cat, i);
    const gone = goneAt(cat, i);
    if (gone !== undefined) skipped.push({ ...at, reason: gone });
    else if (cat.parent[i] === 0 && cat.name(i) === JOURNAL) skipped.push({ ...at, reason: `it has the quarantine journal's name; rename it first` });
    else if (cat.dev[i] !== cat.dev[cat.parent[i]!]) skipped.push({ ...at, reason: 'a mount point (another file system); unmount it, or remove what is inside it' });
    else items.push(item(cat, i, at, byIndex.get(i)!.cruft));
  }
  if (folded > 0) notes.push(`${num(folded)} selected entr${folded === 1 ? 'y lies' : 'ies lie'} inside other items and go${folded === 1 ? 'es' : ''} with them.`);
  return new Removal({ archiveName: a.name, dryRun: true, permanent: o.permanent, items, skipped, notes, removed: [], failed: [], name: undefined, cancelled: false }, cat);
}

/** A row's path in the JSON form: `{path}`, or `{path, pathBytes}` when it is not valid UTF-8. */
function pathAt(cat: Catalog, i: number): PathJson {
  return cat.isRaw(i) ? rawPathJson(cat.pathBytes(i)) : { path: cat.path(i) };
}

function item(cat: Catalog, i: number, at: PathJson, cruft: CruftKind | undefined): RemovalItem {
  const it = { index: i, ...at, kind: KINDS[cat.kind[i]!]!, bytes: cat.subBytes[i]!, entries: cat.kind[i] === DIR ? cat.subEntries[i]! : 0 };
  return cruft === undefined ? it : { ...it, cruft };
}

/** Why an entry is already gone from the index (named by the outermost removed folder), or undefined. */
export function goneAt(cat: Catalog, i: number): string | undefined {
  let top = -1;
  for (let j = i; j !== 0; j = cat.parent[j]!) if (cat.gone[j] === 1) top = j;
  if (top < 0) return undefined;
  return top === i ? 'already removed' : `inside ${cat.path(top)}, already removed`;
}

