// Partial and full hashing, and the persistent hash cache: a second run reads
// almost nothing, a damaged cache is survived, a changed file is hashed again.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { CancelledError, openArchive, type Archive } from '../lib/index.ts';
import { Hasher, progressText, SMALL } from '../lib/hash/hasher.ts';
import { cacheFile, check, HashCache, type HashKind } from '../lib/hash/cache.ts';
import { Paths, pathSource } from '../lib/hash/io.ts';
import { bytes, dupeTree } from './_dupe-tree.ts';
import { tree } from './_tree.ts';

const HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
process.env.RUMMAGE_HOME = HOME;
after(() => fs.rmSync(HOME, { recursive: true, force: true }));

function quiet(a: Archive): Archive & { said: string[] } {
  const said: string[] = [];
  return Object.assign(a, { said, say: (m: string) => void said.push(m) });
}

const rowOf = (a: Archive, p: string): number => a.catalog.lookup(p);

test('dupeFiles(), groupDupes(): a second run on an unchanged archive reads nothing', async () => {
  const a = await openArchive(dupeTree(), { progress: false });
  const first = await a.dupeFiles();
  assert.ok(first.stats.filesRead > 20 && first.stats.bytesRead > 200_000);
  const second = await a.dupeFiles();
  assert.deepEqual([second.stats.filesRead, second.stats.bytesRead], [0, 0]);
  assert.ok(second.stats.cached >= first.stats.filesRead);
  assert.deepEqual(second.json(), first.json());
  // groupDupes() reads through the same cache.
  const dirs = await a.groupDupes();
  assert.deepEqual([dirs.stats.filesRead, dirs.stats.bytesRead], [0, 0]);
  assert.equal(dirs.groups.length, 2);
  // The cache lives in the user's cache folder, never inside the archive.
  assert.ok(cacheFile(a.root).startsWith(path.join(HOME, 'cache')));
  assert.ok(fs.existsSync(cacheFile(a.root)));
});

test('hash cache: a corrupted or truncated cache is reported in one line, ignored and rebuilt', async () => {
  const a = quiet(await openArchive(dupeTree(), { progress: false }));
  const expected = (await a.dupeFiles()).json();
  const file = cacheFile(a.root);
  for (const damage of ['flip', 'truncate'] as const) {
    const data = fs.readFileSync(file);
    if (damage === 'flip') data[data.length >> 1]! ^= 0xff;
    fs.writeFileSync(file, damage === 'flip' ? data : data.subarray(0, data.length - 10));
    a.said.length = 0;
    const r = await a.dupeFiles();
    assert.deepEqual(r.json(), expected);
    assert.equal(a.said.length, 1, a.said.join('\n'));
    assert.match(a.said[0]!, damage === 'flip' ? /is damaged \(checksum mismatch .*\); ignoring it and building a new one/ : /is damaged \(truncated .*\); ignoring it and building a new one/);
    assert.ok(r.stats.filesRead > 20);
    // Rebuilt: the next run reads nothing and says nothing.
    a.said.length = 0;
    const again = await a.dupeFiles();
    assert.equal(again.stats.filesRead, 0);
    assert.deepEqual(a.said, []);
  }
});

test('hash cache: a file changed after caching is hashed again', async () => {
  const root = tree({ a: { 'x.bin': bytes(1, 9000) }, b: { 'x.bin': bytes(1, 9000) }, c: { 'x.bin': bytes(2, 9000) } });
  const a = await openArchive(root, { progress: false });
  assert.deepEqual((await a.dupeFiles()).groups.map((g) => g.paths), [['a/x.bin', 'b/x.bin']]);
  // Same size, new content, new mtime: a new cache key.
  fs.writeFileSync(path.join(root, 'c', 'x.bin'), bytes(1, 9000));
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(path.join(root, 'c', 'x.bin'), later, later);
  await a.refresh();
  const r = await a.dupeFiles();
  assert.equal(r.stats.filesRead, 1);
  assert.equal(r.stats.cached, 2);
  assert.deepEqual(r.groups.map((g) => g.paths), [['a/x.bin', 'b/x.bin', 'c/x.bin']]);
});

