import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { buildBundle, freshManifest } from '../lib/shared/bundle.ts';
import { workerSource } from '../lib/shared/worker-source.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

test('bundle: a built bundle is fresh until one of its inputs changes, then built again', () => {
  const dir = tree({ 'entry.ts': "import { two } from './two.ts';\nexport const one: number = two - 1;\n", 'two.ts': 'export const two: number = 2;\n' });
  const out = path.join(dir, 'out', 'entry.cjs');
  const code = buildBundle(path.join(dir, 'entry.ts'), out, { format: 'cjs' });
  assert.match(code, /two - 1/);
  assert.equal(fs.readFileSync(out, 'utf8'), code);
  const m = freshManifest(out);
  assert.ok(m !== undefined, 'fresh right after the build');
  assert.equal(m.inputs.length, 2);
  // An imported file (not the entry) changes: the bundle is stale.
  fs.writeFileSync(path.join(dir, 'two.ts'), 'export const two: number = 22;\n');
  assert.equal(freshManifest(out), undefined);
  buildBundle(path.join(dir, 'entry.ts'), out, { format: 'cjs' });
  assert.match(fs.readFileSync(out, 'utf8'), /22/);
  assert.ok(freshManifest(out) !== undefined);
  // A missing or garbled manifest is never taken for fresh.
  fs.writeFileSync(`${out}.json`, '{"version":1,"inputs":');
  assert.equal(freshManifest(out), undefined);
});

test('bundle: workerSource() gives a plain script of the worker, with no TypeScript left in it', () => {
  const code = workerSource(new URL('../lib/catalog/scan-worker.ts', pathToFileURL(path.join(repo, 'lib', 'index.ts'))));
  assert.match(code, /postMessage/);
  assert.doesNotMatch(code, /import type|: WorkerInit/);
});

function runSnippet(args: readonly string[], env: NodeJS.ProcessEnv = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [path.join(repo, 'lib', 'snippet', 'run.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

test('lib/snippet/run.mjs: runs a snippet without tsx and prints what the tsx run prints', () => {
  const root = tree({ a: { 'one.txt': 'hello', b: { 'two.txt': 'hi' } }, link: { symlink: 'a' } });
  const fast = runSnippet(['count', root, '--json']);
  assert.equal(fast.status, 0, fast.stderr);
  const slow = spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'snippets', 'count.ts'), root, '--json'], { encoding: 'utf8' });
  assert.equal(slow.status, 0, slow.stderr);
  assert.deepEqual(JSON.parse(fast.stdout), JSON.parse(slow.stdout));
  assert.equal(JSON.parse(fast.stdout).entries, 5);
});

test('lib/snippet/run.mjs: a bad root is one line and exit 2; an unknown snippet too', () => {
  const bad = runSnippet(['count', path.join(os.tmpdir(), 'rummage-no-such-root-xyz')]);
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /does not exist/);
  const unknown = runSnippet(['no-such-snippet-xyz', os.tmpdir()]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /no snippet 'no-such-snippet-xyz'/);
});

test('lib/snippet/run.mjs: a snippet importing another TypeScript file still runs (through tsx)', () => {
  const dir = tree({
    'package.json': '{"type": "module"}',
    'helper.ts': 'export const word: string = "fine";\n',
    'mine.ts': `import { snippet } from ${JSON.stringify(pathToFileURL(path.join(repo, 'lib', 'index.ts')).href)};\nimport { word } from './helper.ts';\nconst { archive } = await snippet(import.meta, { about: 'x' });\nconsole.log(word, archive.count().entries);\n`,
  });
  const root = tree({ 'x.txt': 'x' });
  const r = runSnippet([path.join(dir, 'mine.ts'), root]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'fine 1');
});
