// The duplicate finders' fixture: one tree holding every trap the issue lists.
import fs from 'node:fs';
import path from 'node:path';
import { tree, type Spec } from './_tree.ts';

/** Deterministic bytes: the same seed and size always give the same content. */
export function bytes(seed: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    b[i] = x & 0xff;
  }
  return b;
}

/** A copy of `b` with one byte flipped at `at`. */
export function flipped(b: Buffer, at: number): Buffer {
  const c = Buffer.from(b);
  c[at] = c[at]! ^ 0xff;
  return c;
}

const XMAS: Spec = { 'IMG_0001.JPG': bytes(1, 3000), 'IMG_0002.JPG': bytes(2, 5000), best: { 'IMG_0003.JPG': bytes(3, 3000) } };
const TREE: Spec = { sub1: { 'f1.txt': bytes(10, 800), deeper: { 'f2.txt': bytes(11, 900) } }, sub2: { 'f3.txt': bytes(12, 700) } };
/** 100 KB: larger than a partial hash's two blocks, so the middle is read only by a full hash. */
const RAW = bytes(20, 100_000);
/** 200 KiB whose first 64 KiB are shared with BIG_B. */
const BIG_A = bytes(30, 200 * 1024);
const BIG_B = Buffer.concat([BIG_A.subarray(0, 64 * 1024), bytes(31, 136 * 1024)]);
const pics = (from: number, to: number, edit?: number): Spec => {
  const out: Record<string, Buffer> = {};
  for (let k = from; k <= to; k++) {
    const b = bytes(100 + k, 2000 + k * 10);
    out[`q${String(k).padStart(2, '0')}.jpg`] = k === edit ? flipped(b, 1000) : b;
  }
  return out;
};
const plain = (from: number, to: number): Spec => {
  const out: Record<string, Buffer> = {};
  for (let k = from; k <= to; k++) out[`p${String(k).padStart(2, '0')}.jpg`] = bytes(40 + k, 1500 + k);
  return out;
};
const gitDir = (): Spec => ({ HEAD: 'ref: refs/heads/main\n', objects: { ab: { cdef0123456789: bytes(50, 300) } }, refs: { tags: {} } });

/**
 * The traps, by folder:
 * - `photos/Christmas 2008` ≡ `misc/xmas08` (plus a .DS_Store) ≡ `backup/old/Christmas 2008`, each with a subfolder
 * - `tree_a` ≡ `tree_b`: copied trees with nested subfolders (only the top is reported)
 * - `camera1`, `camera2`: same names and sizes; IMG_0001.JPG differs only in the middle
 * - `big1/data.bin`, `big2/data.bin`: the same first 64 KiB, different tails
 * - `links/a.txt`, `links/b.txt`: hardlinks
 * - `empty1`, `empty2` (empty folders), `zeros1`, `zeros2` (an empty file each)
 * - `repo1`, `repo2`: different READMEs, `.git` folders with the same objects
 * - `full` (p01–p10) and `partial` (p01–p05): a partial copy
 * - `orig` (q01–q20) and `curated` (q01–q18, q05 edited): a near-copy
 */
export function dupeTree(): string {
  const root = tree({
    photos: { 'Christmas 2008': XMAS },
    misc: { xmas08: { ...XMAS, '.DS_Store': bytes(99, 600) }, 'readme.txt': 'misc notes' },
    backup: { old: { 'Christmas 2008': XMAS, 'notes.txt': 'old notes' } },
    tree_a: TREE,
    tree_b: TREE,
    camera1: { 'IMG_0001.JPG': RAW, 'IMG_0002.JPG': bytes(21, 4000) },
    camera2: { 'IMG_0001.JPG': flipped(RAW, 50_000), 'IMG_0002.JPG': bytes(21, 4000) },
    big1: { 'data.bin': BIG_A },
    big2: { 'data.bin': BIG_B },
    links: { 'a.txt': 'the same inode under two names\n' },
    empty1: {},
    empty2: {},
    zeros1: { 'e.txt': '' },
    zeros2: { 'e.txt': '' },
    repo1: { 'README.md': 'one', '.git': gitDir() },
    repo2: { 'README.md': 'two!', '.git': gitDir() },
    full: plain(1, 10),
    partial: plain(1, 5),
    orig: pics(1, 20),
    curated: pics(1, 18, 5),
  }, 'rummage-dupes-');
  fs.linkSync(path.join(root, 'links', 'a.txt'), path.join(root, 'links', 'b.txt'));
  return root;
}
