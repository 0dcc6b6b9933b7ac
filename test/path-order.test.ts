// PathOrder: rows compared by relative path as sort() compares the path
// strings, without building them; and the k least of a list.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { openArchive } from '../lib/index.ts';
import { byPath, relPath } from '../lib/dupes/common.ts';
import { PathOrder } from '../lib/dupes/path-order.ts';
import { tree, type Spec } from './_tree.ts';

// Names that begin one another, and characters on both sides of '/' (0x2F): '.', '-', ' ', '0', 'é', '~'.
const NAMES = ['a', 'a.b', 'a-', 'a b', 'a0', 'ab', 'a~', 'é', 'Z', '0'];

function spec(depth: number): Spec {
  const out: Record<string, string | Spec> = {};
  for (const n of NAMES) out[n] = depth === 0 || n.length > 1 ? 'x' : spec(depth - 1);
  return out;
}

const sign = (x: number): number => (x < 0 ? -1 : x > 0 ? 1 : 0);
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

test('PathOrder.compare(): the order of the path strings, for every pair of entries', async () => {
  const root = tree(spec(2));
  // A name that is not UTF-8 is compared as the index shows it (escaped), like relPath.
  fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/a/`), Buffer.from([0x61, 0xff])]), 'x');
  // Two folders shown alike: one named with the byte 0xFF, one named with the text `b\xFF`.
  const rawDir = Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x62, 0xff])]);
  fs.mkdirSync(rawDir);
  for (const n of ['x', 'y.', 'y']) fs.writeFileSync(Buffer.concat([rawDir, Buffer.from(`/${n}`)]), 'x');
  fs.mkdirSync(`${root}/b\\xFF`);
  for (const n of ['x.', 'y', 'x']) fs.writeFileSync(`${root}/b\\xFF/${n}`, 'x');
  const c = (await openArchive(root, { progress: false })).catalog;
  assert.ok(c.rawNames.size > 0);
  const order = new PathOrder(c);
  let pairs = 0;
  for (let a = 1; a < c.length; a++) {
    for (let b = 1; b < c.length; b++) {
      assert.equal(sign(order.compare(a, b)), cmp(relPath(c, a), relPath(c, b)), `${relPath(c, a)} vs ${relPath(c, b)}`);
      pairs++;
    }
  }
  assert.ok(pairs > 1000);
});

test('PathOrder.least(), first(): the start of the rows sorted by path', async () => {
  const c = (await openArchive(tree(spec(2)), { progress: false })).catalog;
  const order = new PathOrder(c);
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let trial = 0; trial < 200; trial++) {
    const rows = Array.from({ length: 1 + random(40) }, () => 1 + random(c.length - 1));
    const unique = [...new Set(rows)];
    const sorted = byPath(c, unique);
    for (const k of [1, 3, 10]) assert.deepEqual([...order.least(unique, k)], [...sorted.subarray(0, k)], `k=${k}`);
    assert.equal(order.first(unique), sorted[0]);
  }
});
