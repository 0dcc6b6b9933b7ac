// Empty the quarantine for good: every removal, or those older than --older-than. A dry run without --delete.
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: "Deletes quarantined removals for good (all, or --older-than '30d' / '2025-01-01'); lists them without --delete.",
  options: { 'older-than': { type: 'string' } },
});

const olderThan = flags.extra['older-than'] as string | undefined;
const purged = await archive.purge({ olderThan, delete: flags.delete, countdown: flags.countdown, verbose: flags.verbose });
print(() => purged.json(), () => String(purged));
if (purged.failed.length > 0) process.exitCode = 1;
