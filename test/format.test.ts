import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counts, duration, num, size, table, tableOf } from '../lib/format.ts';

test('num(): thousands separators', () => {
  const rows: [number, string][] = [[0, '0'], [999, '999'], [156406, '156,406'], [1234567, '1,234,567']];
  for (const [n, want] of rows) assert.equal(num(n), want);
});

test('size(): human sizes in powers of 1000', () => {
  const rows: [number, string][] = [[0, '0 B'], [999, '999 B'], [1000, '1.0 KB'], [1234567, '1.2 MB'], [2.2e9, '2.2 GB'], [123e9, '123 GB']];
  for (const [n, want] of rows) assert.equal(size(n), want);
});

test('duration(): ms, s and min', () => {
  const rows: [number, string][] = [[850, '850 ms'], [3200, '3.2 s'], [74_260, '74.3 s'], [252_000, '4 min 12 s']];
  for (const [n, want] of rows) assert.equal(duration(n), want);
});

test('counts(): the seed\'s line with separators', () => {
  const text = counts({ entries: 156406, files: 140000, dirs: 16000, symlinks: 400, other: 6, bytes: 2.2e9 });
  assert.match(text, /^all files dirs: 156,406$/m);
  assert.match(text, /bytes: 2,200,000,000 \(2\.2 GB\)/);
});

test('table() and tableOf(): cli-table3 tables, numbers right-aligned with separators', () => {
  const t = table([['a', 1234]], { head: ['name', 'n'], right: [1] });
  assert.match(t, /│ name │/);
  assert.match(t, /│ 1,234 │/);
  const o = tableOf([{ kind: 'venv', items: 3 }, { kind: 'junk', items: 12000 }]);
  assert.match(o, /kind/);
  assert.match(o, /12,000/);
});
