// Two folders side by side: only in A, only in B, the same name with
// different content, and identical. It replaces the seed's two Finder windows.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { UsageError } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import { Hasher, type HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { align, filesAt } from './align.ts';
import { HASHING_OPTIONS, display, hashOptions, jsonPath, newHasher, problemLines, problemsOf, type Problem } from './common.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { resolveRow } from '../query/index.ts';
import { DIR, FILE, SYMLINK } from '../types.ts';
import { checkOptions, PrintableResult, type Given } from '../shared/index.ts';

/** diff()'s options: what DIFF_OPTIONS declares. */
export type DiffOptions = Given<typeof DIFF_OPTIONS>;

/** diff()'s options, declared once: its check and help(diff) read them. */
export const DIFF_OPTIONS = {
  junk: SCOPE_OPTIONS.junk,
  git: SCOPE_OPTIONS.git,
  ...HASHING_OPTIONS,
};

/** What two folders hold at the same relative paths. Rows are catalog rows; pairs are [A, B]. */
export interface Comparison {
  readonly identical: (readonly [number, number])[];
  readonly changed: (readonly [number, number])[];
  /** Topmost entries only on one side (a folder stands for all below it). */
  readonly onlyA: number[];
  readonly onlyB: number[];
  /** Regular files inside the one-sided entries. */
  readonly onlyAFiles: number;
  readonly onlyBFiles: number;
}

/** Whether two files hold the same bytes, from what the hasher knows; undefined when it needs hashes. */
export function sameContent(c: Catalog, hasher: Hasher, x: number, y: number): boolean | undefined {
  if (c.dev[x] === c.dev[y] && c.ino[x] === c.ino[y]) return true;
  if (c.size[x] !== c.size[y]) return false;
  if (c.size[x] === 0) return true;
  if (hasher.failed(x) || hasher.failed(y)) return false;
  const fx = hasher.key(x, 'full');
  const fy = hasher.key(y, 'full');
  if (fx !== undefined && fy !== undefined) return fx === fy;
  const px = hasher.key(x, 'partial');
  const py = hasher.key(y, 'partial');
  if (px !== undefined && py !== undefined && px !== py) return false;
  return undefined;
}

function sameLink(c: Catalog, x: number, y: number): boolean {
  try {
    return fs.readlinkSync(c.fsPath(x), { encoding: 'buffer' }).equals(fs.readlinkSync(c.fsPath(y), { encoding: 'buffer' }));
  } catch {
    return false;
  }
}

/** Compares two folders by relative path, with the hashes the hasher already has (undecided pairs count as changed). */
export function compareDirs(c: Catalog, out: Uint8Array, a: number, b: number, hasher: Hasher): Comparison {
  const al = align(c, out, a, b);
  const identical: [number, number][] = [];
  const changed: [number, number][] = [];
  for (const [x, y] of al.files) (sameContent(c, hasher, x, y) === true ? identical : changed).push([x, y]);
  for (const [x, y] of al.other) (c.kind[x] === SYMLINK && c.kind[y] === SYMLINK && sameLink(c, x, y) ? identical : changed).push([x, y]);
  let onlyAFiles = 0;
  let onlyBFiles = 0;
  for (const i of al.onlyA) onlyAFiles += filesAt(c, out, i).length;
  for (const i of al.onlyB) onlyBFiles += filesAt(c, out, i).length;
  return { identical, changed, onlyA: al.onlyA, onlyB: al.onlyB, onlyAFiles, onlyBFiles };
}

/** Identical files over every file compared (a file only on one side counts as a difference). */
export function similarity(x: Comparison): number {
  const total = x.identical.length + x.changed.length + x.onlyAFiles + x.onlyBFiles;
  return total === 0 ? 1 : x.identical.length / total;
}

/** What DiffResult's json() gives (and JSON.stringify through toJSON()). */
export type DiffJson = { a: string; b: string; similarity: number; onlyA: string[]; onlyB: string[]; changed: string[]; identical: string[]; problems: readonly Problem[] };

export class DiffResult extends PrintableResult<DiffJson> {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  /** The two folders, relative to the root. */
  readonly a: string;
  readonly b: string;
  readonly comparison: Comparison;
  readonly similarity: number;
  readonly problems: readonly Problem[];
  readonly stats: HashStats;
  readonly #rowA: number;
  readonly #rowB: number;

  constructor(catalog: Catalog, archiveName: string, rowA: number, rowB: number, comparison: Comparison, problems: Problem[], stats: HashStats) {
    super();
    this.#catalog = catalog;
    this.#archiveName = archiveName;
    this.#rowA = rowA;
    this.#rowB = rowB;
    this.a = catalog.path(rowA);
    this.b = catalog.path(rowB);
    this.comparison = comparison;
    this.similarity = similarity(comparison);
    this.problems = problems;
    this.stats = stats;
  }

  /** A path relative to its side's folder. */
  private rel(i: number, side: number): string {
    const c = this.#catalog;
    const full = jsonPath(c, i);
    const base = jsonPath(c, side);
    return base === '' ? full : full.slice(base.length + 1);
  }

