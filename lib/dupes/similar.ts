// Near-duplicate folders: pairs that hold mostly the same files at the same
// relative paths, such as a curated copy with two pictures dropped and one
// edited. Exact copies are groupDupes()' to report and are left out.
import { inspect } from 'node:util';
import type { Catalog } from '../catalog/index.ts';
import { UsageError, checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { markBelow, shapes } from './signature.ts';
import { display, hashOptions, jsonPath, problemLines, problemsOf, type HashingOptions, type Problem } from './common.ts';
import { contentGroups } from './files.ts';
import { identicalDirs } from './dirs.ts';
import { compareDirs, round, similarity, type Comparison } from './diff.ts';
import { outOfScope, type ScopeOptions } from './scope.ts';

export interface SimilarOptions extends ScopeOptions, HashingOptions {
  /** Least similarity to report, from 0 to 1 (default 0.8): identical files over all files of the pair. */
  readonly min?: number | string;
}

/** A file shared by more folders than this nominates no pairs (a LICENSE in every project); it still counts in each comparison. */
const MAX_PLACES = 32;

export interface SimilarPair {
  readonly a: number;
  readonly b: number;
  readonly similarity: number;
  readonly comparison: Comparison;
}

export class SimilarResult {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  readonly pairs: readonly SimilarPair[];
  readonly min: number;
  readonly problems: readonly Problem[];
  readonly stats: HashStats;

  constructor(catalog: Catalog, archiveName: string, pairs: SimilarPair[], min: number, problems: Problem[], stats: HashStats) {
    this.#catalog = catalog;
    this.#archiveName = archiveName;
    this.pairs = pairs;
    this.min = min;
    this.problems = problems;
    this.stats = stats;
  }

  get length(): number {
    return this.pairs.length;
  }

  json(): { pairs: { a: string; b: string; similarity: number; onlyA: number; onlyB: number; changed: number }[]; problems: readonly Problem[] } {
    const c = this.#catalog;
    return {
      pairs: this.pairs.map((p) => ({ a: jsonPath(c, p.a), b: jsonPath(c, p.b), similarity: round(p.similarity), onlyA: p.comparison.onlyAFiles, onlyB: p.comparison.onlyBFiles, changed: p.comparison.changed.length })),
      problems: this.problems,
    };
  }

  toJSON(): ReturnType<SimilarResult['json']> {
    return this.json();
  }

  summary(): string {
    return `${plural(this.pairs.length, 'pair')} of near-duplicate folders at similarity ${this.min} or more (exact copies are groupDupes()' to report); diff(a, b) shows one side by side`;
  }

  toString(limit = 20): string {
    const c = this.#catalog;
    const rows = this.pairs.slice(0, limit).map((p) => [
      round(p.similarity).toFixed(2),
      `${display(c, this.#archiveName, p.a)}\n${display(c, this.#archiveName, p.b)}`,
      size(c.subBytes[p.a]!),
      num(p.comparison.identical.length),
      num(p.comparison.changed.length),
      num(p.comparison.onlyAFiles),
      num(p.comparison.onlyBFiles),
    ]);
    const out = [this.summary()];
    if (rows.length > 0) out.push(table(rows, { head: ['similarity', 'folders (A, B)', 'bytes of A', 'same', 'changed', 'only A', 'only B'], right: [0, 2, 3, 4, 5, 6] }));
    if (this.pairs.length > limit) out.push(more(this.pairs.length - limit));
    out.push(...problemLines(this.problems, this.#archiveName));
    return out.join('\n');
  }

  show(limit = 20): void {
    console.log(this.toString(limit));
  }

  [inspect.custom](): string {
    return this.toString(10);
  }
}

/** Folder pairs that share at least one file's content, from the content groups. */
function candidates(c: Catalog, groups: readonly Uint32Array[], shadow: Uint8Array): Map<number, number> {
  // Perf: a pair is one number, p * 2^26 + q (rows stay below 2^26), not a string.
  const pairs = new Map<number, number>();
  for (const g of groups) {
    const places = new Set<number>();
    for (const r of g) if (shadow[r] === 0) places.add(c.parent[r]!);
    if (places.size < 2 || places.size > MAX_PLACES) continue;
    const list = [...places].sort((x, y) => x - y);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const key = list[i]! * 67108864 + list[j]!;
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
      }
    }
  }
  return pairs;
}

/**
 * Near-duplicate folder pairs with a similarity figure: identical files over
 * all files of the pair, matched by relative path. Topmost pairs only.
 * @example similar()  similar({min: 0.9})
 */
export async function similar(a: ArchiveCore, options: SimilarOptions = {}): Promise<SimilarResult> {
  const o = { min: 0.8, ...options };
  const min = typeof o.min === 'string' && o.min.trim() !== '' ? Number(o.min) : o.min;
  if (typeof min !== 'number' || !(min > 0 && min <= 1)) throw new UsageError(`min '${String(o.min)}' is not a similarity; give a number above 0 and at most 1, such as 0.8`);
  const c = a.catalog;
  const out = outOfScope(c, a.name, o);
  const hasher = new Hasher(c, hashOptions(o, a));
  try {
    const groups = await contentGroups(c, out, hasher, 1, a.signal);
    // Exact copies: compare one of each, and never report a pair of them.
    const exact = await identicalDirs(c, out, shapes(c, out), hasher, a.signal);
    const twinOf = new Map<number, number>();
    const shadowRoots: number[] = [];
    for (const g of exact) {
      for (const r of g) twinOf.set(r, g[0]!);
      shadowRoots.push(...Array.from(g).slice(1));
    }
    const shadow = markBelow(c, shadowRoots);
    const pairs = candidates(c, groups, shadow);
    checkCancel(a.signal);

    const memo = new Map<number, Comparison>();
    const compare = (x: number, y: number): Comparison => {
      const lo = Math.min(x, y);
      const hi = Math.max(x, y);
      let r = memo.get(lo * 67108864 + hi);
      if (r === undefined) {
        r = compareDirs(c, out, lo, hi, hasher);
        memo.set(lo * 67108864 + hi, r);
      }
      return x === lo ? r : flip(r);
    };
    const unrelated = (x: number, y: number): boolean => x !== y && x !== 0 && y !== 0 && !c.isWithin(x, y) && !c.isWithin(y, x);
    const found = new Map<number, SimilarPair>();
    let steps = 0;
    for (const key of pairs.keys()) {
      if ((++steps & 255) === 0) {
        checkCancel(a.signal);
        await new Promise((resolve) => setImmediate(resolve));
      }
      let x = Math.floor(key / 67108864);
      let y = key % 67108864;
      if (!unrelated(x, y)) continue;
      // Climb while both sides sit under folders of one name: their parents line up too.
      let best: SimilarPair | undefined;
      for (;;) {
        const cmp = compare(x, y);
        const s = similarity(cmp);
        if (s >= min) best = { a: x, b: y, similarity: s, comparison: cmp };
        else if (best !== undefined || s < min / 2) break;
        if (c.name(x) !== c.name(y)) break;
        const px = c.parent[x]!;
        const py = c.parent[y]!;
        if (!unrelated(px, py) || out[px] === 1 || out[py] === 1) break;
        x = px;
        y = py;
      }
      if (best === undefined || isExact(best, twinOf)) continue;
      // A is the fuller side: the original, B the copy that lost files.
      if (best.comparison.onlyBFiles > best.comparison.onlyAFiles) best = { a: best.b, b: best.a, similarity: best.similarity, comparison: flip(best.comparison) };
      found.set(Math.min(best.a, best.b) * 67108864 + Math.max(best.a, best.b), best);
    }
    const result = topPairs(c, [...found.values()]);
    result.sort((p, q) => q.similarity - p.similarity || c.subBytes[q.a]! - c.subBytes[p.a]!);
    return new SimilarResult(c, a.name, result, min, problemsOf(c, hasher), hasher.stats);
  } finally {
    hasher.close();
  }
}

function flip(x: Comparison): Comparison {
  return {
    identical: x.identical.map(([p, q]) => [q, p] as const),
    changed: x.changed.map(([p, q]) => [q, p] as const),
    onlyA: x.onlyB,
    onlyB: x.onlyA,
    onlyAFiles: x.onlyBFiles,
    onlyBFiles: x.onlyAFiles,
  };
}

function isExact(p: SimilarPair, twinOf: ReadonlyMap<number, number>): boolean {
  const t = twinOf.get(p.a);
  if (t !== undefined && t === twinOf.get(p.b)) return true;
  const x = p.comparison;
  return x.changed.length === 0 && x.onlyA.length === 0 && x.onlyB.length === 0;
}

/** Leaves out a pair when a pair of its ancestors, lined up by name, is reported too. */
function topPairs(c: Catalog, pairs: SimilarPair[]): SimilarPair[] {
  const keys = new Set(pairs.map((p) => `${Math.min(p.a, p.b)}:${Math.max(p.a, p.b)}`));
  return pairs.filter((p) => {
    let x = p.a;
    let y = p.b;
    while (c.name(x) === c.name(y) && x !== 0 && y !== 0) {
      x = c.parent[x]!;
      y = c.parent[y]!;
      if (x === y) return true;
      if (keys.has(`${Math.min(x, y)}:${Math.max(x, y)}`)) return false;
    }
    return true;
  });
}
