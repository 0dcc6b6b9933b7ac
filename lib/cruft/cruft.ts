// What archives are cleaned of, as a table of rules: each rule names what it
// matches and the marker that proves it. A name alone is never enough; a match
// without its marker is reported as name-only and never removed by default.
// The rules are plain data so that other tools (backup excludes) can read them.
import { inspect } from 'node:util';
import picomatch from 'picomatch';
import type { Catalog } from '../catalog/index.ts';
import { UsageError, checkCancel } from '../errors.ts';
import { more, num, plural, size, table } from '../format.ts';
import * as markers from './markers.ts';
import { defineHelper } from '../registry.ts';
import { Selection } from '../query/index.ts';
import { DIR, FILE } from '../types.ts';

export const CRUFT_KINDS = ['venv', 'pycache', 'pyc', 'python-cache', 'node_modules', 'build-output', 'junk', 'log', 'system-backup'] as const;
export type CruftKind = (typeof CRUFT_KINDS)[number];

/** One rule, as data. Names are base-name globs, matched case-insensitively at any depth, never inside `.git`. */
export interface CruftRule {
  readonly kind: CruftKind;
  readonly summary: string;
  /** What a match is: a folder or a regular file (links are never cruft). */
  readonly type: 'dir' | 'file';
  readonly names: readonly string[];
  /** Also a match, whatever its name: a folder directly holding one of these files. */
  readonly holding?: readonly string[];
  /** Not a match when its parent folder has one of these names. */
  readonly notIn?: readonly string[];
  /** Build files that prove a match when they sit beside it, by the match's (lower-case) name. */
  readonly beside?: Readonly<Record<string, readonly string[]>>;
  /** What confirms a match, for people. */
  readonly marker: string;
  /** Whether confirmed matches go into a default removal; `false` means reported only. */
  readonly removable: boolean;
}

export const CRUFT_RULES: readonly CruftRule[] = [
  {
    kind: 'venv',
    summary: 'Python virtual environments',
    type: 'dir',
    names: ['.venv', 'venv', 'env', '*_env', '*venv*'],
    holding: ['pyvenv.cfg'],
    marker: 'pyvenv.cfg; before 2020, bin/activate plus lib/python*/orig-prefix.txt, lib/python*/no-global-site-packages.txt or .Python; on Windows, Scripts/activate.bat',
    removable: true,
  },
  { kind: 'pycache', summary: 'Python bytecode caches', type: 'dir', names: ['__pycache__'], marker: 'holds only .pyc/.pyo files', removable: true },
  { kind: 'pyc', summary: 'stray compiled Python files', type: 'file', names: ['*.pyc', '*.pyo'], notIn: ['__pycache__'], marker: 'extension', removable: true },
  {
    kind: 'python-cache',
    summary: 'Python tool caches and build metadata',
    type: 'dir',
    names: ['.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.ipynb_checkpoints', '*.egg-info'],
    marker: 'name plus Python files (*.py, *.ipynb, pyproject.toml, setup.cfg, …) beside or above',
    removable: true,
  },
  {
    kind: 'node_modules',
    summary: 'installed npm packages',
    type: 'dir',
    names: ['node_modules'],
    beside: { node_modules: ['package.json'] },
    marker: 'package.json in the parent',
    removable: true,
  },
  {
    kind: 'build-output',
    summary: 'build outputs',
    type: 'dir',
    names: ['target', 'build', 'dist', '.gradle'],
    beside: {
      target: ['pom.xml', 'Cargo.toml', 'build.sbt'],
      build: ['build.gradle', 'build.gradle.kts', 'CMakeLists.txt', 'setup.py', 'pyproject.toml', 'package.json'],
      dist: ['setup.py', 'pyproject.toml', 'package.json'],
      '.gradle': ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'],
    },
    marker: 'a build file in the parent: pom.xml, Cargo.toml or build.sbt for target/; build.gradle(.kts), CMakeLists.txt, setup.py, pyproject.toml or package.json for build/; setup.py, pyproject.toml or package.json for dist/; build.gradle(.kts) or settings.gradle(.kts) for .gradle/',
    removable: true,
  },
  {
    kind: 'junk',
    summary: 'OS and editor droppings',
    type: 'file',
    names: ['.DS_Store', '._*', 'Thumbs.db', 'desktop.ini', '*~', '.*.sw[nop]', '#*#'],
    marker: 'name',
    removable: true,
  },
  { kind: 'log', summary: 'log files', type: 'file', names: ['*.log'], marker: 'name; reported only', removable: false },
  {
    kind: 'system-backup',
    summary: 'backed-up Linux system folders',
    type: 'dir',
    names: ['etc', 'var', 'local'],
    marker: 'etc/ holding passwd, fstab or hosts; var/ holding log or lib; usr/local or local holding bin and lib; reported only',
    removable: false,
  },
];

