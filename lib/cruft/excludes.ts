// Keeps the cruft out of backups: exclude files for rsync, restic, borg, a
// .gitignore, or Time Machine's tmutil, built from the cruft rules. Either
// generic patterns (names that are cruft wherever they appear) or the exact
// confirmed paths found in this archive.
import { insideRoot } from '../config.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { cruft } from './cruft.ts';
import type { CruftItem } from './match.ts';
import { CRUFT_RULES, type CruftKind } from './rules.ts';
import { UsageError } from '../errors.ts';
import { day, num, plural, size } from '../format.ts';
import { checkOptions, opt, printable, type Printable, type Given } from '../shared/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { DIR } from '../types.ts';

export const EXCLUDE_FORMATS = ['rsync', 'restic', 'borg', 'gitignore', 'tmutil'] as const;
export type ExcludeFormat = (typeof EXCLUDE_FORMATS)[number];
export type ExcludeMode = 'patterns' | 'paths';

/** excludes()'s options: what EXCLUDES_OPTIONS declares. */
export type ExcludesOptions = Given<typeof EXCLUDES_OPTIONS>;

/**
 * Names that are cruft on their own, so safe as generic patterns anywhere. A
 * folder called `env`, `build` or `target` may be anyone's (an archery photo
 * folder named target/): those go out only as confirmed paths. Log files and
 * backed-up system folders are reported only, never excluded. Package
 * metadata (*.egg-info, *.dist-info) is cruft only in a source checkout, so
 * it too goes out only as confirmed paths.
 */
export const GENERIC_NAMES: Readonly<Partial<Record<CruftKind, 'all' | readonly string[]>>> = {
  venv: ['.venv', 'venv'],
  pycache: 'all',
  pyc: 'all',
  // *.egg-info and *.dist-info are an installed package's metadata in site-packages: paths only.
  'python-cache': ['.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.nox', '.ipynb_checkpoints'],
  node_modules: 'all',
  junk: 'all',
};

export interface GenericPattern {
  readonly kind: CruftKind;
  /** A base-name glob from the cruft rules. */
  readonly name: string;
  readonly type: 'dir' | 'file';
}

/** The generic patterns, in rule order: each a base-name glob that `cruft()` also matches. */
export function genericPatterns(): GenericPattern[] {
  return CRUFT_RULES.flatMap((r) => {
    const pick = GENERIC_NAMES[r.kind];
    if (pick === undefined || !r.removable) return [];
    const names = pick === 'all' ? r.names : r.names.filter((n) => pick.includes(n));
    return names.map((name) => ({ kind: r.kind, name, type: r.type }));
  });
}

export interface ExcludesData {
  readonly format: ExcludeFormat;
  readonly mode: ExcludeMode;
  /** The file's lines, comments first. */
  readonly lines: readonly string[];
  /** The patterns or paths only, without comments. */
  readonly patterns: readonly string[];
  /** In paths mode, the confirmed items' root-relative paths, as found (none in patterns mode): what --print0 prints. */
  readonly paths: readonly string[];
  /** In paths mode, the confirmed items the paths stand for (entries and bytes kept out of backups). */
  readonly items: number;
  readonly entries: number;
  readonly bytes: number;
  /** Where the file was written, when `out` was given. */
  readonly written: string | null;
  /** The whole file. */
  readonly text: string;
}

export interface ExcludesJson {
  format: ExcludeFormat;
  mode: ExcludeMode;
  patterns: string[];
  items: number;
  entries: number;
  bytes: number;
  written: string | null;
}

export type ExcludesResult = Printable<ExcludesData, ExcludesJson>;

/** One thing to exclude: generic (a base-name glob) or anchored (a path relative to the root). */
interface Target {
  readonly anchored: boolean;
  /** A glob for generic targets; a literal relative path (or a glob, if `glob`) for anchored ones. */
  readonly text: string;
  readonly dir: boolean;
  /** An anchored path that had to become a glob (bytes that are not UTF-8 as `*`). */
  readonly glob: boolean;
}

