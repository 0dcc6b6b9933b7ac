import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { ago, bar } from '../lib/drive/du.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const bytes = (n: number): string => 'x'.repeat(n);

const SPEC = {
  photos: { '2008': { 'a.jpg': bytes(4000), 'b.jpg': bytes(3000) }, '2009': { 'c.jpg': bytes(1000) } },
  projects: { web: { 'index.html': bytes(500) }, 'notes.md': bytes(400) },
  'big.iso': bytes(2500),
  empty: {},
};

test('bar(): eighths of a cell, clamped to 0..1, always the full width', () => {
  const rows: [number, number, string][] = [
    [0, 4, '    '],
    [1, 4, '████'],
    [0.5, 4, '██  '],
    [1 / 32, 4, '▏   '],
    [0.3, 4, '█▎  '],
    [2, 3, '███'],
    [-1, 3, '   '],
  ];
  for (const [share, width, want] of rows) assert.equal(bar(share, width), want, `${share}`);
});

test('ago(): days, months, years', () => {
  const D = 86400e3;
  const rows: [number, string][] = [[0, 'today'], [D, '1 day'], [12 * D, '12 days'], [90 * D, '2 months'], [800 * D, '2 years'], [3653 * D, '10 years']];
  for (const [ms, want] of rows) assert.equal(ago(ms), want);
});

test('du(): the children of the root, largest first, with bytes, entries and bars', async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  const d = a.du();
  assert.equal(d.bytes, 11400);
  assert.deepEqual(d.items.map((r) => [r.path, r.kind, r.bytes, r.entries, r.depth]), [
    ['photos', 'dir', 8000, 5, 1],
    ['big.iso', 'file', 2500, 0, 1],
    ['projects', 'dir', 900, 3, 1],
    ['empty', 'dir', 0, 0, 1],
  ]);
  const shown = inspect(d);
  const lines = shown.split('\n');
  assert.match(lines[0]!, /11\.4 KB in 12 entries/);
  assert.match(lines[1]!, /^8\.0 KB\s+70% █+.*\s5\s+├─ photos\/$/);
  assert.match(lines[4]!, /└─ empty\/$/);
});

test('du(path, {depth, limit}): nested rows in tree order; a shown entry always has its parent', async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  const d = a.du({ depth: 2 });
  assert.deepEqual(d.items.map((r) => `${'  '.repeat(r.depth - 1)}${r.path}`), [
    'photos',
    '  photos/2008',
    '  photos/2009',
    'big.iso',
    'projects',
    '  projects/web',
    '  projects/notes.md',
    'empty',
  ]);
  assert.match(inspect(d), /├─ photos\/\n.*│  ├─ 2008\/\n.*│  └─ 2009\/\n/);
  const top3 = a.du({ depth: Infinity, limit: 3 });
  assert.deepEqual(top3.items.map((r) => r.path), ['photos', 'photos/2008', 'photos/2008/a.jpg']);
  assert.equal(top3.hidden, 12 - 3);
  assert.match(inspect(top3), /\n.*└─ photos\/\n.*   └─ 2008\/\n.*      └─ a\.jpg\n/);
  assert.match(inspect(top3), /… and 9 smaller entries/);
  const sub = a.du('photos/');
  assert.equal(sub.path, 'photos');
  assert.deepEqual(sub.items.map((r) => r.name), ['2008', '2009']);
  assert.throws(() => a.du('nope'), /du\(\) 'nope' is not in rummage-test-\w+ \(/);
  assert.throws(() => a.du('big.iso'), /is a file, not a folder/);
  assert.throws(() => a.du({ depth: 0 }), /^UsageError: du\(\): option 'depth' must be 1 or more, not 0; e\.g\. \{depth: 2\}$/);
  assert.match(inspect(a.du('empty')), /\(empty\)/);
});

test('du(): the bytes of the rows below a folder add up to the folder (seeded random trees)', async () => {
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const make = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const n = 1 + rnd(4);
    for (let k = 0; k < n; k++) out[`n${k}`] = depth > 0 && rnd(2) === 0 ? make(depth - 1) : bytes(rnd(300));
    return out;
  };
  const a = await openArchive(tree(make(4) as never), { progress: false });
  const d = a.du({ depth: Infinity, limit: Infinity });
  assert.equal(d.hidden, 0);
  for (const r of d.items) {
    if (r.kind !== 'dir') continue;
    const kids = d.items.filter((k) => k.depth === r.depth + 1 && k.path.startsWith(`${r.path}/`));
    assert.equal(kids.reduce((s, k) => s + k.bytes, 0), r.bytes, r.path);
  }
  assert.equal(d.items.filter((r) => r.depth === 1).reduce((s, k) => s + k.bytes, 0), d.bytes);
});

