// Whole file trees by their exact path bytes: copy with modes, times and link
// targets; compare two trees; delete one. Links are never followed.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import type { Kind } from '../types.ts';
import { viaShort } from './deep.ts';
import { fsError } from './fs-error.ts';
import { joinPath } from '../shared/index.ts';

export { fsError };

const AS_BUFFER = { encoding: 'buffer' } as const;
const CHUNK = 1 << 20;

/** lstat that answers undefined for a missing path; a path deeper than the system allows is reached in chunks. */
export function lstat(p: Buffer | string): fs.Stats | undefined {
  return viaShort(p, (q) => fs.lstatSync(q, { throwIfNoEntry: false }));
}

/** The catalog's kind of an lstat result. */
export function kindOf(st: fs.Stats | fs.BigIntStats): Kind {
  return st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'symlink' : 'other';
}

/**
 * Sets a path's times (a link's own, never its target's) to the microsecond:
 * Node passes seconds as a double and truncates to microseconds, so the
 * value is aimed at the middle of the microsecond to survive the rounding.
 */
export function setTimes(p: Buffer | string, atimeNs: bigint, mtimeNs: bigint, link = false): void {
  const secs = (ns: bigint): number => (Number(ns / 1000n) + 0.5) / 1e6;
  (link ? fs.lutimesSync : fs.utimesSync)(p, secs(atimeNs), secs(mtimeNs));
}

function kindName(st: fs.Stats): string {
  return st.isFile() ? 'file' : st.isDirectory() ? 'folder' : st.isSymbolicLink() ? 'link' : 'special file';
}

/** Hardlinks met while copying one tree: (dev, inode) of the source → the first copy made of it. */
export type LinkMap = Map<string, Buffer>;

/**
 * Copies `src` to `dest` (which must not exist) with modes, mtimes and link
 * targets, and owners when running as root (set before the mode, so that
 * setuid and setgid bits survive). Files hardlinked to each other inside the
 * tree stay hardlinked; sparse files stay sparse. FIFOs, sockets and devices
 * cannot be copied: that is an error, not a silent gap.
 */
export function copyTree(src: Buffer, dest: Buffer, each?: () => void, links: LinkMap = new Map()): void {
  each?.();
  const st = fs.lstatSync(src, { bigint: true });
  const owner = (): void => {
    if (process.getuid?.() === 0) fs.lchownSync(dest, Number(st.uid), Number(st.gid));
  };
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(src, AS_BUFFER), dest);
    owner();
  } else if (st.isFile()) {
    const key = `${st.dev}:${st.ino}`;
    const first = st.nlink > 1n ? links.get(key) : undefined;
    if (first !== undefined) {
      fs.linkSync(first, dest);
      return;
    }
    if (st.blocks * 512n < st.size) copySparse(src, dest);
    else fs.copyFileSync(src, dest, fs.constants.COPYFILE_EXCL);
    owner();
    fs.chmodSync(dest, Number(st.mode) & 0o7777);
    if (st.nlink > 1n) links.set(key, dest);
  } else if (st.isDirectory()) {
    // Owner-writable while filling it; its own owner, mode and times are set last.
    fs.mkdirSync(dest, { mode: 0o700 });
    for (const name of fs.readdirSync(src, AS_BUFFER)) copyTree(joinPath(src, name), joinPath(dest, name), each, links);
    owner();
    fs.chmodSync(dest, Number(st.mode) & 0o7777);
  } else {
    throw fsError('ENOTSUP', `${src.toString()} is a ${kindOf(st)} entry (FIFO, socket or device), which cannot be copied`);
  }
  setTimes(dest, st.atimeNs, st.mtimeNs, st.isSymbolicLink());
}

