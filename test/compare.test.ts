import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { syncLine, type HashRows } from '../lib/drive/compare.ts';
import { snapshot, tree, type Spec } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const T = Date.parse('2020-06-01T12:00:00Z');
// The hash cache goes to a temp user folder, never the real one (and never either drive).
process.env.RUMMAGE_HOME = tree({}, 'rummage-home-');

/** Gives every entry below `root` the same mtime, as a faithful copy has. */
function settle(root: string): void {
  const walk = (dir: string): void => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, d.name);
      if (d.isDirectory()) walk(p);
      if (!d.isSymbolicLink()) fs.utimesSync(p, T / 1000, T / 1000);
    }
  };
  walk(root);
}

const BASE: Spec = {
  same: { 'a.txt': 'same on both', deep: { 'b.txt': 'also same' } },
  photos: { '2008': { 'IMG_1.jpg': 'pixels one', 'IMG_2.jpg': 'pixels two', raw: { 'IMG_1.cr2': 'raw one' } } },
  docs: { 'letter.txt': 'dear drive' },
  'edited.txt': 'version 1',
  'retimed.txt': 'same bytes',
  shape: 'a file here',
  link: { symlink: 'same' },
};

/** The twin after a week: A gained files, B lost some, a folder renamed, a file moved. */
function twins(): { a: string; b: string } {
  const a = tree({ ...BASE, new_here: { 'x.txt': 'new on A', sub: { 'y.txt': 'yy' } }, 'lonely.txt': 'only A' }, 'rummage-twinA-');
  const b = tree({
    same: BASE.same as Spec,
    // photos/2008 renamed to photos/xmas08 with everything below it.
    photos: { xmas08: { 'IMG_1.jpg': 'pixels one', 'IMG_2.jpg': 'pixels two', raw: { 'IMG_1.cr2': 'raw one' } } },
    // docs/letter.txt moved into archive/.
    docs: {},
    archive: { 'letter.txt': 'dear drive' },
    'edited.txt': 'version 2, longer',
    'retimed.txt': 'same bytes',
    shape: { 'now a folder.txt': 'f' },
    link: { symlink: 'elsewhere' },
    'only_there.txt': 'only B',
  }, 'rummage-twinB-');
  settle(a);
  settle(b);
  fs.utimesSync(path.join(b, 'retimed.txt'), (T + 5000) / 1000, (T + 5000) / 1000);
  return { a, b };
}

/** Plain sha256 of each row, standing in for the hash cache. */
const sha: HashRows = async (cat, rows) => {
  const keys = new Map(rows.map((i) => [i, createHash('sha256').update(fs.readFileSync(cat.fsPath(i))).digest('hex')]));
  return (i) => keys.get(i);
};

