// The shape of lib/: folders are rooms with one door (their index.ts),
// imports point down the data flow, and nothing imports itself in a circle.
// Read from the import lines themselves, so a new file is checked with no list to update.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';

const repo = path.join(import.meta.dirname, '..');
const lib = path.join(repo, 'lib');

/** Folder → the folders it may import. Top-level base files (types, errors, format, config, registry) are open to all. */
const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: [],
  catalog: ['shared'],
  query: ['catalog', 'shared'],
  cruft: ['query', 'catalog', 'shared'],
  // remove() takes cruft() results, so it knows their type and rules.
  remove: ['cruft', 'query', 'catalog', 'shared'],
  hash: ['catalog', 'shared'],
  // emptyDirs() leaves out what lies inside cruft() items.
  dupes: ['hash', 'cruft', 'query', 'remove', 'catalog', 'shared'],
  drive: ['query', 'hash', 'catalog', 'shared'],
  report: ['drive', 'dupes', 'cruft', 'remove', 'hash', 'query', 'catalog', 'shared'],
  browse: ['report', 'drive', 'dupes', 'cruft', 'remove', 'hash', 'query', 'catalog', 'shared'],
  demo: ['shared'],
  snippet: ['dupes', 'remove', 'query', 'catalog', 'shared'],
  repl: ['snippet', 'demo', 'query', 'catalog', 'shared'],
};
const BASE = new Set(['types.ts', 'errors.ts', 'format.ts', 'config.ts', 'registry.ts']);
/** Top-level files that bind everything together; only the snippet runner and the REPL may use them from a folder. */
const TOP_USERS: Record<string, readonly string[]> = { 'archive.ts': ['snippet', 'repl'], 'helpers.ts': ['repl', 'snippet'], 'index.ts': [] };

/**
 * Programs, not modules: an entry script may hand over to one of these, as the
 * `rummage` command (repl/bin.js) runs a named snippet through snippet/run.mjs,
 * the same as `node lib/snippet/run.mjs` does. They export nothing.
 */
const PROGRAMS: Readonly<Record<string, readonly string[]>> = { 'lib/snippet/run.mjs': ['lib/repl/bin.js'] };

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(ts|js)$/.test(d.name) ? [p] : [];
  });
}

/** Every static relative import or re-export of a file, resolved to an absolute path. */
function importsOf(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:^|[\n;])\s*(?:import|export)\b[^;'"]*?'(\.{1,2}\/[^']+)'/g)) out.push(path.resolve(path.dirname(file), m[1]!));
  for (const m of src.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) out.push(path.resolve(path.dirname(file), m[1]!));
  return out;
}

const folderOf = (abs: string): string => path.relative(lib, abs).split(path.sep).slice(0, -1).join('/');
const files = sources(lib);

test('layout: nothing outside a lib/ folder imports its inner files, only its index.ts', () => {
  const bad: string[] = [];
  for (const f of files) {
    for (const t of importsOf(f)) {
      const tf = folderOf(t);
      if (tf === '' || tf === folderOf(f) || path.basename(t) === 'index.ts') continue;
      if (PROGRAMS[path.relative(repo, t)]?.includes(path.relative(repo, f)) === true) continue;
      bad.push(`${path.relative(repo, f)} imports ${path.relative(repo, t)}`);
    }
  }
  for (const program of Object.keys(PROGRAMS)) {
    if (/^\s*export\b/m.test(fs.readFileSync(path.join(repo, program), 'utf8'))) bad.push(`${program} exports something: it is a program, not a module; put what it exports in its folder's index.ts`);
  }
  for (const f of sources(path.join(repo, 'snippets'))) {
    for (const t of importsOf(f)) if (path.relative(repo, t) !== path.join('lib', 'index.ts')) bad.push(`${path.relative(repo, f)} imports ${path.relative(repo, t)}`);
  }
  assert.deepEqual(bad, []);
});

test('layout: folders import only the folders below them in the data flow', () => {
  const bad: string[] = [];
  for (const f of files) {
    const from = folderOf(f);
    if (from === '') continue;
    assert.ok(from in MAY_IMPORT, `lib/${from}/ is a new folder: add it to MAY_IMPORT in this test, below what it uses`);
    for (const t of importsOf(f)) {
      const to = folderOf(t);
      const rel = `${path.relative(repo, f)} → ${path.relative(repo, t)}`;
      if (to === from) continue;
      if (to === '') {
        const base = path.basename(t);
        if (BASE.has(base)) continue;
        if (TOP_USERS[base]?.includes(from)) continue;
        bad.push(rel);
      } else if (!MAY_IMPORT[from]!.includes(to)) bad.push(rel);
    }
  }
  assert.deepEqual(bad, []);
});

test('layout: no import circles between files', () => {
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => fs.existsSync(t))]));
  const state = new Map<string, 'open' | 'done'>();
  const cycles: string[] = [];
  const stack: string[] = [];
  const visit = (f: string): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      if (state.get(t) === 'open') cycles.push([...stack.slice(stack.indexOf(t)), t].map((p) => path.relative(lib, p)).join(' → '));
      else if (!state.has(t)) visit(t);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  assert.deepEqual(cycles, []);
});

test('layout: the checks above see real imports (a planted inner import and circle are caught)', () => {
  // Guards the regexes: if importsOf() stopped reading imports, the three tests above would pass on anything.
  const dupes = files.find((f) => f.endsWith(path.join('dupes', 'helpers.ts')))!;
  assert.ok(importsOf(dupes).some((t) => t.endsWith(path.join('dupes', 'dirs.ts'))));
  assert.ok(importsOf(path.join(lib, 'index.ts')).some((t) => t.endsWith(path.join('catalog', 'index.ts'))));
});

test('no file under lib/, snippets/, test/ or scratch/ names an absolute path of the machine it was written on', () => {
  // The checkout, the home folder and the user's own top-level folders are this machine's; a test
  // that runs with cwd set to one of them tests another copy, or fails elsewhere.
  // Not the checkout's parent: it may be a shared folder such as /tmp, which examples name on purpose.
  const here = [repo, os.homedir()].filter((p) => p.length > 1);
  const patterns = [...new Set(here)].map((p) => new RegExp(`['"\`]${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/|['"\`])`));
  const bad: string[] = [];
  for (const dir of ['lib', 'snippets', 'test', 'scratch']) {
    const d = path.join(repo, dir);
    if (!fs.existsSync(d)) continue;
    for (const f of sources(d)) {
      const lines = fs.readFileSync(f, 'utf8').split('\n');
      lines.forEach((line, k) => {
        if (patterns.some((re) => re.test(line))) bad.push(`${path.relative(repo, f)}:${k + 1}: ${line.trim().slice(0, 100)}`);
      });
    }
  }
  assert.deepEqual(bad, []);
});
