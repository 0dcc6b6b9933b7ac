// The hot loop of the scan: walk one directory's subtree into columns. Runs
// on the main thread and in scan workers alike.
import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { Columns } from './columns.ts';
import { NameTable, escapeName } from './names.ts';
import { DIR, FILE, OTHER, SYMLINK, type ScanError } from '../types.ts';
import { joinPath as join } from '../shared/index.ts';
import type { ScanTask, Share } from './share.ts';
import { DEV, INO, MODE, NLINK, SIZE, ctimeMs, lstatFields, mtimeMs } from './lstat.ts';

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;
const AS_BUFFER = { encoding: 'buffer' } as const;

export interface WalkContext {
  readonly cols: Columns;
  readonly names: NameTable;
  readonly errors: ScanError[];
  /** Device of the root; directories on another device are recorded but not entered. */
  readonly rootDev: number;
  readonly crossDevices: boolean;
  /** Names left out when they sit directly in the root (the quarantine). */
  readonly skipAtRoot: ReadonlySet<string>;
  /** Which walker wrote a row, in the top bits of its name id: worker names are renumbered at the end. */
  readonly nameTag: number;
  /** Called after each directory on the main thread (the progress display). */
  readonly tick?: () => void;
}

function kindOf(mode: number): number {
  const t = mode & S_IFMT;
  if (t === S_IFREG) return FILE;
  if (t === S_IFDIR) return DIR;
  if (t === S_IFLNK) return SYMLINK;
  return OTHER;
}

function fail(ctx: WalkContext, rel: string, e: unknown): void {
  const err = e as NodeJS.ErrnoException;
  ctx.errors.push({ path: rel, code: err.code ?? 'EUNKNOWN', message: err.message.split('\n')[0]! });
}


/**
 * Reads a directory's names. Names that are not valid UTF-8 come back as
 * Buffers, byte-exact; the rest as strings.
 */
function readNames(abs: string | Buffer): (string | Buffer)[] {
  if (typeof abs !== 'string') return decodeNames(fs.readdirSync(abs, AS_BUFFER));
  const names = fs.readdirSync(abs);
  for (let i = 0; i < names.length; i++) {
    // U+FFFD marks bytes that did not decode: read this directory again, byte-exact.
    if (names[i]!.includes('\uFFFD')) return decodeNames(fs.readdirSync(abs, AS_BUFFER));
  }
  return names;
}

function decodeNames(bufs: Buffer[]): (string | Buffer)[] {
  return bufs.map((b) => {
    const s = b.toString('utf8');
    return Buffer.byteLength(s) === b.length && Buffer.from(s).equals(b) ? s : b;
  });
}

/**
 * Reads one directory (already a row at `at`) and appends a row per entry.
 * Subdirectories to enter are pushed onto `next`.
 */
export function readDir(ctx: WalkContext, abs: string | Buffer, at: number, atRel: string, next: PendingDirs): number {
  const { cols, names, rootDev, crossDevices, nameTag } = ctx;
  let list: (string | Buffer)[];
  try {
    list = readNames(abs);
  } catch (e) {
    fail(ctx, atRel, e);
    return 0;
  }
  if (at === 0 && ctx.skipAtRoot.size > 0) list = list.filter((n) => typeof n !== 'string' || !ctx.skipAtRoot.has(n));
  const base = cols.alloc(list.length);
  cols.firstChild[at] = base;
  cols.childCount[at] = list.length;
  // Perf: an indexed loop, one lstat per entry, no object kept per entry.
  for (let k = 0; k < list.length; k++) {
    const name = list[k]!;
    const i = base + k;
    const p = join(abs, name);
    let st: Float64Array | undefined;
    try {
      st = lstatFields(p);
    } catch (e) {
      fail(ctx, childRel(atRel, name), e);
      cols.hole(i);
      continue;
    }
    if (st === undefined) {
      // Vanished between readdir and lstat.
      ctx.errors.push({ path: childRel(atRel, name), code: 'ENOENT', message: 'vanished during the scan' });
      cols.hole(i);
      continue;
    }
    const kind = kindOf(st[MODE]!);
    const dev = st[DEV]!;
    const ino = st[INO]!;
    cols.parent[i] = at;
    cols.kind[i] = kind;
    cols.size[i] = st[SIZE]!;
    cols.mtime[i] = mtimeMs(st);
    cols.ctime[i] = ctimeMs(st);
    cols.dev[i] = dev;
    cols.ino[i] = ino;
    cols.nlink[i] = st[NLINK]!;
    cols.nameId[i] = (typeof name === 'string' ? names.id(name) : names.rawId(name)) | nameTag;
    cols.firstChild[i] = 0;
    cols.childCount[i] = 0;
    if (kind === DIR && (crossDevices || dev === rootDev)) {
      // A bind mount can show a folder inside itself: never enter a folder that is one of its own ancestors.
      const loop = ancestorLike(cols, at, dev, ino);
      if (loop >= 0) {
        ctx.errors.push({ path: childRel(atRel, name), code: 'ELOOP', message: `file system loop: the same folder (device and inode) as ${loop === 0 ? 'the root' : 'an ancestor'}; not entered` });
        continue;
      }
      next.abs.push(p);
      next.index.push(i);
      next.rel.push(childRel(atRel, name));
    }
  }
  return list.length;
}

