// Which top-level folders are still alive? The newest modification time under each.
import { snippet } from '../lib/index.ts';

const { archive, args, print } = await snippet(import.meta, {
  about: 'Shows the newest modification time under each folder directly below the root (or a given folder).',
  print0: 'the folders listed',
  args: ['path?'],
});

const ages = archive.age(args.path);
print(() => ages.json(), () => String(ages), () => ages.items.map((it) => it.path));
