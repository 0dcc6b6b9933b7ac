// Where is __pycache__? (the seed's third question) The caches, then the stray .pyc files left outside them.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, print, listing } = await snippet(import.meta, {
  about: 'Finds __pycache__ folders (holding only .pyc/.pyo) and stray .pyc/.pyo files; --delete moves them to the quarantine.',
  print0: 'the __pycache__ folders found',
  helpers: ['remove'],
});

const found = archive.cruft(['pycache', 'pyc']);
const removal = options.remove?.delete === true ? await archive.remove(found, options.remove) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
