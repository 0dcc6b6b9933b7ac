// Cross-device moves (crossDevices: true): a real copy between two file
// systems keeps hardlinks, sparse files and setuid bits, and never unlinks an
// original that changed after its copy was verified.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { moveEntry } from '../lib/remove/move.ts';

const SHM = '/dev/shm';
const devices = fs.existsSync(SHM) && fs.statSync(SHM).dev !== fs.statSync(os.tmpdir()).dev;
const why = devices ? undefined : `needs two file systems: ${SHM} and ${os.tmpdir()} are the same device (or ${SHM} is missing)`;
if (why !== undefined) console.log(`# skipped: ${why}`);

function dirs(): { src: string; dst: string } {
  const src = fs.mkdtempSync(path.join(SHM, 'rummage-move-'));
  const dst = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-move-'));
  after(() => {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(dst, { recursive: true, force: true });
  });
  return { src, dst };
}

test('case 5: across devices, hardlinks stay linked, sparse files stay sparse, setuid/setgid and owners survive', { skip: why }, () => {
  const { src, dst } = dirs();
  const item = path.join(src, 'item');
  fs.mkdirSync(item);
  fs.writeFileSync(path.join(item, 'a'), 'linked bytes');
  fs.linkSync(path.join(item, 'a'), path.join(item, 'b'));
  const sparse = path.join(item, 'sparse.img');
  const fd = fs.openSync(sparse, 'w');
  fs.writeSync(fd, 'head');
  fs.writeSync(fd, 'tail', 64 << 20);
  fs.closeSync(fd);
  const suid = path.join(item, 'tool');
  fs.writeFileSync(suid, '#!/bin/sh\n');
  const root = process.getuid?.() === 0;
  if (root) fs.chownSync(suid, 1, 1);
  fs.chmodSync(suid, 0o6755);
  const to = path.join(dst, 'item');
  assert.equal(moveEntry(Buffer.from(item), Buffer.from(to)), 'copy');
  assert.equal(fs.existsSync(item), false);
  assert.equal(fs.statSync(path.join(to, 'a')).ino, fs.statSync(path.join(to, 'b')).ino);
  const sp = fs.statSync(path.join(to, 'sparse.img'));
  assert.equal(sp.size, (64 << 20) + 4);
  assert.ok(sp.blocks * 512 < 1 << 20, `sparse file inflated to ${sp.blocks * 512} bytes on disk`);
  const fdr = fs.openSync(path.join(to, 'sparse.img'), 'r');
  const tail = Buffer.alloc(4);
  fs.readSync(fdr, tail, 0, 4, 64 << 20);
  fs.closeSync(fdr);
  assert.equal(tail.toString(), 'tail');
  const st = fs.statSync(path.join(to, 'tool'));
  assert.equal(st.mode & 0o7777, 0o6755);
  if (root) assert.deepEqual([st.uid, st.gid], [1, 1]);
});

test('case 5: bytes appended after the copy verified and before the unlink: the item is left in place, whole', { skip: why }, () => {
  const { src, dst } = dirs();
  const item = path.join(src, 'log.txt');
  fs.writeFileSync(item, 'line 1\n');
  const to = path.join(dst, 'log.txt');
  assert.throws(() => moveEntry(Buffer.from(item), Buffer.from(to), () => fs.appendFileSync(item, 'line 2\n')), /changed while it was copied; left in place/);
  assert.equal(fs.readFileSync(item, 'utf8'), 'line 1\nline 2\n');
  assert.equal(fs.existsSync(to), false);
});
