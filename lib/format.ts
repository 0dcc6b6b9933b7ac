// Numbers, sizes and tables for people. Pure: returns strings, prints nothing.
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

/** A duration in ms as "850 ms", "74.3 s" (under 100 s) or "4 min 12 s". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 99_950) return `${(ms / 1000).toFixed(1)} s`;
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
  const parts = unit === 'word' ? text.match(/ *\S+/g) : text.match(/ *\S+(?: \S+)*/g);
  for (const part of parts ?? [text]) {
    if (line.trim() !== '' && visibleLength(line + part) > width) {
      lines.push(line);
      line = indent + part.trimStart();
    } else line += part;
  }
  lines.push(line);
  return lines;
}

/** "… and 1,234 more" for lists that were cut. */
export function more(n: number): string {
  return `… and ${num(n)} more`;
}
