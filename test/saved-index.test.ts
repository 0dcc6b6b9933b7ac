import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openArchive, userDir, type Archive } from '../lib/index.ts';
import * as scanModule from '../lib/catalog/scan.ts';
import { CLOCK_SLACK_MS, describeIndex, indexFile, INDEX_VERSION } from '../lib/catalog/index.ts';
import { FILE } from '../lib/types.ts';
import { snapshot, tree, type Spec } from './_tree.ts';
import { changedDirs } from '../lib/catalog/saved.ts';
import { dirStatsCounts, dirStatsTestHooks } from '../lib/catalog/dir-stats.ts';

process.env.RUMMAGE_HOME = tree({}, 'rummage-home-');
const repo = path.join(import.meta.dirname, '..');
const quiet = { progress: false, workers: 0 } as const;

const SPEC = {
  photos: { '2019': { 'a.jpg': 'aaaa', 'b.jpg': 'bb' }, '2020': { 'c.jpg': 'c' } },
  projects: { p1: { '.venv': { bin: { python: 'py' } }, 'main.py': 'print()' } },
  'notes.txt': 'hello',
};

/** Every live entry as `path kind size`: two indexes of one tree must agree on it. */
function listing(a: Archive): string[] {
  const cat = a.catalog;
  const out: string[] = [];
  for (let i = 1; i < cat.length; i++) if (cat.gone[i] === 0) out.push(`${cat.path(i)} ${cat.kind[i]} ${cat.kind[i] === FILE ? cat.size[i] : ''}`);
  return out.sort();
}

function savedFile(root: string): string {
  return indexFile(path.join(userDir('cache'), 'index'), fs.realpathSync(root));
}

/**
 * A folder changed less than CLOCK_SLACK_MS before an open is read again on
 * the next open however it looks (its ctime is that recent): wait that out, so
 * that only the changes a test makes count as changes.
 */
const tick = (): Promise<void> => new Promise((r) => setTimeout(r, CLOCK_SLACK_MS + 50));

test('saved index: the first open scans and saves it in the cache folder, never in the archive; the next open loads it', async () => {
  const root = tree(SPEC);
  await tick();
  const before = snapshot(root);
  const first = await openArchive(root, quiet);
  assert.equal(first.index.source, 'scanned');
  assert.ok(fs.existsSync(savedFile(root)));
  assert.ok(savedFile(root).startsWith(userDir('cache')));
  assert.deepEqual(snapshot(root), before, 'the archive is byte-identical: nothing written inside it');
  const scans = scanModule.scanCount;
  const again = await openArchive(root, quiet);
  assert.equal(scanModule.scanCount, scans, 'no scan');
  assert.equal(again.index.source, 'loaded');
  assert.equal(again.index.changed, 0);
  assert.ok(again.index.dirsChecked >= 7);
  assert.deepEqual(listing(again), listing(first));
  assert.deepEqual(again.count(), first.count());
  assert.equal(again.find('**/*.jpg').length, 3);
  assert.match(describeIndex(again.index), /^index from \d{4}-\d\d-\d\d \d\d:\d\d; no folder changed since$/);
});

test('saved index: more names than one piece of the name table (4,096), some not UTF-8, come back the same', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 9000; i++) files[`n${i}-é.txt`] = '';
  const root = tree({ many: files });
  const odd = Buffer.concat([Buffer.from(`${root}/many/`), Buffer.from([0x6f, 0xe9, 0x64, 0x64])]);
  fs.writeFileSync(odd, 'raw');
  await tick();
  const first = await openArchive(root, quiet);
  assert.ok(first.catalog.names.length > 2 * 4096);
  const again = await openArchive(root, { ...quiet, check: false });
  assert.equal(again.index.source, 'loaded');
  assert.deepEqual(again.catalog.names, first.catalog.names);
  assert.deepEqual(listing(again), listing(first));
  assert.deepEqual([...again.catalog.rawNames].map(([k, b]) => [k, [...b]]), [...first.catalog.rawNames].map(([k, b]) => [k, [...b]]));
});

