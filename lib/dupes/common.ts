// What the duplicate finders share: paths for people and for JSON, the list
// of files that could not be compared, and the hashing options of a helper.
import type { Catalog } from '../catalog/index.ts';
import { more, num } from '../format.ts';
import { Hasher, type HashOptions } from '../hash/index.ts';
import { opt, displayPath, type Given } from '../shared/index.ts';

/** A file that could not be compared, and why (it changed or vanished while being read, …). */
export interface Problem {
  readonly path: string;
  readonly why: string;
}

const folderPaths = new WeakMap<Catalog, Map<number, string>>();

/**
 * `catalog.path(i)`, with the folder's path remembered. Perf: a million
 * paths built leaf to root took 1.5 s and 250 MB; built on a remembered
 * folder path, each is one short string that shares the folder's.
 */
export function relPath(c: Catalog, i: number): string {
  const p = c.parent[i]!;
  if (i === 0 || p === 0 || c.rawNames.size > 0) return c.path(i);
  let memo = folderPaths.get(c);
  if (memo === undefined) folderPaths.set(c, (memo = new Map()));
  let dir = memo.get(p);
  if (dir === undefined) {
    dir = c.path(p);
    if (memo.size >= 65_536) memo.clear();
    memo.set(p, dir);
  }
  return `${dir}/${c.name(i)}`;
}

/** Orders two strings as sort() does, for a last tie-break that does not depend on scan or hash order. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rows sorted by relative path (paths are built only when asked for, so sorting is too). */
export function byPath(c: Catalog, rows: ArrayLike<number>): Uint32Array {
  const keyed = Array.from(rows, (i) => ({ i, p: relPath(c, i) }));
  keyed.sort((a, b) => (a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
  return Uint32Array.from(keyed, (k) => k.i);
}

/** A group of entries that are copies of each other: what keep() takes. */
export class CopyGroup {
  readonly #catalog: Catalog;
  readonly #rows: Uint32Array;
  #sorted: Uint32Array | undefined;
  /** True when junk files were ignored in finding the copies: keep() lets them go with a removed copy. */
  readonly junkIgnored: boolean;

  constructor(catalog: Catalog, rows: Uint32Array, junkIgnored = false) {
    this.#catalog = catalog;
    this.#rows = rows;
    this.junkIgnored = junkIgnored;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** Catalog rows of the members, in path order. */
  get rows(): Uint32Array {
    this.#sorted ??= byPath(this.#catalog, this.#rows);
    return this.#sorted;
  }

  /** Relative paths of the members, `/` separated. */
  get paths(): string[] {
    return Array.from(this.rows, (i) => relPath(this.#catalog, i));
  }

  /** The members' paths as JSON gives them. */
  jsonPaths(): string[] {
    return Array.from(this.rows, (i) => jsonPath(this.#catalog, i));
  }
}

/** A path for JSON: relative, `/` separated; U+FFFD where a name is not valid UTF-8. */
export function jsonPath(c: Catalog, i: number): string {
  return c.isRaw(i) ? c.pathBytes(i).toString('utf8') : relPath(c, i);
}

/** `<archive>/relative/path`, as every result shows paths. */
export function display(c: Catalog, archiveName: string, i: number): string {
  return displayPath(archiveName, relPath(c, i));
}

/** The lines that say which files were left out of a comparison, and why. */
export function problemLines(problems: readonly Problem[], archiveName: string, limit = 5): string[] {
  if (problems.length === 0) return [];
  const lines = [`${num(problems.length)} file${problems.length === 1 ? '' : 's'} could not be compared and ${problems.length === 1 ? 'is' : 'are'} left out:`];
  for (const p of problems.slice(0, limit)) lines.push(`  ${displayPath(archiveName, p.path)}: ${p.why}`);
  if (problems.length > limit) lines.push(`  ${more(problems.length - limit)}`);
  return lines;
}

/** How the duplicate finders read files, declared once. */
export const HASHING_OPTIONS = {
  cache: opt.flag('use the hash cache in the user cache folder; false reads every file', true),
  progress: opt.boolean('a progress line on stderr (default: on a terminal)'),
};

/** What HASHING_OPTIONS declares. */
export type HashingOptions = Given<typeof HASHING_OPTIONS>;

/** A helper's options and its archive's services, as the Hasher takes them. */
export function hashOptions(o: HashingOptions, a: { readonly signal: AbortSignal | undefined; readonly interactive: boolean; say(m: string): void }): HashOptions {
  return { cache: o.cache !== false, progress: o.progress ?? a.interactive, say: (m) => a.say(m), ...(a.signal === undefined ? {} : { signal: a.signal }) };
}

/** The hasher's problems (and any others), sorted by path. */
export function problemsOf(c: Catalog, hasher: Hasher, extra: readonly Problem[] = []): Problem[] {
  const list = [...hasher.problems].map(([row, why]) => ({ path: relPath(c, row), why }));
  return [...list, ...extra].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Table rows for one group: its figures on the first row, then one row per
 * path. Perf: cli-table3 takes minutes over a cell of hundreds of lines, so
 * paths go one per row, never joined into one cell.
 */
export function groupRows(figures: readonly string[], paths: readonly string[], total: number): string[][] {
  const shown = [...paths];
  if (total > paths.length) shown.push(more(total - paths.length));
  const blank = figures.map(() => '');
  return shown.map((p, k) => [...(k === 0 ? figures : blank), p]);
}

/**
 * How the duplicate finders make their Hasher. Tests replace `make` with a
 * hasher that forges a false hash match, to prove the byte checks catch it.
 */
export const hasherFactory: { make: (c: Catalog, o: HashOptions) => Hasher } = { make: (c, o) => new Hasher(c, o) };

/** A new Hasher for one job, through `hasherFactory`. */
export function newHasher(c: Catalog, o: HashOptions): Hasher {
  return hasherFactory.make(c, o);
}
