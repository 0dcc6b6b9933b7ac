// The quarantine: `<root>/.rummage-trash/<removal>/<relative path>`, one
// folder per removal, each with its write-ahead journal. Nothing in it is
// trusted: every folder on the way to an item is checked to be a real folder
// (never a link), and the quarantine itself to be the one opened.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { UsageError } from '../errors.ts';
import { lstat } from './fstree.ts';
import { JOURNAL, lineBytes, parseJournal, type DamagedLine, type JournalItem } from './journal.ts';
import { QUARANTINE } from '../types.ts';
import { joinPath } from '../shared/index.ts';

/** An item left where it was, and why. */
export interface Skipped {
  readonly path: string;
  /** The exact path bytes, base64, when the path is not valid UTF-8. */
  readonly pathBytes?: string;
  readonly reason: string;
}

/** An item whose move failed, with the error code (EACCES, EBUSY, EXDEV, …). */
export interface Failed {
  readonly path: string;
  readonly pathBytes?: string;
  readonly code: string;
  readonly message: string;
}

/** A removal's folder and what its journal says. */
export interface RemovalRecord {
  readonly name: string;
  /** Absolute path of the removal's folder. */
  readonly dir: string;
  readonly dev: number;
  readonly ino: number;
  readonly items: readonly JournalItem[];
  /** Lines that could not be read or were refused (with line numbers). */
  readonly damaged: readonly DamagedLine[];
  /** False when the folder has no journal at all. */
  readonly journal: boolean;
}

/** The quarantine folder as opened: its device and inode are checked again before each move. */
export interface Trash {
  readonly path: string;
  readonly dev: number;
  readonly ino: number;
}

/** A removal's folder name: `2025-01-31T12-00-05-123Z`, with `-2`… when two start in the same millisecond. */
export const REMOVAL_NAME = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?$/;

export function trashPath(root: string): string {
  return `${root}/${QUARANTINE}`;
}

function refuseNotFolder(root: string, st: fs.Stats): never {
  throw new UsageError(`${QUARANTINE} in ${root} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}; move it away so that removals stay inside the archive`);
}

/** The quarantine folder, created if missing; refused when it is anything but a real folder. */
export function openTrash(root: string): Trash {
  const path = trashPath(root);
  let st = lstat(path);
  if (st === undefined) {
    try {
      fs.mkdirSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    st = fs.lstatSync(path);
  }
  if (!st.isDirectory()) refuseNotFolder(root, st);
  return { path, dev: st.dev, ino: st.ino };
}

/** Throws unless `path` is still the real folder with this device and inode (never a link swapped in). */
export function checkSame(path: string | Buffer, want: { dev: number; ino: number }, what: string): void {
  const st = lstat(path);
  if (st === undefined || !st.isDirectory() || st.dev !== want.dev || st.ino !== want.ino) {
    throw Object.assign(new Error(`${what} was replaced or moved (${st === undefined ? 'gone' : st.isSymbolicLink() ? 'a link now' : 'another folder now'}); stopped, nothing more is moved`), { code: 'ESTALE' });
  }
}

/** `2025-01-31T12-00-05-123Z`: sortable, and valid on every file system (no colons). */
export function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-');
}