test('saved index: ctimes come back as scanned, so the hash cache stays warm after a reopen', async () => {
  const root = tree({ a: { 'x.bin': Buffer.alloc(5000, 1) }, b: { 'x.bin': Buffer.alloc(5000, 1), 'y.txt': 'y' } });
  await tick();
  const first = await openArchive(root, quiet);
  assert.equal(first.index.source, 'scanned');
  assert.ok((await first.dupeFiles()).stats.filesRead > 0);
  const loaded = await openArchive(root, quiet);
  assert.deepEqual(Array.from(loaded.catalog.ctime), Array.from(first.catalog.ctime));
  // One folder changed: it is read again, the other's rows are copied from the file.
  await tick();
  fs.writeFileSync(path.join(root, 'b', 'new.txt'), 'new');
  await tick();
  const again = await openArchive(root, quiet);
  assert.equal(again.index.source, 'loaded');
  assert.equal(again.index.changed, 1);
  const cat = again.catalog;
  for (let i = 0; i < cat.length; i++) assert.equal(cat.ctime[i], fs.lstatSync(cat.fsPath(i)).ctimeMs, cat.path(i));
  assert.equal((await again.dupeFiles()).stats.filesRead, 0);
});

test('saved index: folders changed since are read again (added, deleted, renamed, a new subtree), the rest comes from the file', async () => {
  const root = tree(SPEC);
  await tick();
  await openArchive(root, quiet);
  await tick();
  fs.writeFileSync(path.join(root, 'photos', '2019', 'new.jpg'), 'new!');
  fs.rmSync(path.join(root, 'photos', '2020', 'c.jpg'));
  fs.renameSync(path.join(root, 'projects', 'p1'), path.join(root, 'projects', 'p2'));
  fs.mkdirSync(path.join(root, 'fresh', 'deep', 'er'), { recursive: true });
  fs.writeFileSync(path.join(root, 'fresh', 'deep', 'er', 'x.bin'), Buffer.alloc(100));
  await tick();
  const again = await openArchive(root, quiet);
  assert.equal(again.index.source, 'loaded');
  // photos/2019, photos/2020, projects, the root (fresh/ was added there).
  assert.equal(again.index.changed, 4);
  assert.match(describeIndex(again.index), /; 4 folders changed since, read again$/);
  const full = await openArchive(root, { ...quiet, rescan: true });
  assert.equal(full.index.source, 'scanned');
  assert.deepEqual(listing(again), listing(full));
  assert.equal(again.count().bytes, full.count().bytes);
  assert.equal(again.catalog.lookup('projects/p2/.venv/bin/python') > 0, true);
  // The index saved after the check holds the changes: the next open finds nothing more to read.
  const third = await openArchive(root, quiet);
  assert.equal(third.index.changed, 0);
  assert.deepEqual(listing(third), listing(full));
});

test('saved index: a file rewritten in place is not seen by the folder check (documented); --rescan and refresh() see it', async () => {
  const root = tree(SPEC);
  await tick();
  await openArchive(root, quiet);
  const file = path.join(root, 'photos', '2019', 'a.jpg');
  const dirStat = fs.statSync(path.dirname(file));
  fs.writeFileSync(file, 'a much longer content than before');
  // Same name, same folder: the folder's mtime does not move.
  assert.equal(fs.statSync(path.dirname(file)).mtimeMs, dirStat.mtimeMs);
  const loaded = await openArchive(root, quiet);
  assert.equal(loaded.catalog.size[loaded.catalog.lookup('photos/2019/a.jpg')], 4, 'the saved size');
  const scans = scanModule.scanCount;
  await loaded.refresh();
  assert.equal(scanModule.scanCount, scans + 1);
  assert.equal(loaded.catalog.size[loaded.catalog.lookup('photos/2019/a.jpg')], 33);
  const rescanned = await openArchive(root, { ...quiet, rescan: true });
  assert.equal(rescanned.catalog.size[rescanned.catalog.lookup('photos/2019/a.jpg')], 33);
});

