// browse() on a terminal: the alternate screen, raw keys through readline's
// keypress events, a redraw on every key and on resize. While it runs, the
// REPL's own key handling is set aside and put back after, unchanged.
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import type { ArchiveCore } from '../registry.ts';
import { UsageError } from '../errors.ts';
import { resolveRow, type Selection } from '../query/index.ts';
import { BrowseView, type BrowseOptions, type Key } from './view.ts';

const ALT_ON = '\x1b[?1049h\x1b[?25l';
const ALT_OFF = '\x1b[?25h\x1b[?1049l';

/** The last session's timings in ms (first screen, slowest and last key redraw): for the bench. */
export const timings = { first: 0, slowestKey: 0, lastKey: 0 };

/**
 * Runs the navigator until q or Esc, then resolves with a Selection of the
 * marked rows. `started` is when browse() was called (for the first-screen time).
 */
export async function runBrowse(core: ArchiveCore, where: string | undefined, options: BrowseOptions, started = performance.now()): Promise<Selection> {
  const input = process.stdin;
  const output = process.stdout;
  if (!input.isTTY || !output.isTTY) throw new UsageError('browse() needs a terminal (the REPL on a TTY); in a snippet use du() or find() instead');
  const start = where === undefined || where === '' || where === '.' ? 0 : resolveRow({ root: core.root, name: core.name, catalog: core.catalog }, where, { what: 'browse()', kind: 'dir' });
  const view = new BrowseView(core, start, options);

  const draw = (): void => {
    const lines = view.render(output.columns || 80, output.rows || 24);
    output.write(`\x1b[H${lines.map((l) => `${l.trimEnd()}\x1b[K`).join('\r\n')}`);
  };
  view.onChange = draw;

  // Set the REPL's readline aside: it would echo and edit a line with every key.
  readline.emitKeypressEvents(input);
  const saved = input.listeners('keypress') as ((...args: unknown[]) => void)[];
  input.removeAllListeners('keypress');
  const wasRaw = input.isRaw;
  input.setRawMode(true);
  input.resume();
  output.write(ALT_ON);
  draw();
  timings.first = performance.now() - started;
  timings.slowestKey = 0;
  // Badges need one pass over the index: after the first screen, not before it.
  const badges = setImmediate(() => {
    view.loadCruft();
    draw();
  });

  return new Promise<Selection>((resolve, reject) => {
    let queue = Promise.resolve();
    const finish = (err?: unknown): void => {
      clearImmediate(badges);
      input.off('keypress', onKey);
      output.off('resize', draw);
      output.write(ALT_OFF);
      input.setRawMode(wasRaw);
      for (const l of saved) input.on('keypress', l);
      if (err !== undefined) reject(err);
      else resolve(view.selection());
    };
    const onKey = (str: string | undefined, key: Key | undefined): void => {
      const t0 = performance.now();
      queue = queue.then(async () => {
        const done = await view.key(str, key ?? {});
        if (done) return finish();
        draw();
        timings.lastKey = performance.now() - t0;
        timings.slowestKey = Math.max(timings.slowestKey, timings.lastKey);
      }).catch((e: unknown) => finish(e));
    };
    input.on('keypress', onKey);
    output.on('resize', draw);
  });
}
