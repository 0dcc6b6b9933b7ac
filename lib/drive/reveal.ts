// Opens folders in the system's file manager: what the seed did by hand with
// two Finder windows side by side. Where there is no file manager (a server,
// CI), the absolute paths are printed instead.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { UsageError } from '../errors.ts';
import { checkOptions, lazyBuiltin, opt, printable, type Printable, type Given } from '../shared/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

/**
 * What reveal() takes: a path (relative to the root, or absolute), a list of
 * them, an entry or a Selection, a duplicate group (anything with `paths`,
 * `rows` or `indices`), or a written report (anything with `file`, opened itself).
 */
export type RevealTarget =
  | string
  | readonly string[]
  | { readonly file: string }
  | { readonly paths: readonly string[] }
  | { readonly indices: ArrayLike<number> }
  | { readonly rows: ArrayLike<number> }
  | { readonly index: number }
  | { readonly path: string };

/** reveal()'s options: what REVEAL_OPTIONS declares. */
export type RevealOptions = Given<typeof REVEAL_OPTIONS>;

export interface RevealData {
  /** The absolute paths, in the order given. */
  readonly paths: readonly string[];
  /** The program used (`open`, `xdg-open`, `explorer`), or null when the paths were printed. */
  readonly command: string | null;
  /** Why the paths were printed instead, when they were. */
  readonly reason: string | null;
}

export type RevealResult = Printable<RevealData, RevealData>;

/** reveal()'s options, declared once. platform, env and out are for tests, left out of help. */
export const REVEAL_OPTIONS = {
  max: opt.numberOr('most windows to open at once', { default: 10, min: 1, integer: true, sample: '20' }),
  print: opt.flag('print the absolute paths instead of opening them', false),
  platform: opt.value<NodeJS.Platform>('the platform to decide for (tests)', (v): v is NodeJS.Platform => typeof v === 'string', 'a platform name'),
  env: opt.value<NodeJS.ProcessEnv>('the environment to decide for (tests)', (v): v is NodeJS.ProcessEnv => typeof v === 'object' && v !== null, 'an environment object'),
  out: opt.value<(line: string) => void>('where printed paths go (tests)', (v): v is (line: string) => void => typeof v === 'function', 'a function'),
};

interface Opening {
  readonly abs: string;
  /** Opened itself (a report page) rather than shown in its folder. */
  readonly asFile: boolean;
}

