// What a helper is: a name, a one-line summary and example, its options, and
// how to bind it to an archive. The list itself lives in helpers.ts; the REPL
// globals, the banner, help() and completion all read it.
import type { Catalog, IndexInfo } from './catalog/index.ts';
import type { OptionDecl } from './shared/index.ts';
import type { ScanError } from './types.ts';

/** The archive as helpers see it: a root, a name, the index, and a few services. */
export interface ArchiveCore {
  /** Absolute path of the root. */
  readonly root: string;
  /** Display name: paths show as `<name>/relative/path`. */
  readonly name: string;
  /** The in-memory index; replaced by rescan(). */
  readonly catalog: Catalog;
  readonly errors: readonly ScanError[];
  /** Fires when the REPL's Ctrl-C cancels the running helper. */
  signal: AbortSignal | undefined;
  /** Colours and progress lines are for terminals only. */
  readonly interactive: boolean;
  /** Human messages (countdowns, notes) go to stderr so that JSON on stdout stays clean. */
  say(message: string): void;
  /** How the index was opened: scanned, or loaded from the saved index and checked (see describeIndex()). */
  readonly index: IndexInfo;
  /** Scans the root again and replaces the index (the `refresh()` helper calls this). */
  rescan(): Promise<void>;
  /** Writes the in-memory index to the saved index if it changed since (after a removal, undo, purge). */
  saveIndex(): boolean;
}

/** The tasks help() groups helpers by, in the order it lists them. */
export const HELPER_GROUPS = {
  look: 'look',
  cruft: 'cruft and removal',
  dupes: 'duplicates',
  drive: 'the drive and backups',
} as const;

export type HelperGroup = keyof typeof HELPER_GROUPS;

export interface Helper<N extends string = string, F extends (...args: never[]) => unknown = (...args: never[]) => unknown> {
  readonly name: N;
  /** The task help() lists it under. */
  readonly group: HelperGroup;
  /** One line for the banner and help(). */
  readonly summary: string;
  /** A one-line call, e.g. `find('**\/*.jpg')`. */
  readonly example: string;
  /** Positional arguments (and notes such as `.groups`) → what they are, for help(name). */
  readonly args?: Readonly<Record<string, string>>;
  /**
   * The helper's options, declared once with opt.*(): the helper's check,
   * help(name) and snippet flags all read it.
   */
  readonly options?: OptionDecl;
  readonly bind: (archive: ArchiveCore) => F;
}

/** Declares a helper; keeps the name's literal type so bound archives are typed. */
export function defineHelper<N extends string, F extends (...args: never[]) => unknown>(h: Helper<N, F>): Helper<N, F> {
  return h;
}
