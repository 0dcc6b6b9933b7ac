// Which folders could go without losing anything? Every file in them also exists
// elsewhere in the archive; each comes with the folders that hold the copies.
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Lists folders whose every file also exists elsewhere, with where the copies are (--under DIR, --junk, --git, --no-cache).',
  options: {
    under: { type: 'string' },
    junk: { type: 'boolean', default: false },
    git: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
  },
});

const x = flags.extra;
const found = await archive.contained({
  junk: x.junk === true,
  git: x.git === true,
  cache: x['no-cache'] !== true,
  ...(typeof x.under === 'string' ? { under: x.under } : {}),
});
print(
  () => found.json(),
  () => found.toString(flags.verbose ? Infinity : 20),
);
