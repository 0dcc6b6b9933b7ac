// The shared runner for snippets: one place that parses flags, opens the
// archive (or borrows the REPL's), and turns bad input into one line and exit 2.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { streamJson } from './stream-json.ts';
import { COMMON_FLAGS, convertFlags, flagDefs, flagHelp, flagUsage, joinDashValues, parseArgsConfig, unknownFlag, type FlagDef } from './flags.ts';
import { openArchive, type Archive, type BoundHelpers } from '../archive.ts';
import { resolveRoot } from '../config.ts';
import { CancelledError, UsageError } from '../errors.ts';
import { escapeControl } from '../format.ts';
import { HELPERS } from '../helpers.ts';
import { checkOptions, describeOption, type OptionDecl, type Settled } from '../shared/index.ts';

export type HelperName = keyof BoundHelpers;

/** The options object a bound helper takes: its last parameter. */
export type HelperOptions<K extends HelperName> = BoundHelpers[K] extends (...a: infer A) => unknown ? (Required<A> extends [...unknown[], infer L] ? NonNullable<L> : never) : never;

export interface SnippetSpec<H extends HelperName = never, F extends OptionDecl = Record<never, never>> {
  /** What the snippet does, for --help. */
  readonly about: string;
  /** Positional arguments after the root, in order; `?` marks one as optional. */
  readonly args?: readonly string[];
  /** The helpers whose declared options become this snippet's flags (`minSize` → `--min-size`). */
  readonly helpers?: readonly H[];
  /** The snippet's own flags, declared like options with opt.*(). */
  readonly flags?: F;
  /**
   * What --print0 prints, for --help (`'the duplicate copies a cleanup would remove'`);
   * a snippet that prints no paths leaves it out and takes no --print0.
   */
  readonly print0?: string;
}

export interface SnippetRun<H extends HelperName = never, F extends OptionDecl = Record<never, never>> {
  readonly archive: Archive;
  /** --json, -v and the snippet's own flags, checked, defaults filled in. */
  readonly flags: Settled<typeof COMMON_FLAGS & F>;
  /** Per helper, the options its flags gave; undefined when none was given, so the helper keeps its defaults. */
  readonly options: { readonly [K in H]: HelperOptions<K> | undefined };
  /** Positional arguments after the root, by the names given in the spec. */
  readonly args: Readonly<Record<string, string | undefined>>;
  /**
   * Prints `json()` as one JSON document with --json, the paths NUL-separated
   * (absolute, for `xargs -0`) with --print0, else the human text.
   */
  print(json: () => unknown, human: () => string, paths?: () => readonly string[]): void;
  /** Root-relative paths one a line, a newline or other control character in a name escaped (`\n`): what -v prints. */
  listing(paths: readonly string[]): string;
}

/** Set by the REPL while it runs a snippet: the archive in memory and the snippet's arguments. */
export interface Session {
  readonly archive: Archive;
  readonly argv: readonly string[];
}

const SESSION = Symbol.for('rummage.session');

export function setSession(s: Session | undefined): void {
  (globalThis as Record<symbol, unknown>)[SESSION] = s;
}

function currentSession(): Session | undefined {
  return (globalThis as Record<symbol, unknown>)[SESSION] as Session | undefined;
}

/** Prints an error as one line; exit code 2 for the user's bad input, 1 otherwise. */
export function exitOnError(e: unknown): never {
  if (e instanceof UsageError) {
    process.stderr.write(`rummage: ${e.message}\n`);
    process.exit(2);
  }
  if (e instanceof CancelledError) {
    process.stderr.write('rummage: cancelled\n');
    process.exit(130);
  }
  const err = e as Error;
  process.stderr.write(`rummage: ${err?.message ?? String(e)}\n`);
  if (process.env.RUMMAGE_DEBUG) process.stderr.write(`${err?.stack ?? ''}\n`);
  process.exit(1);
}

let handlersInstalled = false;
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('uncaughtException', exitOnError);
  process.on('unhandledRejection', exitOnError);
}

function defsOf(spec: SnippetSpec<HelperName, OptionDecl>): FlagDef[] {
  const helpers = (spec.helpers ?? []).map((n) => {
    const h = HELPERS.find((x) => x.name === n);
    if (h === undefined) throw new Error(`snippet: no helper named '${n}'`);
    return h;
  });
  const defs = flagDefs(spec.flags ?? {}, helpers);
  const print0 = spec.print0;
  if (print0 === undefined) return defs.filter((d) => !(d.own && d.key === 'print0'));
  return defs.map((d) => (d.own && d.key === 'print0' ? { ...d, spec: { ...d.spec, doc: `${print0}: absolute paths, NUL-separated, for xargs -0 (nothing else on stdout)` } } : d));
}

