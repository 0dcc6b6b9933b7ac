// The one options check: types not truthiness, unknown keys refused with a
// did-you-mean, and defaults that `undefined` cannot override.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/errors.ts';
import { checkOptions, didYouMean, opt, parseFlag } from '../lib/shared/index.ts';
import { openArchive } from '../lib/archive.ts';
import { tree } from './_tree.ts';
import fs from 'node:fs';
import { FILE } from '../lib/types.ts';

const DECL = {
  delete: opt.flag('actually remove', false),
  countdown: opt.numberOr('seconds before anything moves', { default: 3, min: 0, max: 3600 }),
  depth: opt.numberOr('levels to show', { default: 1, min: 0, integer: true, infinity: true }),
  minSize: opt.size('at least this big'),
  olderThan: opt.time('modified before'),
  verify: opt.choice('how copies are confirmed', ['hash', 'bytes'], 'hash'),
  ext: opt.strings('extensions'),
  under: opt.path('only below this folder'),
  where: opt.fn<(x: number) => boolean>('any further test'),
};

test('checkOptions(): defaults fill missing and undefined values; only declared keys come back', () => {
  const o = checkOptions('h', DECL, { depth: undefined, countdown: undefined });
  assert.deepEqual(o, { delete: false, countdown: 3, depth: 1, verify: 'hash' });
  assert.deepEqual(checkOptions('h', DECL, undefined), o);
  const full = checkOptions('h', DECL, { delete: true, countdown: 0, depth: Infinity, minSize: '10MB', olderThan: '2015-01-01', verify: 'bytes', ext: '.jpg', under: 'photos' });
  assert.equal(full.minSize, 10e6);
  assert.equal(full.olderThan, Date.parse('2015-01-01'));
  assert.deepEqual(full.ext, ['.jpg']);
  assert.equal(full.depth, Infinity);
});

test('checkOptions(): wrong types and ranges are one line naming the option, the value and an example', () => {
  const rows: [unknown, RegExp][] = [
    [{ delete: 'no' }, /^h\(\): option 'delete' must be true or false, not 'no'; e\.g\. \{delete: true\}$/],
    [{ delete: 1 }, /option 'delete' must be true or false, not 1/],
    [{ countdown: -1 }, /option 'countdown' must be 0 or more, not -1; e\.g\. \{countdown: 3\}/],
    [{ countdown: 3601 }, /must be 3600 or less/],
    [{ countdown: NaN }, /must be a number/],
    [{ countdown: Infinity }, /must be a finite number/],
    [{ countdown: '3' }, /must be a number, not '3'/],
    [{ depth: 1.5 }, /must be a whole number/],
    [{ minSize: 'big' }, /option 'minSize' must be 0 or more bytes, or a size like '10MB'/],
    [{ minSize: -5 }, /option 'minSize'/],
    [{ olderThan: 'yesterday' }, /option 'olderThan' must be a date like '2015-01-01' or an age/],
    [{ verify: 'md5' }, /option 'verify' must be one of 'hash', 'bytes', not 'md5'/],
    [{ ext: 5 }, /option 'ext' must be a string or a list of strings/],
    [{ where: 'x' }, /option 'where' must be a function/],
    ['delete', /^h\(\): options must be an object such as \{delete: true\}, not 'delete'$/],
  ];
  for (const [given, re] of rows) {
    assert.throws(() => checkOptions('h', DECL, given), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes('\n'), JSON.stringify(given));
  }
});

test('checkOptions(): unknown keys are refused with a did-you-mean', () => {
  assert.throws(() => checkOptions('find', { dirs: opt.boolean('only dirs'), name: opt.string('a name') }, { dir: true }), /^UsageError: find\(\): unknown option 'dir' \(did you mean 'dirs'\?\); it takes dirs, name$/);
  assert.throws(() => checkOptions('find', { dirs: opt.boolean('only dirs'), name: opt.string('a name') }, { nam: 'x' }), /unknown option 'nam' \(did you mean 'name'\?\)/);
  assert.throws(() => checkOptions('find', { dirs: opt.boolean('only dirs') }, { zzzzzz: 1 }), /unknown option 'zzzzzz'; it takes dirs$/);
  assert.throws(() => checkOptions('trash', {}, { x: 1 }), /unknown option 'x'; it takes no options$/);
});

