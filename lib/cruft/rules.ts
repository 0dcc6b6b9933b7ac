// What archives are cleaned of, as a table of rules: each rule names what it
// matches and the marker that proves it. A name alone is never enough; a match
// without its marker is reported as name-only and never removed by default.
// The rules are plain data so that other tools (backup excludes) can read them.
import { UsageError } from '../errors.ts';

export const CRUFT_KINDS = ['venv', 'pycache', 'pyc', 'python-cache', 'node_modules', 'build-output', 'junk', 'log', 'system-backup'] as const;
export type CruftKind = (typeof CRUFT_KINDS)[number];

/**
 * One rule, as data. Names are base-name globs, matched case-insensitively at
 * any depth, never inside `.git`. Inside installed software (site-packages,
 * dist-packages, any node_modules, a global lib/node_modules) only the
 * `INSTALLED_KINDS` are ever matched: the bytecode Python rebuilds.
 */
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
  /** Build files that prove a match when they sit beside it, by the match's (lower-case) name or name glob. */
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
    names: ['.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.ipynb_checkpoints', '*.egg-info', '*.dist-info'],
    beside: { '*.egg-info': ['setup.py', 'pyproject.toml'], '*.dist-info': ['setup.py', 'pyproject.toml'] },
    marker: 'name plus Python files (*.py, *.ipynb, pyproject.toml, setup.cfg, …) beside or above; *.egg-info and *.dist-info only in a source checkout, with setup.py or pyproject.toml beside',
    removable: true,
  },
  {
    kind: 'node_modules',
    summary: 'installed npm packages, as one whole item under a project',
    type: 'dir',
    names: ['node_modules'],
    beside: { node_modules: ['package.json'] },
    marker: 'package.json in the parent; never one inside another node_modules, inside site-/dist-packages, or a global lib/node_modules',
    removable: true,
  },
  {
    kind: 'build-output',
    summary: 'build outputs, where the sources to rebuild them are there',
    type: 'dir',
    names: ['target', 'build', 'dist', '.gradle'],
    beside: {
      target: ['pom.xml', 'Cargo.toml', 'build.sbt'],
      build: ['build.gradle', 'build.gradle.kts', 'CMakeLists.txt', 'setup.py', 'pyproject.toml'],
      dist: ['setup.py', 'pyproject.toml'],
      '.gradle': ['build.gradle', 'build.gradle.kts', 'settings.gradle', 'settings.gradle.kts'],
    },
    marker:
      'a build file in the parent: pom.xml, Cargo.toml or build.sbt for target/; build.gradle(.kts), CMakeLists.txt, setup.py or pyproject.toml for build/; setup.py or pyproject.toml for dist/; build.gradle(.kts) or settings.gradle(.kts) for .gradle/; for dist/ and build/ also a package.json with a build script, a bundler config (vite, webpack, rollup, tsup, esbuild) or a src/ beside; never inside installed software',
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

/** The kinds that are cruft even inside installed software. */
export const INSTALLED_KINDS: readonly CruftKind[] = ['pycache', 'pyc'];

export const RULE = new Map(CRUFT_RULES.map((r) => [r.kind, r]));

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

