// remove(): the only helper that changes the archive. A dry run by default;
// with {delete: true} it counts down, takes the archive's lock, checks each
// item again, journals it and moves it into the quarantine, so that undo()
// can bring it back whole. Also the list of removal helpers.
import { apply, type Guard } from './apply.ts';
import { plan, settle, REMOVE_OPTIONS } from './plan.ts';
import { PURGE_OPTIONS, Purge, TrashList, purge, trash, type PurgeOptions } from './purge.ts';
import type { Removable, Removal } from './removal.ts';
import { Restore, undo } from './undo.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import type { Given } from '../shared/index.ts';

export type RemoveOptions = Given<typeof REMOVE_OPTIONS>;

/**
 * Plans a removal, and with `{delete: true}` carries it out: a countdown
 * (Ctrl-C cancels), the archive's lock, a fresh check of each item, an intent
 * line in the journal, a move into `<root>/.rummage-trash/<removal>/`, an
 * outcome line, and the index updated so count() shows the drop at once.
 * @example remove(venvs())  await remove(cruft('pycache'), {delete: true, verbose: true})
 */
export function remove(a: ArchiveCore, what: Removable, options: RemoveOptions & { readonly delete: true }): Promise<Removal>;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions & { readonly delete?: false }): Removal;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions): Removal | Promise<Removal>;
export function remove(a: ArchiveCore, what: Removable, options?: RemoveOptions): Removal | Promise<Removal> {
  return removeChecked(a, what, options);
}

/** remove() for another helper (keep()): errors name that helper, and `guard` runs under the lock just before each move. */
export function removeChecked(a: ArchiveCore, what: Removable, options: unknown, helper = 'remove', guard?: Guard): Removal | Promise<Removal> {
  const o = settle(options, helper);
  const draft = plan(a, what, o);
  return o.delete ? apply(a, draft, o, guard) : draft;
}

/** The helpers that change the archive, and take changes back. */
export const removeHelpers = [
  defineHelper({
    name: 'remove',
    group: 'cruft',
    summary: 'the plan for removing a Selection, cruft() result or paths; {delete: true} moves them to the quarantine',
    example: "remove(venvs())  await remove(cruft('pycache'), {delete: true, verbose: true})",
    args: { '(what)': "a Selection, a cruft()/venvs() result, a plan, or relative paths: ['old/venv']" },
    options: REMOVE_OPTIONS,
    bind: (a) => {
      function bound(what: Removable, options: RemoveOptions & { readonly delete: true }): Promise<Removal>;
      function bound(what: Removable, options?: RemoveOptions & { readonly delete?: false }): Removal;
      function bound(what: Removable, options?: RemoveOptions): Removal | Promise<Removal>;
      function bound(what: Removable, options?: RemoveOptions): Removal | Promise<Removal> {
        return remove(a, what, options);
      }
      return bound;
    },
  }),
  defineHelper({
    name: 'undo',
    group: 'cruft',
    summary: 'puts the last removal (or a named one) back, byte-identical; never over anything there now',
    example: "await undo()  await undo('2025-01-31T12-00-05-123Z')",
    args: { '(name)': 'a removal from trash(); the newest that holds anything when left out' },
    options: {},
    bind: (a) => (name?: string, options?: undefined): Promise<Restore> => undo(a, name, options),
  }),
  defineHelper({
    name: 'purge',
    group: 'cruft',
    summary: 'deletes quarantined removals for good; a dry run unless {delete: true}',
    example: "purge({olderThan: '30d'})  await purge({olderThan: '30d', delete: true})",
    options: PURGE_OPTIONS,
    bind: (a) => {
      function bound(options: PurgeOptions & { readonly delete: true }): Promise<Purge>;
      function bound(options?: PurgeOptions & { readonly delete?: false }): Purge;
      function bound(options?: PurgeOptions): Purge | Promise<Purge>;
      function bound(options?: PurgeOptions): Purge | Promise<Purge> {
        return purge(a, options);
      }
      return bound;
    },
  }),
  defineHelper({
    name: 'trash',
    group: 'cruft',
    summary: 'the removals in the quarantine: when, how many items, what is still held, what needs attention',
    example: 'trash()',
    options: {},
    bind: (a) => (options?: undefined): TrashList => trash(a, options),
  }),
] as const;
