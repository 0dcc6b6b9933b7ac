// The one options check. A helper declares its options once, with opt.*();
// help(), the snippet flags and this check all read that declaration.
// Checked for type, not truthiness: {delete: 'no'} is an error, not a yes.
import { UsageError } from '../errors.ts';
import { parseSize, parseTime } from './parse.ts';

export type OptionKind = 'boolean' | 'number' | 'size' | 'time' | 'string' | 'strings' | 'path' | 'function' | 'value';

/**
 * One declared option. `T` is the checked value's type; `D` is true when a
 * default fills it in, so the settled field is never undefined; `I` is what a
 * caller may pass (a size as `'10MB'`, a time as a Date), `T` when the same.
 */
export interface OptionSpec<T = unknown, D extends boolean = boolean, I = T> {
  readonly kind: OptionKind;
  /** What it does, for help(name) and a snippet's --help. */
  readonly doc: string;
  readonly default?: T;
  /** The snippet flag: a name (kebab-case of the option by default), or false for none. */
  readonly flag?: string | false;
  /** A value to show in the error's example, e.g. `3` for `{countdown: 3}`. */
  readonly sample: string;
  /** Checks and converts a given value; `text` is true for a snippet flag's string. */
  readonly parse: (v: unknown, text: boolean) => T;
  /** Left out of help(name): a cancel signal or a test hook the user never types. */
  readonly hidden?: boolean;
  /** Phantom: whether a default fills the value in. */
  readonly __hasDefault?: D;
  /** Phantom: what a caller may pass. */
  readonly __input?: I;
}

export type OptionDecl = Readonly<Record<string, OptionSpec>>;

/** The options a helper sees after the check: declared keys only, defaults filled in. */
export type Settled<Decl extends OptionDecl> = {
  readonly [K in keyof Decl]: Decl[K] extends { readonly __hasDefault?: true } ? Checked<Decl[K]> : Checked<Decl[K]> | undefined;
};

/** The type an option's parse gives. */
type Checked<S> = S extends { readonly parse: (v: unknown, text: boolean) => infer T } ? T : never;

/**
 * What a caller may pass: every key optional, `undefined` allowed (it means
 * "the default"). A helper's options type is this of its declaration, so the
 * type, the check, help() and the snippet flags are one declaration.
 */
export type Given<Decl extends OptionDecl> = {
  readonly [K in keyof Decl]?: (Decl[K] extends { readonly __input?: infer I } ? I : never) | undefined;
};

/** Thrown by a spec's parse with the reason; checkOptions adds the helper, the option and an example. */
class Bad extends Error {}

const show = (v: unknown): string => {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'function') return 'a function';
  if (v instanceof Date) return `Date(${v.toISOString()})`;
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
};

type Extra<T> = { readonly flag?: string | false; readonly sample?: string; readonly default?: T };

function spec<T, D extends boolean, I = T>(kind: OptionKind, doc: string, sample: string, parse: (v: unknown, text: boolean) => T, extra: Extra<T> = {}): OptionSpec<T, D, I> {
  return { kind, doc, sample: extra.sample ?? sample, parse, ...(extra.flag === undefined ? {} : { flag: extra.flag }), ...(extra.default === undefined ? {} : { default: extra.default }) };
}

type WithDefault<T> = Extra<T> & { readonly default: T };

interface NumberRange {
  readonly min?: number;
  /** Exclusive lower bound: the value must be greater. */
  readonly above?: number;
  readonly max?: number;
  readonly integer?: boolean;
  /** Infinity is allowed (for "no limit"). */
  readonly infinity?: boolean;
}

function number(v: unknown, text: boolean, r: NumberRange): number {
  // A flag may say 'all' where Infinity is allowed: --depth all.
  const n = typeof v === 'number' ? v : text && r.infinity === true && v === 'all' ? Infinity : text && typeof v === 'string' && /^\s*-?(\d+(\.\d*)?|\.\d+|Infinity)\s*$/.test(v) ? Number(v) : NaN;
  if (typeof v !== 'number' && !text) throw new Bad('must be a number');
  if (Number.isNaN(n)) throw new Bad('must be a number');
  if (!Number.isFinite(n) && !(r.infinity === true && n === Infinity)) throw new Bad(`must be a finite number${r.infinity === true ? ' or Infinity' : ''}`);
  if (r.integer === true && Number.isFinite(n) && !Number.isInteger(n)) throw new Bad('must be a whole number');
  if (r.min !== undefined && n < r.min) throw new Bad(`must be ${r.min} or more`);
  if (r.above !== undefined && n <= r.above) throw new Bad(`must be above ${r.above}${r.max !== undefined ? ` and at most ${r.max}` : ''}`);
  if (r.max !== undefined && n > r.max) throw new Bad(`must be ${r.max} or less`);
  return n;
}

