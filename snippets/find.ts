// Where are they? A glob relative to the root, e.g. '**/*_env' or 'old_photos/**/*.JPG'.
import { snippet } from '../lib/index.ts';

const { archive, flags, args, print, listing } = await snippet(import.meta, {
  about: 'Finds entries by a glob relative to the root.',
  args: ['pattern'],
});

const found = archive.find(args.pattern!, { dirs: flags.dirs, files: flags.files });
print(
  () => found.json(),
  () => (flags.verbose ? listing(found.paths) : `${found.summary()}\n${found.toTable(20)}`),
  () => found.paths,
);