test('didYouMean(): close names and prefixes, nothing for far ones', () => {
  const names = ['dirs', 'files', 'minSize', 'olderThan', 'includeUnverified'];
  const rows: [string, string | undefined][] = [['dir', 'dirs'], ['file', 'files'], ['minsize', 'minSize'], ['min_size', 'minSize'], ['olderthen', 'olderThan'], ['include', 'includeUnverified'], ['verbose', undefined], ['x', undefined]];
  for (const [given, want] of rows) assert.equal(didYouMean(given, names), want, given);
});

test('parseFlag(): a flag string is checked by the same parse, including negative numbers', () => {
  assert.equal(parseFlag('h', 'countdown', DECL.countdown, '0'), 0);
  assert.equal(parseFlag('h', 'minSize', DECL.minSize, '1MB'), 1e6);
  assert.equal(parseFlag('h', 'delete', DECL.delete, true), true);
  assert.deepEqual(parseFlag('h', 'ext', DECL.ext, '.jpg,.mp4'), ['.jpg', '.mp4']);
  assert.throws(() => parseFlag('h', 'countdown', DECL.countdown, '-5'), /^UsageError: --countdown must be 0 or more, not '-5'; e\.g\. --countdown 3$/);
  assert.throws(() => parseFlag('h', 'minSize', DECL.minSize, 'lots'), /--min-size must be/);
});

// Every helper checks its options through its declaration: a table of bad
// calls per helper family, each a one-line UsageError naming the helper.
const root = tree({ photos: { '2008': { 'a.jpg': 'aaaa', 'b.jpg': 'bb' } }, docs: { 'x.txt': 'x' }, same1: { 'f.bin': 'same' }, same2: { 'f.bin': 'same' } });
const archive = await openArchive(root, { progress: false });

const badCalls: [string, () => unknown, RegExp][] = [
  // index: count, find, rglob, refresh
  ['find, typos', () => archive.find({ dir: true, nam: '*venv*' } as never), /^find\(\): unknown option 'dir' \(did you mean 'dirs'\?\); it takes dirs, files, ext, name, under, exclude, minSize, olderThan, newerThan, where$/],
  ['find, a string for a boolean', () => archive.find({ dirs: 'yes' as never }), /^find\(\): option 'dirs' must be true or false, not 'yes'/],
  ['find, a negative size', () => archive.find({ minSize: -1 }), /^find\(\): option 'minSize' must be 0 or more bytes/],
  ['count', () => archive.count({ files: 1 as never }), /^count\(\): option 'files' must be true or false, not 1/],
  ['count, a typo in the second argument', () => archive.count('**', { exts: ['.jpg'] } as never), /^count\(\): unknown option 'exts' \(did you mean 'ext'\?\)/],
  ['rglob', () => archive.rglob('*.jpg', { olderthan: '2y' } as never), /^rglob\(\): unknown option 'olderthan' \(did you mean 'olderThan'\?\)/],
  // drive: media, biggest, du, age, reveal
  ['media', () => archive.media({ ext: 5 } as never), /^media\(\): option 'ext' must be a string or a list of strings, not 5/],
  ['biggest', () => archive.biggest(3, { dirs: true } as never), /^biggest\(\): unknown option 'dirs'; it takes ext, under, exclude$/],
  ['du, NaN', () => archive.du({ depth: NaN }), /^du\(\): option 'depth' must be a number, not null; e\.g\. \{depth: 2\}$/],
  ['du, a fraction', () => archive.du({ limit: 2.5 }), /^du\(\): option 'limit' must be a whole number, not 2\.5/],
  ['du, a typo', () => archive.du('photos', { dept: 2 } as never), /^du\(\): unknown option 'dept' \(did you mean 'depth'\?\)/],
  ['age', () => archive.age({ now: 'today' } as never), /^age\(\): option 'now' must be a Date or a time in ms, not 'today'/],
  ['reveal', () => archive.reveal('photos', { max: 0, print: true }), /^reveal\(\): option 'max' must be 1 or more, not 0/],
  // cruft: excludes, venvs
  ['excludes', () => archive.excludes({ force: 'yes' } as never), /^excludes\(\): option 'force' must be true or false/],
  ['venvs', () => archive.venvs({ all: true } as never), /^venvs\(\): unknown option 'all'; it takes no options$/],
  // dupes: groupDupes, dupeFiles, contained, similar, diff, emptyDirs
  ['groupDupes', () => archive.groupDupes({ juk: true } as never), /^groupDupes\(\): unknown option 'juk' \(did you mean 'junk'\?\)/],
  ['dupeFiles', () => archive.dupeFiles({ minSize: '1 parsec' }), /^dupeFiles\(\): option 'minSize' must be 0 or more bytes/],
  ['contained', () => archive.contained({ places: 0 }), /^contained\(\): option 'places' must be 1 or more, not 0/],
  ['similar', () => archive.similar({ min: 1.5 }), /^similar\(\): option 'min' must be 1 or less, not 1\.5/],
  ['diff', () => archive.diff('same1', 'same2', { under: 'photos' } as never), /^diff\(\): unknown option 'under'; it takes junk, git, cache, progress$/],
  ['emptyDirs', () => archive.emptyDirs({ git: 'no' } as never), /^emptyDirs\(\): option 'git' must be true or false, not 'no'/],
  // drive and report, async
  ['compare', () => archive.compare(root, { modifyWindow: Infinity }), /^compare\(\): option 'modifyWindow' must be a finite number, not null/],
  ['report', () => archive.report({ budget: 99 }), /^report\(\): option 'budget' must be 100 or more, not 99/],
];