test('age(): the newest file under each top-level folder, living folders first', async () => {
  const root = tree({
    alive: { 'old.txt': 'o', sub: { 'new.txt': 'n' } },
    dead: { 'a.txt': 'a', 'b.txt': 'b' },
    hollow: { inner: {} },
    'loose.txt': 'top-level files are not folders',
  });
  const set = (rel: string, iso: string): void => {
    const t = new Date(iso);
    fs.utimesSync(path.join(root, rel), t, t);
  };
  set('alive/old.txt', '2009-05-01T00:00:00Z');
  set('alive/sub/new.txt', '2024-02-03T00:00:00Z');
  set('dead/a.txt', '2011-01-01T00:00:00Z');
  set('dead/b.txt', '2012-07-01T00:00:00Z');
  set('hollow', '2015-01-01T00:00:00Z');
  // Folder mtimes are left out: a copy to a new drive resets them.
  set('dead', '2025-01-01T00:00:00Z');
  const a = await openArchive(root, { progress: false });
  const r = a.age({ now: Date.parse('2025-01-01T00:00:00Z') });
  assert.deepEqual(r.items.map((i) => [i.path, i.newest.toISOString().slice(0, 10), i.newestFile, i.files]), [
    ['alive', '2024-02-03', 'sub/new.txt', 2],
    ['hollow', '2015-01-01', null, 0],
    ['dead', '2012-07-01', 'b.txt', 2],
  ]);
  const shown = inspect(r);
  assert.match(shown, /alive\/.*2024-02-03.*10 months/);
  assert.match(shown, /dead\/.*2012-07-01.*12 years/);
  assert.match(shown, /\(no files\)/);
  assert.deepEqual(r.json().items[0], { path: 'alive', newest: '2024-02-03T00:00:00.000Z', newestFile: 'sub/new.txt', files: 2, bytes: 2 });
  assert.deepEqual(a.age('alive').items.map((i) => i.path), ['alive/sub']);
});

test('age(): the newest entry ignores junk files (.DS_Store, Thumbs.db, desktop.ini), which browsing a folder rewrites', async () => {
  const root = tree({ photos: { 'IMG_1.JPG': 'j', '.DS_Store': 'd', sub: { 'Thumbs.db': 't', 'desktop.ini': 'i' } } });
  const set = (rel: string, iso: string): void => {
    const t = new Date(iso);
    fs.utimesSync(path.join(root, rel), t, t);
  };
  set('photos/IMG_1.JPG', '2009-05-01T00:00:00Z');
  for (const junk of ['photos/.DS_Store', 'photos/sub/Thumbs.db', 'photos/sub/desktop.ini']) set(junk, '2024-06-01T00:00:00Z');
  const a = await openArchive(root, { progress: false });
  const [row] = a.age({ now: Date.parse('2025-01-01T00:00:00Z') }).items;
  assert.deepEqual([row!.path, row!.newest.toISOString().slice(0, 10), row!.newestFile], ['photos', '2009-05-01', 'IMG_1.JPG']);
});

test('snippets/du.ts and age.ts: --json, and a bad folder exits 2 with one line', () => {
  const root = tree(SPEC);
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8' });
  const d = run('snippets/du.ts', root, 'photos', '--depth', '2', '--json');
  assert.equal(d.status, 0, d.stderr);
  assert.deepEqual(JSON.parse(d.stdout).items.map((r: { path: string }) => r.path), ['photos/2008', 'photos/2008/a.jpg', 'photos/2008/b.jpg', 'photos/2009', 'photos/2009/c.jpg']);
  const human = run('snippets/du.ts', root);
  assert.equal(human.status, 0, human.stderr);
  assert.match(human.stdout, /├─ photos\//);
  const g = run('snippets/age.ts', root, '--json');
  assert.equal(g.status, 0, g.stderr);
  assert.equal(JSON.parse(g.stdout).items.length, 3);
  const bad = run('snippets/du.ts', root, 'nowhere');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
});
