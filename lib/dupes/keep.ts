// keep(group, pathToKeep): the removal of every other copy, planned through
// remove(), so its dry run, countdown, quarantine and undo all apply. It
// refuses when any file would lose its last copy.
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { UsageError } from '../errors.ts';
import { num } from '../format.ts';
import { Hasher } from '../hash/index.ts';
import type { ArchiveCore } from '../registry.ts';
import { REMOVE_OPTIONS, removeChecked, type Removal, type RemovalItem } from '../remove/index.ts';
import { Selection } from '../query/index.ts';
import { markBelow } from './signature.ts';
import { CopyGroup, HASHING_OPTIONS, display, hashOptions, newHasher } from './common.ts';
import { checkOptions, opt, type Given } from '../shared/index.ts';
import { isJunk } from './scope.ts';
import { relativePath } from '../query/index.ts';
import { DIR, FILE, SYMLINK } from '../types.ts';

/** keep()'s options: what KEEP_OPTIONS declares. */
export type KeepOptions = Given<typeof KEEP_OPTIONS>;

/** remove()'s options that keep() passes on: remove()'s own declarations, so the two cannot drift. */
const { delete: del, countdown, permanent, verbose } = REMOVE_OPTIONS;
const PASSED_TO_REMOVE = { delete: del, countdown, permanent, verbose };

/** keep()'s options, declared once: its check and help(keep) read them. */
export const KEEP_OPTIONS = {
  ...PASSED_TO_REMOVE,
  verify: opt.choice("'bytes' compares each file to be removed with the copy that stays; 'hash' trusts hashes", ['bytes', 'hash'] as const, 'bytes'),
  ...HASHING_OPTIONS,
};

function memberRow(a: ArchiveCore, group: CopyGroup, pathToKeep: unknown): number {
  const c = a.catalog;
  const members = Array.from(group.rows);
  const shown = members.slice(0, 3).map((i) => `'${c.path(i)}'`).join(', ');
  if (typeof pathToKeep !== 'string') throw new UsageError(`keep() needs the path of the copy to keep, one of ${shown}${members.length > 3 ? ', …' : ''}; not ${JSON.stringify(pathToKeep)}`);
  const i = c.lookup(relativePath(a, pathToKeep, 'keep()'));
  if (i < 0 || !members.includes(i)) throw new UsageError(`'${pathToKeep}' is not a member of this group; keep one of ${shown}${members.length > 3 ? ', …' : ''}`);
  if (c.kind[i] === SYMLINK) throw new UsageError(`'${pathToKeep}' is a symlink, not a copy; keep a real copy`);
  return i;
}

/** Regular files at or below the removed members that would lose their data: no copy stays behind. */
async function lastCopies(c: Catalog, hasher: Hasher, removed: Uint8Array, exemptJunk: boolean, verify: boolean): Promise<{ lost: number[]; junk: number; copyOf: Map<number, number> }> {
  const going: number[] = [];
  const sizes = new Set<number>();
  let junk = 0;
  for (let i = 1; i < c.length; i++) {
    if (removed[i] === 0 || c.gone[i] === 1 || c.kind[i] !== FILE || c.size[i] === 0) continue;
    if (exemptJunk && isJunk(c.name(i))) {
      junk++;
      continue;
    }
    going.push(i);
    sizes.add(c.size[i]!);
  }
  // A name of the same inode left outside keeps the data: count copies by inode, never by link.
  const stays = new Map<string, number>();
  const candidates: number[] = [];
  for (let i = 1; i < c.length; i++) {
    if (removed[i] === 1 || c.gone[i] === 1 || c.kind[i] !== FILE || !sizes.has(c.size[i]!)) continue;
    candidates.push(i);
    if (c.nlink[i]! > 1) stays.set(`${c.dev[i]}:${c.ino[i]}`, i);
  }
  // Each file to remove, and the file that stays with its data (another name of its inode, or an identical copy).
  const copyOf = new Map<number, number>();
  for (const r of going) if (c.nlink[r]! > 1 && stays.has(`${c.dev[r]}:${c.ino[r]}`)) copyOf.set(r, stays.get(`${c.dev[r]}:${c.ino[r]}`)!);
  const open = going.filter((r) => !copyOf.has(r));
  await hasher.hash([...open, ...candidates], 'full');
  const byKey = new Map<string, number>();
  for (const s of candidates) {
    const key = hasher.key(s, 'full');
    if (key !== undefined && !byKey.has(`${c.size[s]}:${key}`)) byKey.set(`${c.size[s]}:${key}`, s);
  }
  const lost: number[] = [];
  const pairs: [number, number][] = [];
  for (const r of open) {
    const key = hasher.key(r, 'full');
    const s = key === undefined ? undefined : byKey.get(`${c.size[r]}:${key}`);
    if (s === undefined) lost.push(r);
    else {
      pairs.push([r, s]);
      copyOf.set(r, s);
    }
  }
  if (verify) {
    const same = await hasher.sameBytes(pairs);
    pairs.forEach(([r], k) => {
      if (!same[k]) lost.push(r);
    });
  }
  return { lost, junk, copyOf };
}

/**
 * Refuses when a folder to remove (or one inside it) is a folder of the kept
 * copy under another name: the same device and inode, as a bind mount makes.
 * Removing it would remove what is kept.
 */
function keptUnderAnotherName(c: Catalog, kept: number, others: readonly number[]): void {
  const keptDirs = new Map<string, number>();
  const mine = markBelow(c, [kept]);
  for (let i = kept; i < c.length; i++) if (mine[i] === 1 && c.kind[i] === DIR && c.gone[i] === 0) keptDirs.set(`${c.dev[i]}:${c.ino[i]}`, i);
  const going = markBelow(c, others);
  for (let i = 1; i < c.length; i++) {
    if (going[i] === 0 || c.kind[i] !== DIR || c.gone[i] === 1) continue;
    const same = keptDirs.get(`${c.dev[i]}:${c.ino[i]}`);
    if (same !== undefined) {
      throw new UsageError(`keep() refuses: '${c.path(i)}' is '${c.path(same)}' itself under another name (same device and inode, a bind mount); nothing was planned or removed`);
    }
  }
}

