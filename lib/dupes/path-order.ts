// Rows ordered by relative path, as sort() orders the path strings, without
// building the strings: two paths first differ inside the names of two
// sibling entries, so comparing those names (and what follows a name that is
// a prefix of the other) decides.
import type { Catalog } from '../catalog/index.ts';
import { relPath } from './common.ts';

const SLASH = 47;

/**
 * Compares rows by relative path. Perf: at a million files, building every
 * member's path to sort groups by their first path took half of a warm
 * dupeFiles(), and the strings (and the folder paths behind them) tens of MB.
 */
export class PathOrder {
  private readonly up = [new Uint32Array(64), new Uint32Array(64)];

  constructor(private readonly c: Catalog) {}

  /** Negative, zero or positive as `relPath(a)` sorts before, with or after `relPath(b)`. */
  compare(a: number, b: number): number {
    if (a === b) return 0;
    return this.compareChains(a, this.chain(a, 0), b, this.chain(b, 1));
  }

  /** The row of least path. Perf: the best row's folders are kept, not walked again at each comparison. */
  first(rows: ArrayLike<number>): number {
    let best = rows[0]!;
    let bestLength = this.chain(best, 1);
    for (let k = 1; k < rows.length; k++) {
      const r = rows[k]!;
      if (r === best) continue;
      const length = this.chain(r, 0);
      if (this.compareChains(r, length, best, bestLength) < 0) {
        best = r;
        bestLength = length;
        this.up.reverse();
      }
    }
    return best;
  }

  /** Compares rows a and b, whose chains of folders are in up[0] (x long) and up[1] (y long). */
  private compareChains(a: number, x: number, b: number, y: number): number {
    const c = this.c;
    const up1 = this.up[0]!;
    const up2 = this.up[1]!;
    let i = x - 1;
    let j = y - 1;
    while (i >= 0 && j >= 0 && up1[i] === up2[j]) {
      i--;
      j--;
    }
    // One is the other's folder: its path is the shorter.
    if (i < 0) return -1;
    if (j < 0) return 1;
    const n1 = c.names[c.nameId[up1[i]!]!]!;
    const n2 = c.names[c.nameId[up2[j]!]!]!;
    if (n1 === n2) return cmp(relPath(c, a), relPath(c, b)); // two names shown alike (escaped bytes): compare in full
    // Siblings: the first difference is in their names, or just after the shorter one if it begins the other.
    if (n2.startsWith(n1)) return (i > 0 ? SLASH : -1) < n2.charCodeAt(n1.length) ? -1 : 1;
    if (n1.startsWith(n2)) return n1.charCodeAt(n2.length) < (j > 0 ? SLASH : -1) ? -1 : 1;
    return n1 < n2 ? -1 : 1;
  }

  /** The `k` rows of least path, in path order (what sorting every row by path and keeping `k` gives). */
  least(rows: ArrayLike<number>, k: number): Uint32Array {
    const best: number[] = [];
    for (let j = 0; j < rows.length; j++) {
      const r = rows[j]!;
      let at = best.length;
      while (at > 0 && this.compare(r, best[at - 1]!) < 0) at--;
      if (at >= k) continue;
      best.splice(at, 0, r);
      if (best.length > k) best.pop();
    }
    return Uint32Array.from(best);
  }

  /** Fills up[w] with the row and its folders up to (not including) the root; returns how many. */
  private chain(row: number, w: 0 | 1): number {
    let up = this.up[w]!;
    let n = 0;
    for (let r = row; r !== 0; r = this.c.parent[r]!) {
      if (n === up.length) {
        const more = new Uint32Array(2 * n);
        more.set(up);
        up = this.up[w] = more;
      }
      up[n++] = r;
    }
    return n;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
