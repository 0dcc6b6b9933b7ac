// keep(group, path): removing the other copies through remove(), and refusing
// whenever a file would lose its last copy.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { DirGroup, openArchive, Removal, UsageError } from '../lib/index.ts';
import { bytes } from './_dupe-tree.ts';
import { snapshot, tree } from './_tree.ts';
import { bindMount, ranInMountNamespace, unmounter } from './_mount.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const ALBUM = { 'IMG_0001.JPG': bytes(1, 3000), 'IMG_0002.JPG': bytes(2, 5000), best: { 'IMG_0003.JPG': bytes(3, 3000) } };

function quiet<T extends object>(a: T): T & { said: string[] } {
  const said: string[] = [];
  return Object.assign(a, { said, say: (m: string) => void said.push(m) });
}

test('keep(): a dry run that plans removing the other copies, and changes nothing', async () => {
  const root = tree({ photos: { 'Christmas 2008': ALBUM }, misc: { xmas08: ALBUM, 'other.txt': 'x' } });
  const a = await openArchive(root, { progress: false });
  const [g] = (await a.groupDupes()).groups;
  const before = snapshot(root);
  const plan = await a.keep(g!, 'photos/Christmas 2008');
  assert.ok(plan instanceof Removal);
  assert.equal(plan.dryRun, true);
  assert.deepEqual(plan.items.map((it) => it.path), ['misc/xmas08']);
  assert.equal(plan.bytes, 11000);
  assert.deepEqual(snapshot(root), before);
});

test('keep({delete: true}): the other copies go to the quarantine, the kept one stays whole', async () => {
  const root = tree({ a: ALBUM, b: ALBUM, c: { copy: ALBUM, 'x.txt': 'x' } });
  const a = quiet(await openArchive(root, { progress: false }));
  const [g] = (await a.groupDupes()).groups;
  assert.deepEqual(g!.paths, ['a', 'b', 'c/copy']);
  const kept = snapshot(path.join(root, 'b'));
  const done = await a.keep(g!, `${a.name}/b`, { delete: true, countdown: 0 });
  assert.deepEqual(done.removed.map((it) => it.path), ['a', 'c/copy']);
  assert.ok(!fs.existsSync(path.join(root, 'a')) && !fs.existsSync(path.join(root, 'c', 'copy')));
  assert.deepEqual(snapshot(path.join(root, 'b')), kept);
  assert.equal(a.count().files, 4);
  // undo() brings them back: keep() went through remove().
  await a.undo();
  assert.ok(fs.existsSync(path.join(root, 'a', 'best', 'IMG_0003.JPG')));
});

test('keep(): refuses when a file in a copy to remove has no other copy (a .git the comparison left out)', async () => {
  const root = tree({ projA: { 'main.py': 'print(1)\n' }, projB: { 'main.py': 'print(1)\n', '.git': { HEAD: 'ref: refs/heads/only-here\n' } } });
  // A symlink to that file is not a copy of it.
  fs.symlinkSync(path.join(root, 'projB', '.git', 'HEAD'), path.join(root, 'head-link'));
  const a = await openArchive(root, { progress: false });
  const [g] = (await a.groupDupes()).groups;
  assert.deepEqual(g!.paths, ['projA', 'projB']);
  const before = snapshot(root);
  await assert.rejects(a.keep(g!, 'projA', { delete: true, countdown: 0 }), (e: Error) =>
    e instanceof UsageError && /1 file in the copies to remove would lose its last copy, e\.g\. .*\/projB\/\.git\/HEAD; nothing was planned or removed/.test(e.message));
  assert.deepEqual(snapshot(root), before);
  // Keeping the copy that holds the .git is fine.
  const plan = await a.keep(g!, 'projB');
  assert.deepEqual(plan.items.map((it) => it.path), ['projA']);
});

test('keep(): a copy changed since it was grouped is refused, not removed', async () => {
  const root = tree({ a: { 'f.bin': bytes(7, 4000) }, b: { 'f.bin': bytes(7, 4000) } });
  const a = await openArchive(root, { progress: false });
  const [g] = (await a.groupDupes()).groups;
  fs.writeFileSync(path.join(root, 'b', 'f.bin'), bytes(8, 4000));
  await assert.rejects(a.keep(g!, 'a', { delete: true, countdown: 0 }), (e: Error) => e instanceof UsageError && /b\/f\.bin/.test(e.message));
  assert.ok(fs.existsSync(path.join(root, 'b', 'f.bin')));
});

test('keep(): hardlinks of the kept file are one copy: removing the other names keeps the data', async () => {
  const root = tree({ links: { 'a.txt': 'one inode, two names\n' }, other: { 'c.txt': 'one inode, two names\n' } });
  fs.linkSync(path.join(root, 'links', 'a.txt'), path.join(root, 'links', 'b.txt'));
  const a = await openArchive(root, { progress: false });
  const [g] = (await a.dupeFiles()).groups;
  assert.deepEqual(g!.paths, ['links/a.txt', 'links/b.txt', 'other/c.txt']);
  assert.equal(g!.copies, 2);
  const done = await a.keep(g!, 'links/b.txt', { delete: true, countdown: 0 });
  assert.deepEqual(done.removed.map((it) => it.path), ['links/a.txt', 'other/c.txt']);
  assert.equal(fs.readFileSync(path.join(root, 'links', 'b.txt'), 'utf8'), 'one inode, two names\n');
});

