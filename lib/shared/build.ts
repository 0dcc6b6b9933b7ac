// `npm run build` (also npm install's prepare step): the prebuilt bundles in
// node_modules/.cache/rummage/ — lib/ as one module for lib/snippet/run.mjs, and every worker thread's
// script. Each is skipped while its inputs are unchanged; --force builds all.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle, freshManifest, libBundlePath, repoRoot } from './bundle.ts';
import { workerBundlePath } from './worker-source.ts';

const force = process.argv.includes('--force');
const root = repoRoot();
const lib = path.join(root, 'lib');

/** Worker modules: the module named by every workerSource(new URL(…)) call in lib/. */
function workers(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return workers(p);
    if (!d.name.endsWith('.ts')) return [];
    return [...fs.readFileSync(p, 'utf8').matchAll(/workerSource\(new URL\('(\.[^']+)', import\.meta\.url\)\)/g)].map((m) => path.resolve(dir, m[1]!));
  });
}

const t = Date.now();
const built: string[] = [];
for (const entry of new Set(workers(lib))) {
  const out = workerBundlePath(pathToFileURL(entry));
  if (!force && freshManifest(out) !== undefined) continue;
  buildBundle(entry, out, { format: 'cjs' });
  built.push(path.relative(root, out));
}
const out = libBundlePath();
if (force || freshManifest(out) === undefined) {
  buildBundle(path.join(lib, 'index.ts'), out, { format: 'esm', external: ['esbuild'] });
  built.push(path.relative(root, out));
}
process.stderr.write(built.length === 0 ? 'rummage: node_modules/.cache/rummage/ is up to date\n' : `rummage: built ${built.join(', ')} in ${Date.now() - t} ms\n`);
