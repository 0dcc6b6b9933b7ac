// Trees deeper than PATH_MAX: removal, undo and purge handle any depth the
// scan reads (the quarantine puts one more folder level above each item).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { QUARANTINE, openArchive } from '../lib/index.ts';
import { tree } from './_tree.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const NAME = 'd'.repeat(99);
const BOTTOM = 'bottom.txt';

/**
 * A chain of folders whose deepest file's path is 4,090 bytes: the scan
 * reads it all, and in the quarantine (one removal folder more) it is past
 * PATH_MAX. Built by changing folder. Returns how many levels it made.
 */
function buildDeep(at: string): number {
  const home = process.cwd();
  let levels = 0;
  try {
    process.chdir(at);
    let len = Buffer.byteLength(at);
    for (let k = 0; len + 1 + 100 + 1 + BOTTOM.length <= 4090; k++) {
      fs.writeFileSync(`f${k}.txt`, `level ${k}\n`);
      fs.utimesSync(`f${k}.txt`, 1_400_000_000 + k, 1_400_000_000 + k);
      fs.mkdirSync(NAME);
      process.chdir(NAME);
      len += 100;
      levels++;
    }
    const last = 'e'.repeat(4090 - len - 2 - BOTTOM.length);
    fs.mkdirSync(last);
    fs.writeFileSync(path.join(last, BOTTOM), 'the very bottom\n');
  } finally {
    process.chdir(home);
  }
  return levels;
}

/** Every entry below `root` but the quarantine, by find (which walks any depth): kind, size, mode, mtime. */
function listing(root: string): string {
  const r = spawnSync('find', ['.', '-path', `./${QUARANTINE}`, '-prune', '-o', '-printf', '%p %y %s %m %T@\\n'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('. ')).map((l) => (l.includes(' d ') ? l.replace(/ [\d.]+$/, '') : l)).sort().join('\n');
}

test('case 8: a tree deeper than PATH_MAX is removed, restored byte-identical, removed again and purged', async () => {
  const root = tree({ keep: { 'x.txt': 'x' } });
  fs.mkdirSync(path.join(root, 'deep'));
  const levels = buildDeep(path.join(root, 'deep'));
  const before = listing(root);
  const a = await openArchive(root, { progress: false, workers: 0 });
  a.say = () => {};
  const entries = a.count().entries;
  assert.deepEqual(a.errors, []);
  assert.equal(entries, 2 + 1 + 2 * levels + 2);
  let longest = 0;
  for (let i = 0; i < a.catalog.length; i++) longest = Math.max(longest, a.catalog.fsPath(i).length);
  assert.equal(longest, 4090);
  const r = await a.remove(['deep'], { delete: true, countdown: 0 });
  assert.deepEqual([r.removed.length, r.skipped, r.failed], [1, [], []]);
  const u = await a.undo();
  assert.deepEqual([u.restored, u.refused, u.failed, u.differs], [['deep'], [], [], []]);
  assert.equal(listing(root), before);
  assert.equal(a.count().entries, entries);
  await a.remove(['deep'], { delete: true, countdown: 0 });
  const p = await a.purge({ delete: true, countdown: 0 });
  assert.deepEqual([p.purged.length, p.failed], [1, []]);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
  assert.equal(fs.existsSync(path.join(root, 'deep')), false);
});
