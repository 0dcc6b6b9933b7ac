// Empty the quarantine for good: every removal, or those older than --older-than. A dry run without --delete.
import { snippet } from '../lib/index.ts';

const { archive, options, print } = await snippet(import.meta, {
  about: "Deletes quarantined removals for good (all, or --older-than '30d' / '2025-01-01'); lists them without --delete.",
  helpers: ['purge'],
});

const purged = await archive.purge(options.purge);
print(() => purged.json(), () => String(purged));
if (purged.failed.length > 0) process.exitCode = 1;