/** Copies a sparse file, leaving its runs of zeros as holes. */
function copySparse(src: Buffer, dest: Buffer): void {
  const from = fs.openSync(src, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  const to = fs.openSync(dest, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
  try {
    const buf = Buffer.alloc(1 << 16);
    let at = 0;
    for (;;) {
      const n = fs.readSync(from, buf, 0, buf.length, at);
      if (n === 0) break;
      const piece = buf.subarray(0, n);
      if (!isZero(piece)) fs.writeSync(to, piece, 0, n, at);
      at += n;
    }
    fs.ftruncateSync(to, at);
  } finally {
    fs.closeSync(from);
    fs.closeSync(to);
  }
}

function isZero(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** What a tree's entries look like now (size, mtime, ctime, inode), by path: taken before a copy, compared before the unlink. */
export function stamps(p: Buffer, out = new Map<string, string>()): Map<string, string> {
  const st = fs.lstatSync(p, { bigint: true });
  out.set(p.toString('latin1'), `${st.ino}:${st.size}:${st.mtimeNs}|${st.ctimeNs}|${st.nlink}`);
  if (st.isDirectory()) for (const name of fs.readdirSync(p, AS_BUFFER)) stamps(joinPath(p, name), out);
  return out;
}

/** The first difference between two trees (kind, mode, mtime, size, link target, bytes, names), or undefined. */
export function treeDiff(a: Buffer, b: Buffer): string | undefined {
  const sa = lstat(a);
  const sb = lstat(b);
  const where = b.toString();
  if (sa === undefined || sb === undefined) return `${where}: missing`;
  if (kindName(sa) !== kindName(sb)) return `${where}: a ${kindName(sb)}, not a ${kindName(sa)}`;
  if ((sa.mode & 0o7777) !== (sb.mode & 0o7777) && !sa.isSymbolicLink()) return `${where}: mode ${(sb.mode & 0o7777).toString(8)}, not ${(sa.mode & 0o7777).toString(8)}`;
  // A copy's times are exact to the microsecond (see setTimes).
  if (Math.abs(sa.mtimeMs - sb.mtimeMs) >= 1) return `${where}: modified ${new Date(sb.mtimeMs).toISOString()}, not ${new Date(sa.mtimeMs).toISOString()}`;
  if (sa.isSymbolicLink()) {
    return fs.readlinkSync(a, AS_BUFFER).equals(fs.readlinkSync(b, AS_BUFFER)) ? undefined : `${where}: link target differs`;
  }
  if (sa.isFile()) {
    if (sa.size !== sb.size) return `${where}: ${sb.size} bytes, not ${sa.size}`;
    return sameBytes(a, b) ? undefined : `${where}: contents differ`;
  }
  if (!sa.isDirectory()) return undefined;
  const na = fs.readdirSync(a, AS_BUFFER).sort(Buffer.compare);
  const nb = fs.readdirSync(b, AS_BUFFER).sort(Buffer.compare);
  if (na.length !== nb.length || na.some((n, k) => !n.equals(nb[k]!))) return `${where}: holds other names`;
  for (const n of na) {
    const d = treeDiff(joinPath(a, n), joinPath(b, n));
    if (d !== undefined) return d;
  }
  return undefined;
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  const fa = fs.openSync(a, 'r');
  const fb = fs.openSync(b, 'r');
  try {
    const ba = Buffer.alloc(CHUNK);
    const bb = Buffer.alloc(CHUNK);
    for (;;) {
      const ra = fs.readSync(fa, ba, 0, CHUNK, null);
      const rb = fs.readSync(fb, bb, 0, CHUNK, null);
      if (ra !== rb || !ba.subarray(0, ra).equals(bb.subarray(0, rb))) return false;
      if (ra === 0) return true;
    }
  } finally {
    fs.closeSync(fa);
    fs.closeSync(fb);
  }
}

/**
 * Deletes a tree, links as links. A folder without write permission is made
 * writable first (a quarantined read-only tree must still be purgeable).
 */
export function deleteTree(p: Buffer, each?: (p: Buffer) => void): void {
  each?.(p);
  const st = viaShort(p, (q) => fs.lstatSync(q));
  if (!st.isDirectory()) {
    viaShort(p, (q) => fs.unlinkSync(q));
    return;
  }
  if ((st.mode & 0o700) !== 0o700) viaShort(p, (q) => fs.chmodSync(q, (st.mode & 0o7777) | 0o700));
  for (const name of viaShort(p, (q) => fs.readdirSync(q, AS_BUFFER))) deleteTree(joinPath(p, name), each);
  viaShort(p, (q) => fs.rmdirSync(q));
}

/** Removes empty folders bottom-up below and including `p`; never a file. True when `p` is gone. Only ever given one removal's own folder. */
export function pruneEmpty(p: Buffer): boolean {
  const st = lstat(p);
  if (st === undefined) return true;
  if (!st.isDirectory()) return false;
  let empty = true;
  for (const name of viaShort(p, (q) => fs.readdirSync(q, AS_BUFFER))) if (!pruneEmpty(joinPath(p, name))) empty = false;
  if (!empty) return false;
  viaShort(p, (q) => fs.rmdirSync(q));
  return true;
}

/** Entries below a folder (0 for anything else) and the bytes of its regular files. */
export function measure(p: Buffer): { entries: number; bytes: number } {
  const st = viaShort(p, (q) => fs.lstatSync(q));
  if (!st.isDirectory()) return { entries: 0, bytes: st.isFile() ? st.size : 0 };
  let entries = 0;
  let bytes = 0;
  for (const name of viaShort(p, (q) => fs.readdirSync(q, AS_BUFFER))) {
    const m = measure(joinPath(p, name));
    entries += m.entries + 1;
    bytes += m.bytes;
  }
  return { entries, bytes };
}
