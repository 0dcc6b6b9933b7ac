// Which files are stored more than once? Size, then partial hash, then full hash;
// names of one inode are shown as hardlinks, with nothing to reclaim.
import { opt, snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Lists duplicate files, most wasted bytes first (--min-size 1MB, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  print0: 'the duplicate files a cleanup would remove: every copy but the first of each group, in the order listed',
  helpers: ['dupeFiles'],
  flags: { verifyBytes: opt.flag('compare the files of each group byte by byte before reporting', false) },
});

const dupes = await archive.dupeFiles({ ...options.dupeFiles, verify: flags.verifyBytes ? 'bytes' : 'hash' });
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
  () => dupes.extraPaths,
);