test('hash cache: {cache: false} reads every file and writes nothing', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
  const old = process.env.RUMMAGE_HOME;
  process.env.RUMMAGE_HOME = home;
  try {
    const a = await openArchive(tree({ a: { 'x.bin': bytes(1, 9000) }, b: { 'x.bin': bytes(1, 9000) } }), { progress: false, save: false });
    for (let k = 0; k < 2; k++) assert.equal((await a.dupeFiles({ cache: false })).stats.filesRead, 2);
    assert.ok(!fs.existsSync(path.join(home, 'cache')));
  } finally {
    process.env.RUMMAGE_HOME = old;
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test('check(): what is wrong with a cache file, or nothing', () => {
  const file = path.join(HOME, 'check.bin');
  const cache = new HashCache('/nowhere', { file });
  const h = new Uint8Array(16).fill(7);
  for (let k = 0; k < 3; k++) cache.put(1, 1, k, 10, 5, h, 0);
  cache.flush();
  const good = fs.readFileSync(file);
  const flip = (at: number): Buffer => {
    const b = Buffer.from(good);
    b[at]! ^= 1;
    return b;
  };
  const rows: [string, Buffer, string | undefined][] = [
    ['intact', good, undefined],
    ['empty', Buffer.alloc(0), 'not a rummage hash cache'],
    ['another format', Buffer.from('SQLite format 3\0'), 'not a rummage hash cache'],
    ['another version', flip(4), 'written by another version'],
    ['cut inside a chunk header', good.subarray(0, 20), 'truncated at byte 16'],
    ['cut inside the records', good.subarray(0, good.length - 1), `truncated at byte ${good.length - 1}, in a chunk that ends at ${good.length}`],
    ['a bad chunk header', flip(16), 'bad chunk header at byte 16'],
    ['a flipped record byte', flip(40), 'checksum mismatch in the chunk at byte 16'],
  ];
  for (const [what, data, expected] of rows) assert.equal(check(data), expected, what);
  // Read back: the same hashes, only for the exact key.
  const back = new HashCache('/nowhere', { file });
  const out = new Uint8Array(16);
  assert.equal(back.get(1, 1, 2, 10, 5, out, 0), true);
  assert.deepEqual(out, h);
  assert.equal(back.get(1, 1, 2, 10, 6, out, 0), false, 'another mtime');
  assert.equal(back.get(0, 1, 2, 10, 5, out, 0), false, 'a partial hash was never stored');
});

test('Hasher: small files get a full hash at once; the partial hash reads the first and last blocks only', async () => {
  const a = await openArchive(dupeTree(), { progress: false });
  const h = new Hasher(a.catalog, { cache: false, progress: false });
  const [cam1, cam2, big1, big2, small] = ['camera1/IMG_0001.JPG', 'camera2/IMG_0001.JPG', 'big1/data.bin', 'big2/data.bin', 'orig/q01.jpg'].map((p) => rowOf(a, p)) as [number, number, number, number, number];
  await h.hash([cam1, cam2, big1, big2, small], 'partial');
  assert.ok(a.catalog.size[small]! <= SMALL && h.fullOf(small) !== undefined);
  assert.equal(h.stats.bytesRead, a.catalog.size[small]! + 4 * 8192);
  // Different in the middle: the partial hashes agree, the full ones do not.
  assert.equal(h.key(cam1, 'partial'), h.key(cam2, 'partial'));
  // The same first 64 KiB, different tails: the partial hashes already differ.
  assert.notEqual(h.key(big1, 'partial'), h.key(big2, 'partial'));
  await h.hash([cam1, cam2], 'full');
  assert.notEqual(h.key(cam1), h.key(cam2));
  h.close();
});

test('Hasher: names of one inode are read once', async () => {
  const root = tree({ 'a.bin': bytes(5, 3000) });
  fs.linkSync(path.join(root, 'a.bin'), path.join(root, 'b.bin'));
  const a = await openArchive(root, { progress: false });
  const h = new Hasher(a.catalog, { cache: false, progress: false });
  await h.hash([rowOf(a, 'a.bin'), rowOf(a, 'b.bin')], 'full');
  assert.equal(h.stats.filesRead, 1);
  assert.equal(h.key(rowOf(a, 'a.bin')), h.key(rowOf(a, 'b.bin')));
  h.close();
});

test('Hasher: worker threads and the main thread give the same hashes', async () => {
  const files: Record<string, Buffer> = {};
  for (let k = 0; k < 1200; k++) files[`f${k}.bin`] = bytes(k % 600, 100 + (k % 600));
  files['big.bin'] = bytes(9, 3 * 1024 * 1024 + 17);
  const a = await openArchive(tree({ d: files }), { progress: false });
  const rows = a.catalog.children(a.catalog.lookup('d'));
  const inline = new Hasher(a.catalog, { cache: false, progress: false, workers: 0 });
  const pooled = new Hasher(a.catalog, { cache: false, progress: false, workers: 2 });
  await inline.hash(rows, 'full');
  await pooled.hash(rows, 'full');
  for (const r of rows) assert.equal(pooled.key(r), inline.key(r));
  assert.equal(pooled.stats.filesRead, 1201);
  inline.close();
  pooled.close();
});

test('Hasher: Ctrl-C (the archive signal) cancels hashing, on the main thread and on workers', async () => {
  const files: Record<string, Buffer> = {};
  for (let k = 0; k < 1500; k++) files[`f${k}.bin`] = bytes(k, 2000);
  const a = await openArchive(tree(files), { progress: false });
  const rows = a.catalog.children(0);
  await assert.rejects(new Hasher(a.catalog, { cache: false, progress: false, signal: AbortSignal.abort() }).hash(rows, 'full'), CancelledError);
  for (const workers of [0, 2]) {
    const ctl = new AbortController();
    const h = new Hasher(a.catalog, { cache: false, progress: false, workers, signal: ctl.signal });
    const run = h.hash(rows, 'full');
    setImmediate(() => ctl.abort());
    await assert.rejects(run, CancelledError);
    assert.ok(h.stats.filesRead < rows.length, `workers: ${workers}`);
    h.close();
  }
});

test('progressText(): files and bytes hashed of the total, and an ETA', () => {
  const rows: [Parameters<typeof progressText>, string][] = [
    [[0, 10, 0, 1000, 0], 'hashing… 0 of 10 files, 0 B of 1.0 KB, starting'],
    [[5, 10, 500, 1000, 2000], 'hashing… 5 of 10 files, 500 B of 1.0 KB, 2.0 s left'],
    [[1000, 4000, 3e9, 4e9, 60_000], 'hashing… 1,000 of 4,000 files, 3.0 GB of 4.0 GB, 1 min 0 s left'],
  ];
  for (const [args, expected] of rows) assert.equal(progressText(...args), expected);
});

/** A cache file holding n records, record k a hash of kind kindOf(k) whose first word is k, for ino 1000 + k and size k. */
function cacheOf(file: string, n: number, kindOf: (k: number) => HashKind): void {
  const cache = new HashCache('/nowhere', { file });
  const h = new Uint8Array(16);
  const word = new DataView(h.buffer);
  for (let k = 0; k < n; k++) {
    word.setUint32(0, k);
    cache.put(kindOf(k), 7, 1000 + k, k, 5, h, 0);
  }
  cache.flush();
}

test('HashCache: every record is found, in the order written (across chunks) or any other', () => {
  const file = path.join(HOME, 'order.bin');
  const n = 70_000;
  cacheOf(file, n, () => 1);
  const out = new Uint8Array(16);
  const seen = new DataView(out.buffer);
  for (const order of ['forward', 'backward'] as const) {
    const back = new HashCache('/nowhere', { file });
    for (let j = 0; j < n; j++) {
      const k = order === 'forward' ? j : n - 1 - j;
      assert.equal(back.get(1, 7, 1000 + k, k, 5, out, 0), true, `${order} ${k}`);
      assert.equal(seen.getUint32(0), k);
    }
    assert.equal(back.get(1, 7, 1000 + n, n, 5, out, 0), false);
  }
});

test('HashCache: lookups in the order written, partial and full hashes interleaved across chunks, need no lookup table', () => {
  const file = path.join(HOME, 'kinds.bin');
  const n = 70_000;
  // As a cold run writes them: a full hash for most files, a partial one for every third, in one pass.
  cacheOf(file, n, (k) => (k % 3 === 0 ? 0 : 1));
  const back = new HashCache('/nowhere', { file });
  const out = new Uint8Array(16);
  const seen = new DataView(out.buffer);
  for (let k = 0; k < n; k++) {
    assert.equal(back.get(k % 3 === 0 ? 0 : 1, 7, 1000 + k, k, 5, out, 0), true, String(k));
    assert.equal(seen.getUint32(0), k);
  }
  assert.equal((back as unknown as { indexed: boolean }).indexed, false, 'every guess was right');
  // The wrong kind, size or ctime misses (and builds the table to be sure).
  assert.equal(back.get(0, 7, 1001, 1, 5, out, 0), false);
  assert.equal(back.get(1, 7, 1001, 2, 5, out, 0), false);
  assert.equal(back.get(1, 7, 1001, 1, 6, out, 0), false);
  assert.equal((back as unknown as { indexed: boolean }).indexed, true);
});

test('pathSource(): the names in shared memory as UTF-8 bytes, the exact bytes for names that are not UTF-8', async () => {
  const root = tree({ 'd\u00e9j\u00e0': { 'a.txt': 'x' }, 'b.txt': 'y' });
  const rawDir = Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x63, 0x61, 0x66, 0xe9])]);
  fs.mkdirSync(rawDir);
  fs.writeFileSync(Buffer.concat([rawDir, Buffer.from('/'), Buffer.from([0x78, 0xff, 0x2e, 0x62, 0x69, 0x6e])]), 'z');
  fs.writeFileSync(Buffer.concat([rawDir, Buffer.from('/plain.txt')]), 'w');
  const a = await openArchive(root, { progress: false });
  const c = a.catalog;
  assert.equal(c.rawNames.size, 2);
  const src = pathSource(c);
  for (const shared of [src.nameBytes, src.nameStart, src.rawIds, src.parent, src.nameId]) assert.ok(shared.buffer instanceof SharedArrayBuffer);
  const paths = Paths.shared(src);
  const own = Paths.of(c);
  for (let i = 1; i < c.length; i++) {
    const got = paths.get(i);
    assert.deepEqual(own.get(i), got);
    if (c.isRaw(i)) assert.deepEqual(got, Buffer.concat([Buffer.from(`${root}/`), c.pathBytes(i)]), c.path(i));
    else assert.equal(got, `${root}/${c.path(i)}`);
    assert.ok(fs.lstatSync(got), c.path(i));
  }
});

