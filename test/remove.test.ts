// remove(), undo(), purge(): the plan, the quarantine and journal, and every
// safety rule, each proven by what is still on disk afterwards.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CancelledError, QUARANTINE, Selection, UsageError, openArchive, type Archive } from '../lib/index.ts';
import { moveOps } from '../lib/remove/move.ts';
import { JOURNAL, parseJournal, type JournalLine } from '../lib/remove/journal.ts';
import * as scanModule from '../lib/catalog/scan.ts';
import { snapshot, tree, type Spec } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const OPEN = { progress: false, workers: 0 } as const;
const NOW = { delete: true, countdown: 0 } as const;

/** An archive on a fresh tree, with what it says collected instead of printed. */
async function open(spec: Spec): Promise<{ root: string; a: Archive; said: string[] }> {
  const root = tree(spec);
  const a = await openArchive(root, OPEN);
  const said: string[] = [];
  a.say = (m: string) => void said.push(m);
  return { root, a, said };
}

/** Everything below the root but the quarantine. */
function disk(root: string): Map<string, string> {
  return new Map([...snapshot(root)].filter(([k]) => k !== QUARANTINE && !k.startsWith(`${QUARANTINE}/`)));
}

function journal(root: string, name: string): JournalLine[] {
  return parseJournal(fs.readFileSync(`${root}/${QUARANTINE}/${name}/${JOURNAL}`, 'utf8')).items.filter((it) => it.state === 'committed').map((it) => it.line);
}

const PROJECT: Spec = {
  proj: {
    'main.py': 'print("keep me")\n',
    '.venv': { 'pyvenv.cfg': 'home = /usr/bin\n', bin: { activate: '# activate\n' }, lib: { 'site.py': 'x = 1\n' } },
    pkg: { 'mod.py': 'y = 2\n', __pycache__: { 'mod.cpython-311.pyc': 'bytecode' } },
  },
  notes: { 'todo.txt': 'buy milk\n', '.DS_Store': 'ds' },
  'big.log': 'log line\n',
};

test('remove(): a dry run by default; returns the plan (items, entries inside, bytes, largest items) and changes nothing', async () => {
  const { root, a } = await open(PROJECT);
  const before = snapshot(root);
  const plan = a.remove(a.cruft());
  assert.equal(plan.dryRun, true);
  assert.deepEqual(plan.items.map((it) => it.path), ['notes/.DS_Store', 'proj/.venv', 'proj/pkg/__pycache__']);
  assert.equal(plan.entries, 5 + 1);
  assert.equal(plan.bytes, 2 + (16 + 11 + 6) + 8);
  const shown = String(plan);
  assert.match(shown, /^Plan \(dry run, nothing has changed\): remove 3 items, 6 entries inside, 43 B/);
  assert.match(shown, /largest items/);
  assert.match(shown, /1 log match is reported only/);
  assert.deepEqual(snapshot(root), before);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
  assert.equal(a.count().entries, before.size);
});

