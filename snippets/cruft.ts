// What else needn't be kept? Venvs, caches, build outputs, junk files, logs, backed-up system folders,
// each proven by a marker; name-only matches are listed but stay unless --include-unverified.
import { CRUFT_KINDS, opt, snippet } from '../lib/index.ts';

const { archive, flags, options, print, listing } = await snippet(import.meta, {
  about: 'Finds cruft by rule (--kind venv|pycache|pyc|python-cache|node_modules|build-output|junk|log|system-backup); --delete moves the verified items to the quarantine.',
  print0: 'the cruft items found',
  helpers: ['remove'],
  flags: { kind: opt.string('only this kind of cruft', { choices: CRUFT_KINDS }) },
});

const found = archive.cruft(flags.kind);
const removal = options.remove?.delete === true ? await archive.remove(found, options.remove) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
