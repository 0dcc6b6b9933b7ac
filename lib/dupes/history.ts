// Whether a git repository's history exists elsewhere in the archive: the
// object ids it holds (loose objects, and the names listed in its packs'
// .idx files) compared with those of the other repositories. A working tree
// that matches another is not enough: commits may live only in this .git.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { DIR, FILE } from '../types.ts';

const HEX2 = /^[0-9a-f]{2}$/;
const HEX_REST = /^[0-9a-f]{38}$|^[0-9a-f]{62}$/;

/** The object ids of one .git folder (hex), or undefined when they cannot all be read. */
export function objectIds(c: Catalog, gitDir: number): Set<string> | undefined {
  const ids = new Set<string>();
  const objects = childNamed(c, gitDir, 'objects', DIR);
  if (objects < 0) return ids;
  for (const sub of c.children(objects)) {
    if (c.gone[sub] === 1 || c.kind[sub] !== DIR) continue;
    const name = c.name(sub);
    if (HEX2.test(name)) {
      for (const f of c.children(sub)) if (c.gone[f] === 0 && c.kind[f] === FILE && HEX_REST.test(c.name(f))) ids.add(name + c.name(f));
    } else if (name === 'pack') {
      for (const f of c.children(sub)) {
        if (c.gone[f] === 1 || c.kind[f] !== FILE || !c.name(f).endsWith('.idx')) continue;
        if (!packIds(c, f, ids)) return undefined;
      }
    }
  }
  return ids;
}

/** Adds the object names listed in a pack index (version 1 or 2, SHA-1); false when it cannot be read. */
function packIds(c: Catalog, row: number, into: Set<string>): boolean {
  let b: Buffer;
  try {
    b = fs.readFileSync(c.fsPath(row));
  } catch {
    return false;
  }
  const v2 = b.length >= 8 && b.readUInt32BE(0) === 0xff744f63;
  if (v2 && b.readUInt32BE(4) !== 2) return false;
  const fanout = v2 ? 8 : 0;
  if (b.length < fanout + 1024) return false;
  const n = b.readUInt32BE(fanout + 255 * 4);
  const start = fanout + 1024;
  // v2: the names, 20 bytes each, in a table of their own; v1: a 4-byte offset before each name.
  const stride = v2 ? 20 : 24;
  const skip = v2 ? 0 : 4;
  if (b.length < start + n * stride) return false;
  for (let k = 0; k < n; k++) {
    const at = start + k * stride + skip;
    into.add(b.toString('hex', at, at + 20));
  }
  return true;
}

function childNamed(c: Catalog, dir: number, name: string, kind: number): number {
  for (const k of c.children(dir)) if (c.gone[k] === 0 && c.kind[k] === kind && c.name(k) === name) return k;
  return -1;
}

/** Every live `.git` folder in the catalog. */
export function gitDirs(c: Catalog): number[] {
  const out: number[] = [];
  const id = c.names.indexOf('.git');
  if (id < 0) return out;
  for (let i = 1; i < c.length; i++) if (c.nameId[i] === id && c.kind[i] === DIR && c.gone[i] === 0) out.push(i);
  return out;
}

/**
 * The repositories below `folder` whose history is not wholly held by
 * repositories outside it (relative paths of their working trees); empty
 * when there are none, or every one's objects all exist elsewhere.
 */
export class HistoryCheck {
  private readonly repos: number[];
  private readonly ids = new Map<number, Set<string> | undefined>();

  constructor(private readonly c: Catalog) {
    this.repos = gitDirs(c);
  }

  private idsOf(g: number): Set<string> | undefined {
    if (!this.ids.has(g)) this.ids.set(g, objectIds(this.c, g));
    return this.ids.get(g);
  }

  /** The .git folders inside `folder` (or `folder`'s own). */
  inside(folder: number): number[] {
    return this.repos.filter((g) => this.c.isWithin(g, folder));
  }

  /** Repositories inside `folder` with objects found in no repository outside it. */
  notContained(folder: number): number[] {
    const mine = this.inside(folder);
    if (mine.length === 0) return [];
    let elsewhere: Set<string> | undefined;
    const bad: number[] = [];
    for (const g of mine) {
      const own = this.idsOf(g);
      if (own === undefined) {
        bad.push(g);
        continue;
      }
      if (own.size === 0) continue;
      if (elsewhere === undefined) {
        elsewhere = new Set();
        for (const o of this.repos) {
          if (this.c.isWithin(o, folder)) continue;
          for (const id of this.idsOf(o) ?? []) elsewhere.add(id);
        }
      }
      for (const id of own) {
        if (!elsewhere.has(id)) {
          bad.push(g);
          break;
        }
      }
    }
    return bad;
  }
}
