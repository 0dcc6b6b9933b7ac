// Matching the cruft rules against the catalog: one walk, each match weighed
// by its marker. Installed software (site-/dist-packages, node_modules) is
// never cruft, except the bytecode Python rebuilds.
import type { Catalog } from '../catalog/index.ts';
import { checkCancel } from '../errors.ts';
import picomatch from 'picomatch';
import * as markers from './markers.ts';
import { CRUFT_RULES, INSTALLED_KINDS, type CruftKind, type CruftRule } from './rules.ts';
import { DIR, FILE } from '../types.ts';

/** How each kind weighs its evidence. */
const VERIFY: Readonly<Record<CruftKind, (m: markers.Markers, i: number, rule: CruftRule) => markers.Verdict>> = {
  venv: markers.venv,
  pycache: markers.pycache,
  pyc: () => ({ verified: true, reason: 'extension' }),
  'python-cache': (m, i) => (/\.(egg|dist)-info$/i.test(m.cat.name(i)) ? markers.packageMetadata(m, i) : markers.pythonCache(m, i)),
  node_modules: (m, i, rule) => markers.besideMarker(m, i, rule.beside!.node_modules!),
  'build-output': (m, i, rule) => {
    const name = m.cat.name(i).toLowerCase();
    const files = rule.beside![name] ?? [];
    return name === 'dist' || name === 'build' ? markers.buildOutput(m, i, files) : markers.besideMarker(m, i, files);
  },
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

/** A match found inside another, confirmed one: `within` is the outer match's kind. */
export interface InsideItem extends CruftItem {
  readonly within: CruftKind;
}

/** What a walk finds: the matches, and the further matches that lie inside confirmed ones. */
export interface Matches {
  readonly items: CruftItem[];
  readonly inside: InsideItem[];
}

const byItemPath = (a: CruftItem, b: CruftItem): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

/** The folders below which software is installed, not made: site-packages, dist-packages, node_modules. */
function installedRoot(name: string): boolean {
  const n = name.toLowerCase();
  return n === 'node_modules' || n.endsWith('-packages');
}

/**
 * Walks the catalog once and returns every match of the given kinds. A
 * confirmed match takes everything inside it (a venv's `__pycache__` is part
 * of the venv); a name-only match does not, so proven cruft inside a decoy
 * is still found. The matches inside confirmed ones are returned apart, so a
 * summary can say how many more there are. Nothing inside `.git` is looked
 * at. Inside installed software (site-/dist-packages, node_modules) only
 * the bytecode Python rebuilds is cruft; a node_modules is one whole item
 * under a project (package.json beside), and a global lib/node_modules none.
 */
export function matchCruft(cat: Catalog, kinds: readonly CruftKind[], signal?: AbortSignal): Matches {
  const rules = CRUFT_RULES.filter((r) => kinds.includes(r.kind));
  const m = new markers.Markers(cat);
  const tests = rules.map((r) => picomatch([...r.names], { dot: true, nocase: true, strictBrackets: true }));
  const notIn = rules.map((r) => new Set((r.notIn ?? []).map((n) => n.toLowerCase())));
  let installedMask = 0;
  rules.forEach((r, k) => {
    if (INSTALLED_KINDS.includes(r.kind)) installedMask |= 1 << k;
  });
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
  const inside: InsideItem[] = [];
  // Three parallel stacks: the folder, whether it is inside installed software, and the kind of the confirmed match it lies in (-1: none).
  const stack = [0];
  const installedStack = [0];
  const withinStack = [-1];
  let steps = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const installed = installedStack.pop()!;
    const within = withinStack.pop()!;
    const first = cat.firstChild[at]!;
    const end = first + cat.childCount[at]!;
    if ((++steps & 1023) === 0) checkCancel(signal);
    for (let i = first; i < end; i++) {
      if (cat.gone[i] === 1) continue;
      const k = cat.kind[i]!;
      if (k !== DIR && k !== FILE) continue;
      const name = k === DIR ? cat.name(i) : '';
      if (k === DIR && name === '.git') continue;
      let mask = maskOf(i);
      const holder = holders.get(i);
      if (holder !== undefined && k === DIR && installed === 0) mask |= holder;
      let enters = installed;
      if (k === DIR && installed === 0 && installedRoot(name)) {
        enters = 1;
        // A global lib/node_modules (no package.json beside) is installed software, not an item.
        if (name.toLowerCase() !== 'node_modules' || (cat.name(cat.parent[i]!) === 'lib' && m.child(cat.parent[i]!, 'package.json', FILE) < 0)) mask = 0;
      }
      if (installed === 1) mask &= installedMask;
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
      let nextWithin = within;
      if (verdict !== undefined && rule !== undefined) {
        const item: CruftItem = {
          path: cat.path(i),
          kind: rule.kind,
          verified: verdict.verified,
          reason: verdict.reason,
          entries: k === DIR ? cat.subEntries[i]! : 0,
          bytes: cat.subBytes[i]!,
          index: i,
        };
        if (within >= 0) inside.push({ ...item, within: rules[within]!.kind });
        else items.push(item);
        if (verdict.verified && within < 0) nextWithin = rules.indexOf(rule);
      }
      if (k === DIR && cat.childCount[i]! > 0) {
        stack.push(i);
        installedStack.push(enters);
        withinStack.push(nextWithin);
      }
    }
  }
  return { items: items.sort(byItemPath), inside: inside.sort(byItemPath) };
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

