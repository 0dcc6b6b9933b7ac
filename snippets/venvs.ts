// Are there virtual environments? (the seed's second question) Every folder named like one,
// and which are real: pyvenv.cfg, or an old virtualenv's activate script. --delete moves the real ones.
import { snippet } from '../lib/index.ts';

const { archive, flags, options, print, listing } = await snippet(import.meta, {
  about: 'Lists folders named like venvs (.venv, venv, env, *_env, *venv*) or holding pyvenv.cfg, and says which are real.',
  print0: 'the venvs found',
  helpers: ['remove'],
});

const found = archive.venvs();
const removal = options.remove?.delete === true ? await archive.remove(found, options.remove) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
