import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { find } from '../lib/query/find.ts';
import * as scanModule from '../lib/catalog/scan.ts';
import { openArchive } from '../lib/index.ts';
import { scan } from '../lib/catalog/scan.ts';
import { DIR, FILE, OTHER, SYMLINK } from '../lib/types.ts';
import { tree, type Spec } from './_tree.ts';
import { bindMount, ranInMountNamespace, unmounter } from './_mount.ts';

const quiet = { progress: false } as const;

/** Every entry as `path kind size`, sorted: two catalogs of one tree must agree on it. */
function listing(cat: Awaited<ReturnType<typeof scan>>): string[] {
  const out: string[] = [];
  for (let i = 1; i < cat.length; i++) out.push(`${cat.path(i)} ${cat.kind[i]} ${cat.kind[i] === FILE ? cat.size[i] : ''}`);
  return out.sort();
}

test('scan(): counts entries by kind, and bytes of regular files only', async () => {
  const root = tree({
    a: { 'one.txt': 'hello', b: { 'two.bin': Buffer.alloc(1000) } },
    empty: {},
    'link-to-a': { symlink: 'a' },
  });
  const cat = await scan(root, quiet);
  assert.deepEqual(cat.counts(), { entries: 6, files: 2, dirs: 3, symlinks: 1, other: 0, bytes: 1005 });
  const b = cat.lookup('a/b');
  assert.equal(cat.kind[b], DIR);
  assert.equal(cat.subBytes[b], 1000);
  assert.equal(cat.subEntries[cat.lookup('a')], 3);
  assert.equal(cat.subEntries[0], 6);
  assert.equal(cat.errors.length, 0);
});

test('scan(): the main thread and worker threads build the same index', async () => {
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 40; d++) {
    spec[`dir${d}`] = {};
    for (let f = 0; f < d; f++) spec[`dir${d}`]![`f${f}.txt`] = 'x'.repeat(f);
  }
  const root = tree({ top: spec, other: { deep: { deeper: { 'z.txt': 'z' } } } });
  const alone = await scan(root, { ...quiet, workers: 0 });
  const started = scanModule.workersStarted;
  const shared = await scan(root, { ...quiet, workers: 2, workersAfter: 0 });
  assert.equal(scanModule.workersStarted - started, 2, 'workersAfter: 0 shares the walk at once');
  assert.deepEqual(listing(shared), listing(alone));
  assert.deepEqual(shared.counts(), alone.counts());
  assert.equal(shared.subBytes[0], alone.subBytes[0]);
  // Every directory's children are a contiguous run whose parent is that directory.
  for (let i = 0; i < shared.length; i++) {
    for (let c = shared.firstChild[i]!; c < shared.firstChild[i]! + shared.childCount[i]!; c++) assert.equal(shared.parent[c], i);
  }
});

test('scan(): a small tree is walked on the calling thread alone, no worker started', async () => {
  const root = tree({ a: { 'one.txt': '1', b: { 'two.txt': '2' } }, c: {} });
  const started = scanModule.workersStarted;
  const cat = await scan(root, { ...quiet, workers: 2 });
  assert.equal(scanModule.workersStarted, started);
  assert.equal(cat.counts().entries, 5);
});

test('scan(): symlinks are recorded, never followed: a loop, a dangling link, a link out of the root', async () => {
  const outside = tree({ secret: { 'a.txt': 'a', 'b.txt': 'b' } });
  const root = tree({
    loop: { 'self': { symlink: '.' }, 'up': { symlink: '..' } },
    dangling: { symlink: 'no-such-target' },
    out: { symlink: path.join(outside, 'secret') },
  });
  const cat = await scan(root, quiet);
  assert.deepEqual(cat.counts(), { entries: 5, files: 0, dirs: 1, symlinks: 4, other: 0, bytes: 0 });
  assert.equal(cat.kind[cat.lookup('out')], SYMLINK);
  assert.equal(cat.childCount[cat.lookup('out')], 0);
  assert.equal(cat.errors.length, 0);
});