function boolean(v: unknown, text: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (text && (v === 'true' || v === 'false')) return v === 'true';
  throw new Bad('must be true or false');
}

function string<C extends string>(v: unknown, choices: readonly C[] | undefined): C {
  if (typeof v !== 'string') throw new Bad(choices ? `must be one of ${choices.map((c) => `'${c}'`).join(', ')}` : 'must be a string');
  if (choices !== undefined && !choices.includes(v as C)) throw new Bad(`must be one of ${choices.map((c) => `'${c}'`).join(', ')}`);
  return v as C;
}

function strings(v: unknown, text: boolean): readonly string[] {
  if (typeof v === 'string') return text ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw new Bad('must be a string or a list of strings');
}

/** Declares options. Each constructor says the type, the doc line, and the default if any. */
export const opt = {
  boolean(doc: string, extra: Extra<boolean> = {}): OptionSpec<boolean, false> {
    return spec('boolean', doc, 'true', boolean, extra);
  },
  /** A boolean that is `default` when left out. */
  flag(doc: string, dflt: boolean, extra: Extra<boolean> = {}): OptionSpec<boolean, true> {
    return spec('boolean', doc, String(!dflt), boolean, { ...extra, default: dflt });
  },
  number(doc: string, range: NumberRange & Extra<number> = {}): OptionSpec<number, false> {
    return spec('number', doc, String(range.min ?? 1), (v, t) => number(v, t, range), range);
  },
  numberOr(doc: string, range: NumberRange & WithDefault<number>): OptionSpec<number, true> {
    return spec('number', doc, String(range.default), (v, t) => number(v, t, range), range);
  },
  /** Bytes: a number or a string like '10MB'. */
  size(doc: string, extra: Extra<number> = {}): OptionSpec<number, false, number | string> {
    return spec<number, false, number | string>('size', doc, "'10MB'", (v) => {
      if (typeof v !== 'number' && typeof v !== 'string') throw new Bad("must be bytes or a size like '10MB'");
      try {
        return parseSize(v);
      } catch {
        throw new Bad("must be 0 or more bytes, or a size like '10MB' or '1.5GB'");
      }
    }, extra);
  },
  sizeOr(doc: string, extra: WithDefault<number>): OptionSpec<number, true, number | string> {
    return opt.size(doc, extra) as unknown as OptionSpec<number, true, number | string>;
  },
  /** A time in ms: a Date, '2015-01-01', or an age such as '2y', '6mo', '30d'. */
  time(doc: string, extra: Extra<number> = {}): OptionSpec<number, false, Date | string> {
    return spec<number, false, Date | string>('time', doc, "'30d'", (v) => {
      if (!(v instanceof Date) && typeof v !== 'string') throw new Bad("must be a date like '2015-01-01' or an age like '2y', '6mo', '30d'");
      try {
        return parseTime(v);
      } catch {
        throw new Bad("must be a date like '2015-01-01' or an age like '2y', '6mo', '30d'");
      }
    }, extra);
  },
  string<C extends string = string>(doc: string, extra: Extra<C> & { readonly choices?: readonly C[] } = {}): OptionSpec<C, false> {
    return spec('string', doc, extra.choices ? `'${extra.choices[0]}'` : "'x'", (v) => string(v, extra.choices), extra);
  },
  choice<C extends string>(doc: string, choices: readonly C[], dflt: C, extra: Extra<C> = {}): OptionSpec<C, true> {
    return spec('string', doc, `'${choices.find((c) => c !== dflt) ?? dflt}'`, (v) => string(v, choices), { ...extra, default: dflt });
  },
  /** A string or a list of strings (a flag takes a comma-separated list). */
  strings(doc: string, extra: Extra<readonly string[]> = {}): OptionSpec<readonly string[], false, string | readonly string[]> {
    return spec<readonly string[], false, string | readonly string[]>('strings', doc, "['a', 'b']", strings, extra);
  },
  /** A path inside the archive; the helper resolves it with query/resolve. */
  path(doc: string, extra: Extra<string> = {}): OptionSpec<string, false> {
    return spec('path', doc, "'photos'", (v) => {
      if (typeof v !== 'string' || v === '') throw new Bad("must be a path inside the archive, such as 'photos'");
      return v;
    }, extra);
  },
  /** A function; never a snippet flag. */
  fn<F extends (...args: never[]) => unknown>(doc: string): OptionSpec<F, false> {
    return spec('function', doc, '(e) => e.size > 1e9', (v) => {
      if (typeof v !== 'function') throw new Bad('must be a function');
      return v as F;
    }, { flag: false });
  },
  /** Anything the helper checks itself (an AbortSignal, a hasher for tests); never a flag, and left out of help unless `shown`. */
  value<T>(doc: string, check: (v: unknown) => v is T, what: string, extra: { readonly shown?: boolean } = {}): OptionSpec<T, false> {
    const s = spec<T, false>('value', doc, what, (v) => {
      if (!check(v)) throw new Bad(`must be ${what}`);
      return v;
    }, { flag: false });
    return extra.shown === true ? s : { ...s, hidden: true };
  },
};