const RULE = new Map(CRUFT_RULES.map((r) => [r.kind, r]));

/** How each kind weighs its evidence. */
const VERIFY: Readonly<Record<CruftKind, (m: markers.Markers, i: number, rule: CruftRule) => markers.Verdict>> = {
  venv: markers.venv,
  pycache: markers.pycache,
  pyc: () => ({ verified: true, reason: 'extension' }),
  'python-cache': markers.pythonCache,
  node_modules: (m, i, rule) => markers.besideMarker(m, i, rule.beside!.node_modules!),
  'build-output': (m, i, rule) => markers.besideMarker(m, i, rule.beside![m.cat.name(i).toLowerCase()] ?? []),
  junk: () => ({ verified: true, reason: 'name' }),
  log: () => ({ verified: true, reason: 'name (*.log); reported only' }),
  'system-backup': markers.systemBackup,
};

/** One match. `entries` and `bytes` are what lies inside it (a file: 0 entries, its size). */
export interface CruftItem {
  /** Relative to the root, `/` separated, with `\xNN` escapes for bytes that are not UTF-8. */
  readonly path: string;
  readonly kind: CruftKind;
  readonly verified: boolean;
  readonly reason: string;
  readonly entries: number;
  readonly bytes: number;
  /** The match's row in the catalog it was found in. */
  readonly index: number;
}

/** A match as snippets print it with --json; `pathBytes` only for names that are not valid UTF-8. */
export type CruftJsonItem = Omit<CruftItem, 'index'> & { readonly pathBytes?: string };

export interface KindSummary {
  readonly kind: CruftKind;
  readonly items: number;
  readonly entries: number;
  readonly bytes: number;
  readonly verified: number;
  readonly nameOnly: number;
}

/** Checks a kind argument: one kind, a list of kinds, or nothing for every kind. */
export function cruftKinds(kind?: CruftKind | string | readonly (CruftKind | string)[]): CruftKind[] {
  if (kind === undefined) return [...CRUFT_KINDS];
  const asked = typeof kind === 'string' ? [kind] : kind;
  if (!Array.isArray(asked) || asked.length === 0) throw new UsageError(`cruft kind must be one of ${CRUFT_KINDS.join(', ')}, or a list of them`);
  for (const k of asked) {
    if (!RULE.has(k as CruftKind)) throw new UsageError(`unknown cruft kind ${JSON.stringify(k)}; use one of ${CRUFT_KINDS.join(', ')}`);
  }
  return CRUFT_KINDS.filter((k) => asked.includes(k));
}

/**
 * Walks the catalog once and returns every match of the given kinds. A
 * confirmed match takes everything inside it (a venv's `__pycache__` is part
 * of the venv); a name-only match does not, so proven cruft inside a decoy
 * is still found. Nothing inside `.git` is looked at.
 */