/**
 * Keeps one copy of a duplicate group and plans the removal of the others
 * through remove(): a dry run unless `{delete: true}`. Refuses when any file
 * in the copies to remove has no identical copy left elsewhere (compared byte
 * by byte); a hardlink counts as the same copy, a symlink as none.
 * Examples: the registry entry in helpers.ts.
 */
export async function keep(a: ArchiveCore, group: CopyGroup, pathToKeep: string, options: KeepOptions = {}): Promise<Removal> {
  const o = checkOptions('keep', KEEP_OPTIONS, options);
  if (!(group instanceof CopyGroup)) throw new UsageError('keep() takes a group from groupDupes() or dupeFiles(), e.g. keep((await groupDupes()).groups[0], path)');
  const c = a.catalog;
  if (group.catalog !== c) throw new UsageError('this group comes from another scan (before refresh(), or another archive); run groupDupes() or dupeFiles() again');
  const kept = memberRow(a, group, pathToKeep);
  if (c.gone[kept] === 1) throw new UsageError(`'${pathToKeep}' has been removed since the group was found; run groupDupes() or dupeFiles() again`);
  const others = Array.from(group.rows).filter((i) => i !== kept && c.gone[i] === 0);
  for (const i of others) {
    if (c.isWithin(kept, i)) throw new UsageError(`'${pathToKeep}' lies inside '${c.path(i)}', which would be removed; keep a copy outside the others`);
  }
  keptUnderAnotherName(c, kept, others);
  // Under 'hash', a cached hash decides what is removed: it is trusted only
  // when the file's ctime now is still the scan's (the finders trust the scan;
  // a file rewritten since, with size and mtime put back, would fool them
  // until a rescan). Under 'bytes' the bytes are compared anyway.
  const hasher = newHasher(c, { ...hashOptions(o, a), recheckCtime: o.verify === 'hash' });
  let junk = 0;
  let copyOf = new Map<number, number>();
  try {
    const check = await lastCopies(c, hasher, markBelow(c, others), group.junkIgnored, o.verify === 'bytes');
    junk = check.junk;
    copyOf = check.copyOf;
    if (check.lost.length > 0) {
      const first = display(c, a.name, check.lost[0]!);
      const n = check.lost.length;
      throw new UsageError(`keep() refuses: ${num(n)} file${n === 1 ? '' : 's'} in the copies to remove would lose ${n === 1 ? 'its' : 'their'} last copy, e.g. ${first}; nothing was planned or removed`);
    }
  } finally {
    hasher.close();
  }
  if (junk > 0) a.say(`keep(): ${num(junk)} junk file${junk === 1 ? '' : 's'} (.DS_Store, Thumbs.db, desktop.ini, ._*) in the copies to remove ${junk === 1 ? 'goes' : 'go'} with them.`);
  const guard = (it: RemovalItem): string | undefined => stillCopied(c, it.index, copyOf);
  const removeOptions = Object.fromEntries(Object.keys(PASSED_TO_REMOVE).map((k) => [k, o[k as keyof typeof PASSED_TO_REMOVE]]));
  return removeChecked(a, new Selection(c, Uint32Array.from(others), a.name), removeOptions, 'keep', guard);
}

/** Whether two files hold the same bytes, read now. */
function sameBytes(a: string | Buffer, b: string | Buffer): boolean {
  const fa = fs.openSync(a, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  const fb = fs.openSync(b, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    const ba = Buffer.alloc(1 << 20);
    const bb = Buffer.alloc(1 << 20);
    for (;;) {
      const ra = fs.readSync(fa, ba, 0, ba.length, null);
      const rb = fs.readSync(fb, bb, 0, bb.length, null);
      if (ra !== rb || !ba.subarray(0, ra).equals(bb.subarray(0, rb))) return false;
      if (ra === 0) return true;
    }
  } finally {
    fs.closeSync(fa);
    fs.closeSync(fb);
  }
}

/**
 * Run under the archive's lock just before an item moves: every file in it
 * that was matched with a copy that stays is checked again, on disk: the copy
 * still exists, unchanged since the scan (inode, size, mtime), not removed
 * meanwhile (a concurrent keep), and byte for byte the same as the file.
 * Returns the reason to skip the item, or undefined.
 */
function stillCopied(c: Catalog, item: number, copyOf: ReadonlyMap<number, number>): string | undefined {
  for (const r of c.liveRows(item)) {
    const s = copyOf.get(r);
    if (s === undefined) continue;
    const where = c.path(s);
    if (c.gone[s] === 1) return `its copy ${where} has been removed meanwhile; keep() would remove the last copy`;
    const st = fs.lstatSync(c.fsPath(s), { throwIfNoEntry: false });
    if (st === undefined || !st.isFile()) return `its copy ${where} is gone; keep() would remove the last copy`;
    if (st.ino !== c.ino[s] || st.dev !== c.dev[s] || st.size !== c.size[s] || st.mtimeMs !== c.mtime[s]) return `its copy ${where} changed since the scan; run groupDupes() again`;
    if (c.ino[r] === c.ino[s] && c.dev[r] === c.dev[s]) continue;
    try {
      if (!sameBytes(c.fsPath(r), c.fsPath(s))) return `${c.path(r)} no longer matches its copy ${where} byte for byte`;
    } catch (e) {
      return `its copy ${where} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  }
  return undefined;
}
