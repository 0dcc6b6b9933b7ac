// Paths longer than the system allows (PATH_MAX, 4096 bytes on Linux): the
// scan reads trees that deep, so removal, undo and purge must handle them.
// Such a path is reached by changing into its leading part, a chunk at a
// time, and naming the rest relative to there; the working folder is always
// put back. Every folder on such a path was lstat-checked (never a link)
// by the walk that built it.
import { Buffer } from 'node:buffer';
import { fsError } from './fs-error.ts';

/** Paths this long or longer are reached in chunks. */
export const LONG = 3072;

/** Runs `fn` with a path that names `p`: `p` itself, or for a long path, the tail relative to a folder changed into. */
export function viaShort<T>(p: Buffer | string, fn: (q: Buffer | string) => T): T {
  if (p.length < LONG || (typeof p === 'string' && Buffer.byteLength(p) < LONG)) return fn(p);
  const bytes = typeof p === 'string' ? Buffer.from(p) : p;
  const home = process.cwd();
  try {
    let rest = bytes;
    while (rest.length >= LONG) {
      const cut = rest.lastIndexOf(0x2f, LONG - 1);
      if (cut <= 0) throw fsError('ENAMETOOLONG', 'a single name in the path is too long');
      const head = rest.subarray(0, cut).toString('utf8');
      if (!Buffer.from(head, 'utf8').equals(rest.subarray(0, cut))) throw fsError('ENAMETOOLONG', 'a path that deep with names that are not UTF-8 cannot be reached');
      process.chdir(head);
      rest = rest.subarray(cut + 1);
    }
    return fn(rest);
  } finally {
    process.chdir(home);
  }
}