test('saved index: {check: false} (--no-check) trusts the file without statting a folder', async () => {
  const root = tree(SPEC);
  await openArchive(root, quiet);
  await tick();
  fs.writeFileSync(path.join(root, 'photos', 'late.jpg'), 'late');
  const trusted = await openArchive(root, { ...quiet, check: false });
  assert.equal(trusted.index.checked, false);
  assert.equal(trusted.index.dirsChecked, 0);
  assert.equal(trusted.catalog.lookup('photos/late.jpg'), -1);
  assert.match(describeIndex(trusted.index), /not checked \(--no-check\)/);
  const checked = await openArchive(root, quiet);
  assert.ok(checked.catalog.lookup('photos/late.jpg') > 0);
});

for (const [what, damage] of [
  ['corrupt', (f: string) => fs.writeFileSync(f, 'this is not an index at all')],
  ['truncated', (f: string) => fs.truncateSync(f, Math.floor(fs.statSync(f).size * 0.7))],
  ['of a foreign version', (f: string) => {
    const b = fs.readFileSync(f);
    fs.writeFileSync(f, Buffer.from(b.toString('latin1').replace(`"version":${INDEX_VERSION},`, '"version":999,'), 'latin1'));
  }],
  ['damaged in its rows', (f: string) => {
    const b = fs.readFileSync(f);
    b.fill(0xff, b.length - 200, b.length);
    fs.writeFileSync(f, b);
  }],
] as const) {
  test(`saved index: a ${what} file gives one line and a fresh scan`, async () => {
    const root = tree(SPEC);
    const first = await openArchive(root, quiet);
    damage(savedFile(root));
    const said: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (said.push(String(s)), true)) as typeof process.stderr.write;
    let again: Archive;
    try {
      again = await openArchive(root, { workers: 0, progress: true });
    } finally {
      process.stderr.write = write;
    }
    assert.equal(again.index.source, 'scanned');
    assert.deepEqual(listing(again), listing(first));
    const lines = said.join('').trim().split('\n');
    assert.equal(lines.length, 1, said.join(''));
    assert.match(lines[0]!, /could not be used \(.+\); scanning afresh$/);
    // And it was saved again, whole.
    assert.equal((await openArchive(root, quiet)).index.source, 'loaded');
  });
}

test('saved index: never crosses archives: a file saved for another folder under the same key is refused', async () => {
  const a = tree({ only: { 'in-a.txt': 'a' } });
  const b = tree(SPEC);
  await openArchive(a, quiet);
  // Pretend b's device and inode are what a's were (a second drive mounted at the same place).
  fs.copyFileSync(savedFile(a), savedFile(b));
  const opened = await openArchive(b, quiet);
  const full = await openArchive(b, { ...quiet, rescan: true });
  assert.deepEqual(listing(opened), listing(full));
  assert.equal(opened.catalog.lookup('only/in-a.txt'), -1);
  if (fs.statSync(b).birthtimeMs > 0) {
    assert.equal(opened.index.source, 'scanned');
    assert.match(opened.index.note ?? '', /belongs to another folder/);
  }
});

test('saved index: remove, undo and purge keep it true, even for an open that does not check', async () => {
  const root = tree(SPEC);
  const a = await openArchive(root, quiet);
  const r = await a.remove(['projects/p1/.venv'], { delete: true, countdown: 0 });
  assert.equal(r.removed.length, 1);
  const afterRemove = await openArchive(root, { ...quiet, check: false });
  assert.equal(afterRemove.catalog.lookup('projects/p1/.venv'), -1);
  assert.equal(afterRemove.count().entries, a.count().entries);
  await a.undo();
  const afterUndo = await openArchive(root, { ...quiet, check: false });
  assert.ok(afterUndo.catalog.lookup('projects/p1/.venv/bin/python') > 0);
  assert.deepEqual(listing(afterUndo), listing(await openArchive(root, { ...quiet, rescan: true })));
  await a.remove(['notes.txt'], { delete: true, countdown: 0 });
  await a.purge({ delete: true, countdown: 0 });
  const afterPurge = await openArchive(root, { ...quiet, check: false });
  assert.equal(afterPurge.catalog.lookup('notes.txt'), -1);
  assert.deepEqual(listing(afterPurge), listing(await openArchive(root, { ...quiet, rescan: true })));
});

