// The shared runner for snippets: one place that parses flags, opens the
// archive (or borrows the REPL's), and turns bad input into one line and exit 2.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { COMMON_FLAGS, type Flags, type OptionSpec } from './flags.ts';
import { openArchive, type Archive } from '../archive.ts';
import { resolveRoot } from '../config.ts';
import { CancelledError, UsageError } from '../errors.ts';
import { escapeControl } from '../format.ts';


export interface SnippetSpec {
  /** What the snippet does, for --help. */
  readonly about: string;
  /** Positional arguments after the root, in order; `?` marks one as optional. */
  readonly args?: readonly string[];
  /** Extra flags, in node:util parseArgs form. */
  readonly options?: OptionSpec;
}


export interface SnippetRun {
  readonly archive: Archive;
  readonly flags: Flags;
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

function usage(name: string, spec: SnippetSpec): string {
  const args = (spec.args ?? []).map((a) => (a.endsWith('?') ? `[${a.slice(0, -1)}]` : `<${a}>`)).join(' ');
  const extra = Object.entries(spec.options ?? {}).map(([k, o]) => (o.type === 'string' ? `--${k} X` : `--${k}`));
  return `usage: npx tsx snippets/${name}.ts <root> ${args} [--json] [-v] [--print0] [--dirs|--files] [--delete] [--countdown N] ${extra.join(' ')}`.replace(/ +/g, ' ');
}

/** Parses a snippet's argv into flags and named positionals; bad flags are a UsageError. */
export function parseSnippetArgs(name: string, spec: SnippetSpec, argv: readonly string[], withRoot: boolean): { flags: Flags; positionals: string[]; help: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...COMMON_FLAGS, ...spec.options }, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const flag = /'(-[^']*)'/.exec(err.message)?.[1];
    const what = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown flag '${flag}'` : err.message.split('.')[0]!;
    throw new UsageError(`${what}; ${usage(name, spec)}`);
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const want = spec.args ?? [];
  const required = want.filter((a) => !a.endsWith('?')).length + (withRoot ? 1 : 0);
  const max = want.length + (withRoot ? 1 : 0);
  if (v.help !== true) {
    if (parsed.positionals.length < required) throw new UsageError(`missing ${withRoot && parsed.positionals.length === 0 ? 'the archive root' : want[parsed.positionals.length - (withRoot ? 1 : 0)]?.replace('?', '')}; ${usage(name, spec)}`);
    if (parsed.positionals.length > max) throw new UsageError(`unexpected argument '${parsed.positionals[max]}'; ${usage(name, spec)}`);
  }
  if (v.dirs === true && v.files === true) throw new UsageError('--dirs and --files cannot be used together; give one or neither');
  let countdown: number | undefined;
  if (typeof v.countdown === 'string') {
    countdown = Number(v.countdown);
    if (!/^\d+(\.\d+)?$/.test(v.countdown) || !Number.isFinite(countdown)) throw new UsageError(`--countdown '${v.countdown}' is not a number of seconds; use e.g. --countdown 3 or --countdown 0`);
  }
  const extra: Record<string, string | boolean | undefined> = {};
  for (const k of Object.keys(spec.options ?? {})) extra[k] = v[k];
  return {
    flags: { json: v.json === true, verbose: v.v === true, dirs: v.dirs === true, files: v.files === true, delete: v.delete === true, countdown, print0: v.print0 === true, extra },
    positionals: parsed.positionals,
    help: v.help === true,
  };
}

/**
 * Starts a snippet: from the shell it opens the root given as the first
 * argument; inside the REPL (`.run name`) it uses the archive already in memory.
 * @example const { archive, flags, print } = await snippet(import.meta, { about: 'counts entries' })
 */
export async function snippet(meta: ImportMeta, spec: SnippetSpec): Promise<SnippetRun> {
  const name = path.basename(meta.filename ?? 'snippet', '.ts');
  const session = currentSession();
  if (session === undefined) installHandlers();
  const { flags, positionals, help } = parseSnippetArgs(name, spec, session?.argv ?? process.argv.slice(2), session === undefined);
  if (help) {
    console.log(`${spec.about}\n${usage(name, spec)}`);
    process.exit(0);
  }
  let archive: Archive;
  let rest = positionals;
  if (session !== undefined) archive = session.archive;
  else {
    const named = resolveRoot(positionals[0]!);
    archive = await openArchive(named.root, named.name === undefined ? {} : { name: named.name });
    rest = positionals.slice(1);
  }
  const args: Record<string, string | undefined> = {};
  (spec.args ?? []).forEach((a, k) => (args[a.replace('?', '')] = rest[k]));
  return {
    archive,
    flags,
    args,
    print(json, human, paths) {
      if (flags.print0 && paths !== undefined) {
        process.stdout.write(paths().map((p) => `${path.join(archive.root, p)}\0`).join(''));
        return;
      }
      console.log(flags.json ? JSON.stringify(json()) : human());
    },
    listing: (paths) => paths.map(escapeControl).join('\n'),
  };
}
