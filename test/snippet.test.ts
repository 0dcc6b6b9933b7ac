// What snippets print: --print0 for xargs -0, -v with names escaped onto one line.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { tree } from './_tree.ts';

const repo = path.resolve(import.meta.dirname, '..');
const root = tree({ weird: { 'a\nb.txt': 'x', 'plain.txt': 'yy', '.DS_Store': 'z' }, top: { 'big.bin': 'b'.repeat(100) } });

function run(snippet: string, ...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `snippets/${snippet}.ts`, root, ...args], { cwd: repo, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

for (const [snippet, args, want] of [
  ['find', ['weird/*'], ['weird/.DS_Store', 'weird/a\nb.txt', 'weird/plain.txt']],
  ['biggest', ['2'], ['top/big.bin', 'weird/plain.txt']],
  ['cruft', [], ['weird/.DS_Store']],
] as const) {
  test(`snippets/${snippet}.ts: --print0 gives absolute paths, NUL-separated; -v one escaped name a line`, () => {
    const z = run(snippet, ...args, '--print0');
    assert.equal(z.code, 0, z.err);
    const items = z.out.split('\0');
    assert.equal(items.pop(), '');
    assert.deepEqual(items.sort(), want.map((p) => path.join(root, p)).sort());
    const v = run(snippet, ...args, '-v');
    assert.equal(v.code, 0, v.err);
    const lines = v.out.trim().split('\n');
    for (const p of want) assert.ok(lines.includes(p.replace('\n', '\\n')), `${JSON.stringify(p)} in ${JSON.stringify(lines)}`);
  });
}

test('snippets/du.ts, age.ts and contained.ts: --print0 gives their folders, absolute and NUL-separated', async () => {
  const fs = await import('node:fs');
  for (const snippet of ['du', 'age']) {
    const z = run(snippet, '--print0');
    assert.equal(z.code, 0, z.err);
    const items = z.out.split('\0').filter(Boolean);
    assert.ok(items.includes(path.join(root, 'weird')), `${snippet}: ${items.join(', ')}`);
    assert.ok(items.length > 0 && items.every((p) => path.isAbsolute(p) && fs.existsSync(p)), snippet);
  }
  const c = run('contained', '--print0', '--no-cache');
  assert.equal(c.code, 0, c.err);
  assert.ok(c.out.split('\0').filter(Boolean).every((p) => path.isAbsolute(p)));
});

// --print0 on the snippets that report copies and differences: what a cleanup or a sync would act on.
const photos = (drop = 0): Record<string, string> => Object.fromEntries(Array.from({ length: 10 - drop }, (_, k) => [`p${k}.jpg`, `picture ${k} `.repeat(50)]));
const dupeRoot = tree({
  a: { 'x.bin': 'same bytes'.repeat(20) },
  b: { 'x.bin': 'same bytes'.repeat(20) },
  c: { 'y.bin': 'same bytes'.repeat(20) },
  trip: photos(),
  trip_copy: photos(),
  album: { ...photos(), 'p10.jpg': 'eleven'.repeat(50) },
  album_curated: photos(),
  'other.txt': 'unique',
});

function print0(snippetName: string, at: string, ...args: string[]): string[] {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `snippets/${snippetName}.ts`, at, ...args, '--print0'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const items = r.stdout.split('\0');
  assert.equal(items.pop(), '', `ends with NUL, nothing after it: ${JSON.stringify(r.stdout)}`);
  return items;
}

function helpLine(snippetName: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `snippets/${snippetName}.ts`, '--help'], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').find((l) => l.trim().startsWith('--print0')) ?? '';
}

const abs = (at: string, ps: readonly string[]): string[] => ps.map((p) => path.join(at, p));

test('snippets/dupe-files.ts --print0: every copy but the first of each group, absolute; --help says so', () => {
  const got = print0('dupe-files', dupeRoot, '--no-cache');
  const trip = Object.keys(photos()).flatMap((f) => [`album_curated/${f}`, `trip/${f}`, `trip_copy/${f}`]);
  assert.deepEqual(got.sort(), abs(dupeRoot, ['b/x.bin', 'c/y.bin', ...trip]).sort());
  assert.match(helpLine('dupe-files'), /every copy but the first of each group/);
});

test('snippets/dupe-dirs.ts --print0: the duplicate folders but the first of each group, absolute; --help says so', () => {
  assert.deepEqual(print0('dupe-dirs', dupeRoot, '--no-cache').sort(), abs(dupeRoot, ['b', 'trip', 'trip_copy']).sort());
  assert.match(helpLine('dupe-dirs'), /every copy but the first of each group/);
});

test('snippets/similar.ts --print0: the second folder of each pair, absolute; --help says so', () => {
  assert.deepEqual(print0('similar', dupeRoot, '--no-cache'), abs(dupeRoot, ['album_curated']));
  assert.match(helpLine('similar'), /second folder of each pair/);
});

test('snippets/compare.ts --print0: the entries only here, topmost, absolute; --help says so', () => {
  const here = tree({ same: { 'f.txt': 'f' }, only_here: { 'g.txt': 'g', 'h.txt': 'h' }, 'solo.txt': 'solo', 'changed.txt': 'one' });
  const there = tree({ same: { 'f.txt': 'f' }, only_there: { 'k.txt': 'k' }, 'changed.txt': 'other' });
  assert.deepEqual(print0('compare', here, there).sort(), abs(here, ['only_here', 'solo.txt']).sort());
  assert.match(helpLine('compare'), /only here/);
});

test('snippets/excludes.ts --print0: the confirmed cruft items, absolute, whatever --mode; not with --out', () => {
  const at = tree({ proj: { __pycache__: { 'm.pyc': 'c' }, 'm.py': 'x' }, docs: { '.DS_Store': 'z', 'a.txt': 'a' } });
  const want = abs(at, ['docs/.DS_Store', 'proj/__pycache__']).sort();
  assert.deepEqual(print0('excludes', at).sort(), want);
  assert.deepEqual(print0('excludes', at, '--format', 'restic').sort(), want);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/excludes.ts', at, '--print0', '--out', path.join(path.dirname(at), 'ex.txt')], { cwd: repo, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.match(helpLine('excludes'), /confirmed cruft items/);
});

test('snippets that print no paths take no --print0 (count, media, report, undo, purge); those that do list it in --help', () => {
  for (const s of ['count', 'media', 'report', 'undo', 'purge']) {
    assert.equal(helpLine(s), '', s);
    const r = spawnSync(process.execPath, ['--import', 'tsx', `snippets/${s}.ts`, root, '--print0'], { cwd: repo, encoding: 'utf8' });
    assert.equal(r.status, 2, `${s}: ${r.stderr}`);
    assert.match(r.stderr, /unknown flag '--print0'/);
  }
  for (const s of ['find', 'biggest', 'cruft', 'venvs', 'pycache', 'du', 'age', 'contained', 'dupe-dirs', 'dupe-files', 'similar', 'compare', 'excludes']) {
    assert.match(helpLine(s), /absolute paths, NUL-separated, for xargs -0/, s);
  }
});
