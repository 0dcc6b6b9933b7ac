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
  /** Colours (header, sizes dim, NO and name-only yellow, verified green). Default: stdout is a terminal and NO_COLOR is unset. */
  readonly color?: boolean;
  /** Columns the table may take. Default: the terminal's width, 80 when unknown. */
  readonly width?: number;
}

/** The terminal's width: stdout's columns, else $COLUMNS, else 80. */
export function terminalWidth(): number {
  const c = process.stdout.columns;
  if (typeof c === 'number' && c > 0) return c;
  const env = Number(process.env.COLUMNS);
  return Number.isInteger(env) && env > 0 ? env : 80;
}

/** Colour where stdout is a terminal and NO_COLOR is unset (https://no-color.org). */
export function colorWanted(): boolean {
  return process.stdout.isTTY === true && (process.env.NO_COLOR ?? '') === '';
}

/**
 * A path shortened in the middle to at most `max` columns, keeping the last
 * segment whole: `old/projects/webapp/node_modules/left-pad` → `old/proj…/left-pad`.
 */
export function shortenPath(p: string, max: number): string {
  if (p.length <= max) return p;
  const body = p.endsWith('/') ? p.slice(0, -1) : p;
  const cut = body.lastIndexOf('/');
  const last = p.slice(cut < 0 ? 0 : cut);
  const keep = max - last.length - 1;
  if (keep <= 0) return cut < 0 ? p : `…${last}`;
  return `${p.slice(0, keep)}…${last}`;
}

