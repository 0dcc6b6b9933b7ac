// Which folders are the same photo dump twice? (the seed's last question) Duplicate folders,
// topmost copies only, by content; --by names is the seed's own method (names only).
import { opt, snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Lists duplicate folders, topmost copies only, largest reclaimable first (--by content|names, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  print0: 'the duplicate folders a cleanup would remove: every copy but the first of each group, in the order listed',
  helpers: ['groupDupes'],
  flags: { verifyBytes: opt.flag('compare every file byte by byte before reporting', false) },
});

const dupes = await archive.groupDupes({ ...options.groupDupes, verify: flags.verifyBytes ? 'bytes' : 'hash' });
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
  () => dupes.extraPaths,
);
