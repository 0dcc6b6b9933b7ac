// Which folders are the same photo dump twice? (the seed's last question) Duplicate folders,
// topmost copies only, by content; --by names is the seed's own method (names only).
import { DUPE_FLAGS, dupeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists duplicate folders, topmost copies only, largest reclaimable first (--by content|names, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  options: { ...DUPE_FLAGS, by: { type: 'string', default: 'content' }, 'verify-bytes': { type: 'boolean', default: false } },
});

const dupes = await archive.groupDupes({
  ...dupeOptions(flags),
  by: flags.extra.by as 'content' | 'names',
  verify: flags.extra['verify-bytes'] === true ? 'bytes' : 'hash',
});
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
);
