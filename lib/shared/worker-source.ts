// Worker threads from TypeScript modules, without tsx in each worker.
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const bundles = new Map<string, string>();

/**
 * The code of a worker module as one plain script, for `new Worker(code, {eval: true})`.
 * Perf: registering tsx inside each worker took 170 ms and 30 MB per worker,
 * for its own loader thread; workers need only node: modules and lib/ files,
 * so esbuild bundles each once per process (about 30 ms) and a worker then
 * starts in about 20 ms and 9 MB.
 */
export function workerSource(module: URL): string {
  let code = bundles.get(module.href);
  if (code === undefined) {
    code = esbuild.buildSync({
      entryPoints: [fileURLToPath(module)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      write: false,
      logLevel: 'silent',
    }).outputFiles[0]!.text;
    bundles.set(module.href, code);
  }
  return code;
}
