// Carrying out a removal, under the archive's lock: the countdown, a fresh
// check of each item, then for each one an intent line in the journal, the
// move into the quarantine, and the outcome line. A crash at any point
// leaves what undo() needs to put everything back.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import type { Catalog } from '../catalog/index.ts';
import { num, shown, size } from '../format.ts';
import { checkSeconds, countdown, interruptible } from './countdown.ts';
import { crashPoint } from './crash.ts';
import { deleteTree, kindOf, lstat, pruneEmpty } from './fstree.ts';
import { JOURNAL, JournalWriter, type JournalLine } from './journal.ts';
import { fsProblem, withLock } from './lock.ts';
import { moveEntry, PartialDelete } from './move.ts';
import { goneAt, type RemoveSettled } from './plan.ts';
import { checkSame, newRemoval, openTrash, under, unsafeWay, type Failed, type Skipped } from './quarantine.ts';
import { Removal, shownItem, type RemovalItem } from './removal.ts';
import { lineKey, rememberMarked, touchRow } from './revive.ts';
import type { ArchiveCore } from '../registry.ts';
import { pathJson, pathOf } from '../shared/index.ts';
import { KINDS, QUARANTINE } from '../types.ts';

/** A last check run under the lock just before an item moves (keep() checks its kept copy): the reason to skip it, or undefined. */
export type Guard = (it: RemovalItem) => string | undefined;

/**
 * Checks, just before an item moves, that the disk still matches the index:
 * every folder above it is the same real folder (never a link swapped in),
 * and the item and everything inside it have the kind, size, mtime and inode
 * the scan saw. Returns the reason to skip it, or undefined.
 */
function changedSince(cat: Catalog, i: number): string | undefined {
  for (let j = cat.parent[i]!; ; j = cat.parent[j]!) {
    const st = lstat(cat.fsPath(j));
    const where = j === 0 ? 'the root' : cat.path(j);
    if (st === undefined) return `${where} is gone`;
    if (!st.isDirectory()) return `${where} is ${st.isSymbolicLink() ? 'a link' : 'not a folder'} now`;
    if (st.ino !== cat.ino[j] || st.dev !== cat.dev[j]) return `${where} was replaced since the scan`;
    if (j === 0) break;
  }
  for (const r of cat.liveRows(i)) {
    const st = lstat(cat.fsPath(r));
    const what = r === i ? 'it' : cat.path(r);
    if (st === undefined) return r === i ? 'no longer there' : `${what} is gone since the scan`;
    if (kindOf(st) !== KINDS[cat.kind[r]!]) return `${what} is a ${kindOf(st)} now, not a ${KINDS[cat.kind[r]!]}`;
    if (st.ino !== cat.ino[r] || st.dev !== cat.dev[r]) return `${what} was replaced since the scan`;
    if (st.size !== cat.size[r] || st.mtimeMs !== cat.mtime[r]) return `${what} changed since the scan (size or mtime)`;
  }
  return undefined;
}

function failure(it: RemovalItem, e: unknown, message?: string): Failed {
  const err = e as NodeJS.ErrnoException;
  return { ...pathOf(it), code: err.code ?? 'EIO', message: message ?? err.message };
}

function skip(it: RemovalItem, reason: string): Skipped {
  return { ...pathOf(it), reason };
}

function journalLine(it: RemovalItem, rel: Buffer, st: fs.Stats, target: Buffer | undefined, parentMtimeNs: bigint | undefined, permanent: boolean): JournalLine {
  let link: { link: string; linkBytes?: string } | undefined;
  if (target !== undefined) {
    const f = pathJson(target);
    link = f.pathBytes === undefined ? { link: f.path } : { link: f.path, linkBytes: f.pathBytes };
  }
  return {
    ...pathJson(rel),
    kind: it.kind,
    bytes: it.bytes,
    entries: it.entries,
    time: new Date().toISOString(),
    ...(it.cruft === undefined ? {} : { cruft: it.cruft }),
    mode: st.mode,
    mtime: st.mtimeMs,
    size: st.size,
    dev: st.dev,
    ino: st.ino,
    ...link,
    ...(parentMtimeNs === undefined ? {} : { parentMtimeNs: String(parentMtimeNs) }),
    ...(permanent ? { permanent: true } : {}),
  };
}

/** Removes the countdown's plan: under the lock, each item checked again, journalled, then moved. */
export async function apply(a: ArchiveCore, draft: Removal, o: RemoveSettled, guard?: Guard): Promise<Removal> {
  const cat = a.catalog;
  if (draft.items.length === 0) {
    a.say('Nothing to remove.');
    return new Removal({ ...draft, dryRun: false }, cat);
  }
  checkSeconds(o.countdown);
  const n = draft.items.length;
  const say = (m: string): void => a.say(m);
  const stop = interruptible(a.signal);
  try {
    if (o.permanent) say(`Permanent: ${n === 1 ? 'this item skips' : 'these items skip'} the quarantine and cannot be undone.`);
    await countdown(o.countdown, `Removing ${num(n)} item${n === 1 ? '' : 's'} (${size(draft.bytes)})`, say, stop.signal, a.interactive);
    return await withLock(a.root, a.name, `removing ${num(n)} item${n === 1 ? '' : 's'}`, say, () => moveAll(a, draft, o, stop.signal, guard));
  } finally {
    stop.dispose();
  }
}