export function matchCruft(cat: Catalog, kinds: readonly CruftKind[], signal?: AbortSignal): CruftItem[] {
  const rules = CRUFT_RULES.filter((r) => kinds.includes(r.kind));
  const m = new markers.Markers(cat);
  const tests = rules.map((r) => picomatch([...r.names], { dot: true, nocase: true, strictBrackets: true }));
  const notIn = rules.map((r) => new Set((r.notIn ?? []).map((n) => n.toLowerCase())));
  // Perf: name tests are memoised per name id (-1: not computed yet), as a bit mask of rules.
  const memo = new Int32Array(cat.names.length).fill(-1);
  const maskOf = (i: number): number => {
    const id = cat.nameId[i]!;
    let mask = memo[id]!;
    if (mask < 0) {
      mask = 0;
      const name = cat.names[id]!;
      for (let r = 0; r < rules.length; r++) if (tests[r]!(name)) mask |= 1 << r;
      memo[id] = mask;
    }
    return mask;
  };
  const holders = holdingParents(cat, rules);
  const items: CruftItem[] = [];
  const stack = [0];
  let steps = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const first = cat.firstChild[at]!;
    const end = first + cat.childCount[at]!;
    if ((++steps & 1023) === 0) checkCancel(signal);
    for (let i = first; i < end; i++) {
      if (cat.gone[i] === 1) continue;
      const k = cat.kind[i]!;
      if (k === DIR && cat.name(i) === '.git') continue;
      if (k !== DIR && k !== FILE) continue;
      let mask = maskOf(i);
      const holder = holders.get(i);
      if (holder !== undefined && k === DIR) mask |= holder;
      let verdict: markers.Verdict | undefined;
      let rule: CruftRule | undefined;
      for (let r = 0; mask !== 0 && r < rules.length; r++) {
        if ((mask & (1 << r)) === 0) continue;
        const candidate = rules[r]!;
        if ((candidate.type === 'dir') !== (k === DIR)) continue;
        if (notIn[r]!.size > 0 && notIn[r]!.has(cat.name(cat.parent[i]!).toLowerCase())) continue;
        let v = VERIFY[candidate.kind](m, i, candidate);
        if (v.verified && k === DIR) v = markers.holdsRepository(m, i) ?? v;
        if (verdict === undefined || (v.verified && !verdict.verified)) {
          verdict = v;
          rule = candidate;
        }
        if (v.verified) break;
      }
      if (verdict !== undefined && rule !== undefined) {
        items.push({
          path: cat.path(i),
          kind: rule.kind,
          verified: verdict.verified,
          reason: verdict.reason,
          entries: k === DIR ? cat.subEntries[i]! : 0,
          bytes: cat.subBytes[i]!,
          index: i,
        });
        if (verdict.verified) continue;
      }
      if (k === DIR && cat.childCount[i]! > 0) stack.push(i);
    }
  }
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Folders that hold a rule's `holding` file (pyvenv.cfg), as a bit mask of those rules. */
function holdingParents(cat: Catalog, rules: readonly CruftRule[]): Map<number, number> {
  const byName = new Map<string, number>();
  rules.forEach((r, k) => {
    for (const n of r.holding ?? []) byName.set(n, (byName.get(n) ?? 0) | (1 << k));
  });
  const out = new Map<number, number>();
  if (byName.size === 0) return out;
  const idMask = new Map<number, number>();
  cat.names.forEach((n, id) => {
    const mask = byName.get(n);
    if (mask !== undefined && !cat.rawNames.has(id)) idMask.set(id, mask);
  });
  if (idMask.size === 0) return out;
  // Perf: one pass over the name column beats looking inside every folder.
  for (let i = 1; i < cat.length; i++) {
    const mask = idMask.get(cat.nameId[i]!);
    if (mask === undefined || cat.gone[i] === 1 || cat.kind[i] !== FILE) continue;
    const p = cat.parent[i]!;
    if (p !== 0) out.set(p, (out.get(p) ?? 0) | mask);
  }
  return out;
}

export type CruftView = 'summary' | 'list';

/** What `cruft()` and `venvs()` return: the matches, a summary by kind, and the way into `remove()`. */
export class CruftResult {
  readonly #catalog: Catalog;
  readonly #archiveName: string;
  readonly #view: CruftView;

