// groupDupes(), dupeFiles(), contained(), similar(), diff() and emptyDirs()
// on one tree that holds every trap of the issue (test/_dupe-tree.ts).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { demoArchive } from '../lib/demo/index.ts';
import { CancelledError, openArchive, UsageError, type Archive } from '../lib/index.ts';
import type { Catalog } from '../lib/catalog/index.ts';
import { hasherFactory } from '../lib/dupes/common.ts';
import { Splitter } from '../lib/dupes/files.ts';
import { Hasher, type HashOptions } from '../lib/hash/index.ts';
import { bytes, dupeTree, flipped } from './_dupe-tree.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

// Made here, not in before(): tree() cleans up after the enclosing test or hook.
const root = dupeTree();
let archive: Archive;
before(async () => {
  archive = await openArchive(root, { progress: false });
});

const groupPaths = (r: { json(): { groups: { paths: string[] }[] } }): string[][] => r.json().groups.map((g) => g.paths);
const inAnyGroup = (r: { json(): { groups: { paths: string[] }[] } }, p: string): boolean => groupPaths(r).some((g) => g.includes(p));

test('groupDupes(): copies by content whatever their names, topmost only, ranked by reclaimable bytes', async () => {
  const r = await archive.groupDupes();
  assert.equal(r.mode, 'content');
  assert.deepEqual(r.json().groups, [
    // The .DS_Store only in misc/xmas08 is junk: ignored by default.
    { paths: ['backup/old/Christmas 2008', 'misc/xmas08', 'photos/Christmas 2008'], files: 3, bytes: 11000 },
    // Their subfolders, and tree_a's nested ones, are not reported again.
    { paths: ['tree_a', 'tree_b'], files: 3, bytes: 2400 },
  ]);
  assert.deepEqual(r.groups.map((g) => g.reclaimable), [22000, 2400]);
  assert.equal(r.reclaimable, 24400);
});

test('groupDupes(): same names and sizes with different bytes (middle or tail) are not duplicates', async () => {
  const r = await archive.groupDupes();
  for (const p of ['camera1', 'camera2', 'big1', 'big2', 'full', 'partial', 'orig', 'curated']) assert.ok(!inAnyGroup(r, p), p);
});

test('groupDupes(): empty folders and trees of empty files are never duplicates', async () => {
  const r = await archive.groupDupes();
  for (const p of ['empty1', 'empty2', 'zeros1', 'zeros2']) assert.ok(!inAnyGroup(r, p), p);
});

test('groupDupes(): .git folders are left out by default; {git: true} shows the shared object folders', async () => {
  const plain = await archive.groupDupes();
  assert.ok(!groupPaths(plain).flat().some((p) => p.includes('.git')));
  const withGit = await archive.groupDupes({ git: true });
  assert.ok(groupPaths(withGit).some((g) => g.join() === 'repo1/.git,repo2/.git'));
});

test('groupDupes(): {junk: true} counts the .DS_Store, so the copy that has one is no longer a duplicate', async () => {
  const r = await archive.groupDupes({ junk: true });
  assert.deepEqual(groupPaths(r)[0], ['backup/old/Christmas 2008', 'photos/Christmas 2008']);
  assert.ok(!inAnyGroup(r, 'misc/xmas08'));
});

test("groupDupes({by: 'names'}): the seed's method, leaf folders by file names, marked names only", async () => {
  const r = await archive.groupDupes({ by: 'names' });
  assert.equal(r.mode, 'names');
  assert.equal(r.note, 'names only, contents not compared');
  assert.equal(r.json().note, 'names only, contents not compared');
  // Same names, different pictures: grouped here, and only here.
  assert.ok(groupPaths(r).some((g) => g.join() === 'camera1,camera2'));
  assert.ok(String(r).includes('names only, contents not compared'));
});

test("groupDupes({verify: 'bytes'}): the same groups, checked byte by byte", async () => {
  const r = await archive.groupDupes({ verify: 'bytes' });
  assert.deepEqual(groupPaths(r), groupPaths(await archive.groupDupes()));
});

/** A hasher that says `victim` has the same hash as `twin` (a false match), until the bytes are read. */
class ForgingHasher extends Hasher {
  constructor(c: Catalog, o: HashOptions, private readonly alias: ReadonlyMap<number, number>) {
    super(c, o);
  }
  private as(r: number): number {
    return this.alias.get(r) ?? r;
  }
  override fullOf(r: number): Uint8Array | undefined {
    return super.fullOf(this.as(r));
  }
  override partialOf(r: number): Uint8Array | undefined {
    return super.partialOf(this.as(r));
  }
  override word(r: number, kind: 'partial' | 'full' = 'full'): number | undefined {
    return super.word(this.as(r), kind);
  }
  override same(x: number, y: number, kind: 'partial' | 'full' = 'full'): boolean {
    return super.same(this.as(x), this.as(y), kind);
  }
}

