// Binds a root and a name to every helper in the registry.
import path from 'node:path';
import type { Catalog } from './catalog/index.ts';
import { checkRoot } from './config.ts';
import { HELPERS } from './helpers.ts';
import type { ArchiveCore } from './registry.ts';
import { scan } from './catalog/index.ts';
import { interruptedNote } from './remove/index.ts';
import type { OpenOptions, ScanError } from './types.ts';

type Helpers = typeof HELPERS;
/** Every registered helper, bound to one archive: `archive.count()`, `archive.find(...)`, … */
export type BoundHelpers = { [H in Helpers[number] as H['name']]: ReturnType<H['bind']> };
export type Archive = ArchiveCore & BoundHelpers;

class Core implements ArchiveCore {
  signal: AbortSignal | undefined = undefined;
  readonly interactive: boolean;
  #catalog: Catalog;

  constructor(readonly root: string, readonly name: string, catalog: Catalog, private readonly options: OpenOptions) {
    this.#catalog = catalog;
    this.interactive = process.stderr.isTTY === true;
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

  async rescan(): Promise<void> {
    this.#catalog = await scan(this.root, this.options);
  }
}

/**
 * Scans `root` once and returns the archive with every helper bound to it.
 * @example const archive = await openArchive('/Volumes/old_hdd_backups'); archive.count()
 */
export async function openArchive(root: string, options: OpenOptions = {}): Promise<Archive> {
  const abs = checkRoot(root);
  const name = options.name ?? path.basename(abs);
  const catalog = await scan(abs, options);
  const core = new Core(abs, name, catalog, options);
  const bound: Record<string, unknown> = core as unknown as Record<string, unknown>;
  for (const h of HELPERS) bound[h.name] = h.bind(core);
  if (catalog.errors.length > 0 && options.progress !== false) {
    core.say(`${catalog.errors.length.toLocaleString('en-US')} entries could not be read; see archive.errors`);
  }
  // A removal a crash left part way is said in one line; trash() and undo() take it from there.
  const interrupted = interruptedNote(abs, name);
  if (interrupted !== undefined) core.say(interrupted);
  return core as unknown as Archive;
}
