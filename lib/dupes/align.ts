// Two folders side by side: their entries matched by relative path, for
// byte-by-byte verification, diff() and similar().
import type { Catalog } from '../catalog/index.ts';
import { DIR, FILE } from '../types.ts';

export interface Alignment {
  /** Regular files at the same relative path on both sides: [row in A, row in B]. */
  readonly files: (readonly [number, number])[];
  /** Topmost entries only in A (a folder stands for everything below it). */
  readonly onlyA: number[];
  readonly onlyB: number[];
  /** The same relative path, but not the same kind (a file here, a folder there), or links and others. */
  readonly other: (readonly [number, number])[];
}

/** Walks folders `a` and `b` together, matching entries in scope by name at every level. */
export function align(c: Catalog, out: Uint8Array, a: number, b: number): Alignment {
  const result: Alignment = { files: [], onlyA: [], onlyB: [], other: [] };
  const stack: [number, number][] = [[a, b]];
  while (stack.length > 0) {
    const [x, y] = stack.pop()!;
    const byName = new Map<number, number>();
    for (let i = c.firstChild[y]!, end = i + c.childCount[y]!; i < end; i++) if (out[i] === 0) byName.set(c.nameId[i]!, i);
    for (let i = c.firstChild[x]!, end = i + c.childCount[x]!; i < end; i++) {
      if (out[i] === 1) continue;
      const j = byName.get(c.nameId[i]!);
      if (j === undefined) {
        result.onlyA.push(i);
        continue;
      }
      byName.delete(c.nameId[i]!);
      const ki = c.kind[i]!;
      if (ki === DIR && c.kind[j] === DIR) stack.push([i, j]);
      else if (ki === FILE && c.kind[j] === FILE) result.files.push([i, j]);
      else result.other.push([i, j]);
    }
    for (const j of byName.values()) result.onlyB.push(j);
  }
  return result;
}

/** The regular files in scope at or below row `i`. */
export function filesAt(c: Catalog, out: Uint8Array, i: number): number[] {
  if (c.kind[i] !== DIR) return c.kind[i] === FILE && out[i] === 0 ? [i] : [];
  const files: number[] = [];
  const stack = [i];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (let j = c.firstChild[d]!, end = j + c.childCount[d]!; j < end; j++) {
      if (out[j] === 1) continue;
      if (c.kind[j] === DIR) stack.push(j);
      else if (c.kind[j] === FILE) files.push(j);
    }
  }
  return files;
}