/** Runs `body` with every finder's hasher forging `victim` ≡ `twin` (paths relative to the root). */
async function withFalseMatch<T>(victim: string, twin: string, body: () => Promise<T>): Promise<T> {
  const make = hasherFactory.make;
  hasherFactory.make = (c, o) => new ForgingHasher(c, o, new Map([[c.lookup(victim), c.lookup(twin)]]));
  try {
    return await body();
  } finally {
    hasherFactory.make = make;
  }
}

test("verify: 'bytes' catches a false hash match: dupeFiles and groupDupes split the group and report the file", async () => {
  const same = bytes(500, 5000);
  const a2 = await openArchive(tree({ x: { 'f.bin': same }, y: { 'f.bin': same }, z: { 'f.bin': bytes(501, 5000) } }), { progress: false });
  const files = await withFalseMatch('z/f.bin', 'x/f.bin', () => a2.dupeFiles({ cache: false }));
  assert.deepEqual(groupPaths(files), [['x/f.bin', 'y/f.bin', 'z/f.bin']], 'the forged match is believed without verify');
  const checked = await withFalseMatch('z/f.bin', 'x/f.bin', () => a2.dupeFiles({ cache: false, verify: 'bytes' }));
  assert.deepEqual(groupPaths(checked), [['x/f.bin', 'y/f.bin']]);
  assert.deepEqual(checked.problems, [{ path: 'z/f.bin', why: 'same hash as its group but different bytes' }]);
  const dirs = await withFalseMatch('z/f.bin', 'x/f.bin', () => a2.groupDupes({ cache: false }));
  assert.deepEqual(groupPaths(dirs), [['x', 'y', 'z']], 'the forged match is believed without verify');
  const dirsChecked = await withFalseMatch('z/f.bin', 'x/f.bin', () => a2.groupDupes({ cache: false, verify: 'bytes' }));
  assert.deepEqual(groupPaths(dirsChecked), [['x', 'y']]);
  assert.deepEqual(dirsChecked.problems, [{ path: 'z/f.bin', why: 'same hash as its copy but different bytes' }]);
});

test('groupDupes(): bad options are one-line usage errors', async () => {
  await assert.rejects(archive.groupDupes({ by: 'size' as 'names' }), (e: Error) => e instanceof UsageError && /^groupDupes\(\): option 'by' must be one of 'content', 'names', not 'size'; e\.g\. \{by: 'names'\}$/.test(e.message));
  await assert.rejects(archive.groupDupes({ under: 'nowhere' }), (e: Error) => e instanceof UsageError && /under 'nowhere'/.test(e.message));
});

test('groupDupes(): a pair of copies inside each of two duplicate folders is reported once, from one copy', async () => {
  const dup = { a: { 'x.bin': bytes(200, 2000) }, b: { 'x.bin': bytes(200, 2000) }, 'y.txt': 'y' };
  const r2 = tree({ one: dup, two: dup });
  const a2 = await openArchive(r2, { progress: false });
  const r = await a2.groupDupes();
  assert.deepEqual(groupPaths(r), [['one', 'two'], ['one/a', 'one/b']]);
  // Kept one of `one` and `two`, and one of one/a and one/b: 2 × 2,001 + 2,000 bytes.
  assert.equal(r.reclaimable, 4001 + 2000);
});

test("groupDupes(): rmlint's test_deep_full_twice: deep_a ≡ deep_b, and in each a/b/c/d ≡ e/f/g/h; the inner group once, from the kept copy", async () => {
  const inner = { 'x.bin': bytes(400, 3000), 'y.bin': bytes(401, 1000) };
  const deep = { a: { b: { c: { d: inner } } }, e: { f: { g: { h: inner } } } };
  const a2 = await openArchive(tree({ deep_a: deep, deep_b: deep }), { progress: false });
  const r = await a2.groupDupes({ cache: false });
  assert.deepEqual(groupPaths(r), [['deep_a', 'deep_b'], ['deep_a/a/b/c/d', 'deep_a/e/f/g/h']]);
  // Removing deep_b (8,000 bytes) and deep_a/e/f/g/h (4,000) frees 12,000 bytes, each counted once.
  assert.equal(r.reclaimable, 12000);
});

