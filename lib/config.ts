// Where rummage keeps its own files (never inside an archive), and named archives.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from './errors.ts';

type Purpose = 'config' | 'cache' | 'state';

/**
 * The user's folder for rummage's config, cache or state: XDG on Linux
 * (~/.config, ~/.cache, ~/.local/state), ~/Library on macOS, %APPDATA% on Windows.
 * RUMMAGE_HOME overrides all three (tests use it).
 */
export function userDir(purpose: Purpose, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RUMMAGE_HOME) return path.join(env.RUMMAGE_HOME, purpose);
  const home = os.homedir();
  if (platform === 'darwin') {
    return purpose === 'cache' ? path.join(home, 'Library', 'Caches', 'rummage') : path.join(home, 'Library', 'Application Support', 'rummage');
  }
  if (platform === 'win32') {
    const base = purpose === 'cache' ? env.LOCALAPPDATA : env.APPDATA;
    return path.join(base ?? path.join(home, 'AppData', 'Roaming'), 'rummage', purpose === 'config' ? '' : purpose);
  }
  const xdg = { config: env.XDG_CONFIG_HOME, cache: env.XDG_CACHE_HOME, state: env.XDG_STATE_HOME }[purpose];
  const fallback = { config: '.config', cache: '.cache', state: path.join('.local', 'state') }[purpose];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, fallback), 'rummage');
}

/**
 * Whether `file` (which need not exist yet) is `root` or inside it, by real
 * paths: a link, `..` or a bind of the archive somewhere else does not hide it.
 */
export function insideRoot(root: string, file: string): boolean {
  const real = (p: string): string => {
    const rest: string[] = [];
    let at = path.resolve(p);
    for (;;) {
      try {
        return path.join(fs.realpathSync(at), ...rest);
      } catch {
        const up = path.dirname(at);
        if (up === at) return path.join(at, ...rest);
        rest.unshift(path.basename(at));
        at = up;
      }
    }
  };
  const r = real(root);
  const f = real(file);
  const within = (x: string, base: string): boolean => x === base || x.startsWith(base.endsWith(path.sep) ? base : `${base}${path.sep}`);
  return within(f, r) || within(path.resolve(file), path.resolve(root));
}

/**
 * userDir(), but never inside the archive being worked on (an archive that
 * holds $HOME): then a folder under the system temp folder instead.
 */
export function userDirOutside(purpose: Purpose, root: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = userDir(purpose, env);
  return insideRoot(root, dir) ? path.join(os.tmpdir(), `rummage-${process.getuid?.() ?? 'user'}`, purpose) : dir;
}

/** The file that names archives: `{"old_hdd": "/Volumes/old_hdd_backups"}` or `{"old_hdd": {"root": "…", "name": "…"}}`. */
export function archivesFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(userDir('config', env), 'archives.json');
}

export interface NamedRoot {
  readonly root: string;
  /** Display name, when the config gives one. */
  readonly name?: string;
}

function readArchives(file: string): Record<string, NamedRoot> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON (${(e as Error).message}); fix it or move it away`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageError(`${file} must hold an object of names, e.g. {"old_hdd": "/Volumes/old_hdd_backups"}`);
  }
  const out: Record<string, NamedRoot> = {};
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string') out[k] = { root: v };
    else if (typeof v === 'object' && v !== null && typeof (v as { root?: unknown }).root === 'string') {
      const { root, name } = v as { root: string; name?: unknown };
      out[k] = typeof name === 'string' ? { root, name } : { root };
    } else throw new UsageError(`${file}: "${k}" must be a path or {"root": "…", "name": "…"}`);
  }
  return out;
}

/** Names defined in archives.json. */
export function archiveNames(env: NodeJS.ProcessEnv = process.env): string[] {
  return Object.keys(readArchives(archivesFile(env)));
}

/**
 * A root given on the command line: an existing path, or a name from archives.json.
 * A relative path is taken from the folder the user ran npm in (INIT_CWD, which
 * `npm start` and `npm run` set), else the current folder.
 * The display name comes from the config, else from the folder's basename.
 */
export function resolveRoot(arg: string, env: NodeJS.ProcessEnv = process.env): NamedRoot {
  const here = path.resolve(env.INIT_CWD ?? process.cwd(), arg);
  if (arg !== '' && fs.existsSync(here)) return { root: path.isAbsolute(arg) ? arg : here };
  const named = readArchives(archivesFile(env))[arg];
  if (named !== undefined) {
    if (!fs.existsSync(named.root)) {
      throw new UsageError(`archive '${arg}' points to '${named.root}', which does not exist; is the drive connected?`);
    }
    return { root: named.root, name: named.name ?? arg };
  }
  if (/[/\\]|^\.|^~/.test(arg)) throw new UsageError(`root '${arg}' does not exist; give the path of the archive folder`);
  throw new UsageError(`'${arg}' is neither a folder nor an archive name; give a path, or define the name in ${archivesFile(env)}`);
}

/** Checks that `root` is an existing folder and returns its absolute, real path. */
export function checkRoot(root: unknown): string {
  if (typeof root !== 'string' || root === '') throw new UsageError('no archive root given; pass the folder to explore, e.g. /Volumes/old_hdd_backups');
  const abs = path.resolve(root);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new UsageError(`root '${root}' does not exist; give the path of the archive folder`);
    throw new UsageError(`root '${root}' cannot be read (${code}); check the path and its permissions`);
  }
  if (!st.isDirectory()) throw new UsageError(`root '${root}' is a file, not a folder; give the folder that holds the archive`);
  return fs.realpathSync(abs);
}