/** Edit distance, ignoring case, for did-you-mean. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** The closest declared name, if close enough to be a typo. */
export function didYouMean(given: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const n of names) {
    const d = n.toLowerCase().startsWith(given.toLowerCase()) || given.toLowerCase().startsWith(n.toLowerCase()) ? 0.5 : editDistance(given, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return bestD <= Math.max(1, Math.floor(given.length / 3)) ? best : undefined;
}

/**
 * Checks `given` against a declaration: unknown keys refused with a
 * did-you-mean, each value checked for type and range, defaults filled in
 * where the value is missing or undefined. Errors are one-line UsageErrors
 * naming the helper, the option, the value given, and an example.
 */
export function checkOptions<Decl extends OptionDecl>(helper: string, decl: Decl, given: unknown): Settled<Decl> {
  if (given !== undefined && given !== null && (typeof given !== 'object' || Array.isArray(given) || given instanceof Date)) {
    throw new UsageError(`${helper}(): options must be an object such as {${firstExample(decl)}}, not ${show(given)}`);
  }
  const names = Object.keys(decl);
  // A cancel signal or a test hook is accepted but not offered.
  const shown = names.filter((k) => decl[k]!.hidden !== true);
  const out: Record<string, unknown> = {};
  const g = (given ?? {}) as Record<string, unknown>;
  for (const key of Object.keys(g)) {
    if (Object.hasOwn(decl, key)) continue;
    const near = didYouMean(key, shown);
    throw new UsageError(`${helper}(): unknown option '${key}'${near ? ` (did you mean '${near}'?)` : ''}; ${shown.length === 0 ? 'it takes no options' : `it takes ${shown.join(', ')}`}`);
  }
  for (const key of names) {
    const s = decl[key]!;
    const v = g[key];
    if (v === undefined) {
      if (s.default !== undefined) out[key] = s.default;
      continue;
    }
    try {
      out[key] = s.parse(v, false);
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      throw new UsageError(`${helper}(): option '${key}' ${e.message}, not ${show(v)}; e.g. {${key}: ${s.sample}}`);
    }
  }
  return out as Settled<Decl>;
}

/**
 * `{...defaults, ...given}`, except that a key given as undefined keeps its
 * default: for the internal option bags (scan, the Hasher) that hold signals
 * and callbacks rather than user input, so have no opt.*() declaration.
 */
export function withDefaults<D extends object, G extends object>(defaults: D, given: G): Omit<G, keyof D> & { readonly [K in keyof D]: Exclude<D[K] | (K extends keyof G ? G[K] : never), undefined> } {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [k, v] of Object.entries(given)) if (v !== undefined) out[k] = v;
  return out as Omit<G, keyof D> & { readonly [K in keyof D]: Exclude<D[K] | (K extends keyof G ? G[K] : never), undefined> };
}

/** A snippet flag's text for an option, checked by the same parse. */
export function parseFlag(helper: string, key: string, s: OptionSpec, text: string | boolean): unknown {
  try {
    return s.parse(text, true);
  } catch (e) {
    if (!(e instanceof Bad)) throw e;
    throw new UsageError(`--${flagName(key, s)} ${e.message}, not ${show(text)}; e.g. --${flagName(key, s)} ${s.sample.replace(/^'|'$/g, '')}`);
  }
}

/**
 * The snippet flag of an option: kebab-case of its name unless declared
 * otherwise; `--no-x` for a boolean that is true by default (`--no-cache`).
 */
export function flagName(key: string, s: OptionSpec): string {
  if (typeof s.flag === 'string') return s.flag;
  const kebab = key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return s.kind === 'boolean' && s.default === true ? `no-${kebab}` : kebab;
}

/** One help line for an option: its doc, and its default when it has one. */
export function describeOption(s: OptionSpec): string {
  return s.default === undefined ? s.doc : `${s.doc} (default ${typeof s.default === 'string' ? `'${s.default}'` : String(s.default)})`;
}

function firstExample(decl: OptionDecl): string {
  const first = Object.entries(decl).find(([, s]) => s.flag !== false);
  return first ? `${first[0]}: ${first[1].sample}` : '';
}
