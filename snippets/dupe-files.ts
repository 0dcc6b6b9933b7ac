// Which files are stored more than once? Size, then partial hash, then full hash;
// names of one inode are shown as hardlinks, with nothing to reclaim.
import { DUPE_FLAGS, dupeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists duplicate files, most wasted bytes first (--min-size 1MB, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  options: { ...DUPE_FLAGS, 'min-size': { type: 'string' }, 'verify-bytes': { type: 'boolean', default: false } },
});

const minSize = flags.extra['min-size'];
const dupes = await archive.dupeFiles({
  ...dupeOptions(flags),
  verify: flags.extra['verify-bytes'] === true ? 'bytes' : 'hash',
  ...(typeof minSize === 'string' ? { minSize } : {}),
});
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
);
