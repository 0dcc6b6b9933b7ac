// Keeping the in-memory index true to the disk after a removal is undone,
// without a rescan: the rows a removal marked gone are marked live again.
import type { Catalog } from '../catalog/index.ts';
import { lstat } from './fstree.ts';

// Rows each removal marked gone, by catalog, removal name and journal path key.
const MARKED = new WeakMap<Catalog, Map<string, Map<string, Uint32Array>>>();

/** The key a journal line is remembered by: its exact bytes when not UTF-8, else its path. */
export function lineKey(line: { readonly path: string; readonly pathBytes?: string | undefined }): string {
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

/** Keeps a folder's row true to the disk after something moved in or out of it. */
export function touchRow(cat: Catalog, i: number): void {
  const st = lstat(cat.fsPath(i));
  if (st === undefined) return;
  cat.mtime[i] = st.mtimeMs;
  cat.ctime[i] = st.ctimeMs;
  cat.size[i] = st.size;
}
