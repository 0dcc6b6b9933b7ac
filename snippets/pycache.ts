// Where is __pycache__? (the seed's third question) The caches, then the stray .pyc files left outside them.
import { REMOVE_FLAGS, removeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print, listing } = await snippet(import.meta, {
  about: 'Finds __pycache__ folders (holding only .pyc/.pyo) and stray .pyc/.pyo files; --delete moves them to the quarantine.',
  flags: REMOVE_FLAGS,
});

const found = archive.cruft(['pycache', 'pyc']);
const removal = flags.delete ? await archive.remove(found, removeOptions(flags)) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
