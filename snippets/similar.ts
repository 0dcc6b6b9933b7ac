// Which folders are nearly the same? A curated copy with a few pictures dropped and one
// edited; pairs come with a similarity figure (identical files over all files).
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists near-duplicate folder pairs with their similarity (--min 0.8, --under DIR, --junk, --git, --no-cache).',
  options: {
    min: { type: 'string' },
    under: { type: 'string' },
    junk: { type: 'boolean', default: false },
    git: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
  },
});

const x = flags.extra;
const pairs = await archive.similar({
  junk: x.junk === true,
  git: x.git === true,
  cache: x['no-cache'] !== true,
  ...(typeof x.min === 'string' ? { min: x.min } : {}),
  ...(typeof x.under === 'string' ? { under: x.under } : {}),
});
print(
  () => pairs.json(),
  () => pairs.toString(flags.verbose ? Infinity : 20),
);
