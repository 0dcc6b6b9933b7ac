// The write-ahead journal of one removal: `<removal>/.rummage-journal.jsonl`.
// Before an item moves, an intent line says what and where; after it, an
// outcome line says how it went. An intent without an outcome is an
// interrupted move: undo() finds the item again from the intent line.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { KINDS, QUARANTINE, type Kind } from '../types.ts';

/** The journal's file name inside a removal's folder. A root-level item of this name is never removed. */
export const JOURNAL = '.rummage-journal.jsonl';

/** One removed item, as its intent line records it. */
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
  /** The item's device and inode before it moved: tells the original from a partial copy after a crash. */
  readonly dev?: number;
  readonly ino?: number;
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

/** The outcome of one intent: moved (committed), never moved (failed), or not known (interrupted). */
export type ItemState = 'committed' | 'failed' | 'interrupted';

export interface JournalItem {
  readonly line: JournalLine;
  /** 1-based line number of the intent. */
  readonly lineNo: number;
  readonly state: ItemState;
  /** A cross-device copy was complete and verified before the original was deleted. */
  readonly copied: boolean;
}

/** A line that could not be read or was refused, by line number. */
export interface DamagedLine {
  readonly lineNo: number;
  readonly reason: string;
}

/** Why a journal path is refused, or undefined: it must be relative, normalised and inside the root, never in the quarantine. */
export function badPath(rel: Buffer): string | undefined {
  if (rel.length === 0) return 'an empty path';
  if (rel[0] === 0x2f) return 'an absolute path';
  if (rel.includes(0)) return 'a path with a NUL byte';
  const parts = rel.toString('latin1').split('/');
  if (parts.some((s) => s === '' || s === '.' || s === '..')) return "a path that is not plain (empty, '.' or '..' parts)";
  if (parts[0] === QUARANTINE) return 'a path inside the quarantine';
  return undefined;
}

/** The relative path's exact bytes. */
export function lineBytes(line: { readonly path: string; readonly pathBytes?: string | undefined }): Buffer {
  return line.pathBytes === undefined ? Buffer.from(line.path, 'utf8') : Buffer.from(line.pathBytes, 'base64');
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function itemProblem(o: Record<string, unknown>): string | undefined {
  if (typeof o.path !== 'string') return 'no path';
  if (o.pathBytes !== undefined && typeof o.pathBytes !== 'string') return 'a bad pathBytes field';
  if (typeof o.kind !== 'string' || !(KINDS as readonly string[]).includes(o.kind)) return 'no kind';
  if (![o.bytes, o.entries, o.mode, o.mtime, o.size].every(isNum)) return 'missing sizes, mode or mtime';
  return badPath(lineBytes(o as unknown as JournalLine));
}

/** Reads a journal's text: its items with their state, and the lines that are damaged or refused. */
export function parseJournal(text: string): { items: JournalItem[]; damaged: DamagedLine[] } {
  const bySeq = new Map<number, { line: JournalLine; lineNo: number; state: ItemState; copied: boolean }>();
  const order: { line: JournalLine; lineNo: number; state: ItemState; copied: boolean }[] = [];
  const damaged: DamagedLine[] = [];
  const raws = text.split('\n');
  raws.forEach((raw, k) => {
    const lineNo = k + 1;
    if (raw.trim() === '') return;
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(raw) as Record<string, unknown>;
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('not an object');
    } catch {
      damaged.push({ lineNo, reason: k === raws.length - 1 ? 'truncated (cut off mid-write)' : 'garbled (not a JSON object)' });
      return;
    }
    if (o.op === undefined || o.op === 'intent') {
      const problem = itemProblem(o);
      if (problem !== undefined) {
        damaged.push({ lineNo, reason: `refused: ${problem}` });
        return;
      }
      // A line without `op` is from before the write-ahead journal: written after its move.
      const entry = { line: o as unknown as JournalLine, lineNo, state: (o.op === undefined ? 'committed' : 'interrupted') as ItemState, copied: false };
      order.push(entry);
      if (isNum(o.seq)) bySeq.set(o.seq, entry);
      return;
    }
    const entry = isNum(o.seq) ? bySeq.get(o.seq) : undefined;
    if (entry === undefined || !['done', 'failed', 'copied'].includes(o.op as string)) {
      damaged.push({ lineNo, reason: `refused: an outcome for no known item` });
      return;
    }
    if (o.op === 'copied') entry.copied = true;
    else {
      entry.state = o.op === 'done' ? 'committed' : 'failed';
      if (o.op === 'done' && o.via === 'copy') entry.line = { ...entry.line, via: 'copy' };
    }
  });
  return { items: order, damaged };
}

/** Appends to one removal's journal; never through a link. Each line is one write, so a killed process leaves whole lines. */
export class JournalWriter {
  readonly #fd: number;
  #seq = 0;

  constructor(dir: string, create: boolean) {
    const c = fs.constants;
    this.#fd = fs.openSync(`${dir}/${JOURNAL}`, c.O_WRONLY | c.O_APPEND | c.O_NOFOLLOW | (create ? c.O_CREAT | c.O_EXCL : 0), 0o644);
  }

  /** Writes an intent line; returns its sequence number for the outcome. */
  intent(line: JournalLine): number {
    const seq = ++this.#seq;
    this.#write({ op: 'intent', seq, ...line });
    return seq;
  }

  outcome(seq: number, op: 'done' | 'failed' | 'copied', via?: 'rename' | 'copy'): void {
    this.#write(via === 'copy' ? { op, seq, via } : { op, seq });
  }

  #write(o: object): void {
    fs.writeSync(this.#fd, `${JSON.stringify(o)}\n`);
  }

  /** Flushes to disk and closes. */
  close(): void {
    try {
      fs.fsyncSync(this.#fd);
    } finally {
      fs.closeSync(this.#fd);
    }
  }
}
