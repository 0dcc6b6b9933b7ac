// Snippet flags, read from the helpers' own option declarations: a snippet
// names the helpers whose options it exposes, and each option becomes the
// kebab-case flag of the same name, checked by the same parse.
// Domain modules never import this file: the glue lives here, on the snippet side.
import type { ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';
import { didYouMean, flagName, opt, parseFlag, type OptionDecl, type OptionSpec } from '../shared/index.ts';

/** The flags every snippet takes. */
export const COMMON_FLAGS = {
  json: opt.flag('print one JSON document on stdout', false),
  verbose: opt.flag('every path, not the first rows (one a line, a newline in a name as \\n)', false, { flag: 'v' }),
  print0: opt.flag('the paths, absolute and NUL-separated, for xargs -0 (snippets that list paths)', false),
  help: opt.flag('this text', false, { flag: 'help' }),
  rescan: opt.flag('a full scan, not the saved index', false),
  check: opt.flag('check the saved index against the disk (--no-check: trust it as saved)', true),
} as const satisfies OptionDecl;

/** One flag: the option it sets, which declarations it came from (the snippet's own, and helpers), and its spec. */
export interface FlagDef {
  readonly flag: string;
  readonly key: string;
  /** A common flag or the snippet's own: its value is in the snippet's flags. */
  readonly own: boolean;
  /** The helpers that declare this option: its value goes to each one's options. */
  readonly helpers: readonly string[];
  readonly spec: OptionSpec;
}

/** A flag takes no value when it is a boolean: `--junk`, or `--no-cache` for an option that defaults to true. */
const takesValue = (s: OptionSpec): boolean => s.kind !== 'boolean';

/**
 * The flags of a snippet: the common ones, its own, and every option its
 * helpers declare that can be typed (not functions or test hooks). An option
 * declared twice is one flag that sets both: two helpers' `countdown`, or
 * remove()'s `verbose` and the common -v.
 */
export function flagDefs(own: OptionDecl, helpers: readonly { readonly name: string; readonly options?: OptionDecl | Readonly<Record<string, string>> }[]): FlagDef[] {
  const out = new Map<string, FlagDef & { helpers: string[] }>();
  const add = (key: string, spec: OptionSpec, helper: string | undefined): void => {
    if (spec.flag === false || spec.kind === 'function' || spec.kind === 'value') return;
    const flag = flagName(key, spec);
    const same = out.get(flag) ?? [...out.values()].find((d) => d.key === key && d.spec.kind === spec.kind);
    if (same === undefined) out.set(flag, { flag, key, own: helper === undefined, helpers: helper === undefined ? [] : [helper], spec });
    else if (helper !== undefined && same.key === key && !same.helpers.includes(helper)) same.helpers.push(helper);
  };
  for (const [k, s] of Object.entries(COMMON_FLAGS)) add(k, s, undefined);
  for (const [k, s] of Object.entries(own)) add(k, s, undefined);
  for (const h of helpers) for (const [k, s] of Object.entries(h.options ?? {})) if (typeof s !== 'string') add(k, s, h.name);
  return [...out.values()];
}

/** node:util parseArgs options for the flags: -v is short for --v, and --help has -h. */
export function parseArgsConfig(defs: readonly FlagDef[]): NonNullable<ParseArgsConfig['options']> {
  const o: NonNullable<ParseArgsConfig['options']> = {};
  for (const d of defs) {
    o[d.flag] = takesValue(d.spec) ? { type: 'string', multiple: d.spec.kind === 'strings' } : { type: 'boolean' };
    if (d.flag === 'help') o[d.flag] = { type: 'boolean', short: 'h' };
  }
  return o;
}

/**
 * A value after a flag that takes one is that flag's value even when it
 * starts with a dash (`--older-than -5d`, `--min -1`): parseArgs would call it
 * ambiguous, so such pairs are joined as `--flag=value` first.
 */
export function joinDashValues(argv: readonly string[], defs: readonly FlagDef[]): string[] {
  const valued = new Set(defs.filter((d) => takesValue(d.spec)).map((d) => `--${d.flag}`));
  const out: string[] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k]!;
    const next = argv[k + 1];
    if (valued.has(a) && next !== undefined && next.startsWith('-') && next !== '--') {
      out.push(`${a}=${next}`);
      k++;
    } else out.push(a);
  }
  return out;
}

/** An unknown flag as one line, with the closest known flag. */
export function unknownFlag(given: string, defs: readonly FlagDef[], usage: string): UsageError {
  const bare = given.replace(/^-+/, '').replace(/=.*$/, '');
  const near = didYouMean(bare, defs.map((d) => d.flag));
  return new UsageError(`unknown flag '${given}'${near === undefined ? '' : ` (did you mean '${near === 'v' ? '-v' : `--${near}`}'?)`}; ${usage}`);
}

/** The parsed flag values, checked by each option's own parse, by declaration: the snippet's own, and per helper. */
export interface FlagValues {
  readonly own: Record<string, unknown>;
  readonly helpers: Record<string, Record<string, unknown>>;
}

export function convertFlags(defs: readonly FlagDef[], values: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>): FlagValues {
  const own: Record<string, unknown> = {};
  const helpers: Record<string, Record<string, unknown>> = {};
  for (const d of defs) {
    const raw = values[d.flag];
    if (raw === undefined) continue;
    let v: unknown;
    if (d.spec.kind === 'boolean') v = d.spec.default === true ? false : true;
    else if (Array.isArray(raw)) v = raw.flatMap((x) => parseFlag('', d.key, d.spec, String(x)) as string[]);
    else {
      v = parseFlag('', d.key, d.spec, raw);
      // Times stay as given ('30d', '2015-01-01'): the helper reads them with the one parser.
      if (d.spec.kind === 'time') v = raw;
    }
    if (d.own) own[d.key] = v;
    for (const h of d.helpers) (helpers[h] ??= {})[d.key] = v;
  }
  return { own, helpers };
}

/** `--min-size X  only files of at least this size (default 1)` lines for --help; a flag without a value is off unless given, so it shows no default. */
export function flagHelp(defs: readonly FlagDef[], describe: (s: OptionSpec) => string): string[] {
  const shown = defs.map((d) => [`${d.flag === 'v' ? '-v' : d.flag === 'help' ? '-h, --help' : `--${d.flag}`}${takesValue(d.spec) ? ' X' : ''}`, d.spec.kind !== 'boolean' ? describe(d.spec) : d.spec.default === true ? `turns off: ${d.spec.doc}` : d.spec.doc] as const);
  const w = Math.max(...shown.map(([f]) => f.length));
  return shown.map(([f, doc]) => `  ${f.padEnd(w)}  ${doc}`);
}

/** The usage line's flags: `[--json] [-v] [--min-size X] …`. */
export function flagUsage(defs: readonly FlagDef[]): string {
  return defs.filter((d) => d.flag !== 'help').map((d) => `[${d.flag === 'v' ? '-v' : `--${d.flag}`}${takesValue(d.spec) ? ' X' : ''}]`).join(' ');
}
