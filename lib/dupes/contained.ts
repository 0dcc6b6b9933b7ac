// Folders fully contained elsewhere: every file in them (by content, junk
// ignored) also exists somewhere in the archive outside them. "Safe to
// delete: every picture is also in X and Y."
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import type { HashStats } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { filesAt } from './align.ts';
import { contentKey, contents, markBelow, shapes } from './signature.ts';
import { HASHING_OPTIONS, comparePaths, display, hashOptions, jsonPath, newHasher, problemLines, problemsOf, type Problem } from './common.ts';
import { contentGroups } from './files.ts';
import { HistoryCheck } from './history.ts';
import { SCOPE_OPTIONS, outOfScope } from './scope.ts';
import { Selection } from '../query/index.ts';
import { DIR, FILE } from '../types.ts';
import { checkOptions, opt, PrintableResult, type Given } from '../shared/index.ts';

/** contained()'s options: what CONTAINED_OPTIONS declares. */
export type ContainedOptions = Given<typeof CONTAINED_OPTIONS>;

/** contained()'s options, declared once: its check, help(contained) and the contained snippet's flags read them. */
export const CONTAINED_OPTIONS = {
  places: opt.numberOr('how many folders holding copies to name per item', { default: 3, min: 1, integer: true, sample: '5' }),
  ...SCOPE_OPTIONS,
  ...HASHING_OPTIONS,
};

export interface ContainedItem {
  readonly index: number;
  readonly path: string;
  /** Files with bytes in the folder (junk left out). */
  readonly files: number;
  readonly bytes: number;
  /** The folders holding most of the copies, most first (relative paths). */
  readonly copiesIn: readonly string[];
  /** Their catalog rows. */
  readonly copiesInIndex: readonly number[];
  /**
   * For a folder holding a git repository: 'contained' when every object of
   * its history also exists in a repository outside it; 'not contained' when
   * only the working tree is (commits that live only here). Absent otherwise.
   */
  readonly history?: 'contained' | 'not contained';
  /** The repositories (their working trees) whose history exists nowhere else. */
  readonly historyOnlyHere?: readonly string[];
}

const HISTORY_NOT = 'working tree contained, history not';

/** What ContainedResult's json() gives (and JSON.stringify through toJSON()); `history` only for folders holding a git repository. */
export type ContainedJson = { items: { path: string; files: number; bytes: number; copiesIn: string[]; history?: 'contained' | 'not contained' }[]; problems: readonly Problem[] };

export class ContainedResult extends PrintableResult<ContainedJson> {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  readonly items: readonly ContainedItem[];
  readonly problems: readonly Problem[];
  readonly stats: HashStats;

