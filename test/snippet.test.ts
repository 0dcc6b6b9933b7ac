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
