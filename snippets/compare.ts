// Are the two rotated drives in sync? Only here, only there, changed, moved. Writes to neither.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, args, print } = await snippet(import.meta, {
  about: 'Compares the archive with another root (the twin drive): only here, only there, changed, moved.',
  args: ['rootB'],
  helpers: ['compare'],
});

// -v: every row of every table.
const diff = await archive.compare(args.rootB!, { limit: flags.verbose ? Infinity : undefined, ...options.compare });
print(() => diff.json(), () => String(diff));