test('remove({delete: true}): each item moves to .rummage-trash/<removal>/<path>, one journal line each; count() drops without a rescan', async () => {
  const { root, a, said } = await open(PROJECT);
  const before = disk(root);
  const entries = a.count().entries;
  const scans = scanModule.scanCount;
  const r = await a.remove(a.cruft(), { ...NOW, verbose: true });
  assert.deepEqual(r.removed.map((it) => it.path), ['notes/.DS_Store', 'proj/.venv', 'proj/pkg/__pycache__']);
  assert.equal(r.quarantine, `${QUARANTINE}/${r.name}`);
  assert.match(r.name!, /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
  // Moved whole: the quarantine holds each item at its relative path, as it was.
  const held = snapshot(path.join(root, r.quarantine!));
  for (const [p, v] of before) {
    const inside = r.removed.some((it) => p === it.path || p.startsWith(`${it.path}/`));
    if (inside) assert.equal(held.get(p), v, p);
  }
  // One journal line per item: path, kind, bytes, entries, time.
  const lines = journal(root, r.name!);
  assert.deepEqual(lines.map((l) => [l.path, l.kind, l.bytes, l.entries, l.cruft]), [
    ['notes/.DS_Store', 'file', 2, 0, 'junk'],
    ['proj/.venv', 'dir', 33, 5, 'venv'],
    ['proj/pkg/__pycache__', 'dir', 8, 1, 'pycache'],
  ]);
  for (const l of lines) assert.ok(!Number.isNaN(Date.parse(l.time)));
  assert.equal(a.count().entries, entries - 3 - 6);
  assert.equal(scanModule.scanCount, scans);
  assert.equal(a.find('**/.venv').length, 0);
  assert.deepEqual(said.filter((m) => m.startsWith('removed ')), r.removed.map((it) => `removed ${a.name}/${it.path}`));
  // The quarantine is left out of scans.
  assert.equal((await openArchive(root, OPEN)).count().entries, entries - 9);
});

test('remove({delete: true}): says "Removing N items (X) in 3s… Ctrl-C to cancel" before anything moves', async () => {
  const { root, a, said } = await open({ 'a.txt~': 'x', 'b.txt~': 'yy' });
  let seen: Map<string, string> | undefined;
  a.say = (m) => {
    said.push(m);
    seen ??= disk(root);
  };
  const before = disk(root);
  await a.remove(['a.txt~', 'b.txt~'], { delete: true, countdown: 0.05 });
  assert.equal(said[0], 'Removing 2 items (3 B) in 0.1s… Ctrl-C to cancel');
  assert.deepEqual(seen, before);
  await a.undo();
  const { a: b, said: said2 } = await open({ 'c~': 'z' });
  await b.remove('c~', NOW);
  assert.equal(said2[0], 'Removing 1 item (1 B)…');
});

test('safety: refuses the root, anything outside it and paths that climb out with ..; nothing is touched', async () => {
  const outside = tree({ 'precious.txt': 'mine' });
  const outsideBefore = snapshot(outside);
  const { root, a } = await open({ a: { 'x.txt': 'x' } });
  const before = snapshot(root);
  const cases: [unknown, RegExp][] = [
    ['', /must be relative paths/],
    ['.', /refusing to remove the archive root/],
    ['./', /refusing to remove the archive root/],
    [root, /refusing to remove the archive root/],
    [`${outside}/precious.txt`, /is outside the archive \//],
    ['../x', /climbs out with '\.\.'/],
    ['a/../../x', /climbs out with '\.\.'/],
    ['a/../a/x.txt', /climbs out with '\.\.'/],
    ['nope.txt', /is not in the index/],
    [`${QUARANTINE}/x`, /is in the quarantine/],
    [42, /must be relative paths/],
  ];
  for (const [p, message] of cases) {
    assert.throws(() => a.remove([p as string], NOW), (e: unknown) => e instanceof UsageError && message.test(e.message), String(p));
  }
  assert.throws(() => a.remove(new Selection(a.catalog, Uint32Array.of(0, 1), a.name), NOW), /refusing to remove the archive root/);
  // Bad input is refused before anything moves, even next to good input.
  assert.throws(() => a.remove(['a/x.txt', '../x'], NOW), UsageError);
  assert.deepEqual(snapshot(root), before);
  assert.deepEqual(snapshot(outside), outsideBefore);
});

test('safety: a symlink is removed as a link, never its target; a link to a folder outside the root leaves that folder untouched', async () => {
  const outside = tree({ photos: { 'IMG_0001.JPG': 'jpeg', sub: { 'b.JPG': 'b' } } });
  const { root, a } = await open({ 'to-outside': { symlink: `${outside}/photos` }, 'to-inside': { symlink: 'keep/data.txt' }, keep: { 'data.txt': 'data' } });
  const outsideBefore = snapshot(outside);
  const before = disk(root);
  const r = await a.remove(['to-outside', 'to-inside'], NOW);
  assert.equal(r.removed.length, 2);
  assert.deepEqual(snapshot(outside), outsideBefore);
  assert.equal(fs.readFileSync(`${root}/keep/data.txt`, 'utf8'), 'data');
  const q = path.join(root, r.quarantine!);
  assert.equal(fs.readlinkSync(`${q}/to-outside`), `${outside}/photos`);
  assert.equal(fs.lstatSync(`${q}/to-outside`).isSymbolicLink(), true);
  assert.deepEqual(journal(root, r.name!).map((l) => [l.path, l.kind, l.link]).sort(), [['to-inside', 'symlink', 'keep/data.txt'], ['to-outside', 'symlink', `${outside}/photos`]]);
  await a.undo();
  assert.deepEqual(disk(root), before);
  assert.deepEqual(snapshot(outside), outsideBefore);
});

test('safety: Ctrl-C during the countdown of a snippet with --delete removes nothing', async () => {
  const { root } = await open({ '.DS_Store': 'ds', pkg: { __pycache__: { 'a.pyc': 'c' } } });
  const before = snapshot(root);
  const child = spawn(process.execPath, ['--import', 'tsx', 'snippets/cruft.ts', root, '--delete', '--countdown', '60'], { cwd: repo });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('Ctrl-C to cancel')) resolve();
    });
  });
  child.kill('SIGINT');
  assert.equal(await exited, 130);
  assert.match(stderr, /Removing 2 items \(3 B\) in 60s… Ctrl-C to cancel/);
  assert.match(stderr, /rummage: cancelled/);
  assert.deepEqual(snapshot(root), before);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});