test('groupDupes(): the headline total counts each byte once when a group\'s copy lies inside another group\'s copy', async () => {
  const xmas = { 'IMG_1.JPG': bytes(410, 6000), 'IMG_2.JPG': bytes(411, 4000) };
  const photos = { 'Christmas 2008': xmas, 'cat.jpg': bytes(412, 500) };
  const a2 = await openArchive(tree({ old_photos: photos, pangolin: { photos }, misc: { xmas08: xmas } }), { progress: false });
  const r = await a2.groupDupes({ cache: false });
  assert.deepEqual(groupPaths(r), [['misc/xmas08', 'old_photos/Christmas 2008', 'pangolin/photos/Christmas 2008'], ['old_photos', 'pangolin/photos']]);
  assert.deepEqual(r.groups.map((g) => g.reclaimable), [20000, 10500]);
  // What removing every copy but one frees: pangolin/photos (10,500) and one more Christmas 2008 (10,000), not 30,500.
  assert.equal(r.reclaimable, 20500);
  assert.match(r.summary(), /20\.5 KB reclaimable/);
});

test('groupDupes(): on the demo, the headline is what removing the copies frees (966 KB, not 1.4 MB)', async () => {
  const a2 = await openArchive(demoArchive(), { progress: false });
  const r = await a2.groupDupes({ cache: false });
  const c = a2.catalog;
  const sub = (p: string): number => c.subBytes[c.lookup(p)]!;
  assert.equal(r.reclaimable, sub('pangolin_archive/photos') + sub('misc/xmas08') + sub('projects/tutorial_host/static'));
  assert.match(r.summary(), /, 96\d KB reclaimable/);
});

test('groupDupes(): two paths with one device and inode are one folder, never copies of each other', async () => {
  const album = { 'a.jpg': bytes(1100, 3000), 'b.jpg': bytes(1101, 2000) };
  const a2 = await openArchive(tree({ c: album, d: album }), { progress: false });
  assert.deepEqual(groupPaths(await a2.groupDupes({ cache: false })), [['c', 'd']]);
  // As a bind mount shows them (the scan itself stops at such a repeat; this is the finder's own guard).
  const cat = a2.catalog;
  cat.ino[cat.lookup('d')] = cat.ino[cat.lookup('c')]!;
  cat.dev[cat.lookup('d')] = cat.dev[cat.lookup('c')]!;
  assert.deepEqual(groupPaths(await a2.groupDupes({ cache: false })), []);
});

test('groupDupes(): copies whose files are hardlinked to each other free nothing', async () => {
  const r2 = tree({ a: { 'f.bin': bytes(300, 4000), 'g.bin': bytes(301, 4000) } });
  fs.mkdirSync(path.join(r2, 'b'));
  fs.linkSync(path.join(r2, 'a', 'f.bin'), path.join(r2, 'b', 'f.bin'));
  fs.writeFileSync(path.join(r2, 'b', 'g.bin'), bytes(301, 4000));
  const a2 = await openArchive(r2, { progress: false });
  const [g] = (await a2.groupDupes()).groups;
  assert.deepEqual(g!.paths, ['a', 'b']);
  assert.equal(g!.reclaimable, 4000);
});

