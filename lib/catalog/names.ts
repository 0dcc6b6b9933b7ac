// The index's names: each distinct name stored once, and names that are not
// valid UTF-8 kept as their exact bytes, shown with `\xNN` escapes.
import { Buffer } from 'node:buffer';

/** Shows a name that is not valid UTF-8 with `\xNN` escapes for the bad bytes. */
export function escapeName(raw: Uint8Array): string {
  let out = '';
  let i = 0;
  const dec = new TextDecoder('utf-8', { fatal: true });
  while (i < raw.length) {
    // Perf: names are short; find the longest valid UTF-8 run from i.
    let j = raw.length;
    for (; j > i; j--) {
      try {
        out += dec.decode(raw.subarray(i, j));
        break;
      } catch { /* shorter */ }
    }
    if (j === i) {
      out += `\\x${raw[i]!.toString(16).padStart(2, '0').toUpperCase()}`;
      j = i + 1;
    }
    i = j;
  }
  return out;
}

/** Interns names: each distinct name is stored once. Raw (non-UTF-8) names are keyed apart. */
export class NameTable {
  readonly names: string[] = [''];
  readonly raw = new Map<number, Buffer>();
  private readonly ids = new Map<string, number>([['', 0]]);

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  rawId(bytes: Buffer): number {
    // NUL cannot occur in a file name, so this key never meets a real name.
    const key = `\0${bytes.toString('latin1')}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(escapeName(bytes));
      this.raw.set(id, Buffer.from(bytes));
      this.ids.set(key, id);
    }
    return id;
  }
}
