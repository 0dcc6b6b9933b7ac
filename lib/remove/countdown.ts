// The pause before anything is deleted, and Ctrl-C: a snippet gets SIGINT,
// the REPL aborts the archive's signal. Either one cancels.
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, checkCancel } from '../errors.ts';

export interface Interrupt {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * A signal that fires on SIGINT or when `outer` does. While it is in place
 * Ctrl-C cannot kill the process halfway through an item: work stops between
 * items instead, with everything so far journalled.
 */
export function interruptible(outer: AbortSignal | undefined): Interrupt {
  const ac = new AbortController();
  const abort = (): void => ac.abort();
  process.on('SIGINT', abort);
  if (outer?.aborted === true) ac.abort();
  else outer?.addEventListener('abort', abort, { once: true });
  return {
    signal: ac.signal,
    dispose() {
      process.off('SIGINT', abort);
      outer?.removeEventListener('abort', abort);
    },
  };
}

/** Checks a countdown option: a number of seconds, 0 for none. */
export function checkSeconds(v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new UsageError(`countdown ${JSON.stringify(v)} is not a number of seconds; use e.g. 3, or 0 for none`);
  }
  return v;
}

/**
 * Says `<what> in 3s… Ctrl-C to cancel` (just `<what>…` for 0), then waits,
 * ticking each second on a terminal; throws CancelledError if cancelled.
 */
export async function countdown(seconds: number, what: string, say: (m: string) => void, signal: AbortSignal, ticks: boolean): Promise<void> {
  say(seconds > 0 ? `${what} in ${Math.round(seconds * 10) / 10}s… Ctrl-C to cancel` : `${what}…`);
  let left = seconds;
  while (left > 0) {
    checkCancel(signal);
    const step = Math.min(1, left);
    try {
      await sleep(step * 1000, undefined, { signal });
    } catch {
      // Aborted: checkCancel below says so.
    }
    left -= step;
    if (ticks && left > 0 && !signal.aborted) say(`${Math.ceil(left)}…`);
  }
  checkCancel(signal);
}