test('keep(): junk only in a copy to remove goes with it, and is said', async () => {
  const root = tree({ a: ALBUM, b: { ...ALBUM, '.DS_Store': bytes(9, 600) } });
  const a = quiet(await openArchive(root, { progress: false }));
  const [g] = (await a.groupDupes()).groups;
  const plan = await a.keep(g!, 'a');
  assert.deepEqual(plan.items.map((it) => it.path), ['b']);
  assert.match(a.said.join('\n'), /1 junk file .* goes with them/);
});

test('keep(): bad input is a one-line usage error', async () => {
  const root = tree({ a: ALBUM, b: ALBUM });
  const a = await openArchive(root, { progress: false });
  const [g] = (await a.groupDupes()).groups;
  await assert.rejects(a.keep(g!, 'c'), (e: Error) => e instanceof UsageError && /'c' is not a member of this group; keep one of 'a', 'b'/.test(e.message));
  await assert.rejects(a.keep({} as never, 'a'), (e: Error) => e instanceof UsageError && /takes a group/.test(e.message));
  await a.refresh();
  await assert.rejects(a.keep(g!, 'a'), (e: Error) => e instanceof UsageError && /another scan/.test(e.message));
});

test('keep(): refuses to plan removing the kept folder under another name (a bind mount: same device and inode)', async (t) => {
  if (ranInMountNamespace(t, import.meta.filename)) return;
  const root = tree({ c: ALBUM, d: {}, x: { y: {} } });
  const to = path.join(root, 'd');
  bindMount(path.join(root, 'c'), to);
  const unmount = unmounter(t, to);
  try {
    const a = quiet(await openArchive(root, { progress: false }));
    const c = a.catalog;
    const before = snapshot(path.join(root, 'c'));
    // The scan saw d as the same folder as c: no group, and d recorded as a loop.
    assert.equal((await a.groupDupes({ cache: false })).groups.length, 0);
    assert.ok(a.errors.some((e) => e.path === 'd' && e.code === 'ELOOP'));
    // Even handed such a group, keep() plans nothing.
    const g = new DirGroup(c, Uint32Array.of(c.lookup('c'), c.lookup('d')), 3, 11000, 11000);
    await assert.rejects(a.keep(g, 'c'), (e: Error) => e instanceof UsageError && /'d' is 'c' itself under another name/.test(e.message));
    await assert.rejects(a.keep(g, 'd', { delete: true }), (e: Error) => e instanceof UsageError && /'c' is 'd' itself under another name/.test(e.message));
    assert.deepEqual(snapshot(path.join(root, 'c')), before);
  } finally {
    unmount();
  }
  // Deeper: x holds y, which is c mounted again; removing x would take c with it.
  const inner = path.join(root, 'x', 'y');
  bindMount(path.join(root, 'c'), inner);
  const unmountInner = unmounter(t, inner);
  try {
    const a = quiet(await openArchive(root, { progress: false }));
    const c = a.catalog;
    const g = new DirGroup(c, Uint32Array.of(c.lookup('c'), c.lookup('x')), 3, 11000, 11000);
    await assert.rejects(a.keep(g, 'c'), (e: Error) => e instanceof UsageError && /'x\/y' is 'c' itself under another name/.test(e.message));
  } finally {
    unmountInner();
  }
});

test("keep({verify: 'hash'}): a kept copy rewritten since the scan, size and mtime put back, is hashed again and keep() refuses", async () => {
  const root = tree({ a: { 'x.bin': bytes(7, 6000) }, b: { 'x.bin': bytes(7, 6000) } });
  for (const d of ['a', 'b']) fs.utimesSync(path.join(root, d, 'x.bin'), 1_500_000_000, 1_500_000_000);
  const a = quiet(await openArchive(root, { progress: false }));
  const [g] = (await a.dupeFiles()).groups;
  assert.deepEqual(g!.paths, ['a/x.bin', 'b/x.bin']);
  // Rewritten in place, no rescan: the index (and the cached hash) still say it is b's twin.
  const kept = path.join(root, 'a', 'x.bin');
  const data = fs.readFileSync(kept);
  data[10] = data[10]! ^ 0xff;
  fs.writeFileSync(kept, data);
  fs.utimesSync(kept, 1_500_000_000, 1_500_000_000);
  const before = snapshot(root);
  await assert.rejects(a.keep(g!, 'a/x.bin', { verify: 'hash', delete: true, countdown: 0 }), (e: unknown) => e instanceof UsageError && /last copy/.test(e.message));
  assert.deepEqual(snapshot(root), before);
});
