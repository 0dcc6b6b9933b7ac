// The cruft helpers: cruft() and venvs(), rules proven by markers.
import type { Catalog } from '../catalog/index.ts';
import { matchCruft } from './match.ts';
import { defineHelper } from '../registry.ts';
import { checkOptions } from '../shared/index.ts';
import { CruftResult } from './result.ts';
import { CRUFT_KINDS, cruftKinds, type CruftKind } from './rules.ts';

/** Finds cruft by rule, each match proven by its marker or marked name-only (examples: the registry entry below). */
export function cruft(cat: Catalog, archiveName: string, kind?: CruftKind | readonly CruftKind[], signal?: AbortSignal): CruftResult {
  const kinds = cruftKinds(kind);
  return new CruftResult(matchCruft(cat, kinds, signal), kinds, cat, archiveName);
}

/** Every folder that looks like a venv by name or by pyvenv.cfg, and which are real (examples: the registry entry below). */
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
    args: {
      '(kind)': `one of ${CRUFT_KINDS.join(', ')}, or a list; every kind when left out`,
      '.show(n)': 'the table of matches, largest first',
      '.selection()': 'every match as a Selection',
      '.inside': "further matches lying inside confirmed items (a venv's __pycache__), which the summary counts as +N inside",
    },
    bind: (a) => (kind?: CruftKind | readonly CruftKind[]): CruftResult => cruft(a.catalog, a.name, kind, a.signal),
  }),
  defineHelper({
    name: 'venvs',
    group: 'cruft',
    summary: 'every folder named like a venv (or holding pyvenv.cfg), and which are real venvs and why',
    example: 'venvs()  remove(venvs())',
    options: {},
    bind: (a) => (...given: unknown[]): CruftResult => {
      checkOptions('venvs', {}, given[0]);
      return venvs(a.catalog, a.name, a.signal);
    },
  }),
] as const;
