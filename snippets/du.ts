// Where does the space go? Bars in the style of ncdu and dust.
import { snippet } from '../lib/index.ts';

const { archive, flags, args, print } = await snippet(import.meta, {
  about: 'Shows the largest folders and files below a folder, with sizes, entry counts and bars.',
  args: ['path?'],
  options: { depth: { type: 'string' }, limit: { type: 'string' } },
});

const { depth, limit } = flags.extra as { depth?: string; limit?: string };
const usage = archive.du(args.path, {
  ...(depth === undefined ? {} : { depth: depth === 'all' ? Infinity : Number(depth) }),
  ...(limit === undefined ? {} : { limit: limit === 'all' ? Infinity : Number(limit) }),
});
print(() => usage.json(), () => String(usage));
