import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import type { Catalog } from '../lib/catalog/catalog.ts';
import { UsageError } from '../lib/errors.ts';
import { find, parseSize, parseTime, rglob, suffix, type FindOptions, type Query } from '../lib/query/index.ts';
import { scan } from '../lib/catalog/scan.ts';
import { tree } from './_tree.ts';

let cat: Catalog;
const DAY = 86400e3;

before(async () => {
  const root = tree({
    old_photos: { 'Christmas 2008': { 'IMG_0001.JPG': 'a'.repeat(2000), 'IMG_0002.jpg': 'b'.repeat(3000), '.DS_Store': 'x' } },
    misc: { xmas08: { 'IMG_0001.JPG': 'a'.repeat(2000) }, 'clip.MP4': 'm'.repeat(500), 'movie.avi': 'v'.repeat(100) },
    projects: {
      site: { '.git': { objects: { ab: { 'cdef.jpg': 'git object' } } }, 'logo.jpg': 'l' },
      tutorial_host_env: { 'pyvenv.cfg': 'home = /usr/bin' },
      standards_project_venv: { bin: { activate: '# activate' } },
    },
    'notes.txt~': 'tmp',
    '.bashrc': 'rc',
  });
  // An old file, for olderThan.
  fs.utimesSync(path.join(root, 'misc', 'movie.avi'), new Date('2009-06-01'), new Date('2009-06-01'));
  cat = await scan(root, { progress: false });
});

const paths = (q?: Query, o?: FindOptions): string[] => find(cat, 'old_hdd', q, o).paths.sort();

// Table-driven: one row per query and the paths it must select.
const rows: [string, Query | undefined, FindOptions | undefined, string[]][] = [
  ['a glob relative to the root', 'misc/*', undefined, ['misc/clip.MP4', 'misc/movie.avi', 'misc/xmas08']],
  ['**/ globs match at any depth, dotfiles included', '**/.DS_Store', undefined, ['old_photos/Christmas 2008/.DS_Store']],
  ['globs are case-sensitive', '**/*.jpg', undefined, ['old_photos/Christmas 2008/IMG_0002.jpg', 'projects/site/.git/objects/ab/cdef.jpg', 'projects/site/logo.jpg']],
  ['a path glob with a folder in it', 'old_photos/**/*.JPG', undefined, ['old_photos/Christmas 2008/IMG_0001.JPG']],
  ['ext is a case-insensitive list', undefined, { ext: ['.jpg', 'MP4'], exclude: '.git' }, ['misc/clip.MP4', 'misc/xmas08/IMG_0001.JPG', 'old_photos/Christmas 2008/IMG_0001.JPG', 'old_photos/Christmas 2008/IMG_0002.jpg', 'projects/site/logo.jpg']],
  ['dirs only, by name at any depth', undefined, { dirs: true, name: '*venv*' }, ['projects/standards_project_venv']],
  ['files only', 'projects/*/*', { files: true }, ['projects/site/logo.jpg', 'projects/tutorial_host_env/pyvenv.cfg']],
  ['under a subfolder', undefined, { under: 'misc', files: true }, ['misc/clip.MP4', 'misc/movie.avi', 'misc/xmas08/IMG_0001.JPG']],
  ['exclude by base name prunes the subtree', '**/*.jpg', { exclude: ['.git'] }, ['old_photos/Christmas 2008/IMG_0002.jpg', 'projects/site/logo.jpg']],
  ['exclude by path glob', '**/*.JPG', { exclude: 'misc/**' }, ['old_photos/Christmas 2008/IMG_0001.JPG']],
  ['minSize in bytes or with a unit (a folder by its subtree)', undefined, { minSize: '2.7kB' }, ['old_photos', 'old_photos/Christmas 2008', 'old_photos/Christmas 2008/IMG_0002.jpg']],
  ['olderThan a date', undefined, { olderThan: '2010-01-01' }, ['misc/movie.avi']],
  ['a predicate', (e) => e.kind === 'file' && e.size === 500, undefined, ['misc/clip.MP4']],
  ['Python-style suffix: no extension for a dotfile', undefined, { ext: '', files: true, under: '.', name: '.*' }, ['.bashrc', 'old_photos/Christmas 2008/.DS_Store']],
];

for (const [what, q, o, want] of rows) {
  test(`find(): ${what}`, () => {
    assert.deepEqual(paths(q, o), want);
  });
}

test('rglob(): matches base names at any depth, like Path.rglob', () => {
  assert.deepEqual(rglob(cat, 'x', '*_env').paths, ['projects/tutorial_host_env']);
  assert.deepEqual(rglob(cat, 'x', '*venv*').paths.sort(), ['projects/standards_project_venv', 'projects/tutorial_host_env/pyvenv.cfg']);
  assert.equal(rglob(cat, 'x', '*').length, cat.counts().entries, "rglob('*') is every entry, as in the seed");
});