test('safety: the REPL\'s Ctrl-C (archive.signal) during the countdown removes nothing', async () => {
  const { root, a } = await open({ '.DS_Store': 'ds' });
  const before = snapshot(root);
  const ac = new AbortController();
  a.signal = ac.signal;
  a.say = (m) => {
    if (m.includes('Ctrl-C to cancel')) ac.abort();
  };
  await assert.rejects(a.remove(a.cruft(), { delete: true, countdown: 30 }), CancelledError);
  assert.deepEqual(snapshot(root), before);
  assert.equal(a.count().entries, 1);
});

test('safety: an item changed between the plan and the move is skipped and reported; the rest go on', async () => {
  const { root, a } = await open({ a: { 'x.txt': 'original' }, b: { 'y.txt': 'y' }, c: { 'z.txt': 'z' }, d: { 'w.txt': 'w' }, e: { inner: { 'v.txt': 'v' } } });
  const plan = a.remove(['a/x.txt', 'b/y.txt', 'c/z.txt', 'd', 'e']);
  // During the countdown, after the plan: one file gains bytes, one is deleted, one is replaced by a link, and a file deep inside a planned folder changes.
  a.say = (m) => {
    if (!m.includes('Ctrl-C')) return;
    fs.appendFileSync(`${root}/a/x.txt`, ' and more');
    fs.rmSync(`${root}/c/z.txt`);
    fs.symlinkSync('/etc', `${root}/c/z.txt`);
    fs.writeFileSync(`${root}/e/inner/v.txt`, 'changed');
    fs.rmSync(`${root}/b/y.txt`);
  };
  const r = await a.remove(plan, { delete: true, countdown: 0.01 });
  assert.deepEqual(r.removed.map((it) => it.path), ['d']);
  assert.deepEqual(Object.fromEntries(r.skipped.map((s) => [s.path, s.reason])), {
    'a/x.txt': 'it changed since the scan (size or mtime)',
    'b/y.txt': 'no longer there',
    'c/z.txt': 'it is a symlink now, not a file',
    e: 'e/inner/v.txt changed since the scan (size or mtime)',
  });
  assert.equal(fs.readFileSync(`${root}/a/x.txt`, 'utf8'), 'original and more');
  assert.equal(fs.readFileSync(`${root}/e/inner/v.txt`, 'utf8'), 'changed');
  assert.equal(fs.readlinkSync(`${root}/c/z.txt`), '/etc');
  assert.match(String(r), /skipped: .*\/a\/x\.txt: it changed since the scan/);
});

test('safety: a folder above an item swapped for a link since the scan is never followed', async () => {
  const outside = tree({ x: { 'data.txt': 'outside data' } });
  const { root, a } = await open({ x: { 'data.txt': 'inside data' } });
  fs.renameSync(`${root}/x`, `${root}/x-moved`);
  fs.symlinkSync(`${outside}/x`, `${root}/x`);
  const r = await a.remove('x/data.txt', NOW);
  assert.deepEqual(r.skipped, [{ path: 'x/data.txt', reason: 'x is a link now' }]);
  assert.equal(fs.readFileSync(`${outside}/x/data.txt`, 'utf8'), 'outside data');
  assert.equal(fs.readFileSync(`${root}/x-moved/data.txt`, 'utf8'), 'inside data');
});

