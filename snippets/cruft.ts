// What else needn't be kept? Venvs, caches, build outputs, junk files, logs, backed-up system folders,
// each proven by a marker; name-only matches are listed but stay unless --include-unverified.
import { REMOVE_FLAGS, removeOptions, snippet, type CruftKind } from '../lib/index.ts';

const { archive, flags, print, listing } = await snippet(import.meta, {
  about: 'Finds cruft by rule (--kind venv|pycache|pyc|python-cache|node_modules|build-output|junk|log|system-backup); --delete moves the verified items to the quarantine.',
  options: { ...REMOVE_FLAGS, kind: { type: 'string' } },
});

const kind = flags.extra.kind as CruftKind | undefined;
const found = archive.cruft(kind);
const removal = flags.delete ? await archive.remove(found, removeOptions(flags)) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
