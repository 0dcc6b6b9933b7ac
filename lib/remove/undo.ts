// undo(): a removal put back where it was, byte-identical, and never over
// anything that is there now.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { inspect } from 'node:util';
import { UsageError } from '../errors.ts';
import { num, plural } from '../format.ts';
import { kindOf, lstat, measure, pruneEmpty, setTimes } from './fstree.ts';
import { moveEntry } from './move.ts';
import { JOURNAL, findRemoval, held, lineBytes, listRemovals, trashPath, under, type Failed, type JournalLine, type RemovalRecord, type Skipped } from './quarantine.ts';
import { lineKey, markedRows, touchRow } from './revive.ts';
import type { ArchiveCore } from '../registry.ts';
import { QUARANTINE } from '../types.ts';

interface RestoreData {
  readonly archiveName: string;
  /** The removal undone, or undefined when there was none. */
  readonly name: string | undefined;
  /** Paths put back (U+FFFD for bytes that are not UTF-8). */
  readonly restored: readonly string[];
  /** Left in the quarantine, with the reason (something is in the way, a folder is missing). */
  readonly refused: readonly Skipped[];
  readonly failed: readonly Failed[];
  /** Put back, but not as the journal describes it: worth a look. */
  readonly differs: readonly Skipped[];
  /** Journal lines with nothing in the quarantine (restored before, purged, or removed permanently). */
  readonly absent: number;
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

  json(): object {
    return { removal: this.name ?? null, restored: this.restored, refused: this.refused, failed: this.failed, differs: this.differs };
  }

  toJSON(): object {
    return this.json();
  }

  toString(): string {
    if (this.name === undefined) return this.note ?? 'Nothing to undo.';
    const out = [`Restored ${num(this.restored.length)} item${this.restored.length === 1 ? '' : 's'} from ${this.archiveName}/${QUARANTINE}/${this.name}${this.index === 'revived' ? ' (index updated, no rescan)' : this.index === 'rescanned' ? ' (index rescanned)' : ''}`];
    if (this.note !== undefined) out.push(this.note);
    for (const r of this.refused) out.push(`  refused: ${this.archiveName}/${r.path}: ${r.reason}`);
    for (const f of this.failed) out.push(`  failed: ${this.archiveName}/${f.path} (${f.code}) ${f.message}`);
    for (const d of this.differs) out.push(`  restored, but check: ${this.archiveName}/${d.path}: ${d.reason}`);
    return out.join('\n');
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

/** Why an item cannot go back to `rel` now, or undefined: every folder on the way must be a real folder, and the place free. */
function blockedAt(root: string, rel: Buffer, name: string): string | undefined {
  let at = 0;
  for (let slash = rel.indexOf(0x2f); slash >= 0; slash = rel.indexOf(0x2f, at)) {
    const dir = rel.subarray(0, slash);
    const st = lstat(under(root, dir));
    if (st === undefined) return `its folder ${dir.toString()} is not there (removed later? undo that first, or recreate it)`;
    if (!st.isDirectory()) return `${dir.toString()} is ${st.isSymbolicLink() ? 'a link' : 'a file'} now; refusing to restore through it`;
    at = slash + 1;
  }
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

/** The removal undo() takes without a name: the newest one. */
function newest(root: string): RemovalRecord | undefined {
  return listRemovals(root).at(-1);
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
 * Puts back the newest removal, or the one named, where it was: byte-identical
 * with modes, mtimes and link targets. Refuses any item whose place is taken
 * or whose folder is gone, and says so; undo(name) again retries those.
 * @example await undo()  await undo('2025-01-31T12-00-05-123Z')
 */
export async function undo(a: ArchiveCore, name?: string): Promise<Restore> {
  if (name !== undefined && typeof name !== 'string') throw new UsageError(`undo() takes a removal's name from trash(), not ${JSON.stringify(name)}`);
  const rec = name === undefined ? newest(a.root) : findRemoval(a.root, name);
  const base = { archiveName: a.name, restored: [], refused: [], failed: [], differs: [], absent: 0, index: 'unchanged', note: undefined } as const;
  if (rec === undefined) return new Restore({ ...base, name: undefined, note: `Nothing to undo: ${a.name}/${QUARANTINE} holds no removals.` });
  const restored: JournalLine[] = [];
  const refused: Skipped[] = [];
  const failed: Failed[] = [];
  const differs: Skipped[] = [];
  let absent = 0;
  let copied = false;
  // Parent folders get their mtimes back only when all their items came back.
  const parents = new Map<string, { rel: Buffer; mtimeNs: bigint | undefined; whole: boolean }>();
  for (const line of [...rec.lines].reverse()) {
    const rel = lineBytes(line);
    const p = parentRel(rel);
    const key = p.toString('latin1');
    const parent = parents.get(key) ?? { rel: p, mtimeNs: line.parentMtimeNs === undefined ? undefined : BigInt(line.parentMtimeNs), whole: true };
    parents.set(key, parent);
    const from = under(rec.dir, rel);
    if (lstat(from) === undefined) {
      absent++;
      if (line.permanent === true) parent.whole = false;
      continue;
    }
    const blocked = blockedAt(a.root, rel, rec.name);
    if (blocked !== undefined) {
      refused.push({ path: line.path, reason: blocked });
      parent.whole = false;
      continue;
    }
    const to = under(a.root, rel);
    let via: 'rename' | 'copy';
    try {
      via = moveEntry(from, to);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      failed.push({ path: line.path, code: err.code ?? 'EIO', message: err.message });
      parent.whole = false;
      continue;
    }
    // A copy (now or at removal) has new inodes: the index must rescan to know them.
    if (via === 'copy' || line.via === 'copy') copied = true;
    const diff = differsFrom(to, line, via);
    if (diff !== undefined) differs.push({ path: line.path, reason: diff });
    restored.push(line);
  }
  let note: string | undefined;
  if (restored.length > 0 && rec.lines.every((line) => !held(rec, line))) {
    // Emptied: the removal's folder goes, and the quarantine too when nothing else is in it.
    fs.unlinkSync(`${rec.dir}/${JOURNAL}`);
    pruneEmpty(Buffer.from(rec.dir));
    pruneEmpty(Buffer.from(trashPath(a.root)));
  } else if (restored.length === 0 && refused.length === 0 && failed.length === 0) {
    note = rec.lines.some((line) => line.permanent === true)
      ? `Removal ${rec.name} was permanent: nothing to restore. trash() lists the others; undo(name) restores one.`
      : `Removal ${rec.name} holds nothing more to restore.`;
  }
  // Last, since moving items back and tidying the quarantine touched them.
  for (const p of parents.values()) {
    if (!p.whole || p.mtimeNs === undefined) continue;
    const dir = p.rel.length === 0 ? Buffer.from(a.root) : under(a.root, p.rel);
    const st = fs.lstatSync(dir, { bigint: true, throwIfNoEntry: false });
    if (st?.isDirectory() === true) setTimes(dir, st.atimeNs, p.mtimeNs);
  }
  const index = restored.length === 0 ? 'unchanged' : await reindex(a, rec.name, restored, copied);
  return new Restore({ ...base, name: rec.name, restored: restored.map((l) => l.path), refused, failed, differs, absent, index, note });
}
