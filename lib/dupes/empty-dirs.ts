// Empty folders, and trees that hold no bytes: never duplicates of anything,
// listed here instead so they can be looked at (and removed) on their own.
import type { Catalog } from '../catalog/index.ts';
import { cruft } from '../cruft/index.ts';
import { Selection } from '../query/index.ts';
import { markBelow } from './signature.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { DIR, FILE } from '../types.ts';
import { checkOptions, opt, type Given } from '../shared/index.ts';

/** emptyDirs()'s options: what EMPTY_DIRS_OPTIONS declares. */
export type EmptyDirsOptions = Given<typeof EMPTY_DIRS_OPTIONS>;

/** emptyDirs()'s options, declared once. */
export const EMPTY_DIRS_OPTIONS = {
  git: opt.flag('look inside .git folders too (git keeps some empty folders on purpose)', false),
  under: SCOPE_OPTIONS.under,
};

/**
 * The topmost folders whose whole tree holds no bytes: only empty folders and
 * empty files, no symlinks or other entries. A folder with a left-out `.git`
 * inside is not empty. Folders inside confirmed cruft items (a venv, a
 * project's node_modules) are not listed: they go with their item.
 * Examples: the registry entry in helpers.ts.
 */
export function emptyDirs(c: Catalog, archiveName: string, options: EmptyDirsOptions = {}): Selection {
  const o = checkOptions('emptyDirs', EMPTY_DIRS_OPTIONS, options);
  // Junk files have bytes: a folder holding only a .DS_Store is not empty.
  const out = outOfScope(c, archiveName, { ...o, junk: true });
  const n = c.length;
  const full = new Uint8Array(n);
  const { parent, kind, size, gone } = c;
  for (let i = n - 1; i > 0; i--) {
    if (gone[i] === 1) continue;
    const k = kind[i]!;
    // Whatever is left out (a .git folder) counts as content: never call its folder empty.
    if (out[i] === 1 || (k === FILE && size[i]! > 0) || (k !== FILE && k !== DIR)) full[i] = 1;
    if (full[i] === 1) full[parent[i]!] = 1;
  }
  const items = cruft(c, archiveName).items.filter((it) => it.verified && kind[it.index] === DIR);
  const inCruft = markBelow(c, items.map((it) => it.index));
  for (const it of items) inCruft[it.index] = 0;
  const rows: number[] = [];
  for (let i = 1; i < n; i++) {
    if (kind[i] !== DIR || out[i] === 1 || full[i] === 1 || inCruft[i] === 1) continue;
    const p = parent[i]!;
    // Topmost: the parent holds something (or is outside the scope, or the root).
    if (full[p] === 1 || out[p] === 1 || p === 0) rows.push(i);
  }
  return new Selection(c, Uint32Array.from(rows), archiveName);
}
