// JSON.stringify's output, written out in pieces instead of built as one
// string: a snippet's --json of a million paths was one string of hundreds of
// megabytes (dupe-files --json peaked at 570 MB at 1M entries).
//
// Same bytes as JSON.stringify(value) for everything a snippet prints: plain
// objects and arrays, strings, numbers, booleans, null, and objects with
// toJSON() (called with their key, as JSON.stringify does).

/** Pieces are gathered up to this many characters before each write. */
const CHUNK = 1 << 16;

/**
 * Writes JSON.stringify(value) through `write`, in chunks of about 64K
 * characters. False, with nothing written, when the value has no JSON form
 * (undefined, a function or a symbol: JSON.stringify gives undefined).
 */
export function streamJson(value: unknown, write: (chunk: string) => void): boolean {
  let buf = '';
  const out = (s: string): void => {
    buf += s;
    if (buf.length >= CHUNK) {
      write(buf);
      buf = '';
    }
  };
  if (!emit('', value, out, new Set())) return false;
  if (buf !== '') write(buf);
  return true;
}

/** The value JSON.stringify writes for `v` under `key`: what its toJSON(key) gives, if it has one. */
function resolve(key: string, v: unknown): unknown {
  if (v !== null && (typeof v === 'object' || typeof v === 'bigint') && typeof (v as { toJSON?: unknown }).toJSON === 'function') {
    return (v as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  return v;
}

/** What JSON.stringify leaves out of objects (and writes as null in arrays). */
function hasForm(v: unknown): boolean {
  return v !== undefined && typeof v !== 'function' && typeof v !== 'symbol';
}

/** True if something was written; false for what JSON.stringify leaves out (undefined, functions, symbols). */
function emit(key: string, value: unknown, out: (s: string) => void, open: Set<object>): boolean {
  const v = resolve(key, value);
  if (!hasForm(v)) return false;
  write(v, out, open);
  return true;
}

/** Writes a resolved value that has a JSON form. `open`: the objects being written, around this one. */
function write(v: unknown, out: (s: string) => void, open: Set<object>): void {
  if (v === null || typeof v !== 'object' || v instanceof Number || v instanceof String || v instanceof Boolean) {
    // Primitives (and boxed ones, which JSON.stringify unwraps): their own text, the same bytes. BigInt throws, as there.
    out(JSON.stringify(v));
    return;
  }
  if (open.has(v)) throw new TypeError('Converting circular structure to JSON');
  open.add(v);
  if (Array.isArray(v)) {
    out('[');
    for (let i = 0; i < v.length; i++) {
      if (i > 0) out(',');
      // An array keeps its place for what has no JSON form: null.
      if (!emit(String(i), v[i], out, open)) out('null');
    }
    out(']');
    open.delete(v);
    return;
  }
  out('{');
  let first = true;
  for (const k of Object.keys(v)) {
    const x = resolve(k, (v as Record<string, unknown>)[k]);
    if (!hasForm(x)) continue;
    out(`${first ? '' : ','}${JSON.stringify(k)}:`);
    write(x, out, open);
    first = false;
  }
  out('}');
  open.delete(v);
}
