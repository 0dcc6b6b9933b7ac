// `rummage [root|name]` opens the REPL; `rummage run <snippet|file> <root>
// [flags]` runs a snippet from any folder. A file written against the REPL's
// globals, with no snippet() header, runs too: it gets the same globals.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveSnippet } from './scripts.ts';
import { openArchive } from '../archive.ts';
import { resolveRoot } from '../config.ts';
import { UsageError } from '../errors.ts';
import { HELPERS } from '../helpers.ts';
import { exitOnError, setSession } from '../snippet/index.ts';

const USAGE = 'usage: rummage [root|name]   or   rummage run <snippet|file.ts> <root|name> [flags]';

/** Runs a snippet or a REPL-style file against a root, with the REPL's globals defined. */
export async function runCommand(argv: readonly string[], cwd = process.env.INIT_CWD ?? process.cwd()): Promise<void> {
  const [target, rootArg, ...flags] = argv;
  if (target === undefined || target === '--help' || target === '-h') {
    console.log(`${USAGE}\n  <snippet> is a name from snippets/ or scratch/ (count, venvs ...) or a .ts file`);
    return;
  }
  const file = resolveSnippet(target, cwd);
  if (rootArg === undefined || rootArg.startsWith('-')) throw new UsageError(`missing the archive root; ${USAGE}`);
  const named = resolveRoot(rootArg);
  const archive = await openArchive(named.root, { progress: process.stderr.isTTY === true, ...(named.name === undefined ? {} : { name: named.name }) });
  // The snippet's own snippet() call finds this archive, as it does inside the REPL.
  setSession({ archive, argv: flags });
  const globals: Record<string, unknown> = { archive, root: archive.root, path };
  for (const h of HELPERS) globals[h.name] = (archive as unknown as Record<string, unknown>)[h.name];
  for (const [k, v] of Object.entries(globals)) if (!(k in globalThis)) Object.defineProperty(globalThis, k, { value: v, writable: true, configurable: true });
  await import(pathToFileURL(file).href);
}

async function main(argv: readonly string[]): Promise<void> {
  if (argv[0] === 'run') return runCommand(argv.slice(1));
  // The REPL reads the same arguments.
  await import('./main.ts');
}

process.on('unhandledRejection', exitOnError);
main(process.argv.slice(2)).catch(exitOnError);
