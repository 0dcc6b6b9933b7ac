// Keep the cruft out of backups: an exclude file for rsync, restic, borg, .gitignore or Time Machine.
import { snippet, UsageError } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Prints exclude patterns built from the cruft rules (--format rsync|restic|borg|gitignore|tmutil, --mode patterns|paths, --out FILE).',
  print0: 'the confirmed cruft items found here, the ones --mode paths excludes (whatever --mode)',
  helpers: ['excludes'],
});

// --print0 lists the items themselves: the paths mode finds them; no file is written.
if (flags.print0 && options.excludes?.out !== undefined) throw new UsageError('--print0 prints the excluded paths on stdout; leave out --out, or drop --print0 to write the file');
const ex = archive.excludes(flags.print0 ? { ...options.excludes, mode: 'paths' } : options.excludes);
// Plain text on stdout, so `> excludes.txt` gives the file; the note on where it was written goes to stderr.
print(() => ex.json(), () => ex.text.trimEnd(), () => ex.paths);
if (ex.written !== null && !flags.json) archive.say(`written to ${ex.written}`);
