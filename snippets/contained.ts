// Which folders could go without losing anything? Every file in them also exists
// elsewhere in the archive; each comes with the folders that hold the copies.
import { DUPE_FLAGS, dupeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists folders whose every file also exists elsewhere, with where the copies are (--under DIR, --junk, --git, --no-cache).',
  options: DUPE_FLAGS,
});

const found = await archive.contained(dupeOptions(flags));
print(
  () => found.json(),
  () => found.toString(flags.verbose ? Infinity : 20),
);