test('scan(): a FIFO and a socket count as other and are never opened', async () => {
  const root = tree({ 'plain.txt': 'p' });
  execFileSync('mkfifo', [path.join(root, 'pipe')]);
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(path.join(root, 'sock'), resolve));
  try {
    // A FIFO opened for reading would block this scan forever: finishing proves it was not.
    const cat = await scan(root, quiet);
    assert.deepEqual(cat.counts(), { entries: 3, files: 1, dirs: 0, symlinks: 0, other: 2, bytes: 1 });
    assert.equal(cat.kind[cat.lookup('pipe')], OTHER);
    assert.equal(cat.kind[cat.lookup('sock')], OTHER);
  } finally {
    server.close();
  }
});

test('scan(): a name that is not valid UTF-8 is kept byte-exact, found, and its path round-trips to lstat', async () => {
  const root = tree({ photos: {} });
  const raw = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x70, 0x67]); // "café.jpg" in Latin-1
  const dir = Buffer.concat([Buffer.from(path.join(root, 'photos') + '/'), raw]);
  fs.writeFileSync(dir, 'latin-1 name');
  const sub = Buffer.concat([Buffer.from(root + '/'), Buffer.from([0x61, 0xff])]);
  fs.mkdirSync(sub);
  fs.writeFileSync(Buffer.concat([sub, Buffer.from('/inner.txt')]), 'inside');
  for (const workers of [0, 1]) {
    const cat = await scan(root, { ...quiet, workers });
    assert.equal(cat.counts().files, 2);
    const sel = find(cat, 'demo', '**/*.jpg');
    assert.equal(sel.length, 1);
    const i = sel.indices[0]!;
    assert.equal(cat.path(i), 'photos/caf\\xE9.jpg');
    assert.deepEqual(cat.pathBytes(i), Buffer.concat([Buffer.from('photos/'), raw]));
    assert.equal(fs.lstatSync(cat.fsPath(i)).size, 12);
    // A child of a non-UTF-8 folder is reachable through its folder's exact bytes.
    const inner = find(cat, 'demo', '**/inner.txt').indices[0]!;
    assert.equal(cat.path(inner), 'a\\xFF/inner.txt');
    assert.equal(fs.readFileSync(cat.fsPath(inner), 'utf8'), 'inside');
    const json = sel.json().items[0]!;
    assert.equal(json.path, 'photos/caf\uFFFD.jpg');
    assert.equal(Buffer.from(json.pathBytes!, 'base64').toString('latin1'), 'photos/caf\xe9.jpg');
  }
});

test('scan(): a name with a newline, and 60 nested levels', async () => {
  const root = tree({ 'two\nlines.txt': 'n' });
  let deep = root;
  for (let d = 0; d < 60; d++) deep = path.join(deep, `level${d}`);
  fs.mkdirSync(deep, { recursive: true });
  fs.writeFileSync(path.join(deep, 'bottom.txt'), 'b');
  const cat = await scan(root, quiet);
  assert.deepEqual(cat.counts(), { entries: 62, files: 2, dirs: 60, symlinks: 0, other: 0, bytes: 2 });
  const bottom = find(cat, 'x', '**/bottom.txt').indices[0]!;
  assert.equal(cat.depth(bottom), 61);
  assert.equal(fs.readFileSync(cat.fsPath(bottom), 'utf8'), 'b');
  assert.notEqual(cat.lookup('two\nlines.txt'), -1);
});