test('saved index: a snippet takes --rescan and --no-check', () => {
  const root = tree(SPEC);
  const env = { ...process.env, RUMMAGE_HOME: tree({}, 'rummage-home-') };
  const run = (...flags: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(repo, 'snippets', 'count.ts'), root, '--json', ...flags], { encoding: 'utf8', env });
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  fs.writeFileSync(path.join(root, 'photos', 'added.jpg'), 'x');
  const trusted = run('--no-check');
  assert.equal(trusted.status, 0, trusted.stderr);
  assert.equal(JSON.parse(trusted.stdout).entries, JSON.parse(first.stdout).entries);
  const rescanned = run('--rescan');
  assert.equal(rescanned.status, 0, rescanned.stderr);
  assert.equal(JSON.parse(rescanned.stdout).entries, JSON.parse(first.stdout).entries + 1);
});

test('saved index: names that are not valid UTF-8 survive the file, and a changed folder holding one is read again byte-exact', async () => {
  const root = tree({ photos: { 'a.jpg': 'a' } });
  const raw = Buffer.concat([Buffer.from(path.join(root, 'photos') + '/'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x70, 0x67])]);
  fs.writeFileSync(raw, 'latin-1 name');
  await tick();
  const first = await openArchive(root, quiet);
  const loaded = await openArchive(root, quiet);
  assert.equal(loaded.index.source, 'loaded');
  assert.deepEqual(listing(loaded), listing(first));
  const row = loaded.catalog.lookup('photos/caf\\xE9.jpg');
  assert.ok(row > 0);
  assert.deepEqual(loaded.catalog.fsPath(row), raw);
  await tick();
  fs.writeFileSync(path.join(root, 'photos', 'b.jpg'), 'b');
  await tick();
  const again = await openArchive(root, quiet);
  assert.equal(again.index.changed, 1);
  assert.deepEqual(listing(again), listing(await openArchive(root, { ...quiet, rescan: true })));
  assert.deepEqual(again.catalog.fsPath(again.catalog.lookup('photos/caf\\xE9.jpg')), raw);
});

/** Hooks that make the check take the cache as cold (statDirs' parallel path) on a small tree; restored after `run`. */
async function withHooks<T>(hooks: typeof dirStatsTestHooks, run: () => Promise<T>): Promise<T> {
  Object.assign(dirStatsTestHooks, hooks);
  try {
    return await run();
  } finally {
    for (const k of Object.keys(dirStatsTestHooks)) delete (dirStatsTestHooks as Record<string, unknown>)[k];
  }
}