test('dupeFiles(): the same groups as jdupes, hardlinks apart', async () => {
  const r = await archive.dupeFiles({ junk: true, git: true });
  const ours = r.groups.filter((g) => !g.hardlinked).map((g) => g.paths.join('|')).sort();
  const out = spawnSync('jdupes', ['-r', '-q', root], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const theirs = out.stdout.trim().split('\n\n').map((block) => block.split('\n').map((p) => path.relative(root, p)).sort().join('|')).sort();
  assert.deepEqual(ours, theirs);
});

test('dupeFiles(): size, partial hash, full hash: the traps stay apart, empty files are never duplicates', async () => {
  const r = await archive.dupeFiles();
  for (const p of ['camera1/IMG_0001.JPG', 'big1/data.bin', 'curated/q05.jpg', 'zeros1/e.txt', 'misc/xmas08/.DS_Store', 'repo1/.git/HEAD']) assert.ok(!inAnyGroup(r, p), p);
  assert.ok(groupPaths(r).some((g) => g.join() === 'camera1/IMG_0002.JPG,camera2/IMG_0002.JPG'));
  assert.ok(groupPaths(r).some((g) => g.join() === 'backup/old/Christmas 2008/IMG_0002.JPG,misc/xmas08/IMG_0002.JPG,photos/Christmas 2008/IMG_0002.JPG'));
  // Ranked by wasted bytes.
  const wasted = r.groups.map((g) => g.wasted);
  assert.deepEqual(wasted, [...wasted].sort((x, y) => y - x));
  assert.equal(r.groups[0]!.wasted, 10000);
});

test('dupeFiles(): names of one inode are reported as hardlinks, with nothing to reclaim', async () => {
  const r = await archive.dupeFiles();
  const links = r.json().groups.find((g) => g.paths.includes('links/a.txt'));
  assert.deepEqual(links, { paths: ['links/a.txt', 'links/b.txt'], size: 31, hardlinked: true, links: [[0, 1]] });
  assert.equal(r.groups.find((g) => g.hardlinked)!.wasted, 0);
});

test('dupeFiles(): JSON says which members share an inode (links: index lists into paths)', async () => {
  const r2 = tree({ a: { 'f.bin': bytes(700, 3000) }, c: { 'f.bin': bytes(700, 3000) }, e: { 'f.bin': bytes(700, 3000) } });
  fs.linkSync(path.join(r2, 'a/f.bin'), path.join(r2, 'b.bin'));
  fs.linkSync(path.join(r2, 'c/f.bin'), path.join(r2, 'd.bin'));
  const a2 = await openArchive(r2, { progress: false });
  const r = await a2.dupeFiles({ cache: false });
  assert.deepEqual(r.json().groups, [{ paths: ['a/f.bin', 'b.bin', 'c/f.bin', 'd.bin', 'e/f.bin'], size: 3000, hardlinked: false, links: [[0, 1], [2, 3]] }]);
  assert.equal(r.groups[0]!.wasted, 6000);
});

test("dupeFiles({verify: 'bytes'}) and {minSize}: the same groups checked byte by byte; small files left out", async () => {
  const plain = await archive.dupeFiles();
  const verified = await archive.dupeFiles({ verify: 'bytes' });
  assert.deepEqual(groupPaths(verified), groupPaths(plain));
  assert.ok(verified.verified);
  const big = await archive.dupeFiles({ minSize: '4KB' });
  assert.deepEqual(big.groups.map((g) => g.size), [5000, 4000]);
  await assert.rejects(archive.dupeFiles({ minSize: 'huge' }), UsageError);
});

test('dupeFiles(): a file that changes or vanishes after the scan is reported, not grouped; FIFOs are never opened', async () => {
  const content = bytes(400, 5000);
  const r2 = tree({ 'a.bin': content, 'b.bin': content, 'c.bin': content, 'd.bin': content, 'e.bin': content });
  assert.equal(spawnSync('mkfifo', [path.join(r2, 'pipe')]).status, 0);
  const a2 = await openArchive(r2, { progress: false });
  fs.appendFileSync(path.join(r2, 'b.bin'), 'more');
  fs.rmSync(path.join(r2, 'c.bin'));
  // A FIFO in a file's place: opened without blocking, and reported.
  fs.rmSync(path.join(r2, 'd.bin'));
  assert.equal(spawnSync('mkfifo', [path.join(r2, 'd.bin')]).status, 0);
  const r = await a2.dupeFiles({ cache: false });
  assert.deepEqual(groupPaths(r), [['a.bin', 'e.bin']]);
  assert.deepEqual(r.problems, [
    { path: 'b.bin', why: 'changed while being read' },
    { path: 'c.bin', why: 'vanished' },
    { path: 'd.bin', why: 'no longer a regular file' },
  ]);
  assert.match(String(r), /3 files could not be compared/);
});

test('contained(): folders whose every file exists elsewhere, with where; partial copies yes, exact copies no', async () => {
  const r = await archive.contained();
  assert.deepEqual(r.json().items, [
    // photos holds nothing but a copy of Christmas 2008: it can go.
    { path: 'photos', files: 3, bytes: 11000, copiesIn: ['backup/old/Christmas 2008', 'misc/xmas08', 'backup/old/Christmas 2008/best'] },
    { path: 'partial', files: 5, bytes: 7515, copiesIn: ['full'] },
  ]);
});

/** Runs git in `cwd` with a fixed identity and no user config; returns stdout. */
function git(cwd: string, ...args: string[]): string {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_SYSTEM: '/dev/null', GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const r = spawnSync('git', ['-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8', env });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('contained(): a folder holding a clone with a commit that exists nowhere else is "working tree contained, history not", and never in the selection', async () => {
  const r2 = tree({ work: { proj: { 'main.py': bytes(600, 3000).toString('hex'), 'README.md': 'read me\n' }, 'notes.txt': bytes(601, 2000), 'extra.txt': bytes(602, 900) }, backup: { 'notes.txt': bytes(601, 2000) } });
  git(path.join(r2, 'work/proj'), 'init', '-q');
  git(path.join(r2, 'work/proj'), 'add', '.');
  git(path.join(r2, 'work/proj'), 'commit', '-q', '-m', 'first');
  git(r2, 'clone', '-q', 'work/proj', 'backup/proj');
  const a2 = await openArchive(r2, { progress: false });
  let r = await a2.contained({ cache: false });
  // A plain clone: the working tree and every object of its history are in work/proj.
  assert.deepEqual(r.json().items.map((it) => [it.path, it.history]), [['backup', 'contained']]);
  assert.deepEqual(Array.from(r.selection().indices, (i) => a2.catalog.path(i)), ['backup']);
  // One commit more, in the clone only: its working tree is the same, its history is not anywhere else.
  git(path.join(r2, 'backup/proj'), 'commit', '-q', '--allow-empty', '-m', 'only here');
  const a3 = await openArchive(r2, { progress: false });
  r = await a3.contained({ cache: false });
  assert.deepEqual(r.json().items.map((it) => [it.path, it.history]), [['backup', 'not contained']]);
  assert.match(String(r), /backup .*working tree contained, history not/);
  assert.equal(r.selection().length, 0);
  // Packed (git gc) on both sides: the packs' object names are compared too.
  git(path.join(r2, 'backup/proj'), 'reset', '-q', '--hard', 'HEAD~1');
  git(path.join(r2, 'backup/proj'), 'reflog', 'expire', '--expire=now', '--all');
  git(path.join(r2, 'backup/proj'), 'gc', '-q', '--prune=now');
  git(path.join(r2, 'work/proj'), 'gc', '-q');
  const a4 = await openArchive(r2, { progress: false });
  r = await a4.contained({ cache: false });
  assert.deepEqual(r.json().items.map((it) => [it.path, it.history]), [['backup', 'contained']]);
});

test('similar(): the near-copy with two pictures dropped and one edited, and nothing exact', async () => {
  const r = await archive.similar();
  assert.deepEqual(r.json().pairs, [{ a: 'orig', b: 'curated', similarity: 0.85, onlyA: 2, onlyB: 0, changed: 1 }]);
  const lower = await archive.similar({ min: 0.5 });
  const pairs = lower.json().pairs.map((p) => `${p.a}~${p.b}`);
  assert.ok(pairs.includes('full~partial') && pairs.includes('camera1~camera2'), pairs.join());
  assert.ok(!pairs.some((p) => p.includes('tree_') || p.includes('Christmas')), pairs.join());
  await assert.rejects(archive.similar({ min: 2 }), (e: Error) => e instanceof UsageError && /^similar\(\): option 'min' must be 1 or less, not 2; e\.g\. \{min: 0\.9\}$/.test(e.message));
  await assert.rejects(archive.similar({ min: 0 }), /option 'min' must be above 0 and at most 1, not 0/);
});

test('similar(): folders that differ never show similarity 1 (499 of 500 files the same is 0.998)', async () => {
  const spec: Record<string, Buffer> = {};
  for (let k = 0; k < 500; k++) spec[`f${k}.txt`] = bytes(800 + k, 50);
  const a2 = await openArchive(tree({ one: spec, two: { ...spec, 'f7.txt': flipped(spec['f7.txt']!, 3) } }), { progress: false });
  const r = await a2.similar({ cache: false });
  assert.deepEqual(r.json().pairs.map((p) => [p.similarity, p.changed]), [[0.998, 1]]);
  assert.match(String(r), /│ +0\.998 │/);
  assert.doesNotMatch(String(r), /│ +1\.00 │/);
  assert.match(String(await a2.diff('one', 'two', { cache: false })), /similarity 0\.998/);
});

test('similar(): a near copy whose twin has exact copies elsewhere is paired with the copy nearest in the tree, and the others are named', async () => {
  const xmas = { 'IMG_1.JPG': bytes(900, 3000), 'IMG_2.JPG': bytes(901, 3000), 'IMG_3.JPG': bytes(902, 3000), 'IMG_4.JPG': bytes(903, 3000), 'IMG_5.JPG': bytes(904, 3000) };
  const edited = { ...xmas, 'IMG_3.JPG': flipped(xmas['IMG_3.JPG'], 10) };
  const a2 = await openArchive(tree({ aaa: { xmas08: xmas }, misc: { xmas08: xmas }, old_photos: { 'Christmas 2008': xmas, 'Christmas 2008 (edited)': edited } }), { progress: false });
  const r = await a2.similar({ cache: false });
  const pairs = r.json().pairs;
  assert.equal(pairs.length, 1);
  assert.deepEqual([pairs[0]!.a, pairs[0]!.b].sort(), ['old_photos/Christmas 2008', 'old_photos/Christmas 2008 (edited)']);
  const p = pairs[0]!;
  assert.deepEqual(p.a === 'old_photos/Christmas 2008' ? p.copiesA : p.copiesB, ['aaa/xmas08', 'misc/xmas08']);
  assert.match(String(r), /exact copies: .*aaa\/xmas08, .*misc\/xmas08/);
});

test('diff(): only in A, only in B, changed and identical, side by side', async () => {
  const d = await archive.diff('orig', 'curated');
  assert.deepEqual(d.onlyA, ['q19.jpg', 'q20.jpg']);
  assert.deepEqual(d.onlyB, []);
  assert.deepEqual(d.changed, ['q05.jpg']);
  assert.equal(d.identical.length, 17);
  assert.equal(d.similarity, 0.85);
  const shown = String(d);
  assert.match(shown, /≠ changed │ q05\.jpg/);
  assert.match(shown, /only in A │ q19\.jpg/);
  // The display form of paths works too, and folder subtrees count as one entry.
  const t = await archive.diff(`${archive.name}/photos`, 'backup/old');
  assert.deepEqual([t.identical, t.onlyA, t.onlyB], [['Christmas 2008/IMG_0001.JPG', 'Christmas 2008/IMG_0002.JPG', 'Christmas 2008/best/IMG_0003.JPG'], [], ['notes.txt']]);
});

test('diff(): bad folders are one-line usage errors', async () => {
  await assert.rejects(archive.diff('orig', 'nowhere'), (e: Error) => e instanceof UsageError && /'nowhere' is not in/.test(e.message));
  await assert.rejects(archive.diff('orig', 'orig/q01.jpg'), (e: Error) => e instanceof UsageError && /not a folder/.test(e.message));
  await assert.rejects(archive.diff('tree_a', 'tree_a/sub1'), (e: Error) => e instanceof UsageError && /one inside the other/.test(e.message));
});

test('emptyDirs(): topmost trees with no bytes; .git left out unless asked for', () => {
  assert.deepEqual(archive.emptyDirs().paths, ['empty1', 'empty2', 'zeros1', 'zeros2']);
  assert.deepEqual(archive.emptyDirs({ git: true }).paths, ['empty1', 'empty2', 'zeros1', 'zeros2', 'repo1/.git/refs', 'repo2/.git/refs']);
  // A folder holding only a .git is a repository, not an empty folder.
  const r2 = tree({ bare: { '.git': { refs: {} } }, nothing: {} });
  return openArchive(r2, { progress: false }).then((a2) => assert.deepEqual(a2.emptyDirs().paths, ['nothing']));
});

const snippet = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', `snippets/${name}.ts`, root, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env } });

test('emptyDirs(): folders inside cruft items are not listed (they go with the item)', async () => {
  const a2 = await openArchive(tree({
    web: { 'package.json': '{}', node_modules: { pkg: { 'index.js': 'x', lib: {} }, '.cache': {} } },
    proj: { '.venv': { 'pyvenv.cfg': 'home = /usr/bin', include: {}, lib: { 'python3.11': { 'site-packages': {} } } }, 'main.py': '' },
    mine: { empty: {} },
  }), { progress: false });
  assert.deepEqual(a2.emptyDirs().paths, ['mine']);
});

test('snippets dupe-dirs, dupe-files, contained, similar: --json gives the documented shapes', async () => {
  const dirs = snippet('dupe-dirs', '--json');
  assert.equal(dirs.status, 0, dirs.stderr);
  assert.deepEqual(JSON.parse(dirs.stdout), (await archive.groupDupes()).json());
  const names = JSON.parse(snippet('dupe-dirs', '--by', 'names', '--json').stdout) as { mode: string; note: string };
  assert.deepEqual([names.mode, names.note], ['names', 'names only, contents not compared']);
  const files = JSON.parse(snippet('dupe-files', '--json').stdout) as { groups: { paths: string[]; size: number; hardlinked: boolean }[] };
  // Found by its paths, not by its place: groups with equal figures are ordered by path, never by worker timing.
  const img2 = files.groups.find((g) => g.paths[0] === 'backup/old/Christmas 2008/IMG_0002.JPG');
  assert.deepEqual(img2, { paths: ['backup/old/Christmas 2008/IMG_0002.JPG', 'misc/xmas08/IMG_0002.JPG', 'photos/Christmas 2008/IMG_0002.JPG'], size: 5000, hardlinked: false, links: [] });
  const inside = JSON.parse(snippet('contained', '--json').stdout) as { items: { path: string }[] };
  assert.deepEqual(inside.items.find((it) => it.path === 'partial'), { path: 'partial', files: 5, bytes: 7515, copiesIn: ['full'] });
  const pairs = JSON.parse(snippet('similar', '--json', '--min', '0.8').stdout) as { pairs: unknown[] };
  assert.deepEqual(pairs.pairs, [{ a: 'orig', b: 'curated', similarity: 0.85, onlyA: 2, onlyB: 0, changed: 1 }]);
});

test('snippets: -v shows every path; bad flag values are one line and exit code 2', () => {
  const all = snippet('dupe-dirs', '-v');
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, /backup\/old\/Christmas 2008/);
  const bad = snippet('dupe-dirs', '--by', 'size');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^rummage: --by must be one of 'content', 'names', not 'size'; e\.g\. --by names$/m);
  const min = snippet('similar', '--min', 'lots');
  assert.equal(min.status, 2);
  assert.match(min.stderr, /^rummage: --min must be a number, not 'lots'; e\.g\. --min 0\.9$/m);
  const size = snippet('dupe-files', '--min-size', 'big');
  assert.equal(size.status, 2);
  assert.match(size.stderr, /^rummage: --min-size must be 0 or more bytes, or a size like '10MB' or '1\.5GB', not 'big'; e\.g\. --min-size 10MB$/m);
});

