// How many files and directories are in the archive? (the seed's first question)
import { format, snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, { about: 'Counts entries, files, dirs, symlinks, other and bytes.' });

const c = flags.dirs ? archive.count({ dirs: true }) : flags.files ? archive.count({ files: true }) : archive.count();
print(
  () => ({ root: archive.root, entries: c.entries, files: c.files, dirs: c.dirs, symlinks: c.symlinks, other: c.other, bytes: c.bytes }),
  () => format.counts(c),
);
