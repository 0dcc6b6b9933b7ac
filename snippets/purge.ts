// Empty the quarantine for good: every removal, or those older than --older-than. A dry run without --delete.
import { REMOVE_FLAGS, opt, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: "Deletes quarantined removals for good (all, or --older-than '30d' / '2025-01-01'); lists them without --delete.",
  flags: {
    delete: opt.flag('actually delete them for good (default: a list, a dry run)', false),
    countdown: REMOVE_FLAGS.countdown,
    olderThan: opt.time("only removals made before: '2025-01-01' or an age: '30d'"),
  },
});

const purged = await archive.purge({ olderThan: flags.olderThan === undefined ? undefined : new Date(flags.olderThan), delete: flags.delete, countdown: flags.countdown, verbose: flags.verbose });
print(() => purged.json(), () => String(purged));
if (purged.failed.length > 0) process.exitCode = 1;
