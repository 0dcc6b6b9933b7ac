// Which folders could go without losing anything? Every file in them also exists
// elsewhere in the archive; each comes with the folders that hold the copies.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Lists folders whose every file also exists elsewhere, with where the copies are (--under DIR, --junk, --git, --no-cache).',
  print0: 'the folders listed, each one whose every file also exists elsewhere',
  helpers: ['contained'],
});

const found = await archive.contained(options.contained);
print(
  () => found.json(),
  () => found.toString(flags.verbose ? Infinity : 20),
  () => found.items.map((it) => it.path),
);
