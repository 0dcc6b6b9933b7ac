// Moving one entry, whole or not at all: a rename, or across devices a copy
// that is verified before the original is deleted.
import type { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { crashPoint, FORCE_EXDEV } from './crash.ts';
import { copyTree, deleteTree, fsError, lstat, treeDiff } from './fstree.ts';

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
  try {
    deleteTree(from, () => crashPoint('unlink'));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new PartialDelete(err.code ?? 'EIO', `copied in full and verified, but the original could not all be deleted (${err.message}); the whole copy is in the quarantine`);
  }
  return 'copy';
}
