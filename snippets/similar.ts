// Which folders are nearly the same? A curated copy with a few pictures dropped and one
// edited; pairs come with a similarity figure (identical files over all files).
import { DUPE_FLAGS, dupeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists near-duplicate folder pairs with their similarity (--min 0.8, --under DIR, --junk, --git, --no-cache).',
  options: { ...DUPE_FLAGS, min: { type: 'string' } },
});

const min = flags.extra.min;
const pairs = await archive.similar({ ...dupeOptions(flags), ...(typeof min === 'string' ? { min } : {}) });
print(
  () => pairs.json(),
  () => pairs.toString(flags.verbose ? Infinity : 20),
);
