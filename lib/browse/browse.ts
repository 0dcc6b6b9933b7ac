// browse(): the helper as the registry knows it. The navigator itself
// (view.ts, terminal.ts) is loaded on the first call, so the REPL's time to
// prompt does not grow by a line of it.
import { performance } from 'node:perf_hooks';
import type { Selection } from '../query/index.ts';
import { UsageError } from '../errors.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { checkOptions, opt } from '../shared/index.ts';
import type { BrowseOptions } from './view.ts';

const has = (key: string) => (v: unknown): v is never => typeof v === 'object' && v !== null && Array.isArray((v as Record<string, unknown>)[key]);

/** browse()'s options, checked by the one options check. */
export const BROWSE_OPTIONS = {
  dupes: opt.value('a groupDupes() result to badge copies with (default: the last one computed)', has('groups'), 'a groupDupes() result', { shown: true }),
  contained: opt.value('a contained() result to badge folders whose files all exist elsewhere', has('items'), 'a contained() result', { shown: true }),
} as const;


/** browse(), bound to an archive. */
export const browseHelpers = [
  defineHelper({
    name: 'browse',
    group: 'look',
    summary: 'walks the archive like ncdu: folders by size, badges for cruft and copies; marks come back as a Selection',
    example: "sel = await browse()  await browse('projects')  await browse({dupes: await groupDupes()})",
    args: {
      '(path)': "the folder to start in, relative to the root (default the root): 'projects'",
      keys: '? inside browse lists them: arrows/jk, Enter/←, s n m c sort, i details, g next copy, D find copies, / filter, . junk, r reveal, space mark, d remove, u undo, q leave',
    },
    options: BROWSE_OPTIONS,
    bind: (a: ArchiveCore) => async (path?: string | BrowseOptions, options?: BrowseOptions): Promise<Selection> => {
      const started = performance.now();
      const [where, given] = typeof path === 'object' && path !== null ? [undefined, path] : [path, options];
      if (where !== undefined && typeof where !== 'string') throw new UsageError(`browse() takes a folder relative to the root, e.g. browse('projects'), not ${JSON.stringify(where)}`);
      const o = checkOptions('browse', BROWSE_OPTIONS, given) as BrowseOptions;
      // The navigator loads on the first call, not with the REPL.
      const { runBrowse } = await import('./terminal.ts');
      return runBrowse(a, where, o, started);
    },
  }),
] as const;