/** Which file manager this machine has, or why there is none. */
export function fileManager(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { command: string } | { reason: string } {
  if (platform === 'darwin') return { command: 'open' };
  if (platform === 'win32') return { command: 'explorer' };
  // Linux and the BSDs: xdg-open needs a desktop session to open anything in.
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return { reason: 'no desktop session (neither DISPLAY nor WAYLAND_DISPLAY is set)' };
  const found = (env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && isExecutable(path.join(dir, 'xdg-open')));
  return found ? { command: 'xdg-open' } : { reason: 'xdg-open is not installed' };
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The command line that shows `o` on each platform: folders open, files are shown in their folder. */
export function openCommand(command: string, o: Opening, isDir: boolean): [string, string[]] {
  if (o.asFile || isDir) return [command, [o.abs]];
  if (command === 'open') return [command, ['-R', o.abs]];
  if (command === 'explorer') return [command, [`/select,${o.abs}`]];
  return [command, [path.dirname(o.abs)]];
}

function resolveTargets(cat: Catalog, root: string, archiveName: string, target: RevealTarget): Opening[] {
  const rel = (p: string): Opening => {
    if (typeof p !== 'string' || p === '') throw new UsageError(`reveal() needs a path relative to ${archiveName}, or an absolute one, not ${JSON.stringify(p)}`);
    const abs = path.isAbsolute(p) ? p : path.join(root, p.replace(/^\.?\/+/, ''));
    if (!fs.existsSync(abs)) throw new UsageError(`reveal(): '${p}' does not exist; give a path relative to the root of ${archiveName}, or an absolute one`);
    return { abs, asFile: false };
  };
  const byIndex = (i: number): Opening => {
    const p = cat.fsPath(i);
    return { abs: typeof p === 'string' ? p : p.toString('utf8'), asFile: false };
  };
  if (typeof target === 'string') return [rel(target)];
  if (Array.isArray(target)) return (target as readonly string[]).map(rel);
  if (typeof target === 'object' && target !== null) {
    if ('file' in target && typeof target.file === 'string') return [{ ...rel(target.file), asFile: true }];
    if ('indices' in target && target.indices !== undefined) return Array.from(target.indices, byIndex);
    // Duplicate groups carry their members' catalog rows.
    if ('rows' in target && target.rows !== undefined) return Array.from(target.rows, byIndex);
    if ('paths' in target && Array.isArray(target.paths)) return target.paths.map(rel);
    if ('index' in target && typeof target.index === 'number') return [byIndex(target.index)];
    if ('path' in target && typeof target.path === 'string') return [rel(target.path)];
  }
  throw new UsageError('reveal() takes a path, a list of paths, an entry, a Selection, a duplicate group or a report');
}

/**
 * Opens folders in the file manager (`open`, `xdg-open`, `explorer`); given a
 * duplicate group, every member side by side. Prints the absolute paths where
 * no file manager exists. Examples: the registry entry below.
 */
export function reveal(cat: Catalog, root: string, archiveName: string, target: RevealTarget, options: RevealOptions = {}): RevealResult {
  const given = checkOptions('reveal', REVEAL_OPTIONS, options);
  const o = { ...given, platform: given.platform ?? process.platform, env: given.env ?? process.env, out: given.out ?? ((line: string) => console.log(line)) };
  const openings = resolveTargets(cat, root, archiveName, target);
  if (openings.length === 0) throw new UsageError('reveal(): nothing to open; the selection or group is empty');
  if (openings.length > o.max) {
    throw new UsageError(`reveal() would open ${openings.length} windows; pass {max: ${openings.length}} to allow it, or reveal fewer (e.g. sel.slice(0, ${o.max}))`);
  }
  const paths = openings.map((x) => x.abs);
  const fm = o.print ? { reason: 'asked to print' } : fileManager(o.platform, o.env);
  if ('reason' in fm) {
    for (const p of paths) o.out(p);
    return printable({ paths, command: null, reason: fm.reason }, showReveal, (d) => ({ ...d }));
  }
  for (const x of openings) {
    const [cmd, args] = openCommand(fm.command, x, !x.asFile && isDir(x.abs));
    // Detached and unreferenced: the file manager outlives the REPL and never blocks it.
    const child = childProcess().spawn(cmd, args, { detached: true, stdio: 'ignore', env: o.env });
    child.on('error', () => o.out(x.abs));
    child.unref();
  }
  return printable({ paths, command: fm.command, reason: null }, showReveal, (d) => ({ ...d }));
}

function isDir(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}

function showReveal(d: RevealData): string {
  const what = d.paths.length === 1 ? '1 path' : `${d.paths.length} paths`;
  return d.command === null ? `(${what} printed above: ${d.reason})` : `Opened ${what} with ${d.command}.`;
}

/** reveal(), bound to an archive. */
export const revealHelpers = [
  defineHelper({
    name: 'reveal',
    group: 'look',
    summary: 'opens folders in the file manager (a duplicate group side by side); prints paths where there is none',
    example: "reveal('old_photos/Christmas 2008')  reveal((await groupDupes()).groups[0])  reveal(await report())",
    args: { '(target)': 'a path, paths, an entry, a Selection, a duplicate group, or a report (opened in the browser)' },
    options: REVEAL_OPTIONS,
    bind: (a: ArchiveCore) => (target: RevealTarget, options?: RevealOptions): RevealResult => reveal(a.catalog, a.root, a.name, target, options),
  }),
] as const;
