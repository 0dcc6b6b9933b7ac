// Results that print: every result has the same four faces, String(x),
// util.inspect (the REPL's view), .json() and toJSON(), written here once.
// Classes extend PrintableResult; plain data gets them from printable().
import { inspect } from 'node:util';

/**
 * The base of every result class. A subclass writes json() and
 * toString(limit); toJSON() and the REPL's view come from here.
 */
export abstract class PrintableResult<J> {
  /** Plain data for --json, with real types. */
  abstract json(): J;
  /** The human view, at most `limit` rows per table (each class has its own default). */
  abstract toString(limit?: number): string;

  /** Rows in the REPL's view; undefined keeps toString()'s own default. */
  protected get inspectRows(): number | undefined {
    return 10;
  }

  /** JSON.stringify(result) gives json(). */
  toJSON(): J {
    return this.json();
  }

  [inspect.custom](): string {
    return this.toString(this.inspectRows);
  }
}

export type Printable<T, J> = T & { json(): J; toJSON(): J; toString(): string; readonly [inspect.custom]: () => string };

/** Attaches the same four faces to plain `data`, none of them enumerable: `{...result}` is still the data. */
export function printable<T extends object, J>(data: T, human: (data: T) => string, json: (data: T) => J): Printable<T, J> {
  return Object.defineProperties(data, {
    json: { value: () => json(data), enumerable: false },
    toJSON: { value: () => json(data), enumerable: false },
    [inspect.custom]: { value: () => human(data), enumerable: false },
    // Snippets print the human view with String(result).
    toString: { value: () => human(data), enumerable: false },
  }) as Printable<T, J>;
}
