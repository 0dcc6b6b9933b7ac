// Are there virtual environments? (the seed's second question) Every folder named like one,
// and which are real: pyvenv.cfg, or an old virtualenv's activate script. --delete moves the real ones.
import { REMOVE_FLAGS, removeOptions, snippet } from '../lib/index.ts';

const { archive, flags, print, listing } = await snippet(import.meta, {
  about: 'Lists folders named like venvs (.venv, venv, env, *_env, *venv*) or holding pyvenv.cfg, and says which are real.',
  flags: REMOVE_FLAGS,
});

const found = archive.venvs();
const removal = flags.delete ? await archive.remove(found, removeOptions(flags)) : undefined;
print(
  () => ({ ...found.json(), ...removal?.outcome() }),
  () => [flags.verbose && found.length > 0 ? listing(found.paths) : String(found), removal === undefined ? '' : String(removal)].filter(Boolean).join('\n'),
  () => found.paths,
);