  constructor(catalog: Catalog, archiveName: string, items: ContainedItem[], problems: Problem[], stats: HashStats) {
    super();
    this.#catalog = catalog;
    this.#archiveName = archiveName;
    this.items = items;
    this.problems = problems;
    this.stats = stats;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  get length(): number {
    return this.items.length;
  }

  /** Bytes in all listed folders. */
  get bytes(): number {
    return this.items.reduce((n, it) => n + it.bytes, 0);
  }

  /** The items safe to delete: every one, less those whose git history exists nowhere else. */
  safe(): ContainedItem[] {
    return this.items.filter((it) => it.history !== 'not contained');
  }

  /** The safe items as a Selection, for remove(); a folder whose git history is only here is never in it. */
  selection(): Selection {
    return new Selection(this.#catalog, Uint32Array.from(this.safe(), (it) => it.index).sort(), this.#archiveName);
  }

  json(): ContainedJson {
    const c = this.#catalog;
    return {
      items: this.items.map((it) => ({
        path: jsonPath(c, it.index),
        files: it.files,
        bytes: it.bytes,
        copiesIn: it.copiesInIndex.map((r) => jsonPath(c, r)),
        ...(it.history === undefined ? {} : { history: it.history }),
      })),
      problems: this.problems,
    };
  }


  summary(): string {
    const notSafe = this.items.length - this.safe().length;
    const git = notSafe === 0 ? '' : `; ${num(notSafe)} of them hold git history found nowhere else (${HISTORY_NOT}): not safe, never in selection()`;
    return `${plural(this.items.length, 'folder')} whose every file also exists elsewhere, ${size(this.bytes)} (each alone is safe to delete; exact copies of a whole folder are groupDupes()' to report)${git}`;
  }

  toString(limit = 20): string {
    const name = this.#archiveName;
    const rows = this.items.slice(0, limit).map((it) => [
      `${name}/${it.path}${it.history === 'not contained' ? ` (${HISTORY_NOT}: ${it.historyOnlyHere!.join(', ')})` : ''}`,
      num(it.files),
      size(it.bytes),
      it.copiesInIndex.map((r) => display(this.#catalog, name, r)).join(', '),
    ]);
    const out = [this.summary()];
    if (rows.length > 0) out.push(table(rows, { head: ['folder', 'files', 'bytes', 'copies in'], right: [1, 2] }));
    if (this.items.length > limit) out.push(more(this.items.length - limit));
    out.push(...problemLines(this.problems, name));
    return out.join('\n');
  }

  show(limit = 20): void {
    console.log(this.toString(limit));
  }

}

/** Lowest common ancestor of rows, by walking up from each with depths. */
function lca(c: Catalog, depth: Uint16Array, rows: ArrayLike<number>): number {
  let a = c.parent[rows[0]!]!;
  for (let k = 1; k < rows.length && a !== 0; k++) {
    let b = c.parent[rows[k]!]!;
    while (depth[a]! > depth[b]!) a = c.parent[a]!;
    while (depth[b]! > depth[a]!) b = c.parent[b]!;
    while (a !== b) {
      a = c.parent[a]!;
      b = c.parent[b]!;
    }
  }
  return a;
}

/**
 * Folders whose every file also exists, by content, outside them; topmost
 * only, each with the folders that hold most of the copies. A folder that is
 * an exact copy of another is left to groupDupes().
 * Examples: the registry entry in helpers.ts.
 */
export async function contained(a: ArchiveCore, options: ContainedOptions = {}): Promise<ContainedResult> {
  const o = checkOptions('contained', CONTAINED_OPTIONS, options);
  const c = a.catalog;
  const n = c.length;
  const out = outOfScope(c, a.name, o);
  const hasher = newHasher(c, hashOptions(o, a));
  try {
    const groups = await contentGroups(c, out, hasher, 1, a.signal);
    checkCancel(a.signal);
    const depth = new Uint16Array(n);
    for (let i = 1; i < n; i++) depth[i] = depth[c.parent[i]!]! + 1;
    // Per file: the depth of the lowest folder holding every copy. A folder
    // holds a copy of each of its files outside itself exactly when that
    // folder lies deeper than it, for every file below.
    const deepest = new Uint16Array(n).fill(65535);
    const groupOf = new Int32Array(n).fill(-1);
    groups.forEach((g, k) => {
      const d = depth[lca(c, depth, g)]!;
      for (const r of g) {
        deepest[r] = d;
        groupOf[r] = k;
      }
    });
    const need = new Uint16Array(n);
    const has = new Uint8Array(n);
    const { kind, size, parent } = c;
    for (let i = n - 1; i > 0; i--) {
      if (out[i] === 1) continue;
      if (kind[i] === FILE && size[i]! > 0) {
        need[i] = deepest[i]!;
        has[i] = 1;
      }
      const p = parent[i]!;
      if (need[i]! > need[p]!) need[p] = need[i]!;
      has[p]! |= has[i]!;
    }
    const ok = (i: number): boolean => i !== 0 && kind[i] === DIR && out[i] === 0 && has[i] === 1 && need[i]! < depth[i]!;

    // Exact copies of whole folders are groupDupes()' business: leave them out here.
    const sh = shapes(c, out);
    const okRows: number[] = [];
    for (let i = 1; i < n; i++) if (ok(i)) okRows.push(i);
    const sig = contents(c, out, markBelow(c, okRows), (r) => hasher.fullOf(r));
    const twins = new Map<string, number>();
    for (const i of okRows) {
      if (sig.unknown[i] === 1) continue;
      const key = `${contentKey(sig, i)}:${sh.a[i]}:${sh.b[i]}`;
      twins.set(key, (twins.get(key) ?? 0) + 1);
    }
    const items: ContainedItem[] = [];
    const history = new HistoryCheck(c);
    for (const i of okRows) {
      if (ok(parent[i]!)) continue;
      if (sig.unknown[i] === 0 && twins.get(`${contentKey(sig, i)}:${sh.a[i]}:${sh.b[i]}`)! > 1) continue;
      const found = item(c, i, out, groups, groupOf, o.places);
      if (history.inside(i).length === 0) {
        items.push(found);
        continue;
      }
      const onlyHere = history.notContained(i).map((g) => c.path(c.parent[g]!));
      items.push({ ...found, history: onlyHere.length === 0 ? 'contained' : 'not contained', ...(onlyHere.length === 0 ? {} : { historyOnlyHere: onlyHere }) });
    }
    items.sort((x, y) => y.bytes - x.bytes || comparePaths(x.path, y.path));
    return new ContainedResult(c, a.name, items, problemsOf(c, hasher), hasher.stats);
  } finally {
    hasher.close();
  }
}

/** A contained folder, with the folders that hold most of its copies. */
function item(c: Catalog, i: number, out: Uint8Array, groups: readonly Uint32Array[], groupOf: Int32Array, places: number): ContainedItem {
  const count = new Map<number, number>();
  let files = 0;
  let bytes = 0;
  for (const j of filesAt(c, out, i)) {
    if (c.size[j] === 0) continue;
    files++;
    bytes += c.size[j]!;
    // Each folder holding a copy (outside this one) counts once per file.
    // Perf: a file copied hundreds of times is placed by its first copies.
    const seen = new Set<number>();
    for (const r of groups[groupOf[j]!]!.subarray(0, 64)) {
      const p = c.parent[r]!;
      if (!c.isWithin(r, i) && !seen.has(p)) {
        seen.add(p);
        count.set(p, (count.get(p) ?? 0) + 1);
      }
    }
  }
  const top = [...count].sort((x, y) => y[1] - x[1] || (c.path(x[0]) < c.path(y[0]) ? -1 : 1)).slice(0, places).map(([p]) => p);
  return { index: i, path: c.path(i), files, bytes, copiesIn: top.map((p) => c.path(p)), copiesInIndex: top };
}
