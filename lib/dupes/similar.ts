// Near-duplicate folders: pairs that hold mostly the same files at the same
// relative paths, such as a curated copy with two pictures dropped and one
// edited. Exact copies are groupDupes()' to report and are left out.
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import type { HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { markBelow, shapes } from './signature.ts';
import { HASHING_OPTIONS, byPath, comparePaths, display, hashOptions, jsonPath, newHasher, relPath, problemLines, problemsOf, type Problem } from './common.ts';
import { contentGroups } from './files.ts';
import { identicalDirs } from './dirs.ts';
import { compareDirs, roundSimilarity, similarity, similarityText, type Comparison } from './diff.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { checkOptions, opt, PrintableResult, type Given } from '../shared/index.ts';

/** similar()'s options: what SIMILAR_OPTIONS declares. */
export type SimilarOptions = Given<typeof SIMILAR_OPTIONS>;

/** similar()'s options, declared once: its check, help(similar) and the similar snippet's flags read them. */
export const SIMILAR_OPTIONS = {
  min: opt.numberOr('least similarity to report, above 0 and at most 1: identical files over all files of the pair', { default: 0.8, above: 0, max: 1, sample: '0.9' }),
  ...SCOPE_OPTIONS,
  ...HASHING_OPTIONS,
};

/** A file shared by more folders than this nominates no pairs (a LICENSE in every project); it still counts in each comparison. */
const MAX_PLACES = 32;

export interface SimilarPair {
  readonly a: number;
  readonly b: number;
  readonly similarity: number;
  readonly comparison: Comparison;
  /** Other exact copies of A, and of B (rows, in path order): the pair names the copy nearest the other side. */
  readonly copiesA?: readonly number[];
  readonly copiesB?: readonly number[];
}

/** What SimilarResult's json() gives (and JSON.stringify through toJSON()). */
export type SimilarJson = { pairs: { a: string; b: string; similarity: number; onlyA: number; onlyB: number; changed: number; copiesA?: string[]; copiesB?: string[] }[]; problems: readonly Problem[] };

export class SimilarResult extends PrintableResult<SimilarJson> {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  readonly pairs: readonly SimilarPair[];
  readonly min: number;
  readonly problems: readonly Problem[];
  readonly stats: HashStats;

  constructor(catalog: Catalog, archiveName: string, pairs: SimilarPair[], min: number, problems: Problem[], stats: HashStats) {
    super();
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

  /**
   * Root-relative paths of the near copies: the second folder (B) of each
   * pair, each once, in the result's order (what --print0 prints).
   */
  get nearCopyPaths(): string[] {
    return [...new Set(this.pairs.map((p) => relPath(this.#catalog, p.b)))];
  }

  json(): SimilarJson {
    const c = this.#catalog;
    const paths = (rows: readonly number[] | undefined): string[] | undefined => (rows === undefined || rows.length === 0 ? undefined : rows.map((r) => jsonPath(c, r)));
    return {
      pairs: this.pairs.map((p) => {
        const copiesA = paths(p.copiesA);
        const copiesB = paths(p.copiesB);
        return {
          a: jsonPath(c, p.a),
          b: jsonPath(c, p.b),
          similarity: roundSimilarity(p.similarity),
          onlyA: p.comparison.onlyAFiles,
          onlyB: p.comparison.onlyBFiles,
          changed: p.comparison.changed.length,
          ...(copiesA === undefined ? {} : { copiesA }),
          ...(copiesB === undefined ? {} : { copiesB }),
        };
      }),
      problems: this.problems,
    };
  }


  summary(): string {
    return `${plural(this.pairs.length, 'pair')} of near-duplicate folders at similarity ${this.min} or more (exact copies are groupDupes()' to report); diff(a, b) shows one side by side`;
  }

  toString(limit = 20): string {
    const c = this.#catalog;
    const copies = (rows: readonly number[] | undefined): string => (rows === undefined || rows.length === 0 ? '' : ` (exact copies: ${rows.map((r) => display(c, this.#archiveName, r)).join(', ')})`);
    const rows = this.pairs.slice(0, limit).map((p) => [
      similarityText(p.similarity),
      `${display(c, this.#archiveName, p.a)}${copies(p.copiesA)}\n${display(c, this.#archiveName, p.b)}${copies(p.copiesB)}`,
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
 * Examples: the registry entry in helpers.ts.
 */
export async function similar(a: ArchiveCore, options: SimilarOptions = {}): Promise<SimilarResult> {
  const o = checkOptions('similar', SIMILAR_OPTIONS, options);
  const min = o.min;
  const c = a.catalog;
  const out = outOfScope(c, a.name, o);
  const hasher = newHasher(c, hashOptions(o, a));
  try {
    const groups = await contentGroups(c, out, hasher, 1, a.signal);
    // Exact copies: compare one of each, and never report a pair of them.
    const exact = await identicalDirs(c, out, shapes(c, out), hasher, a.signal);
    const twinOf = new Map<number, number>();
    const copiesOf = new Map<number, Uint32Array>();
    const shadowRoots: number[] = [];
    for (const group of exact) {
      // The first in path order stands for the group (not the first scanned): results do not depend on scan order.
      const g = byPath(c, group);
      for (const r of g) {
        twinOf.set(r, g[0]!);
        copiesOf.set(r, g);
      }
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
      best = nearestCopies(c, best, copiesOf, compare);
      // A is the fuller side: the original, B the copy that lost files; on a tie, the side with exact copies, then path order.
      const x0 = best.comparison;
      const swap = x0.onlyBFiles !== x0.onlyAFiles ? x0.onlyBFiles > x0.onlyAFiles : (best.copiesB?.length ?? 0) !== (best.copiesA?.length ?? 0) ? (best.copiesB?.length ?? 0) > (best.copiesA?.length ?? 0) : comparePaths(c.path(best.b), c.path(best.a)) < 0;
      if (swap) best = { a: best.b, b: best.a, similarity: best.similarity, comparison: flip(best.comparison), ...(best.copiesB === undefined ? {} : { copiesA: best.copiesB }), ...(best.copiesA === undefined ? {} : { copiesB: best.copiesA }) };
      found.set(Math.min(best.a, best.b) * 67108864 + Math.max(best.a, best.b), best);
    }
    const result = topPairs(c, [...found.values()]);
    result.sort((p, q) => q.similarity - p.similarity || c.subBytes[q.a]! - c.subBytes[p.a]! || comparePaths(c.path(p.a), c.path(q.a)));
    return new SimilarResult(c, a.name, result, min, problemsOf(c, hasher), hasher.stats);
  } finally {
    hasher.close();
  }
}

/** Tree distance: steps up from `x` and from `y` to their lowest common folder. */
function distance(c: Catalog, x: number, y: number): number {
  const up = new Map<number, number>();
  for (let j = x, d = 0; ; j = c.parent[j]!, d++) {
    up.set(j, d);
    if (j === 0) break;
  }
  for (let j = y, d = 0; ; j = c.parent[j]!, d++) {
    const dx = up.get(j);
    if (dx !== undefined) return dx + d;
    if (j === 0) return Infinity;
  }
}

/**
 * When a side of the pair has exact copies elsewhere, the pair names the copy
 * nearest the other side in the tree (old_photos/Christmas 2008 beside
 * old_photos/Christmas 2008 (edited), not misc/xmas08), and lists the others.
 */
function nearestCopies(c: Catalog, p: SimilarPair, copiesOf: ReadonlyMap<number, Uint32Array>, compare: (x: number, y: number) => Comparison): SimilarPair {
  const pick = (side: number, other: number): { row: number; others: number[] } | undefined => {
    const g = copiesOf.get(side);
    if (g === undefined) return undefined;
    let row = side;
    let best = Infinity;
    for (const r of g) {
      if (r === other || c.isWithin(other, r) || c.isWithin(r, other)) continue;
      const d = distance(c, r, other);
      if (d < best) {
        best = d;
        row = r;
      }
    }
    return { row, others: Array.from(g).filter((r) => r !== row) };
  };
  const a = pick(p.a, p.b);
  const b = pick(p.b, a?.row ?? p.a);
  if (a === undefined && b === undefined) return p;
  const ra = a?.row ?? p.a;
  const rb = b?.row ?? p.b;
  const cmp = ra === p.a && rb === p.b ? p.comparison : compare(ra, rb);
  return { a: ra, b: rb, similarity: similarity(cmp), comparison: cmp, ...(a === undefined ? {} : { copiesA: a.others }), ...(b === undefined ? {} : { copiesB: b.others }) };
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
