// A second rummage process for the removal tests: remove, undo, purge or keep
// on one archive, so that crashes (RUMMAGE_CRASH_AT) and two writers are real.
// Usage: tsx test/_remove-child.ts <root> remove|undo|purge|keep [paths… | kept path]
import { openArchive, UsageError } from '../lib/index.ts';

const [root, op, ...rest] = process.argv.slice(2);
const countdown = Number(process.env.COUNTDOWN ?? 0);
try {
  const a = await openArchive(root!, { progress: false, workers: 0 });
  a.say = (m: string) => void process.stderr.write(`${m}\n`);
  let out: object;
  if (op === 'remove') out = (await a.remove(rest, { delete: true, countdown })).outcome();
  else if (op === 'undo') out = (await a.undo()).json();
  else if (op === 'purge') out = (await a.purge({ delete: true, countdown })).json();
  else if (op === 'keep') {
    const [g] = (await a.groupDupes()).groups;
    // The other process may have finished first: then there is no group left to keep from.
    if (g === undefined) throw new UsageError('no duplicate group left to keep from');
    out = (await a.keep(g, rest[0]!, { delete: true, countdown })).outcome();
  } else throw new Error(`unknown op ${op}`);
  process.stdout.write(`${JSON.stringify(out)}\n`);
} catch (e) {
  process.stderr.write(`${e instanceof UsageError ? e.message : (e as Error).stack}\n`);
  process.exit(e instanceof UsageError ? 2 : 1);
}
