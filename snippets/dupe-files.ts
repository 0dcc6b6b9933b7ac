// Which files are stored more than once? Size, then partial hash, then full hash;
// names of one inode are shown as hardlinks, with nothing to reclaim.
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists duplicate files, most wasted bytes first (--min-size 1MB, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  options: {
    'min-size': { type: 'string' },
    under: { type: 'string' },
    junk: { type: 'boolean', default: false },
    git: { type: 'boolean', default: false },
    'verify-bytes': { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
  },
});

const x = flags.extra;
const dupes = await archive.dupeFiles({
  junk: x.junk === true,
  git: x.git === true,
  verify: x['verify-bytes'] === true ? 'bytes' : 'hash',
  cache: x['no-cache'] !== true,
  ...(typeof x['min-size'] === 'string' ? { minSize: x['min-size'] } : {}),
  ...(typeof x.under === 'string' ? { under: x.under } : {}),
});
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
);