  constructor(
    readonly items: readonly CruftItem[],
    readonly kinds: readonly CruftKind[],
    catalog: Catalog,
    archiveName: string,
    view: CruftView = 'summary',
  ) {
    this.#catalog = catalog;
    this.#archiveName = archiveName;
    this.#view = view;
    Object.freeze(this);
  }

  /** The catalog the matches index into. */
  get catalog(): Catalog {
    return this.#catalog;
  }

  get archiveName(): string {
    return this.#archiveName;
  }

  get length(): number {
    return this.items.length;
  }

  /** What a removal of this result takes: confirmed items of removable kinds (and name-only ones too, when asked). */
  removable(includeUnverified = false): CruftItem[] {
    return this.items.filter((it) => RULE.get(it.kind)!.removable && (it.verified || includeUnverified));
  }

  /** Every match as a Selection, for deliberate choices (e.g. removing reported-only logs). */
  selection(): Selection {
    return new Selection(this.#catalog, Uint32Array.from(this.items, (it) => it.index).sort(), this.#archiveName);
  }

  /** Totals by kind; entries and bytes count what lies inside each match. */
  byKind(): KindSummary[] {
    return this.kinds.map((kind) => {
      const of = this.items.filter((it) => it.kind === kind);
      const verified = of.filter((it) => it.verified).length;
      return {
        kind,
        items: of.length,
        entries: of.reduce((n, it) => n + it.entries, 0),
        bytes: of.reduce((n, it) => n + it.bytes, 0),
        verified,
        nameOnly: of.length - verified,
      };
    });
  }

  /** Entries and bytes inside all matches, each counted once (a name-only match may hold confirmed ones). */
  totals(): { entries: number; bytes: number } {
    const picked = new Set(this.items.map((it) => it.index));
    let entries = 0;
    let bytes = 0;
    for (const it of this.items) {
      let inside = false;
      for (let j = this.#catalog.parent[it.index]!; j !== 0 && !inside; j = this.#catalog.parent[j]!) inside = picked.has(j);
      if (inside) continue;
      entries += it.entries;
      bytes += it.bytes;
    }
    return { entries, bytes };
  }

  /** `{items: [{path, kind, verified, reason, entries, bytes}]}`, with `pathBytes` for names that are not UTF-8. */
  json(): { items: CruftJsonItem[] } {
    const c = this.#catalog;
    return {
      items: this.items.map((it) => {
        const item: CruftJsonItem = { path: it.path, kind: it.kind, verified: it.verified, reason: it.reason, entries: it.entries, bytes: it.bytes };
        if (!c.isRaw(it.index)) return item;
        const raw = c.pathBytes(it.index);
        return { ...item, path: raw.toString('utf8'), pathBytes: raw.toString('base64') };
      }),
    };
  }

  toJSON(): { items: CruftJsonItem[] } {
    return this.json();
  }

  /** Every matched path, relative to the root (as on every result: they paste back into any helper). */
  get paths(): string[] {
    return this.items.map((it) => it.path);
  }

  /** The table of matches, largest first: the first `limit` rows, then "… and N more". */
  toTable(limit = 20): string {
    const rows = [...this.items].sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : 1));
    const shown = rows.slice(0, limit).map((it) => [this.display(it), it.kind, it.verified ? 'yes' : 'NO', it.reason, num(it.entries), size(it.bytes)]);
    const out = [table(shown, { head: ['path', 'kind', 'verified', 'why', 'entries', 'bytes'], right: [4, 5] })];
    if (rows.length > limit) out.push(more(rows.length - limit));
    return out.join('\n');
  }

  /** Prints the table of matches (first 20; `show(Infinity)` for all). */
  show(limit = 20): void {
    console.log(this.toTable(limit));
  }

  toString(): string {
    return this.#view === 'list' ? this.venvView() : this.summaryView();
  }

