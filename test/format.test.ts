import assert from 'node:assert/strict';
import { test } from 'node:test';
import { counts, duration, num, plural, seconds, shortenPath, size, table, tableOf, wrap } from '../lib/format.ts';

test('num(): thousands separators', () => {
  const rows: [number, string][] = [[0, '0'], [999, '999'], [156406, '156,406'], [1234567, '1,234,567']];
  for (const [n, want] of rows) assert.equal(num(n), want);
});

test('size(): human sizes in powers of 1000', () => {
  const rows: [number, string][] = [[0, '0 B'], [999, '999 B'], [1000, '1.0 KB'], [1234567, '1.2 MB'], [2.2e9, '2.2 GB'], [123e9, '123 GB']];
  for (const [n, want] of rows) assert.equal(size(n), want);
});

test('duration(): ms, s and min', () => {
  const rows: [number, string][] = [[850, '850 ms'], [3200, '3.2 s'], [252_000, '4 min 12 s']];
  for (const [n, want] of rows) assert.equal(duration(n), want);
  assert.equal(seconds(74_260), '74.3 s');
  assert.equal(seconds(850), '850 ms');
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

test('shortenPath(): shortened in the middle with …, the last segment whole', () => {
  assert.equal(shortenPath('a/b/c.txt', 20), 'a/b/c.txt');
  assert.equal(shortenPath('old_hdd_backups/projects/webapp/node_modules/left-pad', 30), 'old_hdd_backups/proj…/left-pad');
  assert.equal(shortenPath('old_hdd_backups/projects/webapp/node_modules/left-pad', 30).length, 30);
  assert.equal(shortenPath('photos/camera_dumps/2008-07 canon/', 24), 'photos/c…/2008-07 canon/');
  // A last segment longer than the room stays whole.
  assert.equal(shortenPath('a/b/a_very_long_file_name_indeed.txt', 10), '…/a_very_long_file_name_indeed.txt');
});

for (const width of [80, 100]) {
  test(`table(): fits ${width} columns: long paths shortened, archive prefix in the header, empty columns out, why on its own line, sizes whole`, () => {
    const deep = 'old_hdd_backups/projects/standards_project/standards_project_venv/lib/python2.7/site-packages/setuptools/command/build_ext.py';
    const rows = [
      [deep, 'file', 'yes', 'bin/activate + lib/python2.7/orig-prefix.txt, and a few more words of why to make it long', '', '22.4 MB'],
      ['old_hdd_backups/photos/Summer 2010/Thumbs.db', 'junk', 'NO', 'name', '', '10.7 KB'],
    ];
    const text = table(rows, { head: ['path', 'kind', 'verified', 'why', 'entries', 'bytes'], right: [4, 5], width, color: false });
    const lines = text.split('\n');
    for (const line of lines) assert.ok([...line].length <= width, `${[...line].length} > ${width}: ${line}`);
    assert.match(lines[1]!, /path \(old_hdd_backups\/…\)/);
    assert.doesNotMatch(text, /entries/);
    assert.match(text, /…\/build_ext\.py/);
    assert.match(text, /22\.4 MB/);
    assert.match(text, /^│ why: bin\/activate/m);
    assert.match(text, /^│ photos\/Summer 2010\/Thumbs\.db/m);
    assert.doesNotMatch(text, /\x1b\[/);
    const coloured = table(rows, { head: ['path', 'kind', 'verified', 'why', 'entries', 'bytes'], width, color: true });
    assert.match(coloured, /\x1b\[2m22\.4 MB\x1b\[22m/);
    assert.match(coloured, /\x1b\[33mNO\x1b\[39m/);
    assert.match(coloured, /\x1b\[32myes\x1b\[39m/);
  });
}

test('table(): a table that fits is left as it is', () => {
  const text = table([['old_hdd_backups/a', 1], ['other/b', 2]], { head: ['path', 'n'], width: 80, color: false });
  assert.match(text, /old_hdd_backups\/a/);
  assert.match(text, /other\/b/);
});

test('plural(), wrap(): "1 entry", and lines broken between words only', () => {
  assert.equal(plural(1, 'entry', 'entries'), '1 entry');
  assert.equal(plural(2048, 'entry', 'entries'), '2,048 entries');
  assert.equal(plural(1, 'group'), '1 group');
  assert.equal(plural(3, 'pair'), '3 pairs');
  assert.deepEqual(wrap('one two three four', 9), ['one two', 'three', 'four']);
  assert.deepEqual(wrap('find(a)  find(b c)', 12, '', 'phrase'), ['find(a)', 'find(b c)']);
});

test('results say "1 entry", "1 group", "1 pair", never "1 entries"', async () => {
  const { openArchive } = await import('../lib/archive.ts');
  const { tree } = await import('./_tree.ts');
  const { inspect } = await import('node:util');
  const root = tree({ one: { 'a.txt': 'same bytes here', 'b.txt': 'other' }, two: { 'a.txt': 'same bytes here', 'b.txt': 'other' }, 'x.py': 'print(1)' });
  const a = await openArchive(root, { progress: false });
  const shown = [inspect(a.find('*.py')), inspect(await a.dupeFiles()), inspect(await a.groupDupes()), inspect(await a.similar({ min: 0.1 }))].join('\n');
  assert.match(shown, /Selection: 1 entry \(1 file, 0 dirs\)/);
  assert.match(shown, /\b1 group\b/);
  assert.doesNotMatch(shown, /\b1 (entries|groups|pairs|files|items|folders)\b/);
});

test('wrap(): a size is never split from its unit', () => {
  assert.deepEqual(wrap('in sync except 3 items (22.4 MB)', 27), ['in sync except 3 items', '(22.4 MB)']);
  assert.deepEqual(wrap('moved 22.4 MB today', 10), ['moved', '22.4 MB', 'today']);
});

test('table(): only the archive name is left out, not a folder that a second path column happens to share', () => {
  const text = table([['arch/drive_01/', 'photos/a/IMG_1.JPG'], ['arch/drive_00/', 'photos/b/IMG_2.JPG']], { head: ['folder', 'newest entry'], width: 100, color: false });
  assert.match(text, /folder \(arch\/…\)/);
  assert.match(text, /│ drive_01\/ +│ photos\/a\/IMG_1\.JPG │/);
});

test('table(): a cell of several lines (a group\'s paths) is shortened line by line; notes stay whole', () => {
  const cell = 'arch/photos/camera_dumps/2008-07 canon/deeper/IMG_0001.JPG\narch/misc/xmas08/IMG_0001.JPG\nexact copies: arch/aaa/xmas08, arch/misc/xmas08';
  const text = table([['1.0 KB', cell], ['2.0 KB', 'arch/x/y.JPG']], { head: ['bytes', 'paths'], width: 60, color: false });
  assert.match(text, /│ photos\/camera_dumps\/…\/IMG_0001\.JPG|│ photos\/.*…\/IMG_0001\.JPG/);
  assert.match(text, /│ +│ misc\/xmas08\/IMG_0001\.JPG/);
  assert.match(text, /exact copies: aaa\/xmas08, misc\/xmas08/);
});
