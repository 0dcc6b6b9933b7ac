// Where does the space go? Bars in the style of ncdu and dust.
import { snippet } from '../lib/index.ts';

const { archive, options, args, print } = await snippet(import.meta, {
  about: 'Shows the largest folders and files below a folder, with sizes, entry counts and bars.',
  print0: 'the folders listed',
  args: ['path?'],
  helpers: ['du'],
});

// --depth all, --limit all: every level, every row.
const usage = archive.du(args.path, options.du);
print(() => usage.json(), () => String(usage), () => usage.items.map((it) => it.path));