test('saved index: the parallel check (a cold cache) marks exactly the folders stale that the serial one does: changed, added, removed, renamed, replaced', async () => {
  const spec: Record<string, Spec> = {};
  for (let t = 0; t < 6; t++) {
    const top: Record<string, Spec> = {};
    for (let s = 0; s < 5; s++) top[`s${s}`] = { x0: { 'f.txt': 'f' }, x1: {}, 'g.txt': 'g' };
    spec[`t${t}`] = top;
  }
  const root = tree(spec);
  const rawDir = Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x63, 0x61, 0x66, 0xe9])]);
  fs.mkdirSync(Buffer.concat([rawDir, Buffer.from('/sub')]), { recursive: true });
  await tick();
  await openArchive(root, quiet);
  await tick();
  const since = Date.now() - CLOCK_SLACK_MS;
  const at = (...p: string[]): string => path.join(root, ...p);
  fs.writeFileSync(at('t0', 's0', 'new.txt'), 'new'); // a file added
  fs.mkdirSync(at('t0', 's1', 'x1', 'fresh')); // a folder added
  fs.rmSync(at('t1', 's1'), { recursive: true }); // a folder removed, with what was below it
  fs.rmSync(at('t2', 's2'), { recursive: true }); // a folder replaced by a file: below it, lstat fails with ENOTDIR
  fs.writeFileSync(at('t2', 's2'), 'now a file');
  fs.mkdirSync(at('t3', 'other', 'x0'), { recursive: true }); // a folder replaced by another (a new inode) holding the same names
  fs.rmSync(at('t3', 's3'), { recursive: true });
  fs.renameSync(at('t3', 'other'), at('t3', 's3'));
  fs.renameSync(at('t4', 's4'), at('t4', 's4-renamed')); // renamed
  fs.chmodSync(at('t5', 's0'), 0o700); // its ctime only
  fs.rmSync(at('t5', 's1'), { recursive: true }); // a folder replaced by a link to a folder with the same names: never followed
  fs.symlinkSync('s2', at('t5', 's1'));
  fs.writeFileSync(Buffer.concat([rawDir, Buffer.from('/sub/in-raw.txt')]), 'r'); // below a name that is not UTF-8
  await tick();
  const cat = (await openArchive(root, { ...quiet, check: false })).catalog;
  const staleNames = (r: { stale: Uint8Array }): string[] => [...r.stale.keys()].filter((i) => r.stale[i] === 1).map((i) => cat.path(i)).sort();
  const before = { ...dirStatsCounts };
  const serial = await changedDirs(cat, since);
  assert.deepEqual(dirStatsCounts, before, 'a warm check of a small tree starts no worker');
  assert.deepEqual(staleNames(serial), ['t0/s0', 't0/s1/x1', 't1', 't2', 't3', 't4', 't5', 't5/s0', 'caf\\xE9/sub'].sort());
  const cases: (typeof dirStatsTestHooks)[] = [
    { coldAfter: 0, chunk: 1, mainWaits: true }, // the workers stat first, the main thread joins
    { coldAfter: 0, chunk: 1 }, // all at once, one folder a claim
    { coldAfter: 7, chunk: 3 }, // serial for 7 folders, then parallel
    { coldAfter: 0, chunk: 1, mainWaits: true, workersDie: true }, // each worker claims a folder and dies: the check stats it again
  ];
  for (const hooks of cases) {
    const workers = dirStatsCounts.workers;
    const byWorkers = dirStatsCounts.byWorkers;
    const parallel = await withHooks(hooks, () => changedDirs(cat, since));
    assert.ok(dirStatsCounts.workers > workers, `${JSON.stringify(hooks)}: workers started`);
    if (hooks.mainWaits === true && hooks.workersDie !== true) assert.ok(dirStatsCounts.byWorkers > byWorkers, 'the workers statted folders');
    assert.deepEqual([...parallel.stale], [...serial.stale], `${JSON.stringify(hooks)}: the same folders stale`);
    assert.equal(parallel.changed, serial.changed);
    assert.equal(parallel.dirs, serial.dirs);
  }
  // The whole open, both ways, without saving: the same index as a full scan.
  const full = await openArchive(root, { ...quiet, rescan: true, save: false });
  const serialOpen = await openArchive(root, { ...quiet, save: false });
  const parallelOpen = await withHooks({ coldAfter: 0, chunk: 2 }, () => openArchive(root, { ...quiet, save: false }));
  assert.equal(serialOpen.index.changed, serial.changed);
  assert.equal(parallelOpen.index.changed, serial.changed);
  assert.equal(parallelOpen.index.dirsChecked, serialOpen.index.dirsChecked);
  assert.deepEqual(listing(parallelOpen), listing(full));
  assert.deepEqual(listing(serialOpen), listing(full));
});
