// Prebuilt bundles in <repo>/node_modules/.cache/rummage/: the worker scripts and the whole of lib/
// as one plain-JavaScript module, so a process needs neither esbuild nor the
// tsx loader to start. Each bundle has a manifest of the files it was built
// from (path, size, mtime); a bundle whose inputs changed is built again.
//
// Perf: esbuild bundling a worker cost ~30 ms and a child process in every
// process that started workers; reading a fresh prebuilt bundle costs ~1 ms.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a bundle was built from: repo-relative inputs with their size and mtime. */
export interface Manifest {
  readonly version: 1;
  /** The entry point, relative to the repo. */
  readonly entry: string;
  readonly inputs: readonly (readonly [string, number, number])[];
}

let repo: string | undefined;

/** The checkout's root: the nearest folder above this module with a package.json (lib/shared/ in source, node_modules/.cache/rummage/ when bundled). */
export function repoRoot(): string {
  if (repo !== undefined) return repo;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  repo = dir;
  return dir;
}

/** The folder prebuilt bundles live in (gitignored; written by `npm install`'s prepare step, or on first use). */
export function distDir(): string {
  return path.join(repoRoot(), 'node_modules', '.cache', 'rummage');
}

/** The manifest of a bundle when every input is unchanged since it was built, else undefined. */
export function freshManifest(out: string): Manifest | undefined {
  let m: Manifest;
  try {
    m = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')) as Manifest;
    if (m.version !== 1 || !Array.isArray(m.inputs) || !fs.existsSync(out)) return undefined;
  } catch {
    return undefined;
  }
  const root = repoRoot();
  for (const [rel, size, mtime] of m.inputs) {
    const st = fs.statSync(path.join(root, rel), { throwIfNoEntry: false });
    if (st === undefined || st.size !== size || st.mtimeMs !== mtime) return undefined;
  }
  return m;
}

/** The manifest as written, fresh or not (to find a bundle's entry point again). */
export function readManifest(out: string): Manifest | undefined {
  try {
    return JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

export interface BundleOptions {
  readonly format: 'cjs' | 'esm';
  /** Packages left as imports (esbuild itself: it cannot be bundled). */
  readonly external?: readonly string[];
}

/**
 * Bundles `entry` (absolute) into `out` with its manifest and returns the
 * code. Written to a temporary file and renamed, so a process reading the
 * bundle never sees half of one; when node_modules/.cache/rummage/ cannot be written, the code is
 * still returned.
 */
export function buildBundle(entry: string, out: string, o: BundleOptions): string {
  // Lazy: loading esbuild costs time and a child process; most starts never need it.
  const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
  const root = repoRoot();
  const r = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: o.format,
    target: 'node20',
    external: [...(o.external ?? [])],
    write: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: root,
    // CommonJS packages bundled into an ES module still call require() for node: modules.
    ...(o.format === 'esm' ? { banner: { js: "import { createRequire as __rummageRequire } from 'node:module'; const require = __rummageRequire(import.meta.url);" } } : {}),
  });
  const code = r.outputFiles[0]!.text;
  const inputs = Object.keys(r.metafile.inputs).map((rel): [string, number, number] => {
    const st = fs.statSync(path.join(root, rel));
    return [rel, st.size, st.mtimeMs];
  });
  const manifest: Manifest = { version: 1, entry: path.relative(root, entry), inputs };
  try {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, out);
    fs.writeFileSync(`${tmp}.json`, JSON.stringify(manifest));
    fs.renameSync(`${tmp}.json`, `${out}.json`);
  } catch {
    // A read-only checkout: the bundle is used from memory this time.
  }
  return code;
}

/** The lib bundle every snippet run by lib/snippet/run.mjs imports. */
export function libBundlePath(): string {
  return path.join(distDir(), 'rummage.mjs');
}

/** Builds node_modules/.cache/rummage/rummage.mjs from lib/index.ts unless it is fresh; returns its path. */
export function ensureLibBundle(): string {
  const out = libBundlePath();
  if (freshManifest(out) === undefined) buildBundle(path.join(repoRoot(), 'lib', 'index.ts'), out, { format: 'esm', external: ['esbuild'] });
  return out;
}