/** The row at or above `at` with this device and inode, or -1. Rows above are written before their children. */
function ancestorLike(cols: Columns, at: number, dev: number, ino: number): number {
  const { parent } = cols;
  for (let j = at; ; j = parent[j]!) {
    if (cols.ino[j] === ino && cols.dev[j] === dev) return j;
    if (j === 0) return -1;
  }
}

/** Directories still to read, as three parallel stacks. */
export interface PendingDirs {
  readonly abs: (string | Buffer)[];
  readonly index: number[];
  readonly rel: string[];
}

/** Folders handed over at once, at most. */
const MAX_HANDOVER = 16;

/**
 * Walks the whole subtree below `start`, which is already a row at `startIndex`.
 * With a Share, it gives its shallowest pending folder to a walker that waits for work.
 */
export function walk(ctx: WalkContext, start: string | Buffer, startIndex: number, rel: string, share?: Share): void {
  const pending: PendingDirs = { abs: [start], index: [startIndex], rel: [rel] };
  const { tick } = ctx;
  while (pending.abs.length > 0) {
    readDir(ctx, pending.abs.pop()!, pending.index.pop()!, pending.rel.pop()!, pending);
    // Perf: the tick only reads the clock; it throttles itself.
    if (tick !== undefined) tick();
    if (share === undefined) continue;
    if (share.failed) return;
    // Perf: one atomic load a folder while nobody waits. Half the stack goes, from the bottom:
    // the shallowest folders, usually the biggest, so that the other walker does not come back at once.
    if (pending.abs.length > 1 && share.wanted) {
      const given = share.give(pending.abs, pending.index, pending.rel, Math.min(MAX_HANDOVER, pending.abs.length >> 1));
      if (given > 0) {
        pending.abs.splice(0, given);
        pending.index.splice(0, given);
        pending.rel.splice(0, given);
      }
    }
  }
}

/** Walks one claimed folder with sharing on, then tells the Share it is done. */
export function walkTask(ctx: WalkContext, t: ScanTask, share: Share): void {
  try {
    // Buffers arrive in workers as plain Uint8Arrays after the structured clone.
    walk(ctx, typeof t.abs === 'string' ? t.abs : Buffer.from(t.abs), t.index, t.rel, share);
  } finally {
    share.release();
  }
}

/** Claims folders from the Share and walks them until the scan is over. Run by the main thread and every scan worker. */
export function walkShared(ctx: WalkContext, share: Share): void {
  try {
    for (let t = share.claim(); t !== undefined; t = share.claim()) walkTask(ctx, t, share);
  } catch (e) {
    // The others stop at their next folder; the scan then fails with this error.
    share.fail();
    throw e;
  }
}

function childRel(rel: string, name: string | Buffer): string {
  const n = typeof name === 'string' ? name : escapeName(name);
  return rel === '' ? n : `${rel}/${n}`;
}
