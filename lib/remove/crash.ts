// Crash points for the tests that kill a removal part way: RUMMAGE_CRASH_AT
// (`<step>:<n>`) kills this process with SIGKILL the n-th time it reaches
// `step`; RUMMAGE_PAUSE_AT (`<step>:<n>:<ms>`) holds it there a while. Both are
// read once, and only tests set them.
const CRASH = process.env.RUMMAGE_CRASH_AT;
const PAUSE = process.env.RUMMAGE_PAUSE_AT;
const seen = new Map<string, number>();

/** Marks a step of a removal, undo or purge. Does nothing unless a test asked for it. */
export function crashPoint(step: string): void {
  if (CRASH === undefined && PAUSE === undefined) return;
  const n = (seen.get(step) ?? 0) + 1;
  seen.set(step, n);
  if (CRASH === `${step}:${n}`) process.kill(process.pid, 'SIGKILL');
  if (PAUSE?.startsWith(`${step}:${n}:`) === true) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(PAUSE.split(':')[2]));
}

/** Tests force the cross-device path (a copy, verified, then the original deleted) with RUMMAGE_TEST_EXDEV=1. */
export const FORCE_EXDEV = process.env.RUMMAGE_TEST_EXDEV === '1';
