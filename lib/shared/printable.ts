// Result objects that print: plain data, plus a non-enumerable human view for
// the REPL's writer and a json() for snippets' --json.
import { inspect } from 'node:util';

export type Printable<T, J> = T & { json(): J; toString(): string; readonly [inspect.custom]: () => string };

/** Attaches `json()` and the human view (inspect and toString) to `data` without making them enumerable. */
export function printable<T extends object, J>(data: T, human: (data: T) => string, json: (data: T) => J): Printable<T, J> {
  return Object.defineProperties(data, {
    json: { value: () => json(data), enumerable: false },
    [inspect.custom]: { value: () => human(data), enumerable: false },
    // Snippets print the human view with String(result).
    toString: { value: () => human(data), enumerable: false },
  }) as Printable<T, J>;
}