test('compare(): only here, only there, changed (size, mtime, kind, link target), moved files and folders', async () => {
  const { a, b } = twins();
  const arch = await openArchive(a, { progress: false, name: 'driveA' });
  const d = await arch.compare(b, { otherName: 'driveB', hashRows: sha });
  assert.deepEqual(d.onlyA.map((x) => [x.path, x.kind, x.entries]), [['lonely.txt', 'file', 0], ['new_here', 'dir', 3]]);
  assert.deepEqual(d.onlyB.map((x) => x.path), ['only_there.txt']);
  assert.deepEqual(d.changed.map((c) => [c.path, c.what]), [
    ['edited.txt', ['size']],
    ['link', ['target']],
    ['retimed.txt', ['mtime']],
    ['shape', ['kind']],
  ]);
  // The renamed folder is one move, not four; the moved file is a move, not only-here plus only-there.
  assert.deepEqual(d.moved.map((m) => [m.from, m.to, m.kind]), [['docs/letter.txt', 'archive/letter.txt', 'file'], ['photos/2008', 'photos/xmas08', 'dir']]);
  assert.equal(d.items, 2 + 1 + 4 + 2);
  // only here 6 + 10, only there 6, changed by the larger side 17 + 0 (a link) + 10 + 11, moved 10 + 27.
  assert.equal(d.bytes, 97);
  const shown = inspect(d);
  assert.deepEqual(shown.split('\n').slice(0, 3), [`here:  driveA (${a})`, `there: driveB (${b})`, shown.split('\n')[2]]);
  assert.match(shown.split('\n')[2]!, /^here vs there: in sync except 9 items \(\d+ B\)$/);
  assert.match(shown, /^only here \(2,/m);
  assert.match(shown, /^only there \(1,/m);
  assert.match(shown, /│ new_here\/\s*│ dir/);
  assert.match(shown, /│ path +│ differs in +│ +here │ +there │ modified here +│ modified there/);
  assert.match(shown, /moved \(2, same content at another path\)/);
  assert.match(shown, /photos\/2008\/\s*│ photos\/xmas08\//);
  assert.deepEqual(d.json(), {
    onlyA: ['lonely.txt', 'new_here'],
    onlyB: ['only_there.txt'],
    changed: ['edited.txt', 'link', 'retimed.txt', 'shape'],
    moved: [{ from: 'docs/letter.txt', to: 'archive/letter.txt' }, { from: 'photos/2008', to: 'photos/xmas08' }],
  });
});

test('compare(): twins with the same folder name are told apart as here and there, with their roots', async () => {
  const parentA = tree({ old_hdd_backups: { 'a.txt': 'only on A' } });
  const parentB = tree({ old_hdd_backups: { 'b.txt': 'only on B' } });
  const arch = await openArchive(path.join(parentA, 'old_hdd_backups'), { progress: false });
  const shown = inspect(await arch.compare(path.join(parentB, 'old_hdd_backups'), { hashRows: sha }));
  assert.equal(shown.split('\n')[0], `here:  old_hdd_backups (${path.join(parentA, 'old_hdd_backups')})`);
  assert.equal(shown.split('\n')[1], `there: old_hdd_backups (${path.join(parentB, 'old_hdd_backups')})`);
  assert.doesNotMatch(shown, /old_hdd_backups vs old_hdd_backups|only in old_hdd_backups/);
  assert.match(shown, /^only here \(1,[\s\S]*a\.txt[\s\S]*^only there \(1,[\s\S]*b\.txt/m);
});

test('compare(): a folder that moved only in part is listed file by file, nothing counted twice', async () => {
  const a = tree({ old: { 'k1.txt': 'keep one', 'k2.txt': 'keep two', 'gone.txt': 'deleted on B' } });
  const b = tree({ new: { 'k1.txt': 'keep one', 'k2.txt': 'keep two' } });
  settle(a);
  settle(b);
  const arch = await openArchive(a, { progress: false });
  const d = await arch.compare(b, { hashRows: sha });
  assert.deepEqual(d.moved.map((m) => [m.from, m.to]), [['old/k1.txt', 'new/k1.txt'], ['old/k2.txt', 'new/k2.txt']]);
  assert.deepEqual(d.onlyA.map((x) => x.path), ['old/gone.txt']);
  assert.deepEqual(d.onlyB.map((x) => x.path), []);
});

test('compare(): by default moves are found through the hash cache; a second compare reads nothing', async () => {
  const { a, b } = twins();
  const arch = await openArchive(a, { progress: false });
  const first = await arch.compare(b);
  assert.deepEqual(first.json().moved, [{ from: 'docs/letter.txt', to: 'archive/letter.txt' }, { from: 'photos/2008', to: 'photos/xmas08' }]);
  // Only files whose size occurs on both sides are read: the four moved ones, and
  // lonely.txt and only_there.txt, which happen to share a size; not new_here/.
  assert.equal(first.hashing.filesRead, 2 * 5);
  assert.match(inspect(first), /moves found by content: read 10 files/);
  const second = await arch.compare(b);
  assert.deepEqual(second.json(), first.json());
  assert.equal(second.hashing.filesRead, 0);
  assert.equal(second.hashing.cached, 10);
});

test('compare({moved: false}) and without hashes: moves show as only here and only there', async () => {
  const { a, b } = twins();
  const arch = await openArchive(a, { progress: false });
  const d = await arch.compare(b, { moved: false, hashRows: sha });
  assert.deepEqual(d.moved, []);
  assert.ok(d.onlyA.some((x) => x.path === 'photos/2008'));
  assert.ok(d.onlyB.some((x) => x.path === 'photos/xmas08'));
  assert.match(inspect(d), /moved files were not looked for/);
});

test('compare(): an exact copy is in sync; mtimes match to the second, or within modifyWindow', async () => {
  const a = tree(BASE);
  const b = tree(BASE);
  settle(a);
  settle(b);
  fs.utimesSync(path.join(a, 'edited.txt'), (T + 100) / 1000, (T + 100) / 1000);
  fs.utimesSync(path.join(b, 'edited.txt'), (T + 700) / 1000, (T + 700) / 1000);
  const arch = await openArchive(a, { progress: false });
  const d = await arch.compare(b, { hashRows: sha });
  assert.equal(d.items, 0);
  assert.match(inspect(d), /: in sync \(\d+ entries compared\)$/);
  fs.utimesSync(path.join(b, 'retimed.txt'), (T + 3000) / 1000, (T + 3000) / 1000);
  assert.deepEqual((await arch.compare(b)).changed.map((c) => c.path), ['retimed.txt']);
  assert.equal((await arch.compare(b, { modifyWindow: 5 })).items, 0);
});

test('syncLine(): the summary line', () => {
  assert.equal(syncLine({ items: 42, bytes: 1.2e9, entries: 10 }), 'in sync except 42 items (1.2 GB)');
  assert.equal(syncLine({ items: 1, bytes: 10, entries: 10 }), 'in sync except 1 item (10 B)');
  assert.equal(syncLine({ items: 0, bytes: 0, entries: 156406 }), 'in sync (156,406 entries compared)');
});

test('compare(): never writes to either drive', async () => {
  const { a, b } = twins();
  const before = [snapshot(a), snapshot(b)];
  const arch = await openArchive(a, { progress: false });
  await arch.compare(b, { hashRows: sha });
  await arch.compare(b);
  assert.deepEqual([snapshot(a), snapshot(b)], before);
});

test('compare(): a bad other root is one usage error line', async () => {
  const { a, b } = twins();
  const arch = await openArchive(a, { progress: false });
  await assert.rejects(arch.compare(path.join(b, 'nope')), /does not exist/);
  await assert.rejects(arch.compare(path.join(b, 'edited.txt')), /is a file, not a folder/);
  await assert.rejects(arch.compare(a), /this archive itself/);
  await assert.rejects(arch.compare(path.join(a, 'same')), /inside this archive/);
  await assert.rejects(arch.compare(b, { modifyWindow: -1 }), /^UsageError: compare\(\): option 'modifyWindow' must be 0 or more, not -1; e\.g\. \{modifyWindow: 2\}$/);
});

test('snippets/compare.ts <rootA> <rootB> --json prints onlyA, onlyB, changed and moved', () => {
  const { a, b } = twins();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/compare.ts', a, b, '--json'], { cwd: repo, encoding: 'utf8', env: { ...process.env, RUMMAGE_HOME: tree({}) } });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(j), ['onlyA', 'onlyB', 'changed', 'moved']);
  assert.deepEqual(j.onlyB, ['only_there.txt']);
  assert.deepEqual(j.moved, [{ from: 'docs/letter.txt', to: 'archive/letter.txt' }, { from: 'photos/2008', to: 'photos/xmas08' }]);
  assert.deepEqual(j.changed, ['edited.txt', 'link', 'retimed.txt', 'shape']);
  for (const m of j.moved) assert.deepEqual(Object.keys(m), ['from', 'to']);
  const human = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/compare.ts', a, b], { cwd: repo, encoding: 'utf8', env: { ...process.env, RUMMAGE_HOME: tree({}) } });
  assert.match(human.stdout, /in sync except \d+ items/);
  const bad = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/compare.ts', a], { cwd: repo, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^rummage: missing rootB/);
});
