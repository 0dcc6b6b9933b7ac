// The one options check: types not truthiness, unknown keys refused with a
// did-you-mean, and defaults that `undefined` cannot override.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../lib/errors.ts';
import { checkOptions, didYouMean, opt, parseFlag } from '../lib/shared/index.ts';

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
