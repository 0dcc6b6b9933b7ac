import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { mediaCategory } from '../lib/drive/media.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const bytes = (n: number): string => 'x'.repeat(n);

// Two camera dumps that reuse VID00001.MP4 and IMG_0001.JPG: unique names are a lower bound.
const SPEC = {
  dump_a: { 'IMG_0001.JPG': bytes(100), 'IMG_0002.jpg': bytes(200), 'VID00001.MP4': bytes(1000), 'sketch.xcf': bytes(50) },
  dump_b: { 'IMG_0001.JPG': bytes(300), 'VID00001.MP4': bytes(2000), 'clip.avi': bytes(700) },
  docs: { 'cv.PDF': bytes(40), 'notes.txt': bytes(10), 'song.mp3': bytes(500) },
  code: { 'main.py': bytes(5), Makefile: bytes(3), '.bashrc': bytes(2) },
  '.git': { objects: { ab: { cdef: bytes(9) } } },
};

test('mediaCategory(): extensions sort into categories, case-insensitive', () => {
  const rows: [string, string][] = [
    ['.jpg', 'images'], ['.JPG', 'images'], ['.xcf', 'images'], ['.CR2', 'images'], ['.heic', 'images'],
    ['.mp4', 'videos'], ['.AVI', 'videos'], ['.mov', 'videos'],
    ['.mp3', 'audio'], ['.flac', 'audio'],
    ['.pdf', 'documents'], ['.DOCX', 'documents'],
    ['.py', 'other'], ['', 'other'], ['.jpgx', 'other'],
  ];
  for (const [ext, want] of rows) assert.equal(mediaCategory(ext), want, ext);
});

test('media(): files, unique names and bytes per category and extension', async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  const m = a.media();
  const cat = Object.fromEntries(m.categories.map((c) => [c.category, c]));
  assert.deepEqual(cat.images, { category: 'images', files: 4, uniqueNames: 3, bytes: 650 });
  assert.deepEqual(cat.videos, { category: 'videos', files: 3, uniqueNames: 2, bytes: 3700 });
  assert.deepEqual(cat.audio, { category: 'audio', files: 1, uniqueNames: 1, bytes: 500 });
  assert.deepEqual(cat.documents, { category: 'documents', files: 2, uniqueNames: 2, bytes: 50 });
  assert.deepEqual(cat.other, { category: 'other', files: 4, uniqueNames: 4, bytes: 19 });
  assert.deepEqual(m.total, { files: 14, uniqueNames: 12, bytes: 4919 });
  assert.deepEqual(m.categories.map((c) => c.category), ['images', 'videos', 'audio', 'documents', 'other']);
  // .JPG and .jpg are one extension row.
  const jpg = m.extensions.find((e) => e.ext === '.jpg');
  assert.deepEqual(jpg, { ext: '.jpg', category: 'images', files: 3, uniqueNames: 2, bytes: 600 });
  const shown = inspect(m);
  assert.match(shown, /unique names/);
  assert.match(shown, /images\s*│\s*4\s*│\s*3\s*│\s*650 B/);
  assert.deepEqual(m.json().total, m.total);
});

test("media({ext}): the seed's list narrows the count, and exclude leaves .git out", async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  const m = a.media({ ext: ['.jpg', 'MP4', '.xcf', '.avi'] });
  assert.deepEqual(m.total, { files: 7, uniqueNames: 5, bytes: 4350 });
  assert.deepEqual(m.categories.map((c) => c.category), ['images', 'videos']);
  assert.equal(a.media({ exclude: '.git' }).total.files, 13);
  assert.equal(a.media({ under: 'docs' }).total.files, 3);
  assert.throws(() => a.media({ under: 'nope' }), /under 'nope' is not in /);
  assert.equal(inspect(a.media({ ext: '.webm' })), 'No files match.');
});

test('biggest(): the n largest files, largest first; bad n is a usage error', async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  assert.deepEqual(a.biggest(3).paths, ['dump_b/VID00001.MP4', 'dump_a/VID00001.MP4', 'dump_b/clip.avi']);
  assert.deepEqual(a.biggest(2, { ext: '.jpg' }).paths, ['dump_b/IMG_0001.JPG', 'dump_a/IMG_0002.jpg']);
  assert.equal(a.biggest(100).length, 14);
  assert.deepEqual(a.biggest(1).json(), { items: [{ path: 'dump_b/VID00001.MP4', kind: 'file', bytes: 2000 }] });
  assert.throws(() => a.biggest(0), /whole number/);
  assert.throws(() => a.biggest(2.5), /whole number/);
});

test('biggest(): agrees with sorting every file (seeded property test)', async () => {
  let seed = 42;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 8; d++) {
    const files: Record<string, string> = {};
    for (let f = 0; f < 12; f++) files[`f${f}.bin`] = bytes(Math.floor(rnd() * 5000));
    spec[`d${d}`] = files;
  }
  const a = await openArchive(tree(spec), { progress: false });
  const all = a.find({ files: true }).map((e) => e.size).sort((x, y) => y - x);
  for (const n of [1, 5, 17, 96]) assert.deepEqual(a.biggest(n).map((e) => e.size), all.slice(0, n), `n=${n}`);
});

test('snippets/media.ts --json and biggest.ts --json', () => {
  const root = tree(SPEC);
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8' });
  const m = run('snippets/media.ts', root, '--ext', '.jpg,.mp4', '--json');
  assert.equal(m.status, 0, m.stderr);
  assert.deepEqual(JSON.parse(m.stdout).total, { files: 5, uniqueNames: 3, bytes: 3600 });
  const b = run('snippets/biggest.ts', root, '2', '--json');
  assert.equal(b.status, 0, b.stderr);
  assert.deepEqual(JSON.parse(b.stdout).items.map((i: { path: string }) => i.path), ['dump_b/VID00001.MP4', 'dump_a/VID00001.MP4']);
  const bad = run('snippets/biggest.ts', root, 'ten');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^rummage: biggest\(n\): n must be a whole number/);
});
