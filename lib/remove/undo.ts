// undo(): a removal put back where it was, byte-identical, and never over
// anything that is there now. It trusts nothing in the quarantine: journal
// paths were checked when read, every folder on both sides is checked to be
// a real folder, and the quarantine to be the one it was. Items a crash left
// without an outcome line are found from their intent line, and entries
// with no line at all by a walk of the removal's folder.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { inspect } from 'node:util';
import { UsageError } from '../errors.ts';
import { num, plural, shown } from '../format.ts';
import { crashPoint } from './crash.ts';
import { deleteTree, kindOf, lstat, measure, pruneEmpty, setTimes } from './fstree.ts';
import { JOURNAL, badPath, lineBytes, type DamagedLine, type JournalLine } from './journal.ts';
import { withLock } from './lock.ts';
import { moveEntry } from './move.ts';
import { checkSame, findRemoval, held, listRemovals, openTrash, orphans, under, unsafeWay, type Failed, type RemovalRecord, type Skipped } from './quarantine.ts';
import { shownItem } from './removal.ts';
import { lineKey, markedRows, touchRow } from './revive.ts';
import type { ArchiveCore } from '../registry.ts';
import { checkOptions, joinPath, pathJson, pathOf } from '../shared/index.ts';
import { QUARANTINE } from '../types.ts';

interface RestoreData {
  readonly archiveName: string;
  /** The removal undone, or undefined when there was none. */
  readonly name: string | undefined;
  /** Paths put back (U+FFFD for bytes that are not UTF-8). */
  readonly restored: readonly string[];
  /** Left in the quarantine, with the reason (something is in the way, a folder is missing, a link on the way). */
  readonly refused: readonly Skipped[];
  readonly failed: readonly Failed[];
  /** Put back, but not as the journal describes it: worth a look. */
  readonly differs: readonly Skipped[];
  /** Journal lines with nothing in the quarantine (restored before, purged, or removed permanently). */
  readonly absent: number;
  /** Journal lines that could not be read or were refused: their items stay in the quarantine. */
  readonly damaged: readonly DamagedLine[];
  /** How the in-memory index learned of it. */
  readonly index: 'revived' | 'rescanned' | 'unchanged';
  readonly note: string | undefined;
}

/** What undo() did. */
export interface Restore extends RestoreData {}
export class Restore {
  constructor(data: RestoreData) {
    Object.assign(this, data);
    Object.freeze(this);
  }

  /** True when an item could not be put back (a snippet exits 1). */
  get incomplete(): boolean {
    return this.failed.length > 0 || this.refused.length > 0 || this.damaged.length > 0;
  }

  json(): object {
    return { removal: this.name ?? null, restored: this.restored, refused: this.refused, failed: this.failed, differs: this.differs, damaged: this.damaged };
  }

  toJSON(): object {
    return this.json();
  }

