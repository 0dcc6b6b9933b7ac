// The scan's lstat: the fields it keeps, in one reused array, without a
// Stats object per entry.
//
// Perf: fs.lstatSync builds a Stats object with four Date objects for every
// call; on 142k entries of /usr that was ~15% of the lstat's CPU and most of
// the scan's garbage. Node's own fs binding (process.binding('fs'), which
// lstatSync calls underneath) fills a shared array instead. It is an internal
// interface, so it is used only after a self-test shows it gives exactly what
// fs.lstatSync gives (fields, ENOENT, error codes), and only where reading it
// prints no deprecation warning; otherwise fs.lstatSync fills the same array.
import fs from 'node:fs';

/** fs.lstatSync as loaded: when something wraps it (a test's mock, instrumentation), the wrapper is called instead. */
const nativeLstatSync = fs.lstatSync;

// Positions in the array, as in Node's stat arrays.
export const DEV = 0;
export const MODE = 1;
export const NLINK = 2;
export const INO = 7;
export const SIZE = 8;
const MTIME_S = 12;
const MTIME_NS = 13;
const CTIME_S = 14;
const CTIME_NS = 15;
const FIELDS = 18;
// The fallback array keeps the milliseconds fs.Stats computed, after Node's fields.
const MTIME_MS = FIELDS;
const CTIME_MS = FIELDS + 1;

const fallbackValues = new Float64Array(FIELDS + 2);

/** Milliseconds as fs.Stats computes them (seconds * 1e3 + nanoseconds / 1e6), so both routes give equal numbers. */
export function mtimeMs(v: Float64Array): number {
  return v === fallbackValues ? v[MTIME_MS]! : v[MTIME_S]! * 1e3 + v[MTIME_NS]! / 1e6;
}

export function ctimeMs(v: Float64Array): number {
  return v === fallbackValues ? v[CTIME_MS]! : v[CTIME_S]! * 1e3 + v[CTIME_NS]! / 1e6;
}

type Lstat = (p: string | Buffer) => Float64Array | undefined;

interface FsBinding {
  lstat(p: string | Buffer, bigint: false, req: undefined, throwIfNoEntry: false): Float64Array | undefined;
}

const LSTAT = { throwIfNoEntry: false } as const;

/** fs.lstatSync, its fields copied into the array. */
function viaStats(p: string | Buffer): Float64Array | undefined {
  const st = fs.lstatSync(p, LSTAT);
  if (st === undefined) return undefined;
  const v = fallbackValues;
  v[DEV] = st.dev;
  v[MODE] = st.mode;
  v[NLINK] = st.nlink;
  v[INO] = st.ino;
  v[SIZE] = st.size;
  v[MTIME_MS] = st.mtimeMs;
  v[CTIME_MS] = st.ctimeMs;
  return v;
}

/** How fs.lstatSync calls the binding in Node 20.20, the version this was written and tested against. */
const LSTAT_SHAPE = /binding\.lstat\(\s*pathModule\.toNamespacedPath\(path\),\s*options\.bigint,\s*undefined,\s*options\.throwIfNoEntry,?\s*\)/;

/** The binding's lstat, if it passes the self-test here; else undefined. */
function viaBinding(): Lstat | undefined {
  const pending = process.execArgv.includes('--pending-deprecation') || /--pending-deprecation/.test(process.env.NODE_OPTIONS ?? '') || process.env.NODE_PENDING_DEPRECATION === '1';
  // Node's permission model checks access in fs.lstatSync, before the binding: never step around it.
  const permissions = (process as { permission?: unknown }).permission !== undefined;
  if (pending || permissions || process.env.RUMMAGE_PLAIN_LSTAT === '1') return undefined;
  // A call of the wrong shape can crash Node rather than throw (an older Node took an error
  // object as the fourth argument): call it only the way this Node's own lstatSync does.
  if (!LSTAT_SHAPE.test(nativeLstatSync.toString())) return undefined;
  try {
    const binding = (process as unknown as { binding(name: string): FsBinding }).binding('fs');
    const fast: Lstat = (p) => binding.lstat(p, false, undefined, false);
    // Same fields as lstatSync, for a folder and a file.
    for (const p of [process.execPath, '/']) {
      const st = fs.lstatSync(p);
      const v = fast(p);
      if (!(v instanceof Float64Array) || v.length < FIELDS) return undefined;
      if (v[DEV] !== st.dev || v[MODE] !== st.mode || v[NLINK] !== st.nlink || v[INO] !== st.ino || v[SIZE] !== st.size) return undefined;
      if (mtimeMs(v) !== st.mtimeMs || ctimeMs(v) !== st.ctimeMs) return undefined;
    }
    // A missing entry gives undefined; any other failure throws lstatSync's error, with its code.
    if (fast(`${process.execPath}.rummage-no-such-entry`) !== undefined) return undefined;
    try {
      fast(`${process.execPath}/x`);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') return undefined;
    }
    return fast;
  } catch {
    return undefined;
  }
}

let chosen: Lstat | undefined;

/**
 * lstat: the entry's fields in a shared array (read them before the next
 * call), undefined if it does not exist; other errors throw as fs.lstatSync's.
 */
export function lstatFields(p: string | Buffer): Float64Array | undefined {
  return fs.lstatSync === nativeLstatSync ? (chosen ?? choose())(p) : viaStats(p);
}

/** Which route lstatFields() took: for tests and the bench. */
export function lstatRoute(): 'binding' | 'stats' {
  return (chosen ?? choose()) === viaStats ? 'stats' : 'binding';
}

/** Picks the route once, on first use: the self-test runs then, not at import. */
function choose(): Lstat {
  chosen = viaBinding() ?? viaStats;
  return chosen;
}