test('scan(): an entry that vanishes between readdir and lstat is recorded in errors, and the scan goes on', async (t) => {
  const root = tree({ keep: { 'a.txt': 'a' }, 'gone.txt': 'soon gone', 'b.txt': 'b' });
  const lstat = fs.lstatSync;
  // Deletes the file just before its lstat, as if another program removed it mid-scan.
  t.mock.method(fs, 'lstatSync', (p: fs.PathLike, o?: fs.StatSyncOptions) => {
    if (String(p).endsWith('/gone.txt') && fs.existsSync(p)) fs.unlinkSync(p);
    return lstat(p, o as fs.StatSyncOptions & { bigint?: false });
  });
  const cat = await scan(root, { ...quiet, workers: 0 });
  assert.deepEqual(cat.errors.map((e) => [e.path, e.code]), [['gone.txt', 'ENOENT']]);
  assert.equal(cat.counts().files, 2);
  // The row kept for it is closed up: the tree below still hangs together.
  assert.equal(fs.readFileSync(cat.fsPath(cat.lookup('keep/a.txt')), 'utf8'), 'a');
  assert.equal(cat.lookup('gone.txt'), -1);
  for (let i = 1; i < cat.length; i++) assert.ok(cat.parent[i]! < i && cat.kind[cat.parent[i]!] === 1, `row ${i} hangs from a folder before it`);
});

test('scan(): an unreadable folder (EACCES, EIO) is recorded with its path and code; the rest is scanned', async (t) => {
  const root = tree({ locked: { 'x.txt': 'x' }, broken: { 'y.txt': 'y' }, open: { 'z.txt': 'z' } });
  const readdir = fs.readdirSync;
  t.mock.method(fs, 'readdirSync', (p: fs.PathLike, o?: unknown) => {
    for (const [dir, code] of [['/locked', 'EACCES'], ['/broken', 'EIO']] as const) {
      if (String(p).endsWith(dir)) throw Object.assign(new Error(`${code}: simulated, scandir '${String(p)}'`), { code });
    }
    return readdir(p, o as undefined);
  });
  const cat = await scan(root, { ...quiet, workers: 0 });
  assert.deepEqual(cat.errors.map((e) => [e.path, e.code]).sort(), [['broken', 'EIO'], ['locked', 'EACCES']]);
  assert.deepEqual(cat.counts(), { entries: 4, files: 1, dirs: 3, symlinks: 0, other: 0, bytes: 1 });
});

test('scan(): stays on the root\'s filesystem unless crossDevices is set', async (t) => {
  const root = tree({ home: { 'a.txt': 'a' }, mnt: { usb: { 'b.txt': 'b' } } });
  const lstat = fs.lstatSync;
  // Reports mnt/usb as another device, as a mount point would be.
  t.mock.method(fs, 'lstatSync', (p: fs.PathLike, o?: fs.StatSyncOptions) => {
    const st = lstat(p, o as fs.StatSyncOptions & { bigint?: false });
    if (String(p).endsWith('/mnt/usb') && st !== undefined) return Object.assign(Object.create(Object.getPrototypeOf(st) as object) as fs.Stats, st, { dev: st.dev + 1 });
    return st;
  });
  const same = await scan(root, { ...quiet, workers: 0 });
  assert.notEqual(same.lookup('mnt/usb'), -1, 'the mount point itself is recorded');
  assert.equal(same.lookup('mnt/usb/b.txt'), -1, 'but not entered');
  const across = await scan(root, { ...quiet, workers: 0, crossDevices: true });
  assert.notEqual(across.lookup('mnt/usb/b.txt'), -1);
});

test('scan(): the quarantine folder at the root is left out', async () => {
  const root = tree({ '.rummage-trash': { '2026': { 'old.txt': 'o' } }, deeper: { '.rummage-trash': { 'kept.txt': 'k' } } });
  const cat = await scan(root, quiet);
  assert.equal(cat.lookup('.rummage-trash'), -1);
  assert.notEqual(cat.lookup('deeper/.rummage-trash/kept.txt'), -1, 'only the root-level quarantine is skipped');
});

