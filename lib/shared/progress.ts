// The live progress line on stderr that scan and hash share: shown once work
// has run for a second, redrawn at most every `every` ms, cleared when done.
import os from 'node:os';

export class ProgressLine {
  private last = 0;
  private shown = false;
  private readonly start = Date.now();
  // RUMMAGE_PROGRESS_AFTER_MS shortens the one-second wait (for tests of the line itself).
  private readonly after = Number(process.env.RUMMAGE_PROGRESS_AFTER_MS ?? 1000);

  /** `text` is given the time since the start, in ms. */
  constructor(private readonly text: (elapsedMs: number) => string, private readonly every = 200) {}

  /** Redraws the line if it is time to. */
  tick(): void {
    const now = Date.now();
    if (now - this.start < this.after || now - this.last < this.every) return;
    this.last = now;
    this.shown = true;
    process.stderr.write(`\r\x1b[K${this.text(now - this.start)}`);
  }

  /** Clears the line, if one was drawn. */
  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[K');
  }
}

/**
 * Worker threads for a pool, one policy for scan and hash: one per core, at
 * most four in all, and one fewer when the main thread works alongside them
 * (the scan walks too; the hasher's main thread only hands out batches).
 */
export function defaultWorkers(mainThreadWorks: boolean): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  const all = Math.min(cores, 4);
  return mainThreadWorks ? Math.max(0, all - 1) : Math.max(1, all);
}
