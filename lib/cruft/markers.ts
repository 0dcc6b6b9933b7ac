// The evidence behind each cruft rule, read from the catalog in memory: a
// name alone never makes something cruft; a marker beside or inside it does.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { suffix } from '../query/index.ts';
import { DIR, FILE } from '../types.ts';

/** Whether a match is proven, and why (or why not), in a few words. */
export interface Verdict {
  readonly verified: boolean;
  readonly reason: string;
}

/** Files whose presence says "a Python project is here". */
const PYTHON_EXTS = new Set(['.py', '.pyi', '.pyx', '.ipynb']);
const PYTHON_FILES = new Set(['pyproject.toml', 'setup.cfg', 'tox.ini', 'noxfile.py', 'pytest.ini', 'requirements.txt', 'Pipfile', 'conftest.py']);

/** Marker lookups over the catalog, with the per-folder answers memoised. */
export class Markers {
  private readonly python = new Map<number, string | null>();
  private readonly buildScript = new Map<number, boolean>();

  constructor(readonly cat: Catalog) {}

  /** A live child of `dir` named `name` (of `kind`, when given), or -1. */
  child(dir: number, name: string, kind?: number, nocase = false): number {
    const c = this.cat;
    const want = nocase ? name.toLowerCase() : name;
    const start = c.firstChild[dir]!;
    const end = start + c.childCount[dir]!;
    for (let i = start; i < end; i++) {
      if (c.gone[i] === 1 || (kind !== undefined && c.kind[i] !== kind)) continue;
      const n = c.name(i);
      if ((nocase ? n.toLowerCase() : n) === want) return i;
    }
    return -1;
  }

  /** The first of `names` that `dir` holds as a regular file, or undefined. */
  firstFile(dir: number, names: readonly string[]): string | undefined {
    return names.find((n) => this.child(dir, n, FILE) >= 0);
  }

  /** Whether `dir` holds a package.json whose scripts have a `build` (read from disk, once per folder). */
  hasBuildScript(dir: number): boolean {
    let found = this.buildScript.get(dir);
    if (found !== undefined) return found;
    found = false;
    const pkg = this.child(dir, 'package.json', FILE);
    if (pkg >= 0 && this.cat.size[pkg]! < 4 << 20) {
      try {
        const json = JSON.parse(fs.readFileSync(this.cat.fsPath(pkg), 'utf8')) as { scripts?: { build?: unknown } } | null;
        found = typeof json?.scripts?.build === 'string';
      } catch {
        found = false;
      }
    }
    this.buildScript.set(dir, found);
    return found;
  }

  /** A file in `dir` that shows Python work there, or null. */
  pythonFile(dir: number): string | null {
    let found = this.python.get(dir);
    if (found !== undefined) return found;
    found = null;
    for (const i of this.cat.children(dir)) {
      if (this.cat.kind[i] !== FILE) continue;
      const n = this.cat.name(i);
      if (PYTHON_FILES.has(n) || PYTHON_EXTS.has(suffix(n).toLowerCase())) {
        found = n;
        break;
      }
    }
    this.python.set(dir, found);
    return found;
  }
}

const verified = (reason: string): Verdict => ({ verified: true, reason });
const nameOnly = (reason: string): Verdict => ({ verified: false, reason });

/** A real venv: pyvenv.cfg; before 2020, bin/activate plus virtualenv's own files; on Windows, Scripts/activate.bat. */
export function venv(m: Markers, i: number): Verdict {
  const c = m.cat;
  if (m.child(i, 'pyvenv.cfg', FILE) >= 0) return verified('pyvenv.cfg');
  const bin = m.child(i, 'bin', DIR);
  const activate = bin < 0 ? -1 : m.child(bin, 'activate', FILE);
  if (activate >= 0) {
    const lib = m.child(i, 'lib', DIR);
    for (const py of lib < 0 ? [] : m.cat.children(lib)) {
      if (c.kind[py] !== DIR || !c.name(py).startsWith('python')) continue;
      for (const marker of ['orig-prefix.txt', 'no-global-site-packages.txt']) {
        if (m.child(py, marker, FILE) >= 0) return verified(`bin/activate + lib/${c.name(py)}/${marker}`);
      }
    }
    // On macOS, virtualenv's .Python is a link to the framework's Python.
    const dotPython = m.child(i, '.Python');
    if (dotPython >= 0 && c.kind[dotPython] !== DIR) return verified('bin/activate + .Python');
  }
  const scripts = m.child(i, 'Scripts', DIR, true);
  if (scripts >= 0 && m.child(scripts, 'activate.bat', FILE, true) >= 0) return verified('Scripts/activate.bat');
  if (activate >= 0) return nameOnly('bin/activate, but no pyvenv.cfg, lib/python*/orig-prefix.txt or .Python');
  return nameOnly('name only, no pyvenv.cfg or activate script');
}