for (const [what, call, re] of badCalls) {
  test(`checkOptions() in ${what}: a one-line UsageError`, async () => {
    await assert.rejects(async () => call(), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes('\n'));
  });
}

test('keep(): its options are checked before anything is planned', async () => {
  const groups = (await archive.dupeFiles()).groups;
  assert.equal(groups.length, 1);
  await assert.rejects(archive.keep(groups[0]!, 'same1/f.bin', { delet: true } as never), /^UsageError: keep\(\): unknown option 'delet' \(did you mean 'delete'\?\)/);
  await assert.rejects(archive.keep(groups[0]!, 'same1/f.bin', { countdown: -3 }), /keep\(\): option 'countdown' must be 0 or more, not -3/);
  await assert.rejects(archive.keep(groups[0]!, 'same1/f.bin', { verify: 'md5' as never }), /keep\(\): option 'verify' must be one of 'bytes', 'hash'/);
});

test('du({depth: undefined}) and others: undefined means the default, never an override', () => {
  assert.deepEqual(archive.du({ depth: undefined, limit: undefined, width: undefined }).json(), archive.du().json());
  assert.equal(archive.du({ depth: undefined }).items.every((r) => r.depth === 1), true);
  assert.deepEqual(archive.find({ dirs: undefined, under: undefined }).paths, archive.find().paths);
  assert.equal(archive.biggest(2, { ext: undefined }).length, 2);
});

test('scan() and the Hasher: an option given as undefined keeps its default (no {...DEFAULTS, ...options} spread)', async () => {
  const { scan } = await import('../lib/catalog/scan.ts');
  const { Hasher } = await import('../lib/hash/hasher.ts');
  const { cacheFile } = await import('../lib/hash/cache.ts');
  const root = tree({ a: { 'x.txt': 'same', 'y.txt': 'same' }, 'z.txt': 'other' });
  const home = tree({});
  const cat = await scan(root, { workers: undefined, progress: undefined, crossDevices: undefined, skip: undefined });
  assert.equal(cat.length, 5);
  const old = process.env.RUMMAGE_HOME;
  process.env.RUMMAGE_HOME = home;
  const hasher = new Hasher(cat, { workers: undefined, cache: undefined, progress: undefined });
  try {
    const rows = [1, 2, 3, 4].filter((i) => cat.kind[i] === FILE);
    await hasher.hash(rows, 'full');
    assert.equal(new Set(rows.map((i) => hasher.key(i))).size, 2);
  } finally {
    hasher.close();
    process.env.RUMMAGE_HOME = old;
  }
  // cache: undefined is the default, true: the hashes were kept.
  assert.ok(fs.existsSync(cacheFile(root, { RUMMAGE_HOME: home })));
});