test('safety: an item inside an item already removed is skipped; within one removal it goes with the outer item', async () => {
  const { a } = await open({ a: { 'x.txt': 'x', sub: { 'y.txt': 'y' } }, b: { 'z.txt': 'z' } });
  const inner = a.find('a/*');
  const both = a.find('{a,a/sub,a/sub/y.txt}');
  const plan = a.remove(both);
  assert.deepEqual(plan.items.map((it) => it.path), ['a']);
  assert.match(String(plan), /2 selected entries lie inside other items and go with them/);
  await a.remove('a', NOW);
  const r = await a.remove(inner, NOW);
  assert.deepEqual(r.removed, []);
  assert.deepEqual(r.skipped.map((s) => [s.path, s.reason]).sort(), [['a/sub', 'inside a, already removed'], ['a/x.txt', 'inside a, already removed']]);
});

test('safety: a root-level item with the journal\'s own name is never moved over the journal', async () => {
  const { root, a } = await open({ [JOURNAL]: 'mine', 'a~': 'a' });
  const r = await a.remove([JOURNAL, 'a~'], NOW);
  assert.deepEqual(r.removed.map((it) => it.path), ['a~']);
  assert.deepEqual(r.skipped, [{ path: JOURNAL, reason: "it has the quarantine journal's name; rename it first" }]);
  assert.equal(fs.readFileSync(`${root}/${JOURNAL}`, 'utf8'), 'mine');
});

test('safety: a failure on one item (EACCES, EBUSY) is reported and the rest go on', async () => {
  const { root, a } = await open({ 'a.txt~': 'a', 'b.txt~': 'b', 'c.txt~': 'c' });
  const before = disk(root);
  const real = moveOps.rename;
  moveOps.rename = (from, to) => {
    const name = path.basename(from.toString());
    if (name === 'a.txt~') throw Object.assign(new Error(`EACCES: permission denied, rename '${from.toString()}'`), { code: 'EACCES' });
    if (name === 'b.txt~') throw Object.assign(new Error(`EBUSY: resource busy or locked, rename '${from.toString()}'`), { code: 'EBUSY' });
    real(from, to);
  };
  try {
    const r = await a.remove(a.cruft('junk'), NOW);
    assert.deepEqual(r.failed.map((f) => [f.path, f.code]), [['a.txt~', 'EACCES'], ['b.txt~', 'EBUSY']]);
    assert.deepEqual(r.removed.map((it) => it.path), ['c.txt~']);
    const after = disk(root);
    assert.deepEqual([after.get('a.txt~'), after.get('b.txt~')], [before.get('a.txt~'), before.get('b.txt~')]);
    assert.deepEqual(journal(root, r.name!).map((l) => l.path), ['c.txt~']);
    assert.equal(a.count().entries, 2);
  } finally {
    moveOps.rename = real;
  }
});

test('safety: a cross-device move is copied, verified, then deleted; what cannot be copied is refused and left whole', async () => {
  const root = tree({ big: { 'data.bin': Buffer.from([0, 1, 2, 255]), sub: { 'n.txt': 'n' }, link: { symlink: 'data.bin' } }, 'small.txt': 'small' });
  fs.chmodSync(`${root}/big/data.bin`, 0o640);
  fs.utimesSync(`${root}/big/sub`, new Date('2011-05-06T07:08:09.123Z'), new Date('2011-05-06T07:08:09.123Z'));
  assert.equal(spawnSync('mkfifo', [`${root}/pipe`]).status, 0);
  const a = await openArchive(root, OPEN);
  a.say = () => {};
  const before = disk(root);
  const real = moveOps.rename;
  moveOps.rename = (from, to) => {
    if (from.toString().startsWith(root)) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    real(from, to);
  };
  let r;
  try {
    r = await a.remove(['big', 'pipe', 'small.txt'], NOW);
  } finally {
    moveOps.rename = real;
  }
  assert.deepEqual(r.removed.map((it) => it.path), ['big', 'small.txt']);
  assert.deepEqual(r.failed.map((f) => [f.path, f.code]), [['pipe', 'ENOTSUP']]);
  assert.match(r.failed[0]!.message, /left in place/);
  // Never half-moved: the FIFO is where it was, and nothing of it is in the quarantine.
  assert.equal(fs.lstatSync(`${root}/pipe`).isFIFO(), true);
  assert.equal(fs.existsSync(`${root}/${r.quarantine}/pipe`), false);
  assert.equal(fs.existsSync(`${root}/big`), false);
  assert.deepEqual(journal(root, r.name!).map((l) => [l.path, l.via]), [['big', 'copy'], ['small.txt', 'copy']]);
  const held = snapshot(`${root}/${r.quarantine}`);
  for (const [p, v] of before) if (p === 'big' || p.startsWith('big/') || p === 'small.txt') assert.equal(held.get(p), v, p);
  const u = await a.undo();
  assert.equal(u.index, 'rescanned');
  assert.deepEqual(u.differs, []);
  assert.deepEqual(disk(root), before);
});

