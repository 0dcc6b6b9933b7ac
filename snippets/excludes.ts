// Keep the cruft out of backups: an exclude file for rsync, restic, borg, .gitignore or Time Machine.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Prints exclude patterns built from the cruft rules (--format rsync|restic|borg|gitignore|tmutil, --mode patterns|paths, --out FILE).',
  helpers: ['excludes'],
});

const ex = archive.excludes(options.excludes);
// Plain text on stdout, so `> excludes.txt` gives the file; the note on where it was written goes to stderr.
print(() => ex.json(), () => ex.text.trimEnd());
if (ex.written !== null && !flags.json) archive.say(`written to ${ex.written}`);
