// The REPL: Node's own, with every registered helper bound to one archive as
// a global, TypeScript input, a writer that knows rummage's results, history
// per archive, path completion, snippets run against the index in memory, and
// a Ctrl-C that cancels the running helper instead of ending the session.
import type { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import repl, { Recoverable, type REPLEval, type REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { createRequire } from 'node:module';
import { completer } from './complete.ts';
import { BUILTINS, banner, findHelper, helpText, helperText, printable, tableView } from './help.ts';
import { syncInterrupt } from './interrupt.ts';
import { stripTypes } from './eval.ts';
import type { Archive } from '../archive.ts';
import { setSession } from '../snippet/index.ts';
import { archivesFile, userDir, userDirOutside } from '../config.ts';
import { CancelledError, UsageError } from '../errors.ts';
import { HELPERS } from '../helpers.ts';
import type { Helper } from '../registry.ts';

/** Lines of history kept per archive. */
export const HISTORY_SIZE = 10_000;

// zx and fs-extra take ~100 ms to load: they are loaded when first used, so the prompt comes sooner.
const load = createRequire(import.meta.url);

const REPO = fileURLToPath(new URL('../..', import.meta.url));
/** Where `.run name` looks, in order. */
const SNIPPET_DIRS = [path.join(REPO, 'snippets'), path.join(REPO, 'scratch')];

export interface ReplOptions {
  /** Default: process.stdin. */
  readonly input?: NodeJS.ReadableStream;
  /** Default: process.stdout. */
  readonly output?: NodeJS.WritableStream;
  /**
   * A terminal session (banner, colours, line editing, history, Ctrl-C
   * cancels). Default: when the input is a TTY. Without one, lines are read
   * one by one, each result is printed, and the session ends with the input.
   */
  readonly terminal?: boolean;
  /** Say in the banner that this is the demo archive. */
  readonly demo?: boolean;
  /** How long the scan took, for the banner. */
  readonly scanMs?: number;
  /** The history file; default one per archive name in the user's state dir; '' keeps none. */
  readonly historyFile?: string;
}

export interface ReplSession {
  readonly server: REPLServer;
  /** Resolves with the exit code when the session ends: 1 if a piped line failed, else 0. */
  readonly closed: Promise<number>;
}

/** Every global the REPL defines: each helper's name, then the REPL's own. */
export function replGlobalNames(): string[] {
  return [...HELPERS.map((h) => h.name), ...Object.keys(BUILTINS)];
}

/** The history file for an archive name; never inside the archive (one that holds $HOME). */
export function historyFile(name: string, root?: string): string {
  return path.join(root === undefined ? userDir('state') : userDirOutside('state', root), 'history', `${name.replace(/[^\w.-]+/g, '_')}.history`);
}

/** Thrown in place of process.exit() while a snippet runs inside the session. */
class SnippetExit extends Error {
  constructor(readonly code: number) {
    super(`snippet exited with code ${code}`);
  }
}

function isCancel(e: unknown): boolean {
  if (e instanceof CancelledError) return true;
  const err = e as { code?: unknown; name?: unknown } | null;
  return typeof err === 'object' && err !== null && (err.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED' || err.name === 'AbortError');
}

/** Prints values the way rummage means them: its results through their inspect, user errors as one line. */
export function makeWriter(colors: boolean, columns = 100): (value: unknown) => string {
  return (value) => {
    if (value instanceof UsageError) return `${value.name}: ${value.message}`;
    if (isCancel(value)) return 'cancelled';
    // Not Node's default writer: it sets showProxy, which would show a Selection's Proxy instead of its table.
    return inspect(value, { colors, depth: 4, maxArrayLength: 100, maxStringLength: 10_000, breakLength: columns });
  };
}

/** Finds a snippet or scratch file by name (`count`, `scratch`) or path. */
export function resolveSnippet(target: unknown, cwd = process.cwd()): string {
  if (typeof target !== 'string' || target.trim() === '') throw new UsageError("run() takes a snippet name or a path, e.g. run('count') or run('scratch/mine.ts')");
  if (target.includes('/') || target.includes(path.sep) || target.endsWith('.ts')) {
    const file = path.resolve(cwd, target);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`snippet file '${target}' does not exist; give a .ts file, e.g. scratch/mine.ts`);
    return file;
  }
  for (const dir of SNIPPET_DIRS) {
    const file = path.join(dir, `${target}.ts`);
    if (fs.existsSync(file)) return file;
  }
  const known = SNIPPET_DIRS.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3));
  throw new UsageError(`no snippet named '${target}'; known: ${[...new Set(known)].sort().join(', ')}`);
}

/** Splits `.run` arguments like a shell would, for plain and quoted words. */
function splitArgs(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)) out.push(m[1]?.replace(/\\(.)/g, '$1') ?? m[2] ?? m[3]!);
  return out;
}

/**
 * Opens the REPL on an archive that is already scanned.
 * @example const { closed } = await startRepl(await openArchive(root)); process.exitCode = await closed
 */
