// Binds a root and a name to every helper in the registry.
import path from 'node:path';
import type { Catalog, IndexInfo } from './catalog/index.ts';
import { describeIndex, openIndex, trySave } from './catalog/index.ts';
import { checkRoot, userDir } from './config.ts';
import { HELPERS } from './helpers.ts';
import type { ArchiveCore } from './registry.ts';
import { interruptedNote } from './remove/index.ts';
import type { OpenOptions, ScanError } from './types.ts';

type Helpers = typeof HELPERS;
/** Every registered helper, bound to one archive: `archive.count()`, `archive.find(...)`, … */
export type BoundHelpers = { [H in Helpers[number] as H['name']]: ReturnType<H['bind']> };
export type Archive = ArchiveCore & BoundHelpers;

/** Where saved indexes live: the user's cache folder, never the archive. */
function indexDir(): string {
  return path.join(userDir('cache'), 'index');
}

/** Helpers that change the index in memory; the saved index is written again after them. */
const CHANGERS = new Set(['remove', 'undo', 'purge']);

class Core implements ArchiveCore {
  signal: AbortSignal | undefined = undefined;
  readonly interactive: boolean;
  #catalog: Catalog;
  #index: IndexInfo;
  /** What the saved file holds: the catalog, its live entries and bytes. */
  #saved: readonly [Catalog, number, number] | undefined;

  constructor(readonly root: string, readonly name: string, catalog: Catalog, index: IndexInfo, private readonly options: OpenOptions) {
    this.#catalog = catalog;
    this.#index = index;
    this.#saved = options.save === false ? undefined : [catalog, catalog.subEntries[0]!, catalog.subBytes[0]!];
    this.interactive = process.stderr.isTTY === true;
  }

  /** How this index was opened: scanned, or loaded from the saved index (and how much was read again). */
  get index(): IndexInfo {
    return this.#index;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  get errors(): readonly ScanError[] {
    return this.#catalog.errors;
  }

  say(message: string): void {
    process.stderr.write(`${message}\n`);
  }

  /** A full scan, saved afterwards (the `refresh()` helper, `--rescan`). */
  async rescan(): Promise<void> {
    const { cat, info } = await openIndex(this.root, { ...this.options, rescan: true, indexDir: indexDir() });
    this.#catalog = cat;
    this.#index = info;
    this.#saved = this.options.save === false ? undefined : [cat, cat.subEntries[0]!, cat.subBytes[0]!];
  }

  /**
   * Writes the in-memory index to the saved index when it changed since it
   * was saved (removal, undo, purge call this through the archive), so the
   * next open, even with --no-check, sees what this session did.
   * Returns true when it wrote.
   */
  saveIndex(): boolean {
    if (this.options.save === false) return false;
    const cat = this.#catalog;
    const s = this.#saved;
    if (s !== undefined && s[0] === cat && s[1] === cat.subEntries[0] && s[2] === cat.subBytes[0]) return false;
    if (!trySave(cat, this.#index.file, this.options)) return false;
    this.#saved = [cat, cat.subEntries[0]!, cat.subBytes[0]!];
    return true;
  }
}

/** Saves the index after a helper that changes it, once its work (a promise, for a real removal) is done. */
function savingAfter(core: Core, fn: (...args: never[]) => unknown): (...args: never[]) => unknown {
  return (...args: never[]) => {
    const out = fn(...args);
    if (out instanceof Promise) return out.then((v) => (core.saveIndex(), v), (e: unknown) => {
      core.saveIndex();
      throw e;
    });
    core.saveIndex();
    return out;
  };
}

/**
 * Opens `root`: loads its saved index and reads again the folders that changed
 * since (or scans it, the first time, and saves the index), then returns the
 * archive with every helper bound to it. `{rescan: true}` scans in full;
 * `{check: false}` trusts the saved index without statting its folders.
 * @example const archive = await openArchive('/Volumes/old_hdd_backups'); archive.count()
 */
export async function openArchive(root: string, options: OpenOptions = {}): Promise<Archive> {
  const abs = checkRoot(root);
  const name = options.name ?? path.basename(abs);
  const { cat: catalog, info } = await openIndex(abs, { ...options, indexDir: indexDir() });
  const core = new Core(abs, name, catalog, info, options);
  const bound: Record<string, unknown> = core as unknown as Record<string, unknown>;
  for (const h of HELPERS) {
    const fn = h.bind(core) as (...args: never[]) => unknown;
    bound[h.name] = CHANGERS.has(h.name) ? savingAfter(core, fn) : fn;
  }
  // One line on a terminal (or when asked for progress): where the index came from.
  const tell = options.progress ?? process.stderr.isTTY === true;
  if (tell && (info.source === 'loaded' || info.note !== undefined)) core.say(describeIndex(info));
  if (catalog.errors.length > 0 && options.progress !== false) {
    core.say(`${catalog.errors.length.toLocaleString('en-US')} entries could not be read; see archive.errors`);
  }
  // A removal a crash left part way is said in one line; trash() and undo() take it from there.
  const interrupted = interruptedNote(abs, name);
  if (interrupted !== undefined) core.say(interrupted);
  return core as unknown as Archive;
}