test('Hasher: workers open files whose names or folders are not UTF-8', async () => {
  const files: Record<string, Buffer> = {};
  for (let k = 0; k < 1100; k++) files[`f${k}.bin`] = bytes(k, 200);
  const root = tree({ d: files });
  const raw = (...parts: (string | number[])[]): Buffer => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));
  fs.mkdirSync(raw(root, '/', [0x63, 0xe9]));
  fs.writeFileSync(raw(root, '/', [0x63, 0xe9], '/copy.bin'), bytes(1, 200));
  fs.writeFileSync(raw(root, '/', [0x78, 0xff], '.bin'), bytes(2, 200));
  const a = await openArchive(root, { progress: false });
  const c = a.catalog;
  const rows = Array.from({ length: c.length }, (_, i) => i).filter((i) => c.kind[i] === c.kind[c.lookup('d/f0.bin')]);
  const h = new Hasher(c, { cache: false, progress: false, workers: 2 });
  try {
    await h.hash(rows, 'full');
    assert.deepEqual([...h.problems], []);
    assert.equal(h.stats.filesRead, rows.length);
    const rawRows = rows.filter((r) => c.isRaw(r));
    assert.equal(rawRows.length, 2);
    const keys = new Set(rawRows.map((r) => h.key(r)));
    assert.deepEqual(keys, new Set([h.key(c.lookup('d/f1.bin')), h.key(c.lookup('d/f2.bin'))]));
  } finally {
    await h.close();
  }
  const groups = (await a.dupeFiles()).json().groups.filter((g) => g.paths.some((p) => p.includes('\ufffd')));
  assert.equal(groups.length, 2);
});

