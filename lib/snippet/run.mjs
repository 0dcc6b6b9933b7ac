#!/usr/bin/env node
// Runs a snippet from the shell without the tsx loader:
//   node lib/snippet/run.mjs <snippet> <root> [flags]
// <snippet> is a name in snippets/ or scratch/, or a path to a .ts file.
//
// Perf: `node --import tsx` alone costs ~0.15 s and ~40 MB over bare Node (its
// loader thread, esbuild's service). Here the snippet's types are stripped once
// and kept in node_modules/.cache/rummage/snippets/ by content hash, and it imports lib/ from the
// prebuilt node_modules/.cache/rummage/rummage.mjs: a snippet on an empty folder starts in ~0.1 s.
// A snippet that imports TypeScript files other than lib/index.ts runs
// through tsx as before.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
/** Loaded only when the snippet must go through tsx or the bundle be rebuilt: child_process pulls in net and dgram. */
const spawnSync = (...args) => require('node:child_process').spawnSync(...args);
const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// Prebuilt bundles live with the installed packages, never in the checkout's top level.
const DIST = path.join(REPO, 'node_modules', '.cache', 'rummage');
const BUNDLE = path.join(DIST, 'rummage.mjs');
const LIB_INDEX = path.join(REPO, 'lib', 'index.ts');

function die(message, code = 2) {
  process.stderr.write(`rummage: ${message}\n`);
  process.exit(code);
}

/** True while every file the bundle was built from is unchanged (the check lib/shared/bundle.ts makes). */
function fresh(out) {
  let m;
  try {
    m = JSON.parse(fs.readFileSync(`${out}.json`, 'utf8'));
    if (m.version !== 1 || !fs.existsSync(out)) return false;
  } catch {
    return false;
  }
  for (const [rel, size, mtime] of m.inputs) {
    const st = fs.statSync(path.join(REPO, rel), { throwIfNoEntry: false });
    if (st === undefined || st.size !== size || st.mtimeMs !== mtime) return false;
  }
  return true;
}

/** Runs the snippet through tsx instead, with the same arguments, and exits with its code. */
function viaTsx(file, args) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file, ...args], { stdio: 'inherit', cwd: process.cwd() });
  process.exit(r.status ?? 1);
}

function findSnippet(arg) {
  if (arg === undefined) die('usage: node lib/snippet/run.mjs <snippet> <root> [flags]   (a name in snippets/ or scratch/, or a path)');
  const tries = [arg, path.join(REPO, 'snippets', `${arg}.ts`), path.join(REPO, 'scratch', `${arg}.ts`), path.join(REPO, 'snippets', arg), path.join(REPO, 'scratch', arg)];
  for (const t of tries) if (fs.existsSync(t) && fs.statSync(t).isFile()) return path.resolve(t);
  die(`no snippet '${arg}' in snippets/ or scratch/, and no such file; see the list in snippets/`);
}

const [arg, ...args] = process.argv.slice(2);
const file = findSnippet(arg);
if (!fresh(BUNDLE)) {
  // lib/ changed since node_modules/.cache/rummage/ was built (or it never was): build it again, once.
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO, 'lib', 'shared', 'build.ts')], { stdio: ['ignore', 'ignore', 'inherit'], cwd: REPO });
  if (r.status !== 0 || !fresh(BUNDLE)) viaTsx(file, args);
}

const source = fs.readFileSync(file, 'utf8');
const key = createHash('sha1').update(file).update('\0').update(source).digest('hex').slice(0, 16);
const out = path.join(DIST, 'snippets', key, `${path.basename(file).replace(/\.[cm]?ts$/, '')}.mjs`);
if (!fs.existsSync(out)) {
  const { transformSync } = require('esbuild');
  let code;
  try {
    code = transformSync(source, { loader: 'ts', format: 'esm', target: 'node20', sourcefile: file }).code;
  } catch {
    viaTsx(file, args); // tsx reports the syntax error the same way it always has
  }
  // Imports of lib/index.ts go to the bundle; any other relative TypeScript import needs tsx.
  let foreign = false;
  code = code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+)\2/g, (all, head, q, spec) => {
    const target = path.resolve(path.dirname(file), spec);
    if (target === LIB_INDEX) return `${head}${q}${pathToFileURL(BUNDLE).href}${q}`;
    if (/\.[cm]?ts$/.test(target)) foreign = true;
    return `${head}${q}${pathToFileURL(target).href}${q}`;
  });
  if (foreign) viaTsx(file, args);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, code);
  fs.renameSync(tmp, out);
}
// The snippet reads its flags from process.argv, as when run by tsx.
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(out).href);