export async function startRepl(archive: Archive, options: ReplOptions = {}): Promise<ReplSession> {
  const rawInput = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const terminal = options.terminal ?? (rawInput as { isTTY?: boolean }).isTTY === true;
  const colors = terminal && (output as { hasColors?: () => boolean }).hasColors?.() === true;
  let zx: typeof import('zx') | undefined;
  const zxModule = (): typeof import('zx') => {
    if (zx === undefined) {
      zx = load('zx') as typeof import('zx');
      if (!colors) zx.chalk.level = 0;
    }
    return zx;
  };
  if (!terminal) (archive as { interactive: boolean }).interactive = false;
  const columns = (output as { columns?: number }).columns ?? 100;

  // Piped input is fed one line at a time, each once the previous one has
  // finished: Node's REPL would otherwise start every line at once.
  const input = terminal ? rawInput : new PassThrough();
  if (terminal) {
    output.write(`${banner(HELPERS, { name: archive.name, root: archive.root, entries: archive.catalog.counts().entries, bytes: archive.catalog.bytes(0), scanMs: options.scanMs ?? 0, demo: options.demo === true }, archivesFile())}\n`);
  }

  const server = repl.start({
    // historySize is passed on to readline; @types/node does not list it.
    ...({ historySize: HISTORY_SIZE } as object),
    prompt: terminal ? `${colors ? `\x1b[36m${archive.name}\x1b[39m` : archive.name}> ` : '',
    input,
    output,
    terminal,
    useGlobal: true,
    ignoreUndefined: true,
    writer: makeWriter(colors, columns),
    useColors: colors,
    // A preview would evaluate each keystroke's input, a whole find() over the archive included.
    preview: false,
    // On a terminal: Ctrl-C reaches an awaited line, and Node's SIGINT watchdog guards a synchronous one.
    breakEvalOnSigint: terminal,
  });

  // --- When a line is done: Node shows the next prompt. That is where a piped line ends too.
  let controller: AbortController | undefined;
  let wake: (() => void) | undefined;
  const nodePrompt = server.displayPrompt.bind(server);
  server.displayPrompt = (preserveCursor?: boolean) => {
    controller = undefined;
    const w = wake;
    wake = undefined;
    w?.();
    if (terminal) nodePrompt(preserveCursor);
  };
  const nextPrompt = (): Promise<void> => new Promise((resolve) => (wake = resolve));

  // On a terminal, Ctrl-C stops a synchronous line too (a long find), see _repl-interrupt.ts.
  const interrupt = terminal ? syncInterrupt(server) : undefined;

  // --- TypeScript: strip types, then Node's own eval (top-level await, `_`, multi-line input).
  const nodeEval = server.eval;
  const evalTs: REPLEval = function (this: REPLServer, input, context, file, cb) {
    const stripped = stripTypes(input);
    if (stripped.kind === 'incomplete') {
      cb(new Recoverable(stripped.error), undefined);
      return;
    }
    controller = new AbortController();
    archive.signal = controller.signal;
    const run = (): void => nodeEval.call(this, stripped.kind === 'code' ? stripped.code : input, context, file, (err, result) => {
      // esbuild's message says more about TypeScript input than Node's parse of it.
      if (err !== null && stripped.kind === 'invalid' && !(err instanceof Recoverable)) cb(stripped.error, undefined);
      else cb(err, result);
    });
    if (interrupt === undefined) run();
    else interrupt.around(run);
  };
  (server as { eval: REPLEval }).eval = evalTs;

  // --- Errors: a cancelled helper prints 'cancelled', a UsageError its one line; the rest go to Node's handler.
  let failures = 0;
  const domain = (server as unknown as { _domain?: EventEmitter })._domain;
  const nodeOnError = domain?.listeners('error')[0] as ((e: unknown) => void) | undefined;
  if (domain !== undefined && nodeOnError !== undefined) {
    domain.removeAllListeners('error');
    domain.on('error', (e: unknown) => {
      failures++;
      const cancelled = isCancel(e);
      if (!cancelled && !(e instanceof UsageError)) return nodeOnError.call(domain, e);
      // The user's own mistakes and a cancel are one line, not "Uncaught" and a stack.
      const line = server.writer(e);
      output.write(`${colors ? `\x1b[${cancelled ? 33 : 31}m${line}\x1b[39m` : line}\n`);
      server.clearBufferedCommand();
      server.displayPrompt();
    });
  }

  // --- Ctrl-C. While a helper awaits, readline reports the key: abort its signal (Node rejects the await).
  // While it runs synchronously, Node's watchdog interrupts it. Either way the session goes on.
  server.on('SIGINT', () => controller?.abort());

  // --- Globals, all from the registry plus the REPL's own.
  const bound = new Map<unknown, Helper>();
  const globals: Record<string, unknown> = {};
  for (const h of HELPERS) {
    const fn = (archive as unknown as Record<string, unknown>)[h.name];
    bound.set(fn, h);
    globals[h.name] = fn;
  }
  let last: { file: string; args: string[] } | undefined;
  let runs = 0;
  const runFile = async (file: string, args: string[]): Promise<void> => {
    last = { file, args };
    const exit = process.exit;
    setSession({ archive, argv: args });
    // A snippet's process.exit (its --help, say) must end the snippet, not the session.
    process.exit = ((code?: number) => {
      throw new SnippetExit(code ?? 0);
    }) as typeof process.exit;
    try {
      const mod = (await import(`${pathToFileURL(file).href}?run=${++runs}`)) as Record<string, unknown>;
      const exported = Object.keys(mod).filter((k) => k !== 'default' && !(k in globals));
      for (const k of exported) Object.defineProperty(server.context, k, { value: mod[k], writable: true, configurable: true, enumerable: true });
      if (exported.length > 0) output.write(`${path.basename(file)} exports, now globals: ${exported.join(', ')}\n`);
    } catch (e) {
      if (!(e instanceof SnippetExit)) throw e;
      if (e.code !== 0) throw new UsageError(`${path.basename(file)} exited with code ${e.code}`);
    } finally {
      process.exit = exit;
      setSession(undefined);
    }
  };
  const lazy: Record<string, () => unknown> = {
    fs: () => load('fs-extra'),
    $: () => zxModule().$,
    chalk: () => zxModule().chalk,
  };
  Object.assign(globals, {
    archive,
    root: archive.root,
    fs: lazy.fs,
    path,
    $: lazy.$,
    chalk: lazy.chalk,
    table: (rows: unknown) => tableView(rows, colors),
    help: (what?: unknown) => {
      if (what === undefined) return printable({}, () => helpText(HELPERS));
      const h = findHelper(HELPERS, bound, what);
      return printable({}, () => (typeof h === 'string' ? h : helperText(h)));
    },
    // Not async: a wrong name throws at once, as one line, even without await.
    run: (target: string, ...args: string[]): Promise<void> => runFile(resolveSnippet(target), args.map(String)),
    reload: async (): Promise<void> => {
      if (last === undefined) throw new UsageError('nothing to reload yet; run a snippet or scratch file first, e.g. .run scratch');
      return runFile(last.file, last.args);
    },
  } satisfies Record<keyof typeof BUILTINS, unknown>);
  for (const [k, v] of Object.entries(globals)) {
    const get = lazy[k];
    if (get === undefined) Object.defineProperty(server.context, k, { value: v, writable: true, configurable: true, enumerable: true });
    else {
      // Loaded on first read, then a plain value the user may reassign.
      const settle = (value: unknown): void => void Object.defineProperty(server.context, k, { value, writable: true, configurable: true, enumerable: true });
      Object.defineProperty(server.context, k, {
        get: () => {
          const value = get();
          settle(value);
          return value;
        },
        set: settle,
        configurable: true,
        enumerable: true,
      });
    }
  }

  // `.run name args`: evaluated as `await run(...)`, so it gets the same Ctrl-C and error handling as a typed line.
  server.defineCommand('run', {
    help: 'Run a snippet (snippets/ or scratch/, or a path) against this archive: .run count --dirs',
    action(text: string) {
      server.clearBufferedCommand();
      const [target, ...args] = splitArgs(text);
      const code = `await run(${[target ?? '', ...args].map((a) => JSON.stringify(a)).join(', ')})\n`;
      server.eval(code, server.context, 'REPL', (err, result) => {
        if (err !== null) {
          domain?.emit('error', err);
          return;
        }
        if (result !== undefined) output.write(`${server.writer(result)}\n`);
        server.displayPrompt();
      });
    },
  });

  // The REPL's readline takes a callback-style completer.
  type Callback = (err: Error | null, value?: [string[], string]) => void;
  const nodeComplete = server.completer as unknown as (line: string, cb: Callback) => void;
  const complete = completer(
    { catalog: () => archive.catalog, globals: () => Object.keys(globals), snippetDir: SNIPPET_DIRS[0]! },
    (line) => new Promise((resolve, reject) => nodeComplete.call(server, line, (err, value) => (err ? reject(err) : resolve(value ?? [[], line])))),
  );
  (server as unknown as { completer: unknown }).completer = (line: string, cb: Callback): void => {
    complete(line).then((value) => cb(null, value), (err: Error) => cb(err));
  };

  const closed = new Promise<number>((resolve) => {
    server.on('exit', () => {
      interrupt?.dispose();
      resolve(failures > 0 && !terminal ? 1 : 0);
    });
  });

  if (terminal) {
    const file = options.historyFile ?? historyFile(archive.name, archive.root);
    if (file !== '') fs.mkdirSync(path.dirname(file), { recursive: true });
    await new Promise<void>((resolve) => server.setupHistory(file, () => resolve()));
    // esbuild's first transform starts its service (~30 ms): do it while the user reads the prompt.
    setImmediate(() => stripTypes('0\n'));
  } else {
    void feedLines(rawInput, input as PassThrough, nextPrompt);
  }
  return { server, closed };
}

/** Hands piped lines to the REPL one at a time, each after the previous one finished. */
async function feedLines(from: NodeJS.ReadableStream, to: PassThrough, nextPrompt: () => Promise<void>): Promise<void> {
  const lines = createInterface({ input: from, crlfDelay: Infinity });
  for await (const line of lines) {
    const done = nextPrompt();
    to.write(`${line}\n`);
    await done;
  }
  to.end();
}