test('catalog.markGone() and revive(): a removed subtree leaves counts and ancestors\' totals at once, and comes back', async () => {
  const root = tree({ a: { b: { 'x.bin': Buffer.alloc(10), 'y.bin': Buffer.alloc(5) }, 'z.bin': Buffer.alloc(1) } });
  const cat = await scan(root, quiet);
  const before = cat.counts();
  const b = cat.lookup('a/b');
  const rows = cat.liveRows(b);
  cat.markGone(b);
  assert.deepEqual(cat.counts(), { entries: 2, files: 1, dirs: 1, symlinks: 0, other: 0, bytes: 1 });
  assert.equal(cat.subBytes[cat.lookup('a')], 1);
  assert.equal(cat.subEntries[0], 2);
  assert.equal(cat.lookup('a/b'), -1);
  // revive() undoes exactly that, for undo() without a rescan.
  assert.equal(cat.revive(b, rows), true);
  assert.deepEqual(cat.counts(), before);
  assert.equal(cat.subBytes[0], 16);
  assert.equal(cat.revive(b, rows), false, 'not twice');
});

test('scan(): a live progress line on a terminal, and nothing of it when stderr is not a TTY', () => {
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 20; d++) spec[`d${d}`] = Object.fromEntries(Array.from({ length: 500 }, (_, f) => [`f${f}`, '']));
  const root = tree(spec);
  const repo = path.resolve(import.meta.dirname, '..');
  const cmd = `node --import tsx snippets/count.ts '${root}' --json`;
  const env = { ...process.env, RUMMAGE_PROGRESS_AFTER_MS: '0' };
  // script(1) gives the child a pseudo-terminal, so its stderr is a TTY.
  const onTty = execFileSync('script', ['-qec', cmd, '/dev/null'], { cwd: repo, env, encoding: 'utf8' });
  assert.match(onTty, /scanning… [\d,]+ entries \([\d,]+\/s\)/);
  assert.match(onTty, /"entries":10020/);
  const piped = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/count.ts', root, '--json'], { cwd: repo, env, encoding: 'utf8' });
  assert.equal(piped.stderr, '');
  assert.equal(JSON.parse(piped.stdout).entries, 10020);
});

test('scan(): a worker that never claims a task and a later one that does: names come from the right worker, by tag', async () => {
  const { scanTestHooks } = await import('../lib/catalog/scan.ts');
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 40; d++) {
    spec[`dir${d}`] = {};
    for (let f = 0; f < 50; f++) spec[`dir${d}`]![`d${d}-f${f}.txt`] = 'x';
  }
  const root = tree(spec);
  const alone = await scan(root, { ...quiet, workers: 0 });
  for (const [workers, idle] of [[2, [0]], [3, [0, 1]], [3, [1]]] as const) {
    Object.assign(scanTestHooks, { idle, mainWaits: true });
    try {
      const shared = await scan(root, { ...quiet, workers });
      assert.deepEqual(listing(shared), listing(alone), `workers ${workers}, idle ${idle.join(',')}`);
      // Each file's name carries its folder's number: a name from the wrong worker would not.
      for (let i = 1; i < shared.length; i++) {
        if (shared.kind[i] === FILE) assert.ok(shared.name(i).startsWith(`d${shared.name(shared.parent[i]!).slice(3)}-`), shared.path(i));
      }
    } finally {
      delete scanTestHooks.idle;
      delete scanTestHooks.mainWaits;
    }
  }
});

