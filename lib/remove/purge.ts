// What the quarantine holds (trash()), and deleting removals for good (purge()).
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { inspect } from 'node:util';
import { num, shown, size, table } from '../format.ts';
import { countdown, interruptible } from './countdown.ts';
import { crashPoint } from './crash.ts';
import { deleteTree } from './fstree.ts';
import { JOURNAL } from './journal.ts';
import { withLock } from './lock.ts';
import { checkSame, held, interrupted, listRemovals, openTrash, type Failed, type RemovalRecord } from './quarantine.ts';
import type { ArchiveCore } from '../registry.ts';
import { checkOptions, joinPath, opt } from '../shared/index.ts';
import { QUARANTINE } from '../types.ts';

/** One removal in the quarantine. Entries and bytes count what it still holds. */
export interface RemovalSummary {
  readonly name: string;
  /** When it was made, ISO 8601. */
  readonly time: string;
  readonly items: number;
  /** Items still in the quarantine (not restored, not deleted for good). */
  readonly held: number;
  readonly entries: number;
  readonly bytes: number;
  readonly permanent: boolean;
  /** Why it needs a look (an interrupted removal, a damaged journal line), or undefined. */
  readonly attention?: string;
}

function summarize(rec: RemovalRecord): RemovalSummary {
  const kept = rec.items.filter((it) => held(rec, it));
  const bad = interrupted(rec);
  const why = [
    bad.interrupted > 0 ? `${num(bad.interrupted)} interrupted move${bad.interrupted === 1 ? '' : 's'}` : '',
    bad.orphans > 0 ? `${num(bad.orphans)} entr${bad.orphans === 1 ? 'y' : 'ies'} with no journal line` : '',
    ...rec.damaged.map((d) => `journal line ${d.lineNo} ${d.reason}`),
    rec.journal ? '' : 'no journal',
  ].filter((s) => s !== '');
  return {
    name: rec.name,
    time: rec.items[0]?.line.time ?? '',
    items: rec.items.length,
    held: kept.length + bad.orphans,
    entries: kept.reduce((n, it) => n + it.line.entries, 0),
    bytes: kept.reduce((n, it) => n + it.line.bytes, 0),
    permanent: rec.items.some((it) => it.line.permanent === true),
    ...(why.length > 0 ? { attention: why.join('; ') } : {}),
  };
}

/** Removals worth listing: those that hold anything, or whose journal needs a look. */
function worthListing(s: RemovalSummary): boolean {
  return s.items > 0 || s.held > 0 || s.attention !== undefined;
}

function removalsTable(list: readonly RemovalSummary[]): string {
  const rows = list.map((r) => [r.name, r.time.slice(0, 19).replace('T', ' '), num(r.items), r.permanent ? 'deleted for good' : num(r.held), num(r.entries), size(r.bytes)]);
  return table(rows, { head: ['removal', 'when (UTC)', 'items', 'held', 'entries', 'bytes'], right: [2, 3, 4, 5] });
}

/** What trash() returns: every removal in the quarantine, oldest first. */
export class TrashList {
  constructor(readonly archiveName: string, readonly removals: readonly RemovalSummary[]) {
    Object.freeze(this);
  }

  json(): { removals: readonly RemovalSummary[] } {
    return { removals: this.removals };
  }

  toJSON(): object {
    return this.json();
  }