function usage(name: string, spec: SnippetSpec<HelperName, OptionDecl>, defs: readonly FlagDef[]): string {
  const args = (spec.args ?? []).map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : `<${a}>`)).join(' ');
  return `usage: npx tsx snippets/${name}.ts <root> ${args} ${flagUsage(defs)}`.replace(/ +/g, ' ');
}

export interface ParsedArgs {
  readonly flags: Record<string, unknown>;
  readonly options: Record<string, Record<string, unknown>>;
  readonly positionals: string[];
  readonly help: boolean;
}

/** Parses a snippet's argv into flags, helper options and named positionals; bad flags are a UsageError. */
export function parseSnippetArgs(name: string, spec: SnippetSpec<HelperName, OptionDecl>, argv: readonly string[], withRoot: boolean): ParsedArgs {
  const defs = defsOf(spec);
  let parsed;
  try {
    parsed = parseArgs({ args: joinDashValues(argv, defs), options: parseArgsConfig(defs), allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const flag = /'(-[^']*)'/.exec(err.message)?.[1];
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && flag !== undefined) throw unknownFlag(flag, defs, usage(name, spec, defs));
    throw new UsageError(`${err.message.split('.')[0]!}; ${usage(name, spec, defs)}`);
  }
  const values = parsed.values as Record<string, string | boolean | (string | boolean)[] | undefined>;
  const help = values.help === true;
  const want = spec.args ?? [];
  const required = want.filter((a) => !a.endsWith('?')).length + (withRoot ? 1 : 0);
  const max = want.length + (withRoot ? 1 : 0);
  if (!help) {
    if (parsed.positionals.length < required) throw new UsageError(`missing ${withRoot && parsed.positionals.length === 0 ? 'the archive root' : want[parsed.positionals.length - (withRoot ? 1 : 0)]?.replace('?', '')}; ${usage(name, spec, defs)}`);
    if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'; ${usage(name, spec, defs)}`);
  }
  const { own, helpers } = convertFlags(defs, values);
  // The snippet's own and the common flags get their defaults here; a helper's are left to the helper.
  const flags = checkOptions(`snippets/${name}.ts`, { ...COMMON_FLAGS, ...spec.flags }, own);
  return { flags, options: helpers, positionals: parsed.positionals, help };
}

/**
 * Starts a snippet: from the shell it opens the root given as the first
 * argument; inside the REPL (`.run name`) it uses the archive already in memory.
 * @example const { archive, flags, print } = await snippet(import.meta, { about: 'counts entries' })
 */
export async function snippet<H extends HelperName = never, F extends OptionDecl = Record<never, never>>(meta: ImportMeta, spec: SnippetSpec<H, F>): Promise<SnippetRun<H, F>> {
  // Through lib/snippet/run.mjs the module is a stripped copy (count.mjs in the cache): the name is the snippet's own.
  const name = path.basename(meta.filename ?? 'snippet').replace(/\.[cm]?[jt]s$/, '');
  const session = currentSession();
  if (session === undefined) installHandlers();
  const loose = spec as unknown as SnippetSpec<HelperName, OptionDecl>;
  const { flags, options, positionals, help } = parseSnippetArgs(name, loose, session?.argv ?? process.argv.slice(2), session === undefined);
  if (help) {
    const defs = defsOf(loose);
    console.log([spec.about, usage(name, loose, defs), 'flags:', ...flagHelp(defs, describeOption)].join('\n'));
    process.exit(0);
  }
  let archive: Archive;
  let rest = positionals;
  if (session !== undefined) archive = session.archive;
  else {
    const named = resolveRoot(positionals[0]!);
    archive = await openArchive(named.root, { ...(named.name === undefined ? {} : { name: named.name }), rescan: flags.rescan === true, check: flags.check !== false });
    rest = positionals.slice(1);
  }
  const args: Record<string, string | undefined> = {};
  (spec.args ?? []).forEach((a, k) => (args[a.replace('?', '')] = rest[k]));
  const typedFlags = flags as Settled<typeof COMMON_FLAGS & F>;
  return {
    archive,
    flags: typedFlags,
    options: options as SnippetRun<H, F>['options'],
    args,
    print(json, human, paths) {
      if ((typedFlags as { print0?: boolean }).print0 === true && paths !== undefined) {
        process.stdout.write(paths().map((p) => `${path.join(archive.root, p)}\0`).join(''));
        return;
      }
      if (!typedFlags.json) {
        console.log(human());
        return;
      }
      // Perf: written in 64K pieces, not built as one string (a million paths made one of hundreds of MB).
      const value = json();
      if (streamJson(value, (chunk) => process.stdout.write(chunk))) process.stdout.write('\n');
      else console.log(JSON.stringify(value));
    },
    listing: (paths) => paths.map(escapeControl).join('\n'),
  };
}
