// Which folders are nearly the same? A curated copy with a few pictures dropped and one
// edited; pairs come with a similarity figure (identical files over all files).
import { snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Lists near-duplicate folder pairs with their similarity (--min 0.8, --under DIR, --junk, --git, --no-cache).',
  print0: 'the near copies: the second folder of each pair (the one listed under the first), each once',
  helpers: ['similar'],
});

const pairs = await archive.similar(options.similar);
print(
  () => pairs.json(),
  () => pairs.toString(flags.verbose ? Infinity : 20),
  () => pairs.nearCopyPaths,
);