  get onlyA(): string[] {
    return this.comparison.onlyA.map((i) => this.rel(i, this.#rowA)).sort();
  }

  get onlyB(): string[] {
    return this.comparison.onlyB.map((i) => this.rel(i, this.#rowB)).sort();
  }

  get changed(): string[] {
    return this.comparison.changed.map(([x]) => this.rel(x, this.#rowA)).sort();
  }

  get identical(): string[] {
    return this.comparison.identical.map(([x]) => this.rel(x, this.#rowA)).sort();
  }

  json(): DiffJson {
    const c = this.#catalog;
    return { a: jsonPath(c, this.#rowA), b: jsonPath(c, this.#rowB), similarity: roundSimilarity(this.similarity), onlyA: this.onlyA, onlyB: this.onlyB, changed: this.changed, identical: this.identical, problems: this.problems };
  }


  summary(): string {
    const x = this.comparison;
    return `${num(x.identical.length)} identical, ${num(x.changed.length)} changed, ${num(x.onlyA.length)} only in A, ${num(x.onlyB.length)} only in B (similarity ${similarityText(this.similarity)})`;
  }

  /** Side by side: changed, then only in A, only in B; identical files are counted (all of them with `same`). */
  /** The REPL shows what String(x) shows. */
  protected override get inspectRows(): number | undefined {
    return undefined;
  }

  toString(limit = 40, same = false): string {
    const c = this.#catalog;
    const name = this.#archiveName;
    const side = (i: number | undefined): string => {
      if (i === undefined) return '—';
      const bytes = c.kind[i] === DIR ? `${size(c.subBytes[i]!)} in ${plural(c.subEntries[i]!, 'entry', 'entries')}` : c.kind[i] === FILE ? size(c.size[i]!) : c.kind[i] === SYMLINK ? 'link' : 'other';
      return `${this.rel(i, this.sideOf(i))}  ${bytes}`;
    };
    const rows: string[][] = [];
    const x = this.comparison;
    for (const [p, q] of sortPairs(c, x.changed)) rows.push(['≠ changed', side(p), side(q)]);
    for (const p of x.onlyA) rows.push(['only in A', side(p), '—']);
    for (const q of x.onlyB) rows.push(['only in B', '—', side(q)]);
    if (same) for (const [p, q] of sortPairs(c, x.identical)) rows.push(['= same', side(p), side(q)]);
    const out = [`A: ${display(c, name, this.#rowA)}`, `B: ${display(c, name, this.#rowB)}`, this.summary()];
    if (rows.length > 0) out.push(table(rows.slice(0, limit), { head: ['', 'A', 'B'] }));
    if (rows.length > limit) out.push(more(rows.length - limit));
    if (!same && x.identical.length > 0) out.push(`= ${num(x.identical.length)} identical file${x.identical.length === 1 ? '' : 's'} (diff(a, b).identical lists them)`);
    out.push(...problemLines(this.problems, name));
    return out.join('\n');
  }

  private sideOf(i: number): number {
    return this.#catalog.isWithin(i, this.#rowA) ? this.#rowA : this.#rowB;
  }

  show(limit = 40): void {
    console.log(this.toString(limit, true));
  }

}

function sortPairs(c: Catalog, pairs: readonly (readonly [number, number])[]): (readonly [number, number])[] {
  return [...pairs].sort((x, y) => (c.path(x[0]) < c.path(y[0]) ? -1 : 1));
}

export function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * A similarity for people and JSON: two decimals, but never 1 for folders
 * that differ (0.998 stays 0.998, not 1), and never 0 for ones that share a file.
 */
export function roundSimilarity(s: number): number {
  const r = round(s);
  if (r >= 1 && s < 1) return Math.min(Math.floor(s * 1000) / 1000, 0.999);
  if (r <= 0 && s > 0) return Math.max(Math.ceil(s * 1000) / 1000, 0.001);
  return r;
}

/** A rounded similarity as text: '0.85', '0.998', '1.00'. */
export function similarityText(s: number): string {
  const r = roundSimilarity(s);
  return Math.round(r * 100) === r * 100 ? r.toFixed(2) : String(r);
}

/** A folder the user named: relative to the root, or as results show it (`<archive>/…`). */
export function folderRow(c: Catalog, archiveName: string, p: unknown, what: string): number {
  return resolveRow({ root: c.root, name: archiveName, catalog: c }, p, { what, kind: 'dir' });
}

/** Two folders side by side: only in A, only in B, changed, identical (examples: the registry entry in helpers.ts). */
export async function diff(a: ArchiveCore, pathA: string, pathB: string, options: DiffOptions = {}): Promise<DiffResult> {
  const o = checkOptions('diff', DIFF_OPTIONS, options);
  const c = a.catalog;
  const rowA = folderRow(c, a.name, pathA, 'a');
  const rowB = folderRow(c, a.name, pathB, 'b');
  if (rowA === rowB) throw new UsageError(`a and b are the same folder ('${pathA}'); give two different folders`);
  if (c.isWithin(rowA, rowB) || c.isWithin(rowB, rowA)) throw new UsageError(`'${pathA}' and '${pathB}' lie one inside the other; give two separate folders`);
  const out = outOfScope(c, a.name, o);
  const hasher = newHasher(c, hashOptions(o, a));
  try {
    // Only files at the same path with the same size need reading.
    const al = align(c, out, rowA, rowB);
    const rows: number[] = [];
    for (const [x, y] of al.files) if (sameContent(c, hasher, x, y) === undefined) rows.push(x, y);
    await hasher.hash(rows, 'full');
    const x = compareDirs(c, out, rowA, rowB, hasher);
    return new DiffResult(c, a.name, rowA, rowB, x, problemsOf(c, hasher), hasher.stats);
  } finally {
    hasher.close();
  }
}