const GLOB_CHARS = /[*?[\\]/g;
const escapeGlob = (s: string): string => s.replace(GLOB_CHARS, '\\$&');
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** An anchored path as a pattern for each tool; see each tool's manual on patterns. */
const RENDER: Readonly<Record<ExcludeFormat, (t: Target, root: string) => string>> = {
  // rsync: '- ' makes every line an exclude rule; a leading '/' anchors at the
  // transfer root (SRC/ with its trailing slash); a trailing '/' matches only
  // folders. Backslashes escape only in patterns that have a wildcard.
  rsync: (t) => {
    if (!t.anchored) return `- ${t.text}${t.dir ? '/' : ''}`;
    const p = t.glob || !/[*?[]/.test(t.text) ? t.text : escapeGlob(t.text);
    return `- /${p}${t.dir ? '/' : ''}`;
  },
  // restic matches absolute paths; a name without '/' matches any component.
  // It trims lines, skips '#' lines, and expands $VARS, so '$' is written '$$'.
  restic: (t, root) => {
    const body = t.anchored ? `${root}/${t.glob ? t.text : escapeGlob(t.text)}` : t.text;
    return resticSafe(body);
  },
  // borg 1.2 matches archived paths (no leading '/'); sh: '**/' is any depth;
  // pp: is a literal path prefix. Without a trailing '/', the contents go too.
  borg: (t, root) => {
    if (!t.anchored) return `sh:**/${t.text}`;
    const abs = `${root}/${t.text}`.replace(/^\/+/, '');
    return t.glob ? `fm:${abs}` : `pp:${abs}`;
  },
  // .gitignore: '/' anchors at the file's folder (the root); '#' and '!' are escaped at the start.
  gitignore: (t) => {
    const body = t.anchored ? `/${t.glob ? t.text : escapeGlob(t.text)}` : t.text.replace(/^[#!]/, '\\$&');
    return `${body.replace(/ +$/, (m) => '\\ '.repeat(m.length))}${t.dir ? '/' : ''}`;
  },
  // Time Machine excludes items, not patterns: one command per confirmed path.
  tmutil: (t, root) => `tmutil addexclusion ${shellQuote(`${root}/${t.text}`)}`,
};

function resticSafe(s: string): string {
  let out = s.replace(/\$/g, '$$$$');
  // Lines are trimmed, and '#' at the start is a comment: keep such characters as classes.
  out = out.replace(/^ +/, (m) => '[ ]'.repeat(m.length)).replace(/ +$/, (m) => '[ ]'.repeat(m.length));
  return out.startsWith('#') ? `\\${out}` : out;
}

const USAGE: Readonly<Record<ExcludeFormat, (root: string) => string>> = {
  rsync: (root) => `rsync -a --exclude-from=FILE ${shellQuote(`${root}/`)} DEST/   (the trailing slash on the source matters: '/' anchors there)`,
  restic: (root) => `restic backup --exclude-file=FILE ${shellQuote(root)}`,
  borg: (root) => `borg create --exclude-from FILE REPO::NAME ${shellQuote(root)}   (give the root as this absolute path)`,
  gitignore: () => 'save as .gitignore at the root of the archive (or of the repository holding it)',
  tmutil: () => 'run with sh; each command marks one item, which Time Machine then skips',
};

/** The relative path to write for an item: exact, or a glob when a name is not valid UTF-8. */
function itemTarget(cat: Catalog, it: CruftItem): Target {
  const dir = cat.kind[it.index] === DIR;
  if (!cat.isRaw(it.index)) return { anchored: true, text: it.path, dir, glob: false };
  // Undecodable bytes cannot be written into a text file faithfully; '*' stands in for them.
  const text = cat.pathBytes(it.index).toString('utf8').split('/').map((part) => escapeGlob(part).replace(/\uFFFD+/g, '*')).join('/');
  return { anchored: true, text, dir, glob: true };
}

/** excludes()'s options, declared once: its check, help(excludes) and the excludes snippet's flags read them. */
export const EXCLUDES_OPTIONS = {
  format: opt.choice("the backup tool: 'tmutil' is Time Machine", EXCLUDE_FORMATS, 'rsync'),
  mode: opt.string("'patterns' (names that are cruft anywhere; default) or 'paths' (the confirmed items found here)", { choices: ['patterns', 'paths'] as const }),
  out: opt.string('also write the file here (outside the archive)'),
  force: opt.flag('overwrite an existing out file', false),
};

/** Exclude patterns that keep cruft out of backups, for rsync, restic, borg, .gitignore or Time Machine (examples: the registry entry below). */
export function excludes(cat: Catalog, root: string, archiveName: string, options: ExcludesOptions = {}, signal?: AbortSignal): ExcludesResult {
  const o = checkOptions('excludes', EXCLUDES_OPTIONS, options);
  const format = o.format;
  const mode = o.mode ?? (format === 'tmutil' ? 'paths' : 'patterns');
  if (format === 'tmutil' && mode === 'patterns') throw new UsageError("Time Machine excludes items, not patterns; use {format: 'tmutil', mode: 'paths'}");

  let targets: Target[];
  let items: CruftItem[] = [];
  if (mode === 'patterns') {
    targets = genericPatterns().map((g) => ({ anchored: false, text: g.name, dir: g.type === 'dir', glob: true }));
  } else {
    items = cruft(cat, archiveName, undefined, signal).removable();
    targets = items.map((it) => itemTarget(cat, it));
  }
  const render = RENDER[format];
  const patterns = targets.filter((t) => !(format === 'tmutil' && t.glob)).map((t) => render(t, root));
  const entries = items.reduce((n, it) => n + it.entries + 1, 0);
  const bytes = items.reduce((n, it) => n + it.bytes, 0);
  const what = mode === 'patterns'
    ? `generic patterns from the cruft rules (${genericPatterns().map((g) => g.kind).filter((k, i, a) => a.indexOf(k) === i).join(', ')})`
    : `the ${num(items.length)} confirmed cruft items in ${archiveName} (${plural(entries, 'entry', 'entries')}, ${size(bytes)})`;
  const lines = [
    ...(format === 'tmutil' ? ['#!/bin/sh'] : []),
    `# rummage excludes for ${archiveName}, ${day(Date.now())}: ${what}`,
    `# use: ${USAGE[format](root)}`,
    ...(mode === 'patterns' && format !== 'gitignore' ? ['# venvs with other names (tutorial_env, …) are found by excludes({mode: \'paths\'}), or skipped with --exclude-if-present pyvenv.cfg (restic, borg)'] : []),
    ...patterns,
  ];
  const text = `${lines.join('\n')}\n`;
  let written: string | null = null;
  if (o.out !== undefined) written = writeOut(o.out, text, root, o.force);
  const data: ExcludesData = { format, mode, lines, patterns, paths: items.map((it) => it.path), items: items.length, entries, bytes, written, text };
  return printable(data, (d) => (d.written === null ? d.text.trimEnd() : `${d.text.trimEnd()}\n(written to ${d.written})`), (d) => ({
    format: d.format, mode: d.mode, patterns: [...d.patterns], items: d.items, entries: d.entries, bytes: d.bytes, written: d.written,
  }));
}

function writeOut(out: string, text: string, root: string, force: boolean): string {
  if (typeof out !== 'string' || out === '') throw new UsageError('excludes out must be a file path, e.g. {out: \'/tmp/excludes.txt\'}');
  const abs = path.resolve(out);
  // The archive is only read: a file written inside it would end up in its own scans and backups.
  if (insideRoot(root, abs)) throw new UsageError(`excludes out '${out}' is inside the archive (or reaches it through a link); write it elsewhere, e.g. {out: '${path.join(path.dirname(root), 'excludes.txt')}'}`);
  if (fs.existsSync(abs) && !force) throw new UsageError(`excludes out '${out}' already exists; pass {force: true} to overwrite it`);
  fs.writeFileSync(abs, text, { mode: 0o644 });
  return abs;
}

/** excludes(), bound to an archive. */
export const excludesHelpers = [
  defineHelper({
    name: 'excludes',
    group: 'drive',
    summary: 'exclude files that keep venvs, __pycache__, node_modules, build outputs and junk out of backups',
    example: "excludes({format: 'restic'})  excludes({format: 'tmutil'})  excludes({mode: 'paths', out: '/tmp/ex.txt'})",
    options: EXCLUDES_OPTIONS,
    bind: (a: ArchiveCore) => (options?: ExcludesOptions): ExcludesResult => excludes(a.catalog, a.root, a.name, options, a.signal),
  }),
] as const;