  toString(): string {
    if (this.name === undefined) return this.note ?? 'Nothing to undo.';
    const an = shown(this.archiveName);
    const out = [`Restored ${num(this.restored.length)} item${this.restored.length === 1 ? '' : 's'} from ${an}/${QUARANTINE}/${this.name}${this.index === 'revived' ? ' (index updated, no rescan)' : this.index === 'rescanned' ? ' (index rescanned)' : ''}`];
    if (this.note !== undefined) out.push(this.note);
    for (const r of this.refused) out.push(`  refused: ${an}/${shownItem(r)}: ${shown(r.reason)}`);
    for (const f of this.failed) out.push(`  failed: ${an}/${shownItem(f)} (${f.code}) ${shown(f.message)}`);
    for (const d of this.differs) out.push(`  restored, but check: ${an}/${shownItem(d)}: ${shown(d.reason)}`);
    for (const d of this.damaged) out.push(`  needs attention: ${QUARANTINE}/${this.name}/${JOURNAL} line ${d.lineNo} is ${d.reason}; its item stays in the quarantine`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Why an item cannot go back to `rel` now, or undefined: every folder on the way must be a real folder, and the place free. */
function blockedAt(root: string, rel: Buffer, name: string): string | undefined {
  const unsafe = unsafeWay(root, rel);
  if (unsafe !== undefined) return `${unsafe}; refusing to restore through it (undo that first, or recreate the folder)`;
  if (lstat(under(root, rel)) !== undefined) return `something now exists at this path; move it away, then undo('${name}') again`;
  return undefined;
}

/** How a restored item differs from its journal line, or undefined. */
function differsFrom(to: Buffer, line: JournalLine, via: 'rename' | 'copy'): string | undefined {
  const st = lstat(to);
  if (st === undefined) return 'missing after the move';
  if (kindOf(st) !== line.kind) return `a ${kindOf(st)}, the journal says ${line.kind}`;
  if (st.mode !== line.mode) return `mode ${st.mode.toString(8)}, the journal says ${line.mode.toString(8)}`;
  // A rename keeps the mtime exactly; a copy (now or at removal) to the microsecond.
  const exact = via === 'rename' && line.via !== 'copy';
  if (exact ? st.mtimeMs !== line.mtime : Math.abs(st.mtimeMs - line.mtime) >= 1) return `modified ${new Date(st.mtimeMs).toISOString()}, the journal says ${new Date(line.mtime).toISOString()}`;
  if (line.kind === 'file' && st.size !== line.size) return `${st.size} bytes, the journal says ${line.size}`;
  if (line.link !== undefined) {
    const want = line.linkBytes === undefined ? Buffer.from(line.link, 'utf8') : Buffer.from(line.linkBytes, 'base64');
    if (!fs.readlinkSync(to, { encoding: 'buffer' }).equals(want)) return 'the link points elsewhere than the journal says';
  }
  if (line.kind === 'dir') {
    try {
      const m = measure(to);
      if (m.entries !== line.entries || m.bytes !== line.bytes) return `holds ${plural(m.entries, 'entry', 'entries')} (${num(m.bytes)} bytes), the journal says ${num(line.entries)} (${num(line.bytes)})`;
    } catch (e) {
      return `cannot be read through (${(e as NodeJS.ErrnoException).code})`;
    }
  }
  return undefined;
}

function parentRel(rel: Buffer): Buffer {
  const slash = rel.lastIndexOf(0x2f);
  return slash < 0 ? Buffer.alloc(0) : rel.subarray(0, slash);
}

/** Whether a removal still holds anything: an item, or an entry no line accounts for. */
export function holdsAnything(rec: RemovalRecord): boolean {
  return rec.items.some((it) => held(rec, it)) || orphans(rec).length > 0;
}

/** The removal undo() takes without a name: the newest one that still holds anything (else the newest, to say why). */
function newest(root: string): RemovalRecord | undefined {
  const all = listRemovals(root).reverse();
  return all.find(holdsAnything) ?? all[0];
}

/** Marks restored items live in the index again, or rescans when that cannot be done exactly. */
async function reindex(a: ArchiveCore, name: string, restored: readonly JournalLine[], copied: boolean): Promise<'revived' | 'rescanned'> {
  const cat = a.catalog;
  const marked = markedRows(cat, name);
  const rows = restored.map((line) => marked?.get(lineKey(line)));
  // Copies have new inodes: only a rescan sees them as they are.
  if (!copied && rows.every((r) => r !== undefined) && rows.every((r) => cat.revive(r![0]!, r!))) {
    for (const r of rows) touchRow(cat, cat.parent[r![0]!]!);
    return 'revived';
  }
  await a.rescan();
  return 'rescanned';
}

/**
 * Puts back the newest removal that holds anything, or the one named, where
 * it was: byte-identical with modes, mtimes and link targets. Refuses any
 * item whose place is taken, whose folder is gone, or whose way goes through
 * a link, and says so; undo(name) again retries those. Holds the archive's lock.
 * @example await undo()  await undo('2025-01-31T12-00-05-123Z')
 */
export async function undo(a: ArchiveCore, name?: string, options?: unknown): Promise<Restore> {
  if (name !== undefined && typeof name !== 'string') throw new UsageError(`undo() takes a removal's name from trash(), not ${JSON.stringify(name)}`);
  checkOptions('undo', {}, options);
  const base = { archiveName: a.name, restored: [], refused: [], failed: [], differs: [], absent: 0, damaged: [], index: 'unchanged', note: undefined } as const;
  const nothing = (): Restore => new Restore({ ...base, name: undefined, note: `Nothing to undo: ${shown(a.name)}/${QUARANTINE} holds no removals.` });
  // Readers need no lock: with nothing to undo, nothing is locked (a read-only archive says so plainly).
  if (name === undefined ? newest(a.root) === undefined : findRemoval(a.root, name) === undefined) return nothing();
  return withLock(a.root, a.name, name === undefined ? 'undoing the last removal' : `undoing ${name}`, (m) => a.say(m), async () => {
    const rec = name === undefined ? newest(a.root) : findRemoval(a.root, name);
    return rec === undefined ? nothing() : restoreRemoval(a, rec);
  });
}

async function restoreRemoval(a: ArchiveCore, rec: RemovalRecord): Promise<Restore> {
  const trash = openTrash(a.root);
  checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
  const restored: JournalLine[] = [];
  const refused: Skipped[] = [];
  const failed: Failed[] = [];
  const differs: Skipped[] = [];
  let absent = 0;
  let recovered = 0;
  let copied = false;
  // Parent folders get their mtimes back only when all their items came back.
  const parents = new Map<string, { rel: Buffer; mtimeNs: bigint | undefined; whole: boolean }>();
  for (const item of [...rec.items].reverse()) {
    const line = item.line;
    const rel = lineBytes(line);
    const p = parentRel(rel);
    const key = p.toString('latin1');
    const parent = parents.get(key) ?? { rel: p, mtimeNs: line.parentMtimeNs === undefined ? undefined : BigInt(line.parentMtimeNs), whole: true };
    parents.set(key, parent);
    const from = under(rec.dir, rel);
    const inQ = lstat(from);
    if (inQ === undefined || item.state === 'failed') {
      absent++;
      if (line.permanent === true) parent.whole = false;
      continue;
    }
    try {
      checkSame(trash.path, trash, QUARANTINE);
      checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
    } catch (e) {
      failed.push({ ...pathOf(line), code: 'ESTALE', message: (e as Error).message });
      break;
    }
    const unsafe = unsafeWay(rec.dir, rel);
    if (unsafe !== undefined) {
      refused.push({ ...pathOf(line), reason: `in the quarantine, ${unsafe}; refusing to restore through it` });
      parent.whole = false;
      continue;
    }
    if (kindOf(inQ) !== line.kind) {
      refused.push({ ...pathOf(line), reason: `it is a ${kindOf(inQ)} in the quarantine, but the journal says ${line.kind}; left there` });
      parent.whole = false;
      continue;
    }
    const to = under(a.root, rel);
    if (item.state === 'interrupted' && unsafeWay(a.root, rel) === undefined) {
      // A crash left no outcome: is the original still in its place (the move had not happened, or was a copy)?
      const there = lstat(to);
      if (there !== undefined && line.ino !== undefined && there.ino === line.ino && there.dev === line.dev) {
        try {
          if (!item.copied) {
            // A partial copy across devices: the original is whole where it was.
            deleteTree(from);
            recovered++;
            continue;
          }
          // The copy was whole and verified; the original was part deleted: what is left of it is in the copy.
          deleteTree(to);
        } catch (e) {
          const err = e as NodeJS.ErrnoException;
          failed.push({ ...pathOf(line), code: err.code ?? 'EIO', message: err.message });
          parent.whole = false;
          continue;
        }
      }
    }
    const blocked = blockedAt(a.root, rel, rec.name);
    if (blocked !== undefined) {
      refused.push({ ...pathOf(line), reason: blocked });
      parent.whole = false;
      continue;
    }
    let via: 'rename' | 'copy';
    try {
      via = moveEntry(from, to);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      failed.push({ ...pathOf(line), code: err.code ?? 'EIO', message: err.message });
      parent.whole = false;
      continue;
    }
    crashPoint('restored');
    // A copy (now or at removal) has new inodes: the index must rescan to know them.
    if (via === 'copy' || line.via === 'copy' || item.state === 'interrupted') copied = true;
    const diff = differsFrom(to, line, via);
    if (diff !== undefined) differs.push({ ...pathOf(line), reason: diff });
    restored.push(line);
  }
  // Entries with no journal line at all: found by a walk of the removal's folder.
  let found = 0;
  const restoreOrphan = (rel: Buffer): void => {
    const bad = badPath(rel);
    const q = under(rec.dir, rel);
    const t = under(a.root, rel);
    const sq = lstat(q);
    if (sq === undefined) return;
    const unsafe = bad ?? unsafeWay(rec.dir, rel) ?? unsafeWay(a.root, rel);
    if (unsafe !== undefined) {
      refused.push({ ...pathJson(rel), reason: `no journal line, and ${unsafe}` });
      return;
    }
    const st = lstat(t);
    if (st === undefined) {
      checkSame(trash.path, trash, QUARANTINE);
      checkSame(rec.dir, rec, `${QUARANTINE}/${rec.name}`);
      moveEntry(q, t);
      found++;
      copied = true;
    } else if (st.isDirectory() && sq.isDirectory()) {
      for (const n of fs.readdirSync(q, { encoding: 'buffer' })) restoreOrphan(joinPath(rel, n));
      if (fs.readdirSync(q).length === 0) fs.rmdirSync(q);
    } else refused.push({ ...pathJson(rel), reason: `no journal line, and something now exists at this path; move it away, then undo('${rec.name}') again` });
  };
  for (const rel of orphans(rec)) {
    try {
      restoreOrphan(rel);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      failed.push({ ...pathJson(rel), code: err.code ?? 'EIO', message: err.message });
    }
  }
  let note: string | undefined;
  const left = rec.items.some((it) => held(rec, it)) || orphans(rec).length > 0;
  if (!left && rec.damaged.length === 0) {
    // Emptied: this removal's journal and own folder go (the lock's release takes the quarantine when it is empty).
    // A journal with damaged or refused lines stays, listed as needing attention, until purge() deletes it.
    fs.rmSync(`${rec.dir}/${JOURNAL}`, { force: true });
    pruneEmpty(Buffer.from(rec.dir));
  }
  if (recovered + found > 0) note = `Recovered an interrupted removal: ${num(recovered)} partial cop${recovered === 1 ? 'y' : 'ies'} dropped (the originals were whole), ${num(found)} entr${found === 1 ? 'y' : 'ies'} with no journal line put back.`;
  else if (restored.length === 0 && refused.length === 0 && failed.length === 0) {
    note = rec.items.some((it) => it.line.permanent === true)
      ? `Removal ${rec.name} was permanent: nothing to restore. trash() lists the others; undo(name) restores one.`
      : `Removal ${rec.name} holds nothing more to restore.`;
  }
  // Last, since moving items back and tidying the quarantine touched them.
  for (const p of parents.values()) {
    if (!p.whole || p.mtimeNs === undefined) continue;
    if (p.rel.length > 0 && unsafeWay(a.root, Buffer.concat([p.rel, Buffer.from('/x')])) !== undefined) continue;
    const dir = p.rel.length === 0 ? Buffer.from(a.root) : under(a.root, p.rel);
    const st = fs.lstatSync(dir, { bigint: true, throwIfNoEntry: false });
    if (st?.isDirectory() === true) setTimes(dir, st.atimeNs, p.mtimeNs);
  }
  const index = restored.length === 0 && found === 0 ? 'unchanged' : await reindex(a, rec.name, restored, copied);
  return new Restore({ archiveName: a.name, name: rec.name, restored: restored.map((l) => l.path), refused, failed, differs, absent, damaged: rec.damaged, index, note });
}