/** Creates a new removal's folder; never reuses one. */
export function newRemoval(trash: Trash, now = new Date()): { name: string; dir: string; dev: number; ino: number } {
  const base = stamp(now);
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    try {
      checkSame(trash.path, trash, QUARANTINE);
      fs.mkdirSync(`${trash.path}/${name}`);
      const st = fs.lstatSync(`${trash.path}/${name}`);
      return { name, dir: `${trash.path}/${name}`, dev: st.dev, ino: st.ino };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

/** An absolute path below `base` for a relative path's bytes. */
export function under(base: string, rel: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${base}/`, 'utf8'), rel]);
}

/**
 * Why the folders on the way to `rel` below `base` are not to be trusted, or
 * undefined: each must exist and be a real folder, never a link. With
 * `make`, missing ones are created (one at a time, each checked).
 */
export function unsafeWay(base: string, rel: Buffer, make = false): string | undefined {
  for (let slash = rel.indexOf(0x2f); slash >= 0; slash = rel.indexOf(0x2f, slash + 1)) {
    const dir = under(base, rel.subarray(0, slash));
    let st = lstat(dir);
    if (st === undefined && make) {
      try {
        fs.mkdirSync(dir, 0o700);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      st = lstat(dir);
    }
    if (st === undefined) return `${rel.subarray(0, slash).toString()} is not there`;
    if (!st.isDirectory()) return `${rel.subarray(0, slash).toString()} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'}`;
  }
  return undefined;
}

function readRecord(trash: string, name: string): RemovalRecord | undefined {
  if (!REMOVAL_NAME.test(name)) return undefined;
  const dir = `${trash}/${name}`;
  const st = lstat(dir);
  if (st === undefined || !st.isDirectory()) return undefined;
  let text: string | undefined;
  try {
    const fd = fs.openSync(`${dir}/${JOURNAL}`, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      text = fs.readFileSync(fd, 'utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const { items, damaged } = parseJournal(text ?? '');
  return { name, dir, dev: st.dev, ino: st.ino, items, damaged, journal: text !== undefined };
}

/** Every removal in the quarantine, oldest first (a folder without a journal too: its items are found by a walk). */
export function listRemovals(root: string): RemovalRecord[] {
  const trash = trashPath(root);
  const st = lstat(trash);
  if (st === undefined || !st.isDirectory()) return [];
  return fs.readdirSync(trash).sort().flatMap((name) => readRecord(trash, name) ?? []);
}

/** One removal by name; a name that is not one is the user's to fix. */
export function findRemoval(root: string, name: unknown): RemovalRecord {
  if (typeof name !== 'string' || !REMOVAL_NAME.test(name)) {
    throw new UsageError(`removal name ${JSON.stringify(name)} is not valid; trash() lists the removals by name`);
  }
  const rec = readRecord(trashPath(root), name);
  if (rec === undefined) throw new UsageError(`no removal named '${name}' in ${QUARANTINE}; trash() lists them`);
  return rec;
}

/** Whether a journalled item is still in the quarantine (not restored, not purged). */
export function held(rec: RemovalRecord, item: JournalItem): boolean {
  return lstat(under(rec.dir, lineBytes(item.line))) !== undefined;
}

/**
 * Entries in a removal's folder that no journal line accounts for (a crash
 * before the line, or a damaged journal): the topmost ones, as relative paths.
 */
export function orphans(rec: RemovalRecord): Buffer[] {
  const items = new Set<string>();
  const ways = new Set<string>();
  for (const it of rec.items) {
    const rel = lineBytes(it.line).toString('latin1');
    items.add(rel);
    for (let s = rel.indexOf('/'); s >= 0; s = rel.indexOf('/', s + 1)) ways.add(rel.slice(0, s));
  }
  const out: Buffer[] = [];
  const walk = (rel: Buffer | undefined): void => {
    const dir = rel === undefined ? Buffer.from(rec.dir) : under(rec.dir, rel);
    const st = lstat(dir);
    if (st === undefined || !st.isDirectory()) return;
    for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
      if (rel === undefined && name.toString() === JOURNAL) continue;
      const r = rel === undefined ? name : joinPath(rel, name);
      const key = r.toString('latin1');
      if (items.has(key)) continue;
      if (ways.has(key)) walk(r);
      else out.push(r);
    }
  };
  walk(undefined);
  return out;
}

/** Whether a removal needs a look: damaged lines, moves without an outcome, or entries with no line. */
export function interrupted(rec: RemovalRecord): { interrupted: number; damaged: number; orphans: number } {
  return {
    interrupted: rec.items.filter((it) => it.state === 'interrupted' && held(rec, it)).length,
    damaged: rec.damaged.length,
    orphans: orphans(rec).length,
  };
}
