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