test('scan(): one big subtree is shared out folder by folder while the walk runs, and the index is the same', async () => {
  const { scanTestHooks } = await import('../lib/catalog/scan.ts');
  // Everything under one folder: the starting list holds a single task, so the
  // other walkers get work only from folders handed over during the walk.
  const all: Record<string, Spec> = {};
  for (let a = 0; a < 12; a++) {
    const sub: Record<string, Spec> = {};
    for (let b = 0; b < 12; b++) sub[`b${b}`] = { [`f${a}-${b}.txt`]: 'x'.repeat(b), c: { 'g.txt': 'g', d: { e: {} } } };
    all[`a${a}`] = sub;
  }
  const root = tree({ all });
  // A folder whose name is not UTF-8, with folders below it: its path's bytes must cross threads exactly.
  const odd = Buffer.concat([Buffer.from(`${root}/all/a0/`), Buffer.from([0x6e, 0xe9, 0x2d, 0x78])]);
  fs.mkdirSync(Buffer.concat([odd, Buffer.from('/inner/deeper')]), { recursive: true });
  fs.writeFileSync(Buffer.concat([odd, Buffer.from('/inner/deeper/h.txt')]), 'h');
  const alone = await scan(root, { ...quiet, workers: 0 });
  assert.equal(alone.counts().files, 12 * 12 * 2 + 1);
  for (const workers of [1, 2]) {
    scanTestHooks.handOver = true;
    try {
      const before = scanModule.foldersShared;
      const shared = await scan(root, { ...quiet, workers, workersAfter: 0 });
      assert.ok(scanModule.foldersShared > before, `workers ${workers}: no folder was handed over`);
      assert.deepEqual(listing(shared), listing(alone), `workers ${workers}`);
      assert.deepEqual(shared.errors, []);
      for (let i = 0; i < shared.length; i++) {
        for (let c = shared.firstChild[i]!; c < shared.firstChild[i]! + shared.childCount[i]!; c++) assert.equal(shared.parent[c], i);
      }
    } finally {
      delete scanTestHooks.handOver;
    }
  }
});

/**
 * Runs `body` with `from` bind-mounted on `to`, and always unmounts, in the
 * test's `after` and in a `finally` (before the temp tree is removed). Not as
 * root, the whole test runs again in a mount namespace of its own.
 */
async function withBindMount(t: TestContext, from: string, to: string, recursive: boolean, body: () => Promise<void>): Promise<void> {
  if (ranInMountNamespace(t, import.meta.filename)) return;
  bindMount(from, to, recursive);
  const unmount = unmounter(t, to);
  try {
    await body();
  } finally {
    unmount();
  }
}

test('scan(): a bind mount of the root inside itself is a loop: not entered, recorded in errors; no file is its own duplicate', async (t) => {
  const root = tree({ a: { b: {} }, c: { 'f.txt': 'only one copy of me\n' } });
  await withBindMount(t, root, path.join(root, 'a', 'b'), true, async () => {
    for (const workers of [0, 2]) {
      const cat = await scan(root, { ...quiet, workers });
      assert.deepEqual(cat.errors.filter((e) => e.code === 'ELOOP').map((e) => e.path), ['a/b'], `workers ${workers}`);
      assert.deepEqual(listing(cat), ['a 1 ', 'a/b 1 ', 'c 1 ', 'c/f.txt 0 20']);
    }
    const a = await openArchive(root, { progress: false, workers: 0 });
    assert.equal((await a.dupeFiles({ cache: false })).groups.length, 0);
    assert.equal((await a.groupDupes({ cache: false })).groups.length, 0);
    assert.ok(a.errors.some((e) => e.path === 'a/b' && e.code === 'ELOOP'));
  });
});

test('scan(): a folder bind-mounted beside itself is scanned once; the second path is recorded, its contents left out', async (t) => {
  const root = tree({ c: { 'f.txt': 'x', sub: { 'g.txt': 'y' } }, d: {} });
  await withBindMount(t, path.join(root, 'c'), path.join(root, 'd'), false, async () => {
    for (const workers of [0, 2]) {
      const cat = await scan(root, { ...quiet, workers });
      assert.deepEqual(listing(cat), ['c 1 ', 'c/f.txt 0 1', 'c/sub 1 ', 'c/sub/g.txt 0 1', 'd 1 '], `workers ${workers}`);
      assert.deepEqual(cat.errors.map((e) => [e.path, e.code]), [['d', 'ELOOP']]);
      assert.match(cat.errors[0]!.message, /same folder .* as c;/);
    }
  });
});
