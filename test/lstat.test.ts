import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { DEV, INO, MODE, NLINK, SIZE, ctimeMs, lstatFields, lstatRoute, mtimeMs } from '../lib/catalog/lstat.ts';
import { tree } from './_tree.ts';

/** What the scan keeps of an lstat, from either route. */
function fields(v: Float64Array | undefined): number[] | undefined {
  return v === undefined ? undefined : [v[DEV]!, v[MODE]!, v[NLINK]!, v[INO]!, v[SIZE]!, mtimeMs(v), ctimeMs(v)];
}

function viaStats(p: string | Buffer): number[] | undefined {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  return st === undefined ? undefined : [st.dev, st.mode, st.nlink, st.ino, st.size, st.mtimeMs, st.ctimeMs];
}

test('lstatFields(): on this Node the fast route passes its self-test, and gives exactly what fs.lstatSync gives for every kind of entry', () => {
  assert.equal(lstatRoute(), 'binding', 'Node 20 fs binding: if this fails, the scan silently fell back to fs.lstatSync');
  const root = tree({ 'a.txt': 'hello', dir: { 'b.bin': Buffer.alloc(70_000) }, link: { symlink: 'a.txt' }, dangling: { symlink: 'nowhere' } });
  execFileSync('mkfifo', [path.join(root, 'fifo')]);
  const odd = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
  fs.writeFileSync(odd, 'raw');
  // Sub-millisecond times, and one before 1970: the milliseconds must match to the last bit.
  fs.utimesSync(path.join(root, 'a.txt'), 1.000123456, 1234567890.987654321);
  fs.utimesSync(path.join(root, 'dir'), -86400.5, -1.25);
  for (const p of [root, `${root}/a.txt`, `${root}/dir`, `${root}/dir/b.bin`, `${root}/link`, `${root}/dangling`, `${root}/fifo`, odd, '/dev/null']) {
    assert.deepEqual(fields(lstatFields(p)), viaStats(p), String(p));
  }
  assert.equal(lstatFields(`${root}/missing`), undefined, 'a missing entry is undefined, as with throwIfNoEntry: false');
  assert.throws(() => lstatFields(`${root}/a.txt/x`), { code: 'ENOTDIR' });
  assert.throws(() => lstatFields(`${root}/${'n'.repeat(300)}`), { code: 'ENAMETOOLONG' });
});

test('lstatFields(): a wrapped fs.lstatSync (a test mock) is called instead of the fast route', (t) => {
  const root = tree({ 'a.txt': 'a' });
  const real = fs.lstatSync;
  let calls = 0;
  t.mock.method(fs, 'lstatSync', (p: fs.PathLike, o?: fs.StatSyncOptions) => {
    calls++;
    return real(p, o);
  });
  assert.deepEqual(fields(lstatFields(`${root}/a.txt`)), viaStats(`${root}/a.txt`));
  assert.equal(calls > 0, true);
});
