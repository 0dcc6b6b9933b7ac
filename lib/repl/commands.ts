// The REPL's dot commands: `.run`, `.save` and `.watch`. Each is evaluated as
// a typed line would be (`await run(...)`), so it gets the same Ctrl-C and
// error handling.
import fs from 'node:fs';
import path from 'node:path';
import type { REPLServer } from 'node:repl';
import { saveTarget, snippetSource, splitArgs, type GoodLine } from './scripts.ts';
import { UsageError } from '../errors.ts';

/** The file name dot commands evaluate under: their lines are not kept for .save. */
export const COMMAND_FILE = 'rummage-command';

export interface CommandContext {
  readonly output: NodeJS.WritableStream;
  /** The lines that ran without an error, in order. */
  readonly goodLines: () => readonly GoodLine[];
  readonly helperNames: readonly string[];
  /** Reports an error as a typed line's error would be. */
  readonly fail: (e: unknown) => void;
}

export function defineCommands(server: REPLServer, ctx: CommandContext): void {
  const evalLine = (code: string): void => {
    server.eval(code, server.context, COMMAND_FILE, (err, result) => {
      if (err !== null) {
        ctx.fail(err);
        return;
      }
      if (result !== undefined) ctx.output.write(`${server.writer(result)}\n`);
      server.displayPrompt();
    });
  };
  const call = (fn: string, text: string): string => `await ${fn}(${splitArgs(text).map((a) => JSON.stringify(a)).join(', ')})\n`;

  server.defineCommand('run', {
    help: 'Run a snippet (snippets/ or scratch/, or a path) against this archive: .run count --dirs',
    action(text: string) {
      server.clearBufferedCommand();
      evalLine(call('run', text));
    },
  });
  server.defineCommand('watch', {
    help: 'Run a snippet or scratch file again each time it is saved: .watch scratch/mine.ts (Ctrl-C stops)',
    action(text: string) {
      server.clearBufferedCommand();
      evalLine(call('watch', text));
    },
  });
  server.defineCommand('save', {
    help: 'Save the lines that worked as a snippet: .save name (snippets/name.ts), .save scratch/name, --force overwrites',
    action(text: string) {
      server.clearBufferedCommand();
      try {
        const { file, name, runName, force } = saveTarget(text);
        const lines = ctx.goodLines();
        if (lines.length === 0) throw new UsageError('nothing to save yet: no line has run without an error in this session');
        const shown = path.relative(process.cwd(), file);
        if (fs.existsSync(file) && !force) throw new UsageError(`${shown} exists; pick another name, or .save ${name} --force to overwrite it`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, snippetSource(runName, lines, ctx.helperNames));
        ctx.output.write(`saved ${lines.length} ${lines.length === 1 ? 'line' : 'lines'} to ${shown}: .run ${runName} here, or npx tsx ${shown} <root> from the shell\n`);
        server.displayPrompt();
      } catch (e) {
        ctx.fail(e);
      }
    },
  });
}