test('undo(): restores byte-identical (modes, mtimes, link targets) and the index without a rescan', async () => {
  const root = tree({ proj: { env: { 'pyvenv.cfg': 'x', bin: { activate: 'a', python: { symlink: '/usr/bin/python3' } } }, 'keep.py': 'k' }, 'x.pyc': 'c' });
  fs.chmodSync(`${root}/proj/env/bin/activate`, 0o755);
  fs.utimesSync(`${root}/proj/env/bin`, new Date('2009-01-02'), new Date('2009-01-02'));
  fs.utimesSync(`${root}/proj`, new Date('2012-03-04'), new Date('2012-03-04'));
  const a = await openArchive(root, OPEN);
  a.say = () => {};
  const before = snapshot(root);
  const counts = a.count();
  const r = await a.remove(a.cruft(), NOW);
  assert.equal(r.removed.length, 2);
  const scans = scanModule.scanCount;
  const u = await a.undo();
  assert.equal(u.name, r.name);
  assert.deepEqual([...u.restored].sort(), ['proj/env', 'x.pyc']);
  assert.equal(u.index, 'revived');
  assert.equal(scanModule.scanCount, scans);
  assert.deepEqual(snapshot(root), before);
  assert.deepEqual({ ...a.count() }, { ...counts });
  assert.equal(a.find('proj/env/bin/*').length, 2);
  // Revived rows are removable again, checked against the disk like any other.
  const again = await a.remove('proj/env', NOW);
  assert.deepEqual(again.removed.map((it) => it.path), ['proj/env']);
});

test('undo(): in a new session the index is rescanned; undo(name) takes a named removal; nothing left says so', async () => {
  const { root, a } = await open({ 'a~': 'a', 'b~': 'b' });
  const first = await a.remove('a~', NOW);
  await a.remove('b~', NOW);
  const b = await openArchive(root, OPEN);
  const u = await b.undo(first.name);
  assert.deepEqual(u.restored, ['a~']);
  assert.equal(u.index, 'rescanned');
  assert.equal(b.count().entries, 1);
  assert.deepEqual((await b.undo()).restored, ['b~']);
  assert.equal(b.count().entries, 2);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
  const none = await b.undo();
  assert.equal(none.name, undefined);
  assert.match(String(none), /Nothing to undo/);
  await assert.rejects(b.undo('../etc'), /removal name "\.\.\/etc" is not valid/);
  await assert.rejects(b.undo('2001-01-01T00-00-00-000Z'), /no removal named/);
});

test('undo(): refuses to overwrite what now exists at a target path, reports it, and restores the rest; undo(name) again finishes', async () => {
  const { root, a } = await open({ 'a~': 'old a', 'b~': 'old b' });
  const r = await a.remove(['a~', 'b~'], NOW);
  fs.writeFileSync(`${root}/a~`, 'new a');
  const u = await a.undo();
  assert.deepEqual(u.restored, ['b~']);
  assert.deepEqual(u.refused, [{ path: 'a~', reason: `something now exists at this path; move it away, then undo('${r.name}') again` }]);
  assert.equal(fs.readFileSync(`${root}/a~`, 'utf8'), 'new a');
  assert.equal(fs.readFileSync(`${root}/${r.quarantine}/a~`, 'utf8'), 'old a');
  assert.match(String(u), /refused: .*a~: something now exists/);
  fs.renameSync(`${root}/a~`, `${root}/a-new`);
  const again = await a.undo(r.name);
  assert.deepEqual(again.restored, ['a~']);
  assert.equal(fs.readFileSync(`${root}/a~`, 'utf8'), 'old a');
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});