// {under}: groups inside are found, groups reaching outside are cut to their members inside.
const X = { 'p1.jpg': bytes(1000, 4000), 'p2.jpg': bytes(1001, 3000) };
const PICS = { 'q1.jpg': bytes(1010, 2000), 'q2.jpg': bytes(1011, 2100), 'q3.jpg': bytes(1012, 2200), 'q4.jpg': bytes(1013, 2300), 'q5.jpg': bytes(1014, 2400), 'q6.jpg': bytes(1015, 2500) };
const UNDER_SPEC = {
  doc: {
    a: X,
    b: X,
    'f1.bin': bytes(1020, 5000),
    'f2.bin': bytes(1020, 5000),
    orig: PICS,
    curated: { ...PICS, 'q6.jpg': flipped(PICS['q6.jpg'], 5) },
    full: { 'r1.txt': bytes(1030, 700), 'r2.txt': bytes(1031, 800) },
    partial: { 'r1.txt': bytes(1030, 700) },
  },
  other: { x: X, 'f3.bin': bytes(1020, 5000), 'only.bin': bytes(1040, 900) },
  'only.bin': bytes(1040, 900),
};

test('{under}: dupeFiles, groupDupes (both modes), contained and similar find the groups inside, cut to their members inside', async () => {
  const r2 = tree(UNDER_SPEC);
  const a2 = await openArchive(r2, { progress: false });
  const files = await a2.dupeFiles({ under: 'doc', cache: false });
  const inside = groupPaths(files);
  for (const g of [['doc/f1.bin', 'doc/f2.bin'], ['doc/a/p1.jpg', 'doc/b/p1.jpg'], ['doc/full/r1.txt', 'doc/partial/r1.txt'], ['doc/curated/q1.jpg', 'doc/orig/q1.jpg']]) {
    assert.ok(inside.some((x) => x.join() === g.join()), g.join());
  }
  assert.equal(inside.length, 9);
  assert.ok(inside.flat().every((p) => p.startsWith('doc/')), 'cut to the members inside doc');
  // The whole archive has the members outside too: that is what under cuts.
  assert.ok(groupPaths(await a2.dupeFiles({ cache: false })).some((g) => g.includes('other/f3.bin') && g.includes('doc/f1.bin')));
  assert.deepEqual(groupPaths(await a2.groupDupes({ under: 'doc', cache: false })), [['doc/a', 'doc/b']]);
  assert.deepEqual(groupPaths(await a2.groupDupes({ cache: false })), [['doc/a', 'doc/b', 'other/x']]);
  assert.ok(groupPaths(await a2.groupDupes({ under: 'doc', by: 'names' })).some((g) => g.join() === 'doc/a,doc/b'));
  assert.ok(!groupPaths(await a2.groupDupes({ under: 'doc', by: 'names' })).flat().some((p) => !p.startsWith('doc/')));
  assert.deepEqual((await a2.contained({ under: 'doc', cache: false })).json().items.map((it) => [it.path, it.copiesIn]), [['doc/partial', ['doc/full']]]);
  assert.deepEqual((await a2.similar({ under: 'doc', cache: false })).json().pairs.map((p) => [p.a, p.b].sort()), [['doc/curated', 'doc/orig']]);
  // The printed form of under works too.
  assert.deepEqual(groupPaths(await a2.groupDupes({ under: `${a2.name}/doc`, cache: false })), [['doc/a', 'doc/b']]);
});

