// Numbers, sizes and tables for people. Pure: returns strings, prints nothing.
import { Buffer } from 'node:buffer';
import Table from 'cli-table3';
import type { Counts } from './types.ts';

/** 156406 → "156,406". */
export function num(n: number): string {
  return n.toLocaleString('en-US');
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];

/** Human size in powers of 1000, as Finder and du -h --si show it: 1234567 → "1.2 MB". */
export function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  let u = 0;
  let v = bytes;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v >= 100 ? v.toFixed(0) : v.toFixed(1)} ${UNITS[u]}`;
}

/** A duration in ms as "850 ms", "3.2 s" or "4 min 12 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** "2014-03-02", the day an mtime falls on (UTC, so output is stable across machines). */
export function day(d: Date | number): string {
  return new Date(d).toISOString().slice(0, 10);
}

export interface TableOptions {
  readonly head?: readonly string[];
  /** Columns to right-align (numbers), by index. */
  readonly right?: readonly number[];
  /** Colours in the header; off for pipes. */
  readonly color?: boolean;
}

/** Renders rows as a cli-table3 table. */
export function table(rows: readonly (readonly unknown[])[], options: TableOptions = {}): string {
  const { head = [], right = [], color = false } = options;
  const width = Math.max(head.length, ...rows.map((r) => r.length));
  const colAligns = Array.from({ length: width }, (_, i) => (right.includes(i) ? 'right' : 'left') as 'right' | 'left');
  const t = new Table({
    head: [...head],
    colAligns,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  for (const r of rows) t.push(r.map((c) => (typeof c === 'number' ? num(c) : String(c ?? ''))));
  return t.toString();
}

/** Renders plain objects as a table, one column per key (what `table()` in the REPL does). */
export function tableOf(rows: readonly Record<string, unknown>[], options: Omit<TableOptions, 'head'> = {}): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const right = keys.flatMap((k, i) => (rows.every((r) => typeof r[k] === 'number' || r[k] === undefined) ? [i] : []));
  return table(rows.map((r) => keys.map((k) => r[k])), { head: keys, right, ...options });
}

/** The seed's line, `entries: 156,406`, one per count, with sizes for people. */
export function counts(c: Counts, label = 'all files dirs'): string {
  return [
    `${label}: ${num(c.entries)}`,
    `  files: ${num(c.files)}   dirs: ${num(c.dirs)}   symlinks: ${num(c.symlinks)}   other: ${num(c.other)}`,
    `  bytes: ${num(c.bytes)} (${size(c.bytes)})`,
  ].join('\n');
}

/** "… and 1,234 more" for lists that were cut. */
export function more(n: number): string {
  return `… and ${num(n)} more`;
}

/**
 * A path or name as it may be printed on a terminal: control characters and
 * escape sequences are shown escaped (`\x1B`, `\n`), a literal backslash as
 * `\\`, and from a Buffer, bytes that are not UTF-8 as `\xNN`; so a name can
 * neither clear the screen nor forge a line, and a raw byte never prints the
 * same as a name that spells out its escape.
 */
export function shown(p: string | Uint8Array): string {
  if (typeof p === 'string') return escapeText(p);
  const buf = Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const text = buf.toString('utf8');
  if (Buffer.from(text, 'utf8').equals(buf)) return escapeText(text);
  let out = '';
  let start = 0;
  for (let i = 0; i < buf.length;) {
    const n = utf8Length(buf, i);
    if (n > 0) {
      i += n;
      continue;
    }
    out += `${escapeText(buf.subarray(start, i).toString('utf8'))}\\x${buf[i]!.toString(16).padStart(2, '0').toUpperCase()}`;
    start = ++i;
  }
  return out + escapeText(buf.subarray(start).toString('utf8'));
}

function escapeText(text: string): string {
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    if (ch === '\\') return '\\\\';
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    const c = ch.charCodeAt(0);
    return c <= 0xff ? `\\x${c.toString(16).padStart(2, '0').toUpperCase()}` : `\\u${c.toString(16).padStart(4, '0').toUpperCase()}`;
  });
}

/** The length of a valid UTF-8 sequence at `i`, or 0. */
function utf8Length(b: Buffer, i: number): number {
  const c = b[i]!;
  const n = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  if (n <= 1 || i + n > b.length) return n === 1 ? 1 : 0;
  const piece = b.subarray(i, i + n);
  return Buffer.from(piece.toString('utf8'), 'utf8').equals(piece) ? n : 0;
}
