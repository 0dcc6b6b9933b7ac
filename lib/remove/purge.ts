// What the quarantine holds (trash()), and deleting removals for good (purge()).
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { inspect } from 'node:util';
import { UsageError } from '../errors.ts';
import { parseTime } from '../query/index.ts';
import { num, size, table } from '../format.ts';
import { checkSeconds, countdown, interruptible } from './countdown.ts';
import { deleteTree, join, pruneEmpty } from './fstree.ts';
import { JOURNAL, held, listRemovals, trashPath, type Failed, type RemovalRecord } from './quarantine.ts';
import type { ArchiveCore } from '../registry.ts';
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
}

function summarize(rec: RemovalRecord): RemovalSummary {
  const kept = rec.lines.filter((line) => held(rec, line));
  return {
    name: rec.name,
    time: rec.lines[0]?.time ?? '',
    items: rec.lines.length,
    held: kept.length,
    entries: kept.reduce((n, l) => n + l.entries, 0),
    bytes: kept.reduce((n, l) => n + l.bytes, 0),
    permanent: rec.lines.some((l) => l.permanent === true),
  };
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
    if (this.removals.length === 0) return `${this.archiveName}/${QUARANTINE} is empty.`;
    const bytes = this.removals.reduce((n, r) => n + r.bytes, 0);
    return `${this.archiveName}/${QUARANTINE}: ${num(this.removals.length)} removal${this.removals.length === 1 ? '' : 's'}, ${size(bytes)} held\n${removalsTable(this.removals)}\nundo(name) restores one; purge({olderThan: '30d'}) deletes old ones for good.`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Lists the removals in the quarantine: name, time, items, what is still held.
 * @example trash()
 */
export function trash(a: ArchiveCore): TrashList {
  return new TrashList(a.name, listRemovals(a.root).map(summarize));
}

export interface PurgeOptions {
  /** Only removals made before this: a Date, '2025-01-01', or an age such as '30d', '6mo'. All when left out. */
  readonly olderThan?: Date | string;
  /** Actually delete; without it purge() only lists what it would delete. */
  readonly delete?: boolean;
  /** Seconds to wait, cancellable with Ctrl-C (default 3; 0 for none). */
  readonly countdown?: number;
  /** Say each removal as it goes. */
  readonly verbose?: boolean;
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
    const out = [`Purged ${num(this.purged.length)} of ${what}: deleted for good.`];
    if (this.cancelled) out.push('Cancelled with Ctrl-C: the rest is still in the quarantine.');
    for (const f of this.failed) out.push(`  failed: ${QUARANTINE}/${f.path} (${f.code}) ${f.message}`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Deletes one removal's folder: the items first, the journal last, so a failure leaves the journal. */
function deleteRemoval(rec: RemovalRecord): void {
  const dir = Buffer.from(rec.dir);
  for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
    if (name.toString() !== JOURNAL) deleteTree(join(dir, name));
  }
  deleteTree(dir);
}

async function purgeNow(a: ArchiveCore, records: readonly RemovalRecord[], plan: Purge, o: { countdown: number; verbose: boolean }): Promise<Purge> {
  const purged: string[] = [];
  const failed: Failed[] = [];
  let cancelled = false;
  if (records.length === 0) return new Purge({ ...plan, dryRun: false });
  const stop = interruptible(a.signal);
  const say = (m: string): void => a.say(m);
  try {
    const what = `Purging ${num(records.length)} removal${records.length === 1 ? '' : 's'} (${size(plan.bytes)}) for good`;
    await countdown(o.countdown, what, say, stop.signal, a.interactive);
    for (const rec of records) {
      if (stop.signal.aborted) {
        cancelled = true;
        break;
      }
      try {
        deleteRemoval(rec);
        purged.push(rec.name);
        if (o.verbose) say(`purged ${a.name}/${QUARANTINE}/${rec.name}`);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        failed.push({ path: rec.name, code: err.code ?? 'EIO', message: err.message });
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    stop.dispose();
  }
  pruneEmpty(Buffer.from(trashPath(a.root)));
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
export function purge(a: ArchiveCore, options: PurgeOptions = {}): Purge | Promise<Purge> {
  if (typeof options !== 'object' || options === null) throw new UsageError(`purge() options must be an object such as {olderThan: '30d'}, not ${JSON.stringify(options)}`);
  const o = { delete: false, countdown: 3, verbose: false, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<Omit<PurgeOptions, 'olderThan'>> & PurgeOptions;
  checkSeconds(o.countdown);
  const cutoff = o.olderThan === undefined ? Infinity : parseTime(o.olderThan, 'olderThan');
  const records = listRemovals(a.root).filter((rec) => {
    const t = Date.parse(rec.lines[0]?.time ?? '');
    return Number.isNaN(t) ? cutoff === Infinity : t < cutoff;
  });
  const plan = new Purge({ archiveName: a.name, dryRun: true, removals: records.map(summarize), purged: [], failed: [], cancelled: false });
  return o.delete ? purgeNow(a, records, plan, o) : plan;
}
