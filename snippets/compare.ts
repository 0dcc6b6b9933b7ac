// Are the two rotated drives in sync? Only here, only there, changed, moved. Writes to neither.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, args, print } = await snippet(import.meta, {
  about: 'Compares the archive with another root (the twin drive): only here, only there, changed, moved.',
  args: ['rootB'],
  print0: 'the entries only here, in this archive and not in rootB (topmost: a folder stands for all below it)',
  helpers: ['compare'],
});

// -v: every row of every table.
const diff = await archive.compare(args.rootB!, { limit: flags.verbose ? Infinity : undefined, ...options.compare });
print(() => diff.json(), () => String(diff), () => diff.onlyA.map((it) => it.path));
