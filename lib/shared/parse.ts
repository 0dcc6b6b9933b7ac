// The one parser of sizes and times: options, snippet flags and queries all use it.
import { UsageError } from '../errors.ts';

const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

/** 1234, '10MB', '1.5 GB', '512KiB' → bytes. */
export function parseSize(v: number | string, what = 'minSize'): number {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  const m = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v) : null;
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new UsageError(`${what} ${JSON.stringify(v)} is not a size; use bytes or a string like '10MB' or '1.5GB'`);
  return Number(m[1]) * unit;
}

const AGE: Readonly<Record<string, number>> = { h: 3600e3, d: 86400e3, w: 7 * 86400e3, mo: 30.44 * 86400e3, y: 365.25 * 86400e3 };

/** A Date, '2015-01-01', or an age like '2y', '6mo', '30d', '12h' → a time in ms. */
export function parseTime(v: Date | string, what = 'olderThan', now = Date.now()): number {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
  if (typeof v === 'string') {
    const age = /^\s*(\d+(?:\.\d+)?)\s*(h|d|w|mo|y)\s*$/i.exec(v);
    if (age) return now - Number(age[1]) * AGE[age[2]!.toLowerCase()]!;
    if (/^\d{4}-\d{2}(-\d{2})?/.test(v) && !Number.isNaN(Date.parse(v))) return Date.parse(v);
  }
  throw new UsageError(`${what} ${JSON.stringify(v)} is not a time; use a date like '2015-01-01' or an age like '2y', '6mo', '30d'`);
}
