// Worker threads from TypeScript modules, without tsx (or esbuild) in each process.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildBundle, distDir, freshManifest, readManifest, repoRoot } from './bundle.ts';

const bundles = new Map<string, string>();

/** Where a worker's prebuilt bundle lives: node_modules/.cache/rummage/workers/<name>.cjs, named after its module. */
export function workerBundlePath(module: URL | string): string {
  const file = typeof module === 'string' ? module : fileURLToPath(module);
  return path.join(distDir(), 'workers', `${path.basename(file).replace(/\.ts$/, '')}.cjs`);
}

/**
 * The code of a worker module as one plain script, for `new Worker(code, {eval: true})`.
 * Perf: registering tsx inside each worker took 170 ms and 30 MB per worker,
 * for its own loader thread; workers need only node: modules and lib/ files,
 * so they run from an esbuild bundle. The bundle is built once (by `npm
 * install`'s prepare step, or by the first process that needs it) into
 * node_modules/.cache/rummage/workers/, and read from there while its inputs are unchanged: no
 * esbuild in the process that starts the worker.
 */
export function workerSource(module: URL): string {
  let code = bundles.get(module.href);
  if (code === undefined) {
    const out = workerBundlePath(module);
    if (freshManifest(out) !== undefined) code = fs.readFileSync(out, 'utf8');
    else {
      // From lib/ the module itself is the entry; from the lib bundle in node_modules/.cache/rummage/, its URL names no
      // real file, and the manifest written by the last build says where the source is.
      let entry = fileURLToPath(module);
      if (!fs.existsSync(entry)) {
        const m = readManifest(out);
        if (m === undefined) throw new Error(`no worker bundle ${out} and no source for it; run npm install (its prepare step builds node_modules/.cache/rummage/)`);
        entry = path.join(repoRoot(), m.entry);
      }
      code = buildBundle(entry, out, { format: 'cjs' });
    }
    bundles.set(module.href, code);
  }
  return code;
}