test('Hasher: hash() takes several lists of rows, reads each row once, in row order', async () => {
  const files: Record<string, Buffer> = {};
  for (let k = 0; k < 20; k++) files[`f${String(k).padStart(2, '0')}.bin`] = bytes(k, 300);
  const a = await openArchive(tree(files), { progress: false });
  const rows = Array.from(a.catalog.children(0));
  const h = new Hasher(a.catalog, { cache: true, progress: false, workers: 0 });
  await h.hash([rows.slice(10).reverse(), rows.slice(0, 12), rows.slice(5, 7)], 'full');
  assert.equal(h.stats.filesRead, 20);
  for (const r of rows) assert.ok(h.fullOf(r));
  await h.close();
  // The cache was written in row order: the next run finds every record by its sequential guess.
  const again = new Hasher(a.catalog, { cache: true, progress: false, workers: 0 });
  await again.hash([rows.slice(3), rows.slice(0, 3)], 'full');
  assert.equal(again.stats.cached, 20);
  assert.equal((again as unknown as { cache: { indexed: boolean } }).cache.indexed, false);
  await again.close();
});

test('hash cache: a file rewritten with its size and mtime put back is hashed again once rescanned (the cache keys on the scan\'s ctime)', async () => {
  const root = tree({ 'a.bin': bytes(1, 5000) });
  const f = path.join(root, 'a.bin');
  fs.utimesSync(f, 1_500_000_000, 1_500_000_000);
  const hashOf = async (a: Archive, recheckCtime = false): Promise<[string, number]> => {
    const row = a.catalog.lookup('a.bin');
    const h = new Hasher(a.catalog, { cache: true, progress: false, workers: 0, recheckCtime });
    try {
      await h.hash([row], 'full');
      return [Buffer.from(h.fullOf(row)!).toString('hex'), h.stats.cached];
    } finally {
      h.close();
    }
  };
  const open = (): Promise<Archive> => openArchive(root, { progress: false, workers: 0, rescan: true });
  const before = await open();
  const [first] = await hashOf(before);
  assert.deepEqual(await hashOf(await open()), [first, 1]);
  const data = fs.readFileSync(f);
  data[100] = data[100]! ^ 0xff;
  fs.writeFileSync(f, data);
  fs.utimesSync(f, 1_500_000_000, 1_500_000_000);
  // Rescanned: the index has the new ctime, and the old record misses.
  const [second, cached] = await hashOf(await open());
  assert.notEqual(second, first);
  assert.equal(cached, 0);
  // Not rescanned: the finders trust the scan; keep()'s recheck (verify: 'hash') stats the file and reads it again.
  const [third, cachedAgain] = await hashOf(before, true);
  assert.deepEqual([third, cachedAgain], [second, 0]);
});
