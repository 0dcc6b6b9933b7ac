// What the duplicate finders look at: every live entry, less the junk a Mac
// or Windows drops into any folder it browses, less `.git` folders (whose
// object folders would otherwise flood the results), optionally only below
// one folder.
import type { Catalog } from '../catalog/index.ts';
import { resolveFolder } from '../query/index.ts';
import { isJunk, opt, type Given } from '../shared/index.ts';
import { FILE } from '../types.ts';

// Junk files (.DS_Store, Thumbs.db, desktop.ini, ._*): one list, in shared/, that age() reads too.
export { isJunk, JUNK_NAMES } from '../shared/index.ts';

/** What SCOPE_OPTIONS declares. */
export type ScopeOptions = Given<typeof SCOPE_OPTIONS>;

/** What every duplicate finder looks at, declared once. */
export const SCOPE_OPTIONS = {
  junk: opt.flag('compare junk files (.DS_Store, Thumbs.db, desktop.ini, ._*) too; ignored by default', false),
  git: opt.flag('look inside .git folders too; left out by default', false),
  under: opt.path("only below this folder: 'old_photos'"),
};

/** The row of `under` (0 for the whole archive), through the one path resolver. */
export function underRow(c: Catalog, archiveName: string, under: string | undefined): number {
  return resolveFolder({ root: c.root, name: archiveName, catalog: c }, under);
}

/**
 * Marks, per row, what is out of scope: 1 for removed entries, junk files,
 * `.git` (and everything below a row that is out), and rows outside `under`.
 * Perf: one forward pass, since parents come before children; the name tests
 * run once per distinct name.
 */
export function outOfScope(c: Catalog, archiveName: string, o: ScopeOptions = {}): Uint8Array {
  const top = underRow(c, archiveName, o.under);
  const n = c.length;
  const out = new Uint8Array(n);
  const memo = new Int8Array(c.names.length);
  const { parent, kind, nameId, gone } = c;
  const junk = o.junk !== true;
  const git = o.git !== true;
  if (top !== 0) {
    out.fill(1);
    out[top] = 0;
  }
  const start = top === 0 ? 1 : top + 1;
  for (let i = start; i < n; i++) {
    const p = parent[i]!;
    if (out[p] === 1 || gone[i] === 1) {
      out[i] = 1;
      continue;
    }
    const id = nameId[i]!;
    let m = memo[id]!;
    if (m === 0) {
      const name = c.names[id]!;
      m = 1 | (name === '.git' ? 2 : 0) | (isJunk(name) ? 4 : 0);
      memo[id] = m;
    }
    // Set both ways: with `under`, every row starts out and the subtree is brought back in here.
    out[i] = (git && (m & 2) !== 0) || (junk && (m & 4) !== 0 && kind[i] === FILE) ? 1 : 0;
  }
  return out;
}
