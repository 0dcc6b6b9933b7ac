// Moving one entry, whole or not at all: a rename, or across devices a copy
// that is verified before the original is deleted.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { crashPoint, FORCE_EXDEV } from './crash.ts';
import { copyTree, deleteTree, fsError, lstat, stamps, treeDiff } from './fstree.ts';

/** The file-system calls a move makes; tests swap one out to stage EACCES, EBUSY or EXDEV. */
export const moveOps = {
  rename: (from: Buffer, to: Buffer): void => {
    if (FORCE_EXDEV) throw Object.assign(new Error('EXDEV (forced by a test)'), { code: 'EXDEV' });
    fs.renameSync(from, to);
  },
};

/** A move that copied the entry in full but could not delete all of the original. */
export class PartialDelete extends Error {
  override readonly name = 'PartialDelete';
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/**
 * Moves `from` to `to` (which must not exist). Across devices it copies,
 * compares the copy with the original, and deletes the original only when
 * they are identical; a copy that does not verify is deleted again and the
 * original is left as it was. Returns how it moved.
 */
export function moveEntry(from: Buffer, to: Buffer, copied?: () => void): 'rename' | 'copy' {
  if (lstat(to) !== undefined) throw fsError('EEXIST', `${to.toString()} already exists`);
  try {
    moveOps.rename(from, to);
    return 'rename';
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  // How every entry looks before the copy: anything that changes until its unlink stops the move.
  const before = stamps(from);
  try {
    copyTree(from, to, () => crashPoint('copy'));
  } catch (e) {
    if (lstat(to) !== undefined) deleteTree(to);
    const err = e as NodeJS.ErrnoException;
    throw fsError(err.code ?? 'EXDEV', `on another device, and copying it failed (${err.message}); left in place`);
  }
  const diff = treeDiff(from, to);
  if (diff !== undefined) {
    deleteTree(to);
    throw fsError('EXDEV', `on another device, and the copy did not verify (${diff}); left in place`);
  }
  // The copy is whole: say so (the journal's `copied` line) before the original goes.
  copied?.();
  crashPoint('copied');
  const now = stamps(from);
  const changed = [...before].find(([p, v]) => now.get(p) !== v) ?? [...now.keys()].filter((p) => !before.has(p)).map((p) => [p, ''] as const)[0];
  if (changed !== undefined) {
    deleteTree(to);
    throw fsError('EAGAIN', `on another device, and ${Buffer.from(changed[0], 'latin1').toString()} changed while it was copied; left in place, try again`);
  }
  try {
    deleteTree(from, (p) => {
      crashPoint('unlink');
      // Right before each unlink: still what was copied (size, mtime, ctime)?
      const st = fs.lstatSync(p, { bigint: true });
      const was = (before.get(p.toString('latin1')) ?? '').split('|');
      // A hardlinked file's ctime moves when another of its names goes: its size and mtime still tell.
      if (!st.isDirectory() && (was[0] !== `${st.ino}:${st.size}:${st.mtimeNs}` || (was[2] === '1' && was[1] !== String(st.ctimeNs)))) {
        throw fsError('EAGAIN', `${p.toString()} changed while it was being moved; it was left in place`);
      }
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new PartialDelete(err.code ?? 'EIO', `copied in full and verified, but the original could not all be deleted (${err.message}); the whole copy is in the quarantine`);
  }
  return 'copy';
}