  [inspect.custom](): string {
    return this.toString();
  }

  private display(it: CruftItem): string {
    return `${this.#archiveName}/${it.path}`;
  }

  private summaryView(): string {
    const t = this.totals();
    const verified = this.items.filter((it) => it.verified).length;
    const head = `Cruft in ${this.#archiveName}: ${plural(this.items.length, 'item')} (${num(verified)} verified), ${plural(t.entries, 'entry', 'entries')} inside, ${size(t.bytes)}`;
    if (this.items.length === 0) return head;
    const rows = this.byKind().filter((k) => k.items > 0).map((k) => [k.kind, num(k.items), num(k.entries), size(k.bytes), num(k.verified), num(k.nameOnly)]);
    const reported = this.kinds.filter((k) => !RULE.get(k)!.removable);
    return [
      head,
      table(rows, { head: ['kind', 'items', 'entries', 'bytes', 'verified', 'name only'], right: [1, 2, 3, 4, 5] }),
      this.toTable(10),
      `remove(…) takes the verified items${reported.length > 0 ? ` (never ${reported.join(' or ')}, which are reported only)` : ''}; it is a dry run until {delete: true}.`,
    ].join('\n');
  }

  private venvView(): string {
    const real = this.items.filter((it) => it.verified);
    const inside = real.reduce((n, it) => n + it.entries, 0);
    const bytes = real.reduce((n, it) => n + it.bytes, 0);
    const head = `${plural(this.items.length, 'folder')} in ${this.#archiveName} ${this.items.length === 1 ? 'looks' : 'look'} like venvs; ${num(real.length)} ${real.length === 1 ? 'is a real venv' : 'are real venvs'} (${plural(inside, 'entry', 'entries')} inside, ${size(bytes)})`;
    if (this.items.length === 0) return head;
    const rows = this.items.map((it) => [this.display(it), it.verified ? 'yes' : 'no', it.reason, num(it.entries), size(it.bytes)]);
    return `${head}\n${table(rows, { head: ['path', 'real venv', 'why', 'entries', 'bytes'], right: [3, 4] })}`;
  }
}

/**
 * Finds cruft by rule, each match proven by its marker or marked name-only.
 * @example cruft()  cruft('pycache')  cruft(['junk', 'log'])
 */
export function cruft(cat: Catalog, archiveName: string, kind?: CruftKind | readonly CruftKind[], signal?: AbortSignal): CruftResult {
  const kinds = cruftKinds(kind);
  return new CruftResult(matchCruft(cat, kinds, signal), kinds, cat, archiveName);
}

/**
 * Every folder that looks like a venv by name or by pyvenv.cfg, and which are real.
 * @example venvs()
 */
export function venvs(cat: Catalog, archiveName: string, signal?: AbortSignal): CruftResult {
  return new CruftResult(matchCruft(cat, ['venv'], signal), ['venv'], cat, archiveName, 'list');
}

/** The cruft helpers: rules proven by markers. */
export const cruftHelpers = [
  defineHelper({
    name: 'cruft',
    group: 'cruft',
    summary: 'venvs, __pycache__, build outputs, junk files…, each proven by a marker or marked name-only',
    example: "cruft()  cruft('pycache')  cruft(['junk', 'log'])",
    options: {
      '(kind)': `one of ${CRUFT_KINDS.join(', ')}, or a list; every kind when left out`,
      '.show(n)': 'the table of matches, largest first',
      '.selection()': 'every match as a Selection',
    },
    bind: (a) => (kind?: CruftKind | readonly CruftKind[]): CruftResult => cruft(a.catalog, a.name, kind, a.signal),
  }),
  defineHelper({
    name: 'venvs',
    group: 'cruft',
    summary: 'every folder named like a venv (or holding pyvenv.cfg), and which are real venvs and why',
    example: 'venvs()  remove(venvs())',
    bind: (a) => (): CruftResult => venvs(a.catalog, a.name, a.signal),
  }),
] as const;
