// Keeping the in-memory index true to the disk after a removal is undone,
// without a rescan: the rows a removal marked gone are marked live again.
import type { Catalog } from './catalog.ts';
import { lstat } from './_fstree.ts';
import type { JournalLine } from './_quarantine.ts';

// Rows each removal marked gone, by catalog, removal name and journal path key.
const MARKED = new WeakMap<Catalog, Map<string, Map<string, Uint32Array>>>();

/** The key a journal line is remembered by: its exact bytes when not UTF-8, else its path. */
export function lineKey(line: Pick<JournalLine, 'path' | 'pathBytes'>): string {
  return line.pathBytes ?? line.path;
}

/** Remembers which rows removal `name` marked gone in `cat`. */
export function rememberMarked(cat: Catalog, name: string, rows: Map<string, Uint32Array>): void {
  const byName = MARKED.get(cat) ?? new Map<string, Map<string, Uint32Array>>();
  byName.set(name, rows);
  MARKED.set(cat, byName);
}

/** The rows removal `name` marked gone in `cat`, by journal path key (none after a rescan). */
export function markedRows(cat: Catalog, name: string): ReadonlyMap<string, Uint32Array> | undefined {
  return MARKED.get(cat)?.get(name);
}

/** The live rows of `i`'s subtree, `i` first: exactly what `markGone(i)` will mark. */
export function liveRows(cat: Catalog, i: number): Uint32Array {
  const out: number[] = [];
  const stack = [i];
  while (stack.length > 0) {
    const j = stack.pop()!;
    out.push(j);
    const start = cat.firstChild[j]!;
    const end = start + cat.childCount[j]!;
    for (let c = start; c < end; c++) if (cat.gone[c] === 0) stack.push(c);
  }
  return Uint32Array.from(out);
}

/**
 * Undoes `markGone(i)` for exactly the rows it marked (`liveRows` before it),
 * putting the subtree's totals back on its ancestors. Returns false, changing
 * nothing, when that is not exactly possible (an ancestor is gone too).
 */
export function revive(cat: Catalog, i: number, rows: Uint32Array): boolean {
  if (rows[0] !== i || cat.gone[i] !== 1) return false;
  for (const r of rows) if (cat.gone[r] !== 1) return false;
  for (let p = cat.parent[i]!; ; p = cat.parent[p]!) {
    if (cat.gone[p] === 1) return false;
    if (p === 0) break;
  }
  for (const r of rows) cat.gone[r] = 0;
  // markGone took off the subtree's own totals, which it left untouched: add the same back.
  const bytes = cat.subBytes[i]!;
  const entries = cat.subEntries[i]! + 1;
  for (let p = cat.parent[i]!; ; p = cat.parent[p]!) {
    cat.subBytes[p]! += bytes;
    cat.subEntries[p]! += entries;
    if (p === 0) break;
  }
  return true;
}

/** Keeps a folder's row true to the disk after something moved in or out of it. */
export function touchRow(cat: Catalog, i: number): void {
  const st = lstat(cat.fsPath(i));
  if (st === undefined) return;
  cat.mtime[i] = st.mtimeMs;
  cat.size[i] = st.size;
}
