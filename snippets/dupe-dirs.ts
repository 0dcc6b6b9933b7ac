// Which folders are the same photo dump twice? (the seed's last question) Duplicate folders,
// topmost copies only, by content; --by names is the seed's own method (names only).
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists duplicate folders, topmost copies only, largest reclaimable first (--by content|names, --under DIR, --junk, --git, --verify-bytes, --no-cache).',
  options: {
    by: { type: 'string', default: 'content' },
    under: { type: 'string' },
    junk: { type: 'boolean', default: false },
    git: { type: 'boolean', default: false },
    'verify-bytes': { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
  },
});

const x = flags.extra;
const dupes = await archive.groupDupes({
  by: x.by as 'content' | 'names',
  junk: x.junk === true,
  git: x.git === true,
  verify: x['verify-bytes'] === true ? 'bytes' : 'hash',
  cache: x['no-cache'] !== true,
  ...(typeof x.under === 'string' ? { under: x.under } : {}),
});
print(
  () => dupes.json(),
  () => (flags.verbose ? dupes.toString(Infinity, Infinity) : dupes.toString(20)),
);