test('{under}: the snippets take --under (dupe-files.ts ROOT --under doc prints the groups inside)', () => {
  const r2 = tree(UNDER_SPEC);
  const run = (name: string, ...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', `snippets/${name}.ts`, r2, ...args], { cwd: repo, encoding: 'utf8' });
  const files = run('dupe-files', '--under', 'doc', '--json', '--no-cache');
  assert.equal(files.status, 0, files.stderr);
  const groups = (JSON.parse(files.stdout) as { groups: { paths: string[] }[] }).groups.map((g) => g.paths);
  assert.equal(groups.length, 9);
  assert.ok(groups.flat().every((p) => p.startsWith('doc/')), groups.join(' '));
  const dirs = run('dupe-dirs', '--under', 'doc', '--json', '--no-cache');
  assert.deepEqual((JSON.parse(dirs.stdout) as { groups: { paths: string[] }[] }).groups.map((g) => g.paths), [['doc/a', 'doc/b']]);
  const inside = run('contained', '--under', 'doc', '--json', '--no-cache');
  assert.deepEqual((JSON.parse(inside.stdout) as { items: { path: string }[] }).items.map((it) => it.path), ['doc/partial']);
  const near = run('similar', '--under', 'doc', '--json', '--no-cache');
  assert.equal((JSON.parse(near.stdout) as { pairs: unknown[] }).pairs.length, 1);
  const text = run('dupe-files', '--under', 'doc');
  assert.match(text.stdout, /^9 groups of duplicate files/m);
});

test('Splitter: groups of equal hashes as stretches of the list, in the order of their first rows; first-word collisions split by the whole hash', () => {
  // Row r's hash: [first word, the rest]; 0 has none (could not be read).
  const hashes = new Map<number, readonly [number, number]>([
    [10, [5, 1]], [11, [9, 1]], [12, [5, 1]], [13, [5, 2]], [14, [7, 1]], [15, [9, 1]], [16, [5, 2]], [17, [3, 3]], [18, [5, 1]],
  ]);
  const fake = {
    word: (r: number) => hashes.get(r)?.[0],
    same: (a: number, b: number) => hashes.has(a) && hashes.has(b) && hashes.get(a)!.join() === hashes.get(b)!.join(),
  } as unknown as Hasher;
  const rows = Uint32Array.of(10, 11, 12, 13, 19, 14, 15, 16, 17, 18);
  const groups = new Splitter(fake).split(rows, 'full');
  assert.deepEqual(groups.map((g) => [...g]), [[10, 12, 18], [13, 16], [11, 15]]);
  // In place: each group is a view of the list.
  for (const g of groups) assert.equal(g.buffer, rows.buffer);
  // Two rows: one comparison; one that cannot be read drops out.
  assert.deepEqual(new Splitter(fake).split(Uint32Array.of(10, 12), 'full').map((g) => [...g]), [[10, 12]]);
  assert.deepEqual(new Splitter(fake).split(Uint32Array.of(10, 19), 'full'), []);
  assert.deepEqual(new Splitter(fake).split(Uint32Array.of(10, 11, 17), 'full'), []);
});

test('dupeFiles(): Ctrl-C (the archive signal) stops it with CancelledError, and its hash workers are stopped', async () => {
  const files: Record<string, Buffer> = {};
  for (let k = 0; k < 1500; k++) files[`f${k}.bin`] = bytes(k, 2000);
  const a = await openArchive(tree(files), { progress: false });
  const made: Hasher[] = [];
  const make = hasherFactory.make;
  hasherFactory.make = (c: Catalog, o: HashOptions) => {
    const h = make(c, { ...o, workers: 2 });
    made.push(h);
    return h;
  };
  const ctl = new AbortController();
  a.signal = ctl.signal;
  try {
    const run = a.dupeFiles({ cache: false });
    setImmediate(() => ctl.abort());
    await assert.rejects(run, CancelledError);
  } finally {
    hasherFactory.make = make;
    a.signal = undefined;
  }
  assert.equal(made.length, 1);
  assert.ok(made[0]!.stats.filesRead < 1500);
  assert.equal((made[0] as unknown as { pool: unknown }).pool, undefined, 'closed');
  // The archive works on afterwards.
  assert.equal((await a.dupeFiles({ cache: false })).groups.length, 0);
});