test('find(): newerThan and olderThan take ages', () => {
  assert.deepEqual(paths(undefined, { olderThan: '10y', files: true }), ['misc/movie.avi']);
  assert.equal(paths(undefined, { newerThan: '1d' }).includes('misc/movie.avi'), false);
});

const bad: [string, () => unknown, RegExp][] = [
  ['an empty glob', () => find(cat, 'x', ''), /non-empty glob/],
  ['an absolute glob', () => find(cat, 'x', '/etc/*'), /is absolute.*'etc\/\*'/],
  ['a glob climbing out', () => find(cat, 'x', '../*'), /climbs out/],
  ['an unbalanced glob', () => find(cat, 'x', '{a,b'), /not a valid glob/],
  ['under a missing folder', () => find(cat, 'x', { under: 'nope' }), /under 'nope' is not in x \(.*\); give a path as rummage prints it/],
  ['dirs and files together', () => find(cat, 'x', { dirs: true, files: true }), /cannot both be set/],
  ['a size without a unit we know', () => find(cat, 'x', { minSize: '10 parsecs' }), /option 'minSize' must be 0 or more bytes, or a size like '10MB'/],
  ['a time we cannot read', () => find(cat, 'x', { olderThan: 'last summer' }), /option 'olderThan' must be a date like '2015-01-01' or an age/],
];
for (const [what, call, message] of bad) {
  test(`find(): ${what} is a UsageError that says how to fix it`, () => {
    assert.throws(call, (e: unknown) => e instanceof UsageError && message.test(e.message));
  });
}

test('parseSize(), parseTime(), suffix(): the small parsers', () => {
  const sizes: [number | string, number][] = [[0, 0], [1234, 1234], ['10MB', 10e6], ['1.5 GB', 1.5e9], ['512KiB', 512 * 1024], ['7', 7]];
  for (const [input, want] of sizes) assert.equal(parseSize(input), want, String(input));
  const now = Date.parse('2026-01-01');
  assert.equal(parseTime('30d', 'x', now), now - 30 * DAY);
  assert.equal(parseTime('2015-01-01', 'x', now), Date.parse('2015-01-01'));
  assert.equal(parseTime(new Date(5), 'x', now), 5);
  const suffixes: [string, string][] = [['IMG_0001.JPG', '.JPG'], ['.bashrc', ''], ['README', ''], ['a.tar.gz', '.gz'], ['notes.txt~', '.txt~']];
  for (const [name, want] of suffixes) assert.equal(suffix(name), want, name);
});

test('find(): agrees with picomatch over every path, whatever shortcut it takes', async () => {
  const { default: picomatch } = await import('picomatch');
  const all: string[] = [];
  for (let i = 1; i < cat.length; i++) all.push(cat.path(i));
  const patterns = ['**/*.JPG', 'old_photos/*/*.JPG', 'old_*/**', '*/xmas08/*', 'projects/*/.git/**/*.jpg', '**/site/**', 'misc/**/*.{avi,MP4}', '{misc,old_photos}/**/IMG_*', '*', '**'];
  for (const p of patterns) {
    const m = picomatch(p, { dot: true });
    assert.deepEqual(paths(p), all.filter((x) => m(x)).sort(), p);
  }
});

test('find(): results come in path order, each folder before its contents, names sorted', () => {
  const expected: string[] = [];
  const walk = (at: number, prefix: string): void => {
    const kids = cat.children(at).sort((a, b) => (cat.name(a) < cat.name(b) ? -1 : 1));
    for (const k of kids) {
      const p = prefix === '' ? cat.name(k) : `${prefix}/${cat.name(k)}`;
      expected.push(p);
      walk(k, p);
    }
  };
  walk(0, '');
  assert.deepEqual(find(cat, 'x', '**').paths, expected);
  assert.ok(expected.indexOf('misc') < expected.indexOf('misc/clip.MP4'));
});

test("find('weird/**') matches what find('weird/*') matches at that level, names with newlines and tabs included", async () => {
  const root = tree({ weird: { 'a\nb.txt': 'x', 'plain.txt': 'x', '.hidden': 'x', 'tab\there': 'x', sub: { 'new\nline': 'x' } } });
  const c = await scan(root, { progress: false });
  const one = find(c, 'w', 'weird/*').paths;
  const all = find(c, 'w', 'weird/**').paths;
  assert.ok(one.includes('weird/a\nb.txt'));
  for (const p of one) assert.ok(all.includes(p), p);
  assert.ok(all.includes('weird/sub/new\nline'));
  assert.deepEqual(find(c, 'w', '**/*line').paths, ['weird/sub/new\nline']);
  assert.deepEqual(rglob(c, 'w', 'a*').paths, ['weird/a\nb.txt']);
});
