// The quarantine trusts nothing and touches only its own removal: empty
// folders come back, other removals are never swept, and no journal line,
// planted link or swapped folder gets anything outside the root touched.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUARANTINE, openArchive, type Archive } from '../lib/index.ts';
import { snapshot, tree, type Spec } from './_tree.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const NOW = { delete: true, countdown: 0 } as const;
const JOURNAL = '.rummage-journal.jsonl';
const CHILD = path.join(import.meta.dirname, '_remove-child.ts');

async function open(root: string): Promise<Archive & { said: string[] }> {
  const a = await openArchive(root, { progress: false, workers: 0 });
  const said: string[] = [];
  return Object.assign(a, { said, say: (m: string) => void said.push(m) });
}

/** Everything below the root but the quarantine. */
function disk(root: string): Map<string, string> {
  return new Map([...snapshot(root)].filter(([k]) => k !== QUARANTINE && !k.startsWith(`${QUARANTINE}/`)));
}

/** An archive root and a folder beside it (outside the root), in one temp folder. */
function rootAndOutside(spec: Spec, outsideSpec: Spec = { 'precious.txt': 'mine', deep: { 'x.txt': 'x' } }): { root: string; outside: string } {
  const top = tree({ root: spec, outside: outsideSpec });
  return { root: path.join(top, 'root'), outside: path.join(top, 'outside') };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: cwd } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('case 1: undo and purge touch only their own removal; a git repo with packed refs and a venv with empty folders come back whole', async () => {
  const root = tree({ proj: { '.venv': { 'pyvenv.cfg': 'home = /usr/bin\n', include: {}, lib: { 'python3.11': { 'site-packages': {} } } }, 'junk.txt~': 'x' }, scratch: { 'tmp~': 't' } });
  const repo = path.join(root, 'repo');
  fs.mkdirSync(repo);
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'a.txt'), 'a\n');
  git(repo, 'add', 'a.txt');
  git(repo, '-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'one');
  git(repo, 'pack-refs', '--all');
  assert.deepEqual(fs.readdirSync(path.join(repo, '.git', 'refs', 'heads')), []);
  const proj = snapshot(path.join(root, 'proj'));
  const repoBefore = snapshot(repo);
  const a = await open(root);
  // An old removal, purged while the others are held: purge must not sweep their empty folders.
  const old = await a.remove(['scratch/tmp~'], NOW);
  const file = `${root}/${old.quarantine}/${JOURNAL}`;
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"time":"[^"]+"/, '"time":"2020-01-01T00:00:00.000Z"'));
  await a.remove(['proj/.venv', 'repo'], NOW);
  await a.remove(['proj/junk.txt~'], NOW);
  const p = await a.purge({ ...NOW, olderThan: '30d' });
  assert.deepEqual(p.purged, [old.name]);
  const u1 = await a.undo();
  const u2 = await a.undo();
  assert.deepEqual([u1.restored, [...u2.restored].sort()], [['proj/junk.txt~'], ['proj/.venv', 'repo']]);
  assert.deepEqual(snapshot(path.join(root, 'proj')), proj);
  assert.deepEqual(snapshot(repo), repoBefore);
  assert.match(git(repo, 'status', '--porcelain=v1', '--branch'), /^## main/);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});

test('case 1: remove(emptyDirs()), another removal, undo() twice: every empty folder comes back', async () => {
  const root = tree({ a: { empty1: {}, b: { empty2: {}, 'f.txt': 'f' } }, empty3: {} });
  fs.mkdirSync(path.join(root, 'a', 'nested', 'deeper'), { recursive: true });
  const before = disk(root);
  const a = await open(root);
  const r = await a.remove(a.emptyDirs(), NOW);
  assert.ok(r.removed.length >= 4, String(r));
  // Another removal undone in between must not sweep the empty folders held by the first.
  await a.remove(['a/b/f.txt'], NOW);
  await a.undo();
  await a.undo();
  assert.deepEqual(disk(root), before);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});

test("case 6: a journal line with '..' is refused: nothing outside the root moves, no outside mtime changes", async () => {
  const { root, outside } = rootAndOutside({ a: { 'x.txt': 'x' } });
  const a = await open(root);
  const r = await a.remove(['a/x.txt'], NOW);
  const file = `${root}/${r.quarantine}/${JOURNAL}`;
  // A hand-edited (or hostile) line: '../outside/new.txt' would land beside the root.
  const evil = fs.readFileSync(file, 'utf8').split('\n')[0]!.replace('"path":"a/x.txt"', '"path":"../outside/new.txt"').replace('"seq":1', '"seq":9');
  fs.appendFileSync(file, `${evil}\n`);
  fs.mkdirSync(`${root}/${QUARANTINE}/outside`);
  fs.writeFileSync(`${root}/${QUARANTINE}/outside/new.txt`, 'planted');
  const outsideBefore = snapshot(outside);
  const u = await a.undo(r.name);
  assert.deepEqual(u.restored, ['a/x.txt']);
  assert.equal(u.damaged.length, 1);
  assert.match(String(u), /line 3 is refused: a path that is not plain/);
  assert.deepEqual(snapshot(outside), outsideBefore);
  // The journal stays while its (refused) line is unresolved; trash() says so.
  assert.ok(fs.existsSync(file));
  assert.match(String(a.trash()), /needs attention: .*journal line 3 refused/);
});

test('case 6: a link planted in a removal folder never pulls an outside file into the archive', async () => {
  const { root, outside } = rootAndOutside({ proj: { '.venv': { 'pyvenv.cfg': 'cfg' } } }, { '.venv': { 'secret.txt': 'outside, keep out' } });
  const a = await open(root);
  const r = await a.remove(['proj/.venv'], NOW);
  const q = `${root}/${r.quarantine}`;
  fs.renameSync(`${q}/proj`, `${q}/proj-real`);
  fs.symlinkSync(outside, `${q}/proj`);
  const outsideBefore = snapshot(outside);
  const u = await a.undo();
  assert.deepEqual(u.restored, []);
  assert.match(u.refused[0]!.reason, /proj is a link; refusing to restore through it/);
  assert.deepEqual(snapshot(outside), outsideBefore);
  assert.equal(fs.existsSync(`${root}/proj/.venv`), false);
});

test('case 6: .rummage-trash swapped for a link in the middle of a removal: the rest stops, nothing goes outside', async () => {
  const { root, outside } = rootAndOutside({ a: { 'x~': 'x' }, b: { 'y~': 'y' }, c: { 'z~': 'z' } });
  const before = disk(root);
  const outsideBefore = snapshot(outside);
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, 'remove', 'a/x~', 'b/y~', 'c/z~'], { env: { ...process.env, RUMMAGE_PAUSE_AT: 'done:1:1500' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  const trash = path.join(root, QUARANTINE);
  // Wait for the first item to be journalled, then swap the quarantine for a link to outside.
  for (let k = 0; k < 200 && !(fs.existsSync(`${root}/a`) && !fs.existsSync(`${root}/a/x~`)); k++) await sleep(25);
  fs.renameSync(trash, path.join(root, 'trash-real'));
  fs.symlinkSync(outside, trash);
  await new Promise((resolve) => child.on('exit', resolve));
  assert.deepEqual(snapshot(outside), outsideBefore);
  const res = JSON.parse(out) as { removed: string[]; failed: { path: string; message: string }[] };
  assert.deepEqual(res.removed, ['a/x~']);
  assert.match(res.failed[0]!.message, /was replaced or moved/);
  // Put the real quarantine back: undo restores the one item.
  fs.unlinkSync(trash);
  fs.renameSync(path.join(root, 'trash-real'), trash);
  const a = await open(root);
  await a.undo();
  assert.deepEqual(disk(root), before);
});

test('case 6: a removal folder swapped for a link during purge\'s countdown: the outside folder is untouched', async () => {
  const { root, outside } = rootAndOutside({ a: { 'x~': 'x', 'y~': 'y' } });
  const a = await open(root);
  const r = await a.remove(['a/x~'], NOW);
  const outsideBefore = snapshot(outside);
  const q = `${root}/${r.quarantine}`;
  const purging = a.purge({ delete: true, countdown: 0.3 });
  await sleep(50);
  fs.renameSync(q, `${q}-real`);
  fs.symlinkSync(outside, q);
  const p = await purging;
  assert.deepEqual(p.purged, []);
  assert.match(p.failed[0]!.message, /was replaced or moved/);
  assert.doesNotMatch(String(p), /deleted for good/);
  assert.deepEqual(snapshot(outside), outsideBefore);
});
