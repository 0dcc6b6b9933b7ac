import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { before, test } from 'node:test';
import type { Catalog } from '../lib/catalog/catalog.ts';
import { find } from '../lib/query/find.ts';
import { scan } from '../lib/catalog/scan.ts';
import { tree } from './_tree.ts';

let cat: Catalog;
before(async () => {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 30; i++) files[`VID${String(i).padStart(5, '0')}.MP4`] = 'v'.repeat(i * 10);
  cat = await scan(tree({ cam1: files, cam2: { 'VID00001.MP4': 'other', 'VID00002.MP4': 'x' }, big: { 'huge.bin': 'h'.repeat(5000) } }), { progress: false });
});

test('Selection: array-like, immutable, iterable', () => {
  const sel = find(cat, 'old_hdd', '**/*.MP4');
  assert.equal(sel.length, 32);
  assert.equal(sel[0]?.kind, 'file');
  assert.equal(sel[0]?.path, sel.paths[0]);
  assert.equal(sel[-1], undefined);
  assert.equal(sel.at(-1)?.path, sel.paths[31]);
  assert.equal([...sel].length, 32);
  assert.throws(() => { (sel as unknown as { archiveName: string }).archiveName = 'x'; }, TypeError);
});

test('Selection: bytes count a folder by its subtree, and nothing twice', () => {
  const all = find(cat, 'a', { under: 'cam2' });
  assert.equal(all.bytes, 6);
  const both = find(cat, 'a', (e) => e.path === 'cam2' || e.path === 'cam2/VID00001.MP4');
  assert.equal(both.bytes, 6, 'the file inside the selected folder is not counted again');
  assert.equal(both.dirs().length, 1);
  assert.equal(both.files().length, 1);
});

test('Selection: names() gives unique base names (the seed\'s lower bound)', () => {
  const sel = find(cat, 'a', { ext: '.mp4' });
  assert.equal(sel.length, 32);
  assert.equal(sel.names().length, 30);
  assert.equal(sel.names()[0], 'VID00001.MP4');
});

test('Selection: sortBy, top, filter', () => {
  const sel = find(cat, 'a', { files: true });
  assert.equal(sel.top(1).paths[0], 'big/huge.bin');
  assert.deepEqual(sel.top(3).map((e) => e.size), [5000, 300, 290]);
  assert.equal(sel.sortBy('size', 'asc')[0]?.size, 1);
  assert.equal(sel.sortBy('path')[0]?.path, 'big/huge.bin');
  assert.equal(sel.filter((e) => e.size > 250).length, 6);
});

test('Selection: show() and inspect print a table with <archive>/path and cut long lists', () => {
  const sel = find(cat, 'old_hdd', { ext: '.mp4' }).sortBy('path');
  const text = sel.toTable(20);
  // Every row is in the archive: its name is said once, in the header, and the paths are root-relative.
  assert.match(text, /│ path \(old_hdd\/…\) +│/);
  assert.match(text, /│ cam1\/VID00001\.MP4 +│/);
  assert.match(text, /… and 12 more/);
  const shown = inspect(sel);
  assert.match(shown, /^Selection: 32 entries \(32 files, 0 dirs\)/);
  assert.match(shown, /… and 22 more/);
});

test('Selection: json() gives relative paths, kinds and bytes', () => {
  const sel = find(cat, 'a', 'cam2/*').sortBy('path');
  assert.deepEqual(sel.json(), { items: [{ path: 'cam2/VID00001.MP4', kind: 'file', bytes: 5 }, { path: 'cam2/VID00002.MP4', kind: 'file', bytes: 1 }] });
  assert.equal(JSON.stringify(sel), JSON.stringify(sel.json()));
});

test('Selection: print0() writes absolute, NUL-separated paths; page() without a terminal prints the whole table', async () => {
  const { Writable } = await import('node:stream');
  const chunks: Buffer[] = [];
  const out = new Writable({ write(chunk: Buffer, _enc, cb) { chunks.push(chunk); cb(); } });
  const sel = find(cat, 'old_hdd', 'cam2/*').sortBy('path');
  sel.print0(out);
  assert.deepEqual(Buffer.concat(chunks).toString().split('\0'), [`${cat.root}/cam2/VID00001.MP4`, `${cat.root}/cam2/VID00002.MP4`, '']);
  const all = find(cat, 'old_hdd', 'cam1/*');
  const table = all.toTable(Infinity, Infinity);
  for (let i = 1; i <= 30; i++) assert.ok(table.includes(`cam1/VID${String(i).padStart(5, '0')}.MP4`));
  assert.doesNotMatch(table, /more/);
});

test('CruftResult and Selection share one path convention: .paths, a property of root-relative paths', async () => {
  const { openArchive } = await import('../lib/archive.ts');
  const root = tree({ '.DS_Store': 'x', a: { '.DS_Store': 'y', 'k.txt': 'k' } });
  const a = await openArchive(root, { progress: false });
  const junk = a.cruft('junk');
  assert.ok(Array.isArray(junk.paths));
  assert.deepEqual([...junk.paths].sort(), ['.DS_Store', 'a/.DS_Store']);
  assert.deepEqual(a.find('**/.DS_Store').paths.sort(), ['.DS_Store', 'a/.DS_Store']);
  // They paste back into every helper.
  assert.equal(a.find({ under: junk.paths.find((p) => p.startsWith('a/'))!.split('/')[0]! }).length, 2);
});