/** A path line shortened; a list of paths item by item; a note (`exact copies: …`, `(working tree …)`) stays whole. */
function shortenLine(line: string, max: number): string {
  if (/^\(|: /.test(line) || line.length <= max) return line;
  const items = line.split(', ');
  if (items.length === 1) return shortenPath(line, max);
  const each = Math.max(12, Math.floor((max - 2 * (items.length - 1)) / items.length));
  return items.map((p) => shortenPath(p, each)).join(', ');
}

const SIZE = /^\d+(?:\.\d+)? (?:B|KB|MB|GB|TB|PB)$/;
const PATH_HEAD = /path|folder|largest|^in |^copies|entry$|^A$|^B$/i;
const ESC = (code: number, s: string, off = 39): string => `\x1b[${code}m${s}\x1b[${off}m`;

function paint(cell: string, header: string): string {
  if (SIZE.test(cell)) return ESC(2, cell, 22);
  if (cell === 'NO' || /^name[ -]only$/.test(cell) || (cell === 'no' && /verified|real/.test(header))) return ESC(33, cell);
  if (cell === 'verified' || (cell === 'yes' && /verified|real/.test(header))) return ESC(32, cell);
  return cell;
}

/**
 * Renders rows as a cli-table3 table that fits the terminal: columns empty in
 * every row are left out; the archive-name prefix that every path shares goes
 * to the header; a long "why" goes on its own line under its row; long paths
 * are shortened in the middle with … (the last segment stays whole). Sizes
 * are never shortened or broken.
 */
export function table(rows: readonly (readonly unknown[])[], options: TableOptions = {}): string {
  const { right = [], color = colorWanted(), width = terminalWidth() } = options;
  const n = Math.max(options.head?.length ?? 0, ...rows.map((r) => r.length));
  let head = Array.from({ length: n }, (_, i) => options.head?.[i] ?? '');
  let cells = rows.map((r) => Array.from({ length: n }, (_, i) => {
    const c = r[i];
    return typeof c === 'number' ? num(c) : String(c ?? '');
  }));
  let cols = Array.from({ length: n }, (_, i) => i);
  // Columns that say nothing in any row.
  if (cells.length > 0) cols = cols.filter((i) => cells.some((r) => r[i] !== ''));
  // The archive-name prefix every path in a column shares: said once, in the header (or under the table).
  const plainHead = [...head];
  const notes = new Set<string>();
  // Only the archive's name: the prefix of the first path column, and of any other column that shares it.
  let archive: string | undefined;
  for (const i of cols) {
    if (!PATH_HEAD.test(head[i]!) || cells.length < 2) continue;
    const first = cells[0]![i]!.split('/')[0]!;
    archive ??= first;
    if (first === '' || first !== archive || !cells.every((r) => r[i]!.startsWith(`${first}/`) && r[i]!.length > first.length + 1)) continue;
    head = head.map((h, k) => (k === i ? `${h} (${first}/…)` : h));
    notes.add(first);
    const prefix = new RegExp(`(^|, |: |\n)${first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/`, 'g');
    cells = cells.map((r) => r.map((c, k) => (k === i ? c.replace(prefix, '$1') : c)));
  }
  // A cell may hold several lines (a group's paths): its width is its longest line.
  const cellWidth = (c: string): number => Math.max(...c.split('\n').map(visibleLength));
  const widthOf = (i: number): number => Math.max(cellWidth(head[i]!), ...cells.map((r) => cellWidth(r[i]!)));
  const total = (cs: readonly number[]): number => cs.reduce((t, i) => t + widthOf(i), 0) + 3 * cs.length + 1;
  // A long "why" goes under its row when the table is too wide.
  let under: number | undefined;
  const why = cols.find((i) => head[i] === 'why');
  if (why !== undefined && total(cols) > width && cells.some((r) => r[why]!.length > 12)) {
    under = why;
    cols = cols.filter((i) => i !== why);
  }
  // Shorten the widest path column until the table fits: down to 16 columns each, then to 8 if need be.
  const paths = cols.filter((i) => PATH_HEAD.test(plainHead[i]!));
  let footer = '';
  for (const [floor, i] of [16, 8].flatMap((f) => [...paths].sort((a, b) => widthOf(b) - widthOf(a)).map((i) => [f, i] as const))) {
    const over = total(cols) - width;
    if (over <= 0) break;
    const max = Math.max(floor, widthOf(i) - over);
    // A header too long for the column: the prefix goes under the table instead.
    if (head[i] !== plainHead[i] && visibleLength(head[i]!) > max) {
      head[i] = plainHead[i]!;
      footer = `(paths in ${[...notes].map((x) => `${x}/`).join(', ')})`;
    }
    const room = Math.max(max, visibleLength(head[i]!));
    cells = cells.map((r) => r.map((c, k) => (k === i ? c.split('\n').map((line) => shortenLine(line, room)).join('\n') : c)));
  }
  // Still too wide: headers wider than their column's values ('name only' over single digits) go on two lines.
  for (const i of [...cols].sort((a, b) => cellWidth(head[b]!) - cellWidth(head[a]!))) {
    const over = total(cols) - width;
    if (over <= 0) break;
    const values = Math.max(0, ...cells.map((r) => cellWidth(r[i]!)));
    head[i] = wrap(head[i]!, Math.max(values, cellWidth(head[i]!) - over)).join('\n');
  }
  // Then text columns (not paths, not numbers) are wrapped between words, the widest first.
  const texts = cols.filter((i) => !paths.includes(i) && !right.includes(i) && !cells.every((r) => SIZE.test(r[i]!) || r[i] === ''));
  for (const i of [...texts].sort((a, b) => widthOf(b) - widthOf(a))) {
    const over = total(cols) - width;
    if (over <= 0) break;
    const room = Math.max(10, widthOf(i) - over);
    const fold = (c: string): string => c.split('\n').flatMap((line) => wrap(line, room)).join('\n');
    head[i] = fold(head[i]!);
    cells = cells.map((r) => r.map((c, k) => (k === i ? fold(c) : c)));
  }
  const align = cols.map((i) => (right.includes(i) ? 'right' : 'left') as 'right' | 'left');
  const t = new Table({
    head: cols.map((i) => head[i]!),
    colAligns: align,
    style: { head: color ? ['cyan'] : [], border: color ? ['grey'] : [], compact: true },
  });
  const inner = total(cols) - 4;
  for (const r of cells) {
    t.push(cols.map((i) => (color ? paint(r[i]!, head[i]!) : r[i]!)));
    if (under !== undefined && r[under] !== '') {
      const text = wrap(`why: ${r[under]!}`, Math.max(20, inner), '     ').join('\n');
      t.push([{ colSpan: cols.length, content: text }] as never);
    }
  }
  return footer === '' ? t.toString() : `${t.toString()}\n${footer}`;
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

/** A measured time as "850 ms" or "74.3 s" (seconds with a decimal, however long: a scan's time). */
export function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** "1 entry", "2,048 entries": the count and the noun that agrees with it. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${num(n)} ${n === 1 ? one : many}`;
}

/** Characters a string takes on a terminal (ANSI colours take none). */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/**
 * Breaks text into lines of at most `width` columns, between words only (a
 * word longer than the width gets a line of its own, whole). Lines after the
 * first start with `indent`.
 */
export function wrap(text: string, width: number, indent = '', unit: 'word' | 'phrase' = 'word'): string[] {
  const lines: string[] = [];
  let line = '';
  // Each part is a word (or, for 'phrase', words joined by single spaces: code examples
  // set apart by two) with the spaces before it, so spacing inside a line stays as written.
  const found = (unit === 'word' ? text.match(/ *\S+/g) : text.match(/ *\S+(?: \S+)*/g)) ?? [text];
  // A size stays on one line: "22.4 MB", never "22.4" then "MB".
  const parts: string[] = [];
  for (const p of found) {
    if (parts.length > 0 && /^ (?:B|KB|MB|GB|TB|PB)\b/.test(p)) parts[parts.length - 1] += p;
    else parts.push(p);
  }
  for (const part of parts) {
    if (line.trim() !== '' && visibleLength(line + part) > width) {
      lines.push(line);
      line = indent + part.trimStart();
    } else line += part;
  }
  lines.push(line);
  return lines;
}

/**
 * A name on one line: newlines, tabs and other control characters as `\n`,
 * `\t`, `\x1b` (and a backslash as `\\`), as `ls -b` shows them.
 */
export function escapeControl(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\\\x00-\x1f\x7f]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : c === '\r' ? '\\r' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
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
