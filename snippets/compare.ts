// Are the two rotated drives in sync? Only here, only there, changed, moved. Writes to neither.
import { snippet } from '../lib/index.ts';

const { archive, flags, args, print } = await snippet(import.meta, {
  about: 'Compares the archive with another root (the twin drive): only here, only there, changed, moved.',
  args: ['rootB'],
  options: { 'no-moved': { type: 'boolean', default: false }, 'modify-window': { type: 'string' } },
});

const window = flags.extra['modify-window'] as string | undefined;
const diff = await archive.compare(args.rootB!, {
  moved: flags.extra['no-moved'] !== true,
  ...(window === undefined ? {} : { modifyWindow: Number(window) }),
  ...(flags.verbose ? { limit: Infinity } : {}),
});
print(() => diff.json(), () => String(diff));
