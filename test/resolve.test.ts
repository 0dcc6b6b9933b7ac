// The one path resolver: every path rummage prints can be given back to every helper.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { UsageError } from '../lib/errors.ts';
import { relativePath, relativePattern, resolveRow } from '../lib/query/index.ts';
import { tree } from './_tree.ts';

async function open(spec: Parameters<typeof tree>[0]) {
  const root = tree(spec);
  const a = await openArchive(root, { name: 'drive', progress: false, workers: 0 });
  return { root, a };
}

test('relativePath(): root-relative, printed <name>/… and absolute forms all give the root-relative path', async () => {
  const { root, a } = await open({ photos: { '2008': { 'a.jpg': 'a' } }, 'top.txt': 't' });
  const rows: [string, string][] = [
    ['photos/2008', 'photos/2008'],
    ['./photos/2008/', 'photos/2008'],
    ['photos//2008', 'photos/2008'],
    ['drive/photos/2008', 'photos/2008'],
    ['drive', ''],
    ['.', ''],
    [path.join(root, 'photos', '2008'), 'photos/2008'],
    [root, ''],
    ['top.txt', 'top.txt'],
  ];
  for (const [given, want] of rows) assert.equal(relativePath(a, given), want, given);
});

test('relativePath(): a top-level folder named like the archive is taken literally', async () => {
  const { a } = await open({ drive: { 'x.txt': 'x' }, 'y.txt': 'y' });
  assert.equal(relativePath(a, 'drive/x.txt'), 'drive/x.txt');
  assert.equal(relativePath(a, 'drive'), 'drive');
});

test('relativePath(): outside the root, climbing with .., empty or not a string: one line naming the root', async () => {
  const { root, a } = await open({ photos: {} });
  const cases: [unknown, RegExp][] = [
    [path.dirname(root), /is outside the archive .*; give a path inside it/],
    ['/etc/passwd', /is outside the archive /],
    ['../x', /climbs out with '\.\.'; give a path inside drive \(/],
    ['photos/../../x', /climbs out with '\.\.'/],
    ['', /must be a path inside drive \(/],
    [42, /must be a path inside drive \(/],
  ];
  for (const [p, re] of cases) assert.throws(() => relativePath(a, p), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes('\n'), String(p));
  assert.throws(() => resolveRow(a, 'nope'), /'nope' is not in drive \(.*\); give a path as rummage prints it, such as 'drive\/photos'/);
  assert.throws(() => resolveRow(a, 'photos', { kind: 'file' }), /is a dir, not a file/);
});

test('relativePattern(): a glob may start with the printed name or the absolute root', async () => {
  const { root, a } = await open({ projects: { web: { 'a.js': 'a' } } });
  assert.equal(relativePattern(a, 'drive/projects/**'), 'projects/**');
  assert.equal(relativePattern(a, `${root}/projects/**`), 'projects/**');
  assert.equal(relativePattern(a, 'projects/**'), 'projects/**');
});

test('every helper takes every printed form: find, count, du, media, groupDupes, emptyDirs, diff, remove', async () => {
  const { root, a } = await open({ projects: { web: { 'a.js': 'aaaa', 'b.js': 'bb' }, copy: { 'a.js': 'aaaa', 'b.js': 'bb' }, empty: {} } });
  const forms = ['projects', 'drive/projects', path.join(root, 'projects')];
  const want = a.find('projects/**').count().entries;
  assert.equal(want, 8);
  for (const f of forms) {
    assert.equal(a.find(`${f}/**`).count().entries, want, f);
    assert.equal(a.count({ under: f }).entries, a.count({ under: 'projects' }).entries, f);
    assert.equal(a.find({ under: f, files: true }).count().files, 4, f);
    assert.equal(a.du(f).json().path, a.du('projects').json().path, f);
    assert.equal(a.media({ under: f }).json().total.files, 4, f);
    assert.equal((await a.groupDupes({ under: f, progress: false })).groups.length, 1, f);
    assert.equal(a.emptyDirs({ under: f }).count().dirs, 1, f);
    assert.equal(a.remove([`${f}/empty`]).items.length, 1, f);
  }
  assert.equal((await a.diff('drive/projects/web', `${root}/projects/copy`, { progress: false })).json().identical.length, 2);
});