async function moveAll(a: ArchiveCore, draft: Removal, o: RemoveSettled, signal: AbortSignal, guard: Guard | undefined): Promise<Removal> {
  const cat = a.catalog;
  const n = draft.items.length;
  const removed: RemovalItem[] = [];
  const skipped: Skipped[] = [...draft.skipped];
  const failed: Failed[] = [];
  let cancelled = false;
  // Parents' mtimes before anything changes (the quarantine folder included): undo() puts them back.
  const parentMtime = new Map<number, bigint | undefined>();
  for (const it of draft.items) {
    const p = cat.parent[it.index]!;
    if (!parentMtime.has(p)) parentMtime.set(p, fs.lstatSync(cat.fsPath(p), { bigint: true, throwIfNoEntry: false })?.mtimeNs);
  }
  let trash;
  let rem;
  let journal: JournalWriter;
  try {
    trash = openTrash(a.root);
    rem = newRemoval(trash);
    journal = new JournalWriter(rem.dir, true);
  } catch (e) {
    throw fsProblem(e, `cannot start a removal in ${shown(a.name)}/${QUARANTINE}`);
  }
  crashPoint('begin');
  touchRow(cat, 0);
  const marked = new Map<string, Uint32Array>();
  let k = 0;
  try {
    for (const it of draft.items) {
      if (signal.aborted) {
        cancelled = true;
        break;
      }
      const i = it.index;
      let why: string | undefined;
      try {
        why = goneAt(cat, i) ?? changedSince(cat, i) ?? guard?.(it);
      } catch (e) {
        why = `cannot be checked (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
      }
      if (why !== undefined) {
        skipped.push(skip(it, why));
        continue;
      }
      const rel = cat.pathBytes(i);
      const from = asBuffer(cat.fsPath(i));
      const to = under(rem.dir, rel);
      let seq: number;
      try {
        // The quarantine and this removal's folder must still be the real folders made above.
        checkSame(trash.path, trash, QUARANTINE);
        checkSame(rem.dir, rem, `${QUARANTINE}/${rem.name}`);
        const st = fs.lstatSync(from);
        const target = st.isSymbolicLink() ? fs.readlinkSync(from, { encoding: 'buffer' }) : undefined;
        seq = journal.intent(journalLine(it, rel, st, target, parentMtime.get(cat.parent[i]!), o.permanent));
      } catch (e) {
        failed.push(failure(it, e, `${(e as Error).message}; the removal stopped here`));
        break;
      }
      crashPoint('intent');
      let via: 'rename' | 'copy';
      let partial: PartialDelete | undefined;
      try {
        const unsafe = unsafeWay(rem.dir, rel, true);
        if (unsafe !== undefined) throw Object.assign(new Error(`in the quarantine, ${unsafe}; left in place`), { code: 'ESTALE' });
        crashPoint('mkdir');
        via = moveEntry(from, to, () => journal.outcome(seq, 'copied'));
      } catch (e) {
        if (e instanceof PartialDelete) {
          via = 'copy';
          partial = e;
        } else {
          try {
            journal.outcome(seq, 'failed');
          } catch {
            // Nothing moved: the intent alone is harmless.
          }
          failed.push(failure(it, e));
          continue;
        }
      }
      crashPoint('moved');
      try {
        journal.outcome(seq, 'done', via);
      } catch (e) {
        // The intent line is there: undo() finds the item from it.
        failed.push(failure(it, e, `moved, but its outcome could not be journalled (${(e as Error).message}); undo() still finds it; the removal stopped`));
        break;
      }
      crashPoint('done');
      if (partial !== undefined) {
        failed.push(failure(it, partial));
        continue;
      }
      if (o.permanent) {
        try {
          deleteTree(to);
        } catch (e) {
          failed.push(failure(it, e, `moved into the quarantine but not deleted there (${(e as Error).message}); purge() deletes it`));
        }
      }
      const rows = cat.liveRows(i);
      cat.markGone(i);
      marked.set(lineKey(pathJson(rel)), rows);
      touchRow(cat, cat.parent[i]!);
      removed.push(it);
      if (o.verbose) a.say(`removed ${shown(a.name)}/${shownItem(it)}`);
      // Let the REPL's Ctrl-C (a keypress event) through now and then.
      if ((++k & 63) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    try {
      journal.close();
    } catch {
      // Closing after a full disk: the lines written are what undo() reads.
    }
  }
  let name: string | undefined = rem.name;
  if (marked.size > 0) rememberMarked(cat, rem.name, marked);
  if (removed.length === 0 && failed.every((f) => !held(rem.dir, f))) {
    // Nothing moved: leave no empty removal behind (only this removal's own folder is touched).
    try {
      fs.unlinkSync(`${rem.dir}/${JOURNAL}`);
      pruneEmpty(Buffer.from(rem.dir));
    } catch {
      // Left for trash() to show.
    }
    name = undefined;
    touchRow(cat, 0);
  }
  if (cancelled) a.say(`Cancelled: ${num(removed.length)} of ${num(n)} items were removed${removed.length > 0 ? '; undo() brings them back' : ''}.`);
  return new Removal({ ...draft, dryRun: false, removed, skipped, failed, name, cancelled }, cat);
}

function held(dir: string, f: Failed): boolean {
  return lstat(under(dir, f.pathBytes === undefined ? Buffer.from(f.path, 'utf8') : Buffer.from(f.pathBytes, 'base64'))) !== undefined;
}

function asBuffer(p: string | Buffer): Buffer {
  return typeof p === 'string' ? Buffer.from(p, 'utf8') : p;
}