test('undo(): never restores through a folder that is a link now, nor into a folder that is gone', async () => {
  const outside = tree({});
  const { root, a } = await open({ d: { 'x~': 'x' }, e: { 'y~': 'y' } });
  await a.remove(['d/x~', 'e/y~'], NOW);
  fs.renameSync(`${root}/d`, `${root}/d-real`);
  fs.symlinkSync(outside, `${root}/d`);
  fs.rmSync(`${root}/e`, { recursive: true });
  const u = await a.undo();
  assert.deepEqual(u.restored, []);
  assert.deepEqual(Object.fromEntries(u.refused.map((x) => [x.path, x.reason])), {
    'd/x~': 'd is a link; refusing to restore through it (undo that first, or recreate the folder)',
    'e/y~': 'e is not there; refusing to restore through it (undo that first, or recreate the folder)',
  });
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('remove({permanent: true}): no quarantine copy, but the countdown and journal still apply; undo() says it cannot', async () => {
  const { root, a, said } = await open({ 'a~': 'a', keep: 'k' });
  const r = await a.remove('a~', { delete: true, countdown: 0.01, permanent: true });
  assert.deepEqual(r.removed.map((it) => it.path), ['a~']);
  assert.deepEqual(said, ['Permanent: this item skips the quarantine and cannot be undone.', 'Removing 1 item (1 B) in 0s… Ctrl-C to cancel']);
  assert.equal(fs.existsSync(`${root}/a~`), false);
  assert.equal(fs.existsSync(`${root}/${r.quarantine}/a~`), false);
  assert.deepEqual(journal(root, r.name!).map((l) => [l.path, l.permanent]), [['a~', true]]);
  const u = await a.undo();
  assert.deepEqual(u.restored, []);
  assert.match(String(u), /was permanent: nothing to restore/);
  assert.equal(fs.readFileSync(`${root}/keep`, 'utf8'), 'k');
});

test('remove(cruft()): verified items of removable kinds only; includeUnverified adds name-only ones, never log or system-backup', async () => {
  const { a } = await open({ venv_notes: { 'n.txt': 'n' }, '.DS_Store': 'd', 'x.log': 'l', bk: { etc: { passwd: 'p' } } });
  assert.deepEqual(a.remove(a.cruft()).items.map((it) => it.path), ['.DS_Store']);
  assert.deepEqual(a.remove(a.cruft(), { includeUnverified: true }).items.map((it) => it.path).sort(), ['.DS_Store', 'venv_notes']);
  assert.deepEqual(a.remove(a.cruft('log').selection()).items.map((it) => it.path), ['x.log']);
});

test('remove(): a Selection from an earlier scan, bad options and a quarantine that is a link are refused', async () => {
  const outside = tree({});
  const { root, a } = await open({ 'a~': 'a' });
  const other = await openArchive(root, OPEN);
  assert.throws(() => a.remove(other.find('*')), /comes from another scan/);
  assert.throws(() => a.remove(other.cruft()), /comes from another scan/);
  assert.throws(() => a.remove('a~', { countdown: -1 }), /remove\(\): option 'countdown' must be 0 or more, not -1/);
  assert.throws(() => a.remove(42 as unknown as string), /remove\(\) takes a Selection/);
  fs.symlinkSync(outside, path.join(root, QUARANTINE));
  await assert.rejects(a.remove('a~', NOW), /\.rummage-trash in .* is a link; move it away/);
  assert.equal(fs.readFileSync(`${root}/a~`, 'utf8'), 'a');
  assert.deepEqual(fs.readdirSync(outside), []);
});

test('remove() and undo(): names that are not valid UTF-8 are removed and restored like any others', async () => {
  const root = tree({});
  const odd = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
  fs.mkdirSync(odd);
  fs.writeFileSync(Buffer.concat([odd, Buffer.from('/'), Buffer.from([0xff, 0x2e, 0x70, 0x79, 0x63])]), 'bytecode');
  fs.writeFileSync(Buffer.concat([odd, Buffer.from('/keep.txt')]), 'keep');
  const before = snapshot(root);
  const a = await openArchive(root, OPEN);
  a.say = () => {};
  const r = await a.remove(a.cruft('pyc'), NOW);
  assert.equal(r.removed.length, 1);
  const json = r.outcome();
  assert.equal(json.removed[0], 'caf\uFFFD/\uFFFD.pyc');
  const line = journal(root, r.name!)[0]!;
  assert.deepEqual(Buffer.from(line.pathBytes!, 'base64'), Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('/'), Buffer.from([0xff]), Buffer.from('.pyc')]));
  assert.equal(a.count().entries, 2);
  await a.undo();
  assert.deepEqual(snapshot(root), before);
  assert.equal(a.count().entries, 3);
});

