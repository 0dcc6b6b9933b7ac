// `npm start -- <root>` (or `npm run repl`): scan the root once and open the
// REPL on it. No root opens the demo archive. A bad root is one line, exit 2.
import { performance } from 'node:perf_hooks';
import { openArchive } from '../archive.ts';
import { exitOnError } from '../snippet/index.ts';
import { archivesFile, resolveRoot } from '../config.ts';
import { demoArchive } from '../demo/index.ts';
import { UsageError } from '../errors.ts';
import { startRepl } from './repl.ts';

const USAGE = `usage: npm start -- [root] [--rescan|--no-check]   (a folder, or a name from ${archivesFile()}; none opens the demo archive)`;

async function main(all: readonly string[]): Promise<void> {
  // --rescan: a full scan, not the saved index; --no-check: the saved index without statting its folders.
  const rescan = all.includes('--rescan');
  const check = !all.includes('--no-check');
  const argv = all.filter((a) => a !== '--rescan' && a !== '--no-check');
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return;
  }
  if (argv.length > 1) throw new UsageError(`unexpected argument '${argv[1]}'; ${USAGE}`);
  const arg = argv[0];
  const terminal = process.stdin.isTTY === true;
  const named = arg === undefined ? { root: demoArchive(), name: undefined } : resolveRoot(arg);
  const scanStart = performance.now();
  const archive = await openArchive(named.root, { progress: terminal && process.stderr.isTTY === true, rescan, check, ...(named.name === undefined ? {} : { name: named.name }) });
  const scanMs = performance.now() - scanStart;
  const { closed } = await startRepl(archive, { terminal, demo: arg === undefined, scanMs });
  if (process.env.RUMMAGE_TIMING) {
    // performance.now() counts from this process's start, so this is everything up to the prompt but the scan.
    process.stderr.write(`rummage: prompt after ${Math.round(performance.now())} ms, of which scan ${Math.round(scanMs)} ms; without the scan ${Math.round(performance.now() - scanMs)} ms\n`);
  }
  const code = await closed;
  process.exitCode = code;
  // History is written a moment after the last line; then nothing may hold the process open.
  setTimeout(() => process.exit(code), 200).unref();
}

main(process.argv.slice(2)).catch(exitOnError);
