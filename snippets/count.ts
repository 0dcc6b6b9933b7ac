// How many files and directories are in the archive? (the seed's first question)
import { format, snippet } from '../lib/index.ts';

const { archive, options, print } = await snippet(import.meta, {
  about: "Counts entries, files, dirs, symlinks, other and bytes (all of them, or those find()'s flags pick: --dirs, --ext .jpg, …).",
  helpers: ['count'],
});

const c = archive.count(options.count);
print(
  () => ({ root: archive.root, entries: c.entries, files: c.files, dirs: c.dirs, symlinks: c.symlinks, other: c.other, bytes: c.bytes }),
  () => format.counts(c),
);