test('purge(): a dry run unless {delete: true}; olderThan picks old removals; trash() lists them', async () => {
  const { root, a } = await open({ 'a~': 'aa', 'b~': 'bbb' });
  const r1 = await a.remove('a~', NOW);
  const r2 = await a.remove('b~', NOW);
  // Make the first removal an old one.
  const file = `${root}/${r1.quarantine}/${JOURNAL}`;
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/"time":"[^"]+"/, '"time":"2020-01-01T00:00:00.000Z"'));
  const list = a.trash();
  assert.equal(list.removals.length, 2);
  assert.deepEqual(list.removals.map((x) => [x.items, x.held, x.bytes]), [[1, 1, 2], [1, 1, 3]]);
  assert.match(String(list), /2 removals, 5 B held/);
  const plan = a.purge();
  assert.equal(plan.removals.length, 2);
  assert.match(String(plan), /Plan \(dry run, nothing has changed\): delete 2 removals \(5 B\) for good/);
  assert.equal(a.trash().removals.length, 2);
  assert.deepEqual(a.purge({ olderThan: '30d' }).removals.map((x) => x.name), [r1.name]);
  assert.throws(() => a.purge({ olderThan: 'last week' }), /purge\(\): option 'olderThan' must be a date/);
  const only = await a.purge({ olderThan: '30d', delete: true, countdown: 0 });
  assert.deepEqual(only.purged, [r1.name]);
  assert.deepEqual(a.trash().removals.map((x) => x.name), [r2.name]);
  const all = await a.purge({ delete: true, countdown: 0 });
  assert.equal(all.purged.length, 1);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
  assert.match(String(await a.undo()), /Nothing to undo/);
});

test('purge(): a quarantined link to a folder outside the root is deleted as a link; the folder is untouched', async () => {
  const outside = tree({ photos: { 'a.JPG': 'jpeg' } });
  const before = snapshot(outside);
  const { root, a } = await open({ 'photos-link': { symlink: `${outside}/photos` } });
  await a.remove('photos-link', NOW);
  const p = await a.purge({ delete: true, countdown: 0 });
  assert.equal(p.purged.length, 1);
  assert.deepEqual(snapshot(outside), before);
  assert.deepEqual(fs.readdirSync(root), []);
});

test('snippets: --delete adds "removed" and "quarantine" to the JSON; --include-unverified and --permanent; undo.ts and purge.ts', () => {
  const root = tree({ venv_notes: { 'n.txt': 'n' }, proj: { '.venv': { 'pyvenv.cfg': 'c' } }, '.DS_Store': 'ds' });
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8' });
  const v = run('snippets/venvs.ts', root, '--json', '--delete', '--countdown', '0');
  assert.equal(v.status, 0, v.stderr);
  const out = JSON.parse(v.stdout) as { items: unknown[]; removed: string[]; quarantine: string; skipped: unknown[]; failed: unknown[] };
  assert.equal(out.items.length, 2);
  assert.deepEqual(out.removed, ['proj/.venv']);
  assert.match(out.quarantine, /^\.rummage-trash\/\d{4}-/);
  assert.deepEqual([out.skipped, out.failed], [[], []]);
  assert.match(v.stderr, /Removing 1 item \(1 B\)…/);
  assert.ok(fs.existsSync(path.join(root, out.quarantine, 'proj/.venv/pyvenv.cfg')));
  const u = run('snippets/undo.ts', root, '--json');
  assert.deepEqual(JSON.parse(u.stdout), { removal: out.quarantine.split('/')[1], restored: ['proj/.venv'], refused: [], failed: [], differs: [], damaged: [] });
  const all = run('snippets/venvs.ts', root, '--json', '--delete', '--countdown', '0', '--include-unverified', '--permanent');
  assert.deepEqual((JSON.parse(all.stdout) as { removed: string[] }).removed.sort(), ['proj/.venv', 'venv_notes']);
  assert.equal(fs.existsSync(path.join(root, 'venv_notes')), false);
  const p = run('snippets/purge.ts', root, '--json');
  assert.equal((JSON.parse(p.stdout) as { removals: unknown[] }).removals.length, 1);
  const purged = run('snippets/purge.ts', root, '--json', '--delete', '--countdown', '0');
  assert.equal((JSON.parse(purged.stdout) as { purged: string[] }).purged.length, 1);
  assert.deepEqual(fs.readdirSync(root).sort(), ['.DS_Store', 'proj']);
});
