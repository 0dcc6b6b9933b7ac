// The quarantine: `<root>/.rummage-trash/<removal>/<relative path>`, one
// folder per removal, each with a journal of JSON lines, one per item.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { UsageError } from '../errors.ts';
import { lstat } from './fstree.ts';
import { QUARANTINE, type Kind } from '../types.ts';

/** An item left where it was, and why. */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

/** An item whose move failed, with the error code (EACCES, EBUSY, EXDEV, …). */
export interface Failed {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** The journal's file name inside a removal's folder. A root-level item of this name is never removed. */
export const JOURNAL = '.rummage-journal.jsonl';

/** One removed item, as its journal line records it. */
export interface JournalLine {
  /** Relative to the root, `/` separated (U+FFFD for bytes that are not UTF-8). */
  readonly path: string;
  /** The exact path bytes, base64, when the path is not valid UTF-8. */
  readonly pathBytes?: string;
  readonly kind: Kind;
  readonly bytes: number;
  readonly entries: number;
  /** When it was removed, ISO 8601. */
  readonly time: string;
  /** The cruft rule that found it, if any. */
  readonly cruft?: string;
  /** lstat of the item itself before it moved, to verify a restore. */
  readonly mode: number;
  readonly mtime: number;
  readonly size: number;
  /** A link's target (U+FFFD form), and its exact bytes in base64 when not UTF-8. */
  readonly link?: string;
  readonly linkBytes?: string;
  /** The parent folder's mtime in nanoseconds (a decimal string) before anything moved: undo() puts it back. */
  readonly parentMtimeNs?: string;
  /** Deleted for good after the move (nothing to restore). */
  readonly permanent?: boolean;
  /** How it moved when not by rename: across devices, copied and verified. */
  readonly via?: 'copy';
}

/** A removal's folder and what its journal says. */
export interface RemovalRecord {
  readonly name: string;
  /** Absolute path of the removal's folder. */
  readonly dir: string;
  readonly lines: readonly JournalLine[];
  /** Lines that could not be read (a crash mid-write leaves at most one). */
  readonly unreadable: number;
}

export function trashPath(root: string): string {
  return `${root}/${QUARANTINE}`;
}

/** The quarantine folder, created if missing; refused when it is anything but a real folder. */
export function openTrash(root: string): string {
  const trash = trashPath(root);
  const st = lstat(trash);
  if (st === undefined) fs.mkdirSync(trash);
  else if (!st.isDirectory()) {
    throw new UsageError(`${QUARANTINE} in ${root} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}; move it away so that removals stay inside the archive`);
  }
  return trash;
}

/** `2025-01-31T12-00-05-123Z`: sortable, and valid on every file system (no colons). */
export function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Creates a new removal's folder; never reuses one. */
export function newRemoval(root: string, now = new Date()): { name: string; dir: string } {
  const trash = openTrash(root);
  const base = stamp(now);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      fs.mkdirSync(`${trash}/${name}`);
      return { name, dir: `${trash}/${name}` };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export function appendLine(dir: string, line: JournalLine): void {
  fs.appendFileSync(`${dir}/${JOURNAL}`, `${JSON.stringify(line)}\n`);
}

/** The relative path's exact bytes. */
export function lineBytes(line: Pick<JournalLine, 'path' | 'pathBytes'>): Buffer {
  return line.pathBytes === undefined ? Buffer.from(line.path, 'utf8') : Buffer.from(line.pathBytes, 'base64');
}

/** `{path}` for UTF-8 bytes, `{path, pathBytes}` (U+FFFD and base64) otherwise. */
export function pathFields(bytes: Buffer): { path: string; pathBytes?: string } {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { path: text } : { path: text, pathBytes: bytes.toString('base64') };
}

/** An absolute path below `base` for a relative path's bytes. */
export function under(base: string, rel: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${base}/`, 'utf8'), rel]);
}

function readRecord(trash: string, name: string): RemovalRecord | undefined {
  const dir = `${trash}/${name}`;
  const st = lstat(dir);
  if (st === undefined || !st.isDirectory()) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(`${dir}/${JOURNAL}`, 'utf8');
  } catch {
    return undefined;
  }
  const lines: JournalLine[] = [];
  let unreadable = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const line = JSON.parse(raw) as JournalLine;
      if (typeof line.path === 'string' && typeof line.kind === 'string') lines.push(line);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { name, dir, lines, unreadable };
}

/** Every removal in the quarantine, oldest first. */
export function listRemovals(root: string): RemovalRecord[] {
  const trash = trashPath(root);
  const st = lstat(trash);
  if (st === undefined || !st.isDirectory()) return [];
  return fs.readdirSync(trash).sort().flatMap((name) => readRecord(trash, name) ?? []);
}

/** One removal by name; a name that is not one is the user's to fix. */
export function findRemoval(root: string, name: unknown): RemovalRecord {
  if (typeof name !== 'string' || !/^[\w.-]+$/.test(name) || name === '.' || name === '..') {
    throw new UsageError(`removal name ${JSON.stringify(name)} is not valid; trash() lists the removals by name`);
  }
  const rec = readRecord(trashPath(root), name);
  if (rec === undefined) throw new UsageError(`no removal named '${name}' in ${QUARANTINE}; trash() lists them`);
  return rec;
}

/** Whether a journalled item is still in the quarantine (not restored, not purged). */
export function held(rec: RemovalRecord, line: JournalLine): boolean {
  return lstat(under(rec.dir, lineBytes(line))) !== undefined;
}
