// Bottom-up signatures of folders, computed in one backward pass over the
// catalog (children come after their parents, so when a row is reached all
// of its children have been added into it).
//
// - The shape signature covers the tree of names, kinds and file sizes: two
//   folders with the same one are candidates, found without reading a byte.
// - The content signature covers the tree of names and content hashes, for
//   the folders whose files have been hashed.
//
// Both combine children by addition of well-mixed per-child values, so the
// order of children does not matter and no sorting is needed. The shape
// signature only nominates candidates; the content signature (128 bits of
// per-file SHA-256 mixed in) decides, and `verify: 'bytes'` checks even that.
import fs from 'node:fs';
import crypto from 'node:crypto';
import type { Catalog } from '../catalog/index.ts';
import { DIR, FILE, SYMLINK } from '../types.ts';

/** murmur3's finaliser: every input bit affects every output bit. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function strHash(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return fmix(h ^ s.length);
}

/** Two 32-bit hashes of every name, by name id (computed once per catalog). */
const nameHashCache = new WeakMap<Catalog, { a: Uint32Array; b: Uint32Array }>();
export function nameHashes(c: Catalog): { a: Uint32Array; b: Uint32Array } {
  let h = nameHashCache.get(c);
  if (h === undefined || h.a.length < c.names.length) {
    const a = new Uint32Array(c.names.length);
    const b = new Uint32Array(c.names.length);
    for (let id = 0; id < c.names.length; id++) {
      const name = c.names[id]!;
      a[id] = strHash(name, 0x811c9dc5);
      b[id] = strHash(name, 0x9747b28c);
    }
    h = { a, b };
    nameHashCache.set(c, h);
  }
  return h;
}

export interface Shapes {
  /** The shape signature, two 32-bit lanes. */
  readonly a: Uint32Array;
  readonly b: Uint32Array;
  /** Regular files in the subtree (in scope), empty ones included. */
  readonly files: Uint32Array;
  /** Bytes of those files. */
  readonly bytes: Float64Array;
  /** 1 when a file in the subtree has other hard links. */
  readonly linked: Uint8Array;
}

/** Shape signatures of every row in scope: names, kinds and sizes, from the index alone. */
export function shapes(c: Catalog, out: Uint8Array): Shapes {
  const n = c.length;
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  const files = new Uint32Array(n);
  const bytes = new Float64Array(n);
  const linked = new Uint8Array(n);
  const names = nameHashes(c);
  const { parent, kind, size, nameId, nlink } = c;
  // Perf: one backward pass with integer mixing; no objects, no strings.
  for (let i = n - 1; i > 0; i--) {
    if (out[i] === 1) continue;
    const k = kind[i]!;
    let x1 = 0;
    let x2 = 0;
    if (k === FILE) {
      const s = size[i]!;
      x1 = s >>> 0;
      x2 = (s / 4294967296) >>> 0;
      files[i] = 1;
      bytes[i] = s;
      if (nlink[i]! > 1) linked[i] = 1;
    } else if (k === DIR) {
      x1 = a[i]!;
      x2 = b[i]!;
    }
    const id = nameId[i]!;
    const ca = fmix(fmix(fmix(names.a[id]! + Math.imul(k + 1, 0x9e3779b1)) ^ x1) + x2);
    const cb = fmix(fmix(fmix(names.b[id]! ^ Math.imul(k + 7, 0x85ebca6b)) + x2) ^ x1);
    const p = parent[i]!;
    a[p] = (a[p]! + ca) >>> 0;
    b[p] = (b[p]! + cb) >>> 0;
    files[p]! += files[i]!;
    bytes[p]! += bytes[i]!;
    linked[p]! |= linked[i]!;
  }
  return { a, b, files, bytes, linked };
}

/** A content hash per file row: 16 bytes, or undefined when it could not be hashed. */
export type HashLookup = (row: number) => Uint8Array | undefined;

export interface Contents {
  /** Four 32-bit lanes per row (row * 4 .. row * 4 + 3). */
  readonly lanes: Uint32Array;
  /** 1 when something in the subtree could not be hashed: the folder cannot be compared. */
  readonly unknown: Uint8Array;
}

const EMPTY = new Uint8Array(16);

/**
 * Content signatures of the folders marked in `need` and everything below
 * them: names, kinds and the content of each file (its hash), link target or
 * subfolder. Rows outside `need` are left at zero.
 */
export function contents(c: Catalog, out: Uint8Array, need: Uint8Array, hashOf: HashLookup): Contents {
  const n = c.length;
  const lanes = new Uint32Array(n * 4);
  const unknown = new Uint8Array(n);
  const names = nameHashes(c);
  const { parent, kind, size, nameId } = c;
  const word = new Uint32Array(4);
  const bytes = new Uint8Array(word.buffer);
  for (let i = n - 1; i > 0; i--) {
    if (out[i] === 1 || need[i] === 0) continue;
    const k = kind[i]!;
    if (k === FILE) {
      const h = size[i] === 0 ? EMPTY : hashOf(i);
      if (h === undefined) {
        unknown[i] = 1;
        bytes.fill(0);
      } else bytes.set(h);
    } else if (k === DIR) {
      for (let j = 0; j < 4; j++) word[j] = lanes[i * 4 + ((j + 1) & 3)]!;
    } else if (k === SYMLINK) {
      const target = linkTarget(c, i);
      if (target === undefined) unknown[i] = 1;
      else bytes.set(target);
    } else word.fill(0);
    const id = nameId[i]!;
    const base = fmix(names.a[id]! + Math.imul(k + 1, 0x9e3779b1)) ^ names.b[id]!;
    const p = parent[i]!;
    for (let j = 0; j < 4; j++) {
      const v = fmix(word[j]! ^ fmix(base + Math.imul(j + 1, 0x27d4eb2f)));
      lanes[p * 4 + j] = (lanes[p * 4 + j]! + v) >>> 0;
    }
    unknown[p]! |= unknown[i]!;
  }
  return { lanes, unknown };
}

function linkTarget(c: Catalog, i: number): Uint8Array | undefined {
  try {
    const t = fs.readlinkSync(c.fsPath(i), { encoding: 'buffer' });
    return crypto.createHash('sha256').update(t).digest().subarray(0, 16);
  } catch {
    return undefined;
  }
}

/** The content signature of a row as a string key. */
export function contentKey(x: Contents, i: number): string {
  const l = x.lanes;
  return `${l[i * 4]}:${l[i * 4 + 1]}:${l[i * 4 + 2]}:${l[i * 4 + 3]}`;
}

/** Marks `roots` and every row below them (one forward pass). */
export function markBelow(c: Catalog, roots: Iterable<number>): Uint8Array {
  const mark = new Uint8Array(c.length);
  let first = c.length;
  for (const r of roots) {
    mark[r] = 1;
    if (r < first) first = r;
  }
  const { parent } = c;
  for (let i = first + 1; i < c.length; i++) if (mark[parent[i]!] === 1) mark[i] = 1;
  return mark;
}