  toString(): string {
    const an = shown(this.archiveName);
    if (this.removals.length === 0) return `${an}/${QUARANTINE} is empty.`;
    const bytes = this.removals.reduce((n, r) => n + r.bytes, 0);
    const attention = this.removals.filter((r) => r.attention !== undefined).map((r) => `needs attention: ${r.name}: ${shown(r.attention!)}; undo('${r.name}') puts back what it can`);
    return [`${an}/${QUARANTINE}: ${num(this.removals.length)} removal${this.removals.length === 1 ? '' : 's'}, ${size(bytes)} held`, removalsTable(this.removals), ...attention, "undo(name) restores one; purge({olderThan: '30d'}) deletes old ones for good."].join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Lists the removals in the quarantine: name, time, items, what is still
 * held, and what needs attention (an interrupted removal, a damaged journal).
 * @example trash()
 */
export function trash(a: ArchiveCore, options?: unknown): TrashList {
  checkOptions('trash', {}, options);
  return new TrashList(a.name, listRemovals(a.root).map(summarize).filter(worthListing));
}

/** One line for opening an archive whose quarantine holds an interrupted removal, or undefined. */
export function interruptedNote(root: string, name: string): string | undefined {
  try {
    const bad = listRemovals(root).map(summarize).filter((s) => s.attention !== undefined);
    if (bad.length === 0) return undefined;
    return `${shown(name)}/${QUARANTINE} holds ${bad.length === 1 ? 'an interrupted removal' : `${num(bad.length)} interrupted removals`} (${bad[0]!.name}: ${shown(bad[0]!.attention!)}); trash() lists ${bad.length === 1 ? 'it' : 'them'}, undo('${bad[0]!.name}') puts back what it holds.`;
  } catch {
    return undefined;
  }
}

/** purge()'s options, declared once. */
export const PURGE_OPTIONS = {
  olderThan: opt.time("only removals made before: '2025-01-01' or an age: '30d', '6mo' (all when left out)"),
  delete: opt.flag('actually delete; without it purge() lists what it would delete', false),
  countdown: opt.numberOr('seconds to wait before anything is deleted, Ctrl-C cancels (0 for none)', { min: 0, max: 3600, default: 3 }),
  verbose: opt.flag('say each removal as it goes', false),
} as const;

export interface PurgeOptions {
  /** Only removals made before this: a Date, '2025-01-01', or an age such as '30d', '6mo'. All when left out. */
  readonly olderThan?: Date | string | undefined;
  /** Actually delete; without it purge() only lists what it would delete. */
  readonly delete?: boolean | undefined;
  /** Seconds to wait, cancellable with Ctrl-C (default 3; 0 for none). */
  readonly countdown?: number | undefined;
  /** Say each removal as it goes. */
  readonly verbose?: boolean | undefined;
}

interface PurgeData {
  readonly archiveName: string;
  readonly dryRun: boolean;
  /** The removals chosen (by olderThan). */
  readonly removals: readonly RemovalSummary[];
  readonly purged: readonly string[];
  readonly failed: readonly Failed[];
  readonly cancelled: boolean;
}

/** What purge() plans or did. */
export interface Purge extends PurgeData {}
export class Purge {
  constructor(data: PurgeData) {
    Object.assign(this, data);
    Object.freeze(this);
  }

  get bytes(): number {
    return this.removals.reduce((n, r) => n + r.bytes, 0);
  }

  json(): object {
    return this.dryRun ? { removals: this.removals } : { removals: this.removals, purged: this.purged, failed: this.failed };
  }

  toJSON(): object {
    return this.json();
  }

  toString(): string {
    const what = `${num(this.removals.length)} removal${this.removals.length === 1 ? '' : 's'} (${size(this.bytes)})`;
    if (this.dryRun) {
      if (this.removals.length === 0) return 'Plan (dry run): nothing to purge.';
      return `Plan (dry run, nothing has changed): delete ${what} for good\n${removalsTable(this.removals)}\nWith {delete: true} they are deleted; they cannot be undone after that.`;
    }
    const out = [`Purged ${num(this.purged.length)} of ${what}${this.purged.length > 0 ? `: ${this.purged.length === this.removals.length ? '' : 'those '}deleted for good` : ''}.`];
    if (this.cancelled) out.push('Cancelled with Ctrl-C: the rest is still in the quarantine.');
    for (const f of this.failed) out.push(`  failed: ${QUARANTINE}/${shown(f.path)} (${f.code}) ${shown(f.message)}`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Deletes one removal's folder, checked again first: the quarantine and the
 * folder must be the real folders listed before the countdown (never a link
 * swapped in). The items go first, the journal last, so a failure leaves the
 * journal with what is still held.
 */
function deleteRemoval(root: string, rec: RemovalRecord, trash: { dev: number; ino: number }): void {
  checkSame(`${root}/${QUARANTINE}`, trash, QUARANTINE);
  checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
  const dir = Buffer.from(rec.dir);
  for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
    checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
    if (name.toString() !== JOURNAL) deleteTree(joinPath(dir, name), () => crashPoint('purge'));
  }
  checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
  fs.rmSync(`${rec.dir}/${JOURNAL}`, { force: true });
  fs.rmdirSync(rec.dir);
}

async function purgeNow(a: ArchiveCore, records: readonly RemovalRecord[], plan: Purge, o: { countdown: number; verbose: boolean }): Promise<Purge> {
  const purged: string[] = [];
  const failed: Failed[] = [];
  let cancelled = false;
  if (records.length === 0) return new Purge({ ...plan, dryRun: false });
  const trash = openTrash(a.root);
  const stop = interruptible(a.signal);
  const say = (m: string): void => a.say(m);
  try {
    const what = `Purging ${num(records.length)} removal${records.length === 1 ? '' : 's'} (${size(plan.bytes)}) for good`;
    await countdown(o.countdown, what, say, stop.signal, a.interactive);
    await withLock(a.root, a.name, `purging ${num(records.length)} removal${records.length === 1 ? '' : 's'}`, say, async () => {
      for (const rec of records) {
        if (stop.signal.aborted) {
          cancelled = true;
          break;
        }
        try {
          deleteRemoval(a.root, rec, trash);
          purged.push(rec.name);
          if (o.verbose) say(`purged ${shown(a.name)}/${QUARANTINE}/${rec.name}`);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          failed.push({ path: rec.name, code: err.code ?? 'EIO', message: err.message });
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    });
  } finally {
    stop.dispose();
  }
  return new Purge({ ...plan, dryRun: false, purged, failed, cancelled });
}

/**
 * Deletes quarantined removals for good: all, or those older than a time.
 * A dry run unless `{delete: true}`, with the same countdown as remove().
 * @example purge({olderThan: '30d'})  await purge({olderThan: '30d', delete: true})
 */
export function purge(a: ArchiveCore, options: PurgeOptions & { readonly delete: true }): Promise<Purge>;
export function purge(a: ArchiveCore, options?: PurgeOptions & { readonly delete?: false }): Purge;
export function purge(a: ArchiveCore, options?: PurgeOptions): Purge | Promise<Purge>;
export function purge(a: ArchiveCore, options?: PurgeOptions): Purge | Promise<Purge> {
  const o = checkOptions('purge', PURGE_OPTIONS, options);
  const cutoff = o.olderThan ?? Infinity;
  const records = listRemovals(a.root).filter((rec) => {
    const t = Date.parse(rec.items[0]?.line.time ?? '');
    return Number.isNaN(t) ? cutoff === Infinity : t < cutoff;
  });
  const plan = new Purge({ archiveName: a.name, dryRun: true, removals: records.map(summarize), purged: [], failed: [], cancelled: false });
  return o.delete ? purgeNow(a, records, plan, o) : plan;
}
