// Where are they? A glob relative to the root, e.g. '**/*_env' or 'old_photos/**/*.JPG'.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, args, print, listing } = await snippet(import.meta, {
  about: 'Finds entries by a glob relative to the root.',
  print0: 'the entries found',
  args: ['pattern'],
  helpers: ['find'],
});

const found = archive.find(args.pattern!, options.find);
print(
  () => found.json(),
  () => (flags.verbose ? listing(found.paths) : `${found.summary()}\n${found.toTable(20)}`),
  () => found.paths,
);
