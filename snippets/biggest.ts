// Which files are the largest?
import { snippet } from '../lib/index.ts';

const { archive, flags, options, args, print, listing } = await snippet(import.meta, {
  about: 'Lists the largest files, largest first (default 10).',
  print0: 'the largest entries listed',
  args: ['n?'],
  helpers: ['biggest'],
});

const n = args.n === undefined ? 10 : Number(args.n);
const top = archive.biggest(n, options.biggest);
print(() => top.json(), () => (flags.verbose ? listing(top.paths) : `${top.summary()}\n${top.toTable(n)}`), () => top.paths);
