// The REPL: Node's own, with every registered helper bound to one archive as
// a global, TypeScript input, autoawait, a writer that knows rummage's
// results, history per archive, path completion, snippets run against the
// index in memory, and a Ctrl-C that cancels the running helper instead of
// ending the session. The parts live beside this file; this one wires them.
import fs from 'node:fs';
import path from 'node:path';
import type { REPLServer } from 'node:repl';
import { PassThrough } from 'node:stream';
import { defineCommands } from './commands.ts';
import { completer } from './complete.ts';
import { stripTypes } from './eval.ts';
import { feedLines } from './feed.ts';
import { lineEval } from './line.ts';
import { defineGlobal, defineGlobals } from './globals.ts';
import { BUILTINS, banner } from './help.ts';
import { syncInterrupt } from './interrupt.ts';
import { onReplError, setLastError, wrapCompleter, wrapEval } from './node-internals.ts';
import { SNIPPET_DIRS, scriptRunner, type GoodLine, type ScriptRunner } from './scripts.ts';
import { errorLine, isCancel, makeWriter } from './writer.ts';
import type { Archive } from '../archive.ts';
import { archivesFile, userDir, userDirOutside } from '../config.ts';
import { HELPERS } from '../helpers.ts';
import { terminalWidth } from '../format.ts';
import { lazyBuiltin } from '../shared/index.ts';

// Loaded when a REPL starts, not with every snippet (see shared/builtin.ts).
const nodeRepl = lazyBuiltin<typeof import('node:repl')>('node:repl');

/** Lines of history kept per archive. */
export const HISTORY_SIZE = 10_000;

export { makeWriter } from './writer.ts';
export { resolveSnippet } from './scripts.ts';

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

/** The terminal's width now (it changes when the window does); 80 when unknown. */
function widthOf(output: NodeJS.WritableStream): number {
  const c = (output as { columns?: number }).columns;
  return typeof c === 'number' && c > 0 ? c : terminalWidth();
}

/**
 * Opens the REPL on an archive that is already scanned.
 * @example const { closed } = await startRepl(await openArchive(root)); process.exitCode = await closed
 */
export async function startRepl(archive: Archive, options: ReplOptions = {}): Promise<ReplSession> {
  const rawInput = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const terminal = options.terminal ?? (rawInput as { isTTY?: boolean }).isTTY === true;
  const colors = terminal && (output as { hasColors?: () => boolean }).hasColors?.() === true && !process.env.NO_COLOR;
  if (!terminal) (archive as { interactive: boolean }).interactive = false;
  const columns = (): number => widthOf(output);
  const helperNames = HELPERS.map((h) => h.name);

  const input = terminal ? rawInput : new PassThrough();
  if (terminal) {
    output.write(`${banner(HELPERS, { name: archive.name, root: archive.root, entries: archive.catalog.counts().entries, bytes: archive.catalog.bytes(0), scanMs: options.scanMs ?? 0, demo: options.demo === true }, archivesFile(), columns())}\n`);
  }

  let helperOf: (v: unknown) => ReturnType<ReturnType<typeof defineGlobals>['helperOf']> = () => undefined;
  const server = nodeRepl().start({
    // historySize is passed on to readline; @types/node does not list it.
    ...({ historySize: HISTORY_SIZE } as object),
    prompt: terminal ? `${colors ? `\x1b[36m${archive.name}\x1b[39m` : archive.name}> ` : '',
    input,
    output,
    terminal,
    useGlobal: true,
    ignoreUndefined: true,
    writer: makeWriter(colors, columns(), (v) => helperOf(v)),
    useColors: colors,
    // A preview would evaluate each keystroke's input, a whole find() over the archive included.
    preview: false,
    // On a terminal: Ctrl-C reaches an awaited line, and Node's SIGINT watchdog guards a synchronous one.
    breakEvalOnSigint: terminal,
  });
  // The width when each value prints, not when the session started.
  const writer = (value: unknown): string => makeWriter(colors, columns(), (v) => helperOf(v))(value);
  (server as { writer: (v: unknown) => string }).writer = writer;

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

  // On a terminal, Ctrl-C stops a synchronous line too (a long find), see interrupt.ts.
  const interrupt = terminal ? syncInterrupt(server) : undefined;

  // --- Each line: help queries, TypeScript, autoawait, then Node's own eval (see line.ts).
  const goodLines: GoodLine[] = [];
  wrapEval(server, (nodeEval) => lineEval(nodeEval, {
    start: () => {
      controller = new AbortController();
      archive.signal = controller.signal;
    },
    interrupt,
    worked: (line) => {
      if (helperOf(line.result) === undefined) goodLines.push({ source: line.source, js: line.js, printed: line.printed });
    },
  }));

  // --- Errors: every one is one line (a cancel says 'cancelled'); `_error` holds the whole error.
  let failures = 0;
  const report = (e: unknown): boolean => {
    failures++;
    setLastError(server, e);
    const line = errorLine(e, helperNames);
    output.write(`${colors ? `\x1b[${isCancel(e) ? 33 : 31}m${line}\x1b[39m` : line}\n`);
    server.clearBufferedCommand();
    server.displayPrompt();
    return true;
  };
  const fail = onReplError(server, report);

  // --- Ctrl-C. While a helper awaits, readline reports the key: abort its signal (Node rejects the await).
  // While it runs synchronously, Node's watchdog interrupts it. Either way the session goes on.
  server.on('SIGINT', () => controller?.abort());

  // --- Globals, from the registry plus the REPL's own; snippets run against this archive.
  let scripts: ScriptRunner | undefined;
  const globals = defineGlobals(server, archive, () => scripts!, { colors, columns });
  helperOf = globals.helperOf;
  const reserved = new Set(globals.names());
  scripts = scriptRunner(archive, output, (k, v) => defineGlobal(server, k, v), (k) => reserved.has(k));
  defineCommands(server, { output, goodLines: () => goodLines, helperNames, fail: (e) => (fail === undefined ? report(e) : fail(e)) });

  wrapCompleter(server, (node) => completer({ catalog: () => archive.catalog, globals: globals.names, snippetDir: SNIPPET_DIRS[0]! }, node));

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