/** `__pycache__` holding nothing but compiled Python. */
export function pycache(m: Markers, i: number): Verdict {
  const c = m.cat;
  const kids = c.children(i);
  for (const k of kids) {
    const ext = suffix(c.name(k)).toLowerCase();
    if (c.kind[k] !== FILE || (ext !== '.pyc' && ext !== '.pyo')) {
      return nameOnly(`holds ${c.name(k)}${c.kind[k] === DIR ? '/' : ''}, which is not a .pyc/.pyo file`);
    }
  }
  return verified(kids.length === 0 ? 'empty' : 'only .pyc/.pyo files');
}

/** A tool cache named for Python tooling, with Python work beside it or in a folder above. */
export function pythonCache(m: Markers, i: number): Verdict {
  const c = m.cat;
  for (let dir = c.parent[i]!, depth = 0; ; dir = c.parent[dir]!, depth++) {
    const file = m.pythonFile(dir);
    if (file !== null) return verified(depth === 0 ? `${file} beside` : `${file} above, in ${dir === 0 ? 'the root' : c.path(dir)}`);
    if (dir === 0) break;
  }
  return nameOnly('name only, no Python files beside or above');
}

/** A build output folder, proven by its build file in the parent; never one that holds build files itself. */
export function besideMarker(m: Markers, i: number, markers: readonly string[]): Verdict {
  const c = m.cat;
  // A folder that holds its own build file is a project (sources), whatever its name.
  const own = m.firstFile(i, markers);
  if (own !== undefined) return nameOnly(`holds its own ${own}; looks like sources, not output`);
  const marker = m.firstFile(c.parent[i]!, markers);
  if (marker !== undefined) return verified(`${marker} beside`);
  return nameOnly(`name only, no ${list(markers)} beside`);
}

/** Bundler configs that rebuild a dist/ from the sources beside them. */
const BUNDLER_CONFIG = /^(vite|vitest|webpack|rollup|tsup|esbuild)\.config\.[cm]?[jt]s$|^esbuild\.[cm]?js$/i;

/**
 * A dist/ or build/ folder: an output only where the sources to rebuild it
 * are beside it: a build file of its kind, a package.json with a build
 * script, a bundler config, or a src/ folder. A package.json alone is a
 * package's manifest (corepack/dist is its program).
 */
export function buildOutput(m: Markers, i: number, buildFiles: readonly string[]): Verdict {
  const c = m.cat;
  const own = m.firstFile(i, [...buildFiles, 'package.json']);
  if (own !== undefined) return nameOnly(`holds its own ${own}; looks like sources, not output`);
  const dir = c.parent[i]!;
  const marker = m.firstFile(dir, buildFiles);
  if (marker !== undefined) return verified(`${marker} beside`);
  if (m.hasBuildScript(dir)) return verified('package.json with a build script beside');
  for (const k of c.children(dir)) {
    if (c.kind[k] === FILE && BUNDLER_CONFIG.test(c.name(k))) return verified(`${c.name(k)} beside`);
  }
  if (m.child(dir, 'src', DIR) >= 0) return verified('src/ beside');
  return nameOnly(`name only, no ${list([...buildFiles, 'package.json with a build script', 'bundler config', 'src/'])} beside`);
}

/** *.egg-info / *.dist-info: build metadata only in a source checkout, with setup.py or pyproject.toml beside. */
export function packageMetadata(m: Markers, i: number): Verdict {
  const marker = m.firstFile(m.cat.parent[i]!, ['setup.py', 'pyproject.toml']);
  return marker !== undefined ? verified(`${marker} beside`) : nameOnly('name only, no setup.py or pyproject.toml beside (installed package metadata)');
}

/** A backed-up Linux tree: etc/ with passwd, fstab or hosts; var/ with log or lib; local/ with bin and lib. */
export function systemBackup(m: Markers, i: number): Verdict {
  const c = m.cat;
  const name = c.name(i).toLowerCase();
  const having = (names: readonly string[], kind: number): string[] => names.filter((n) => m.child(i, n, kind) >= 0);
  if (name === 'etc') {
    const found = having(['passwd', 'fstab', 'hosts'], FILE);
    return found.length > 0 ? verified(`holds ${found.join(', ')}`) : nameOnly('name only, no passwd, fstab or hosts inside');
  }
  if (name === 'var') {
    const found = having(['log', 'lib'], DIR);
    return found.length > 0 ? verified(`holds ${found.join(', ')}`) : nameOnly('name only, no log/ or lib/ inside');
  }
  const found = having(['bin', 'lib'], DIR);
  return found.length === 2 ? verified('holds bin and lib') : nameOnly('name only, not both bin/ and lib/ inside');
}

/** A folder that is a git repository is never cruft, whatever its name says. */
export function holdsRepository(m: Markers, i: number): Verdict | undefined {
  return m.child(i, '.git') >= 0 ? nameOnly('holds a .git repository') : undefined;
}

function list(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
