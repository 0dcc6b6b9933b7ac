// browse(): the helper as the registry knows it. The navigator itself
// (view.ts, terminal.ts) is loaded on the first call, so the REPL's time to
// prompt does not grow by a line of it.
import { performance } from 'node:perf_hooks';
import type { Selection } from '../query/index.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import type { BrowseOptions } from './view.ts';


/** browse(), bound to an archive. */
export const browseHelpers = [
  defineHelper({
    name: 'browse',
    summary: 'walks the archive like ncdu: folders by size, badges for cruft and copies; marks come back as a Selection',
    example: "sel = await browse()  await browse('projects')  await browse({dupes: await groupDupes()})",
    options: {
      '(path)': "the folder to start in, relative to the root (default the root): 'projects'",
      dupes: 'a groupDupes() result to badge copies with (default: the last one computed)',
      contained: 'a contained() result to badge folders whose files all exist elsewhere',
      keys: '? inside browse lists them: arrows/jk, Enter/←, s n m c sort, i details, g next copy, / filter, . junk, r reveal, space mark, d remove, u undo, q leave',
    },
    bind: (a: ArchiveCore) => async (path?: string | BrowseOptions, options?: BrowseOptions): Promise<Selection> => {
      const started = performance.now();
      const { runBrowse } = await import('./terminal.ts');
      return typeof path === 'object' && path !== null ? runBrowse(a, undefined, path, started) : runBrowse(a, path, options ?? {}, started);
    },
  }),
] as const;
