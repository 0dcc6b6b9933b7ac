// Your scratchpad: the seed's ever-changing script, done with rummage. Copy it
// (`cp scratch/scratch.ts scratch/mine.ts`: your copies stay out of git), then edit and run:
//   npm run scratch -- /Volumes/old_hdd_backups           explore; nothing changes
//   npm run scratch -- old_hdd -v --delete                 the removal at the end, for real
// In the REPL, `.run scratch` (or `.run scratch/mine.ts`) runs it on the index in memory,
// `reload()` runs it again after each edit, and what it exports becomes a global there.
import { format, snippet } from '../lib/index.ts';

// The root comes from the command line (a path or a name from archives.json), or is the REPL's archive.
const { archive, options } = await snippet(import.meta, {
  about: 'A scratchpad: counts, venvs, __pycache__ and pictures; removes __pycache__ folders with --delete.',
  helpers: ['remove'],
});
console.log(`archive: ${archive.name} (${archive.root})`);

// --- all files and dirs ---
console.log(`all files dirs: ${format.num(archive.count().entries)}`);

// --- are there virtual environments? Named the old way too: *_env, *venv* ---
export const venvDirs = archive.venvs();
console.log(String(venvDirs));

// --- __pycache__ ---
export const pycacheDirs = archive.rglob('__pycache__', { dirs: true });
console.log(`__pycache__ dirs: ${format.num(pycacheDirs.length)} (${format.size(pycacheDirs.bytes)})`);

// --- pictures and videos: how many, how many unique names ---
export const pictures = archive.find({ files: true, ext: ['.jpg', '.mp4', '.xcf', '.avi'] });
console.log(`Found ${format.num(pictures.length)} files, ${format.num(pictures.names().length)} unique names.`);

// --- the guarded removal: a dry run unless --delete; then a countdown (Ctrl-C cancels),
// the quarantine in <root>/.rummage-trash, and undo() if it was a mistake.
const removal = await archive.remove(pycacheDirs, options.remove);
console.log(String(removal));
