// The saved index: after a scan, the index is written to the user's cache
// folder (never inside the archive), keyed by the root's device and inode. The
// next open loads it and checks it by statting directories only: a directory
// whose mtime or ctime changed, or that is new, is read again; everything in
// an unchanged directory is taken from the file.
//
// What a directory check cannot see: a file rewritten in place (same name, so
// its folder's mtime does not move) keeps its saved size and mtime until a full
// scan (`refresh()`, `--rescan`). Removal checks each item again before it
// moves it, and hashing stats every file it reads, so neither acts on a stale row.
// Its saved ctime is what the hash cache keys on: until that full scan the
// finders trust a cached hash; keep({verify: 'hash'}) lstats before trusting one.
//
// Perf: the file is the columns as they lie in memory, read straight into the
// shared buffers a scan would have filled (no parsing, no per-entry objects).
import fs from 'node:fs';
import path from 'node:path';
import { Buffer } from 'node:buffer';
import { Catalog } from './catalog.ts';
import { Columns } from './columns.ts';
import { NameTable } from './names.ts';
import { readDir, walk, type PendingDirs, type WalkContext } from './walk.ts';
import { scan } from './scan.ts';
import { DiskWaits, FAILED, GONE, IS_DIR, isDir, NOT_DIR, statDirs, UNSEEN } from './dir-stats.ts';
import { ctimeMs, INO, lstatFields, mtimeMs } from './lstat.ts';
import { DIR, QUARANTINE, type ScanError, type ScanOptions } from '../types.ts';

const MAGIC = 'RUMMAGE-INDEX\n';
/** Bumped whenever the layout below changes: an older file is then scanned afresh, with one line. */
export const INDEX_VERSION = 2;
/**
 * Directories whose ctime is at most this long before the scan began are
 * read again too: the kernel's file-time clock runs a tick (a few ms) behind
 * Date.now(). A network drive whose server clock runs further behind than
 * this can hide a ctime-only change; the mtime check still sees every entry
 * added, removed or renamed.
 */
export const CLOCK_SLACK_MS = 100;
/** A saved index this big (about 40,000 entries) means a tree for which workers pay from the start. */
const BIG_TREE_BYTES = 2e6;

/** The columns in the file, in order, with their element sizes. */
const SAVED = [
  ['parent', 4],
  ['kind', 1],
  ['size', 8],
  ['mtime', 8],
  ['ctime', 8],
  ['ino', 8],
  ['nlink', 4],
  ['nameId', 4],
  ['firstChild', 4],
  ['childCount', 4],
] as const;

interface Header {
  readonly version: number;
  readonly root: string;
  readonly dev: number;
  readonly ino: number;
  /** 0 where the file system has no birth time. */
  readonly birth: number;
  /** Every directory in the file was as saved at this time (ms since the epoch). */
  readonly checkedAt: number;
  readonly savedAt: number;
  readonly rows: number;
  readonly nameBytes: number;
  readonly names: number;
  readonly raw: readonly (readonly [number, string])[];
  /** Rows whose device is not the root's: [row, dev]. */
  readonly devs: readonly (readonly [number, number])[];
  /** Rows removed since the scan (in the quarantine). */
  readonly gone: readonly number[];
  readonly errors: readonly ScanError[];
  readonly crossDevices: boolean;
  readonly skip: readonly string[];
}

/** What the open did with the saved index, for the banner and `archive.index`. */
export interface IndexInfo {
  /** 'scanned': no usable saved index; 'loaded': reused (checked unless `check` is false). */
  readonly source: 'scanned' | 'loaded';
  /** When the saved index was written (loaded), or now (scanned). */
  readonly savedAt: Date;
  /** Whether the directories were checked against the disk. */
  readonly checked: boolean;
  /** Folders found changed or new since, and read again. */
  readonly changed: number;
  /** Directories statted by the check. */
  readonly dirsChecked: number;
  /** Why a saved index was not used, when there was one: one line. */
  readonly note?: string;
  /** The saved file. */
  readonly file: string;
}

export interface IndexOptions extends ScanOptions {
  /** Full scan, ignoring any saved index (`refresh()`, `--rescan`). */
  readonly rescan?: boolean;
  /** Trust the saved index without statting its directories (`--no-check`). */
  readonly check?: boolean;
  /** Save the index after a scan (default true). */
  readonly save?: boolean;
  /** The folder saved indexes live in (the user's cache folder). */
  readonly indexDir: string;
}

/** When each catalog's directories were last known to match the disk. */
const checkedAt = new WeakMap<Catalog, number>();

interface RootId {
  readonly dev: number;
  readonly ino: number;
  readonly birth: number;
}

function rootId(root: string): RootId {
  const st = fs.statSync(root);
  return { dev: st.dev, ino: st.ino, birth: st.birthtimeMs > 0 ? st.birthtimeMs : 0 };
}

/** The file a root's index is saved in: one per device and inode. */
export function indexFile(dir: string, root: string): string {
  const id = rootId(root);
  return path.join(dir, `${id.dev}-${id.ino}.index`);
}

const align8 = (n: number): number => (n + 7) & ~7;

/**
 * Writes the catalog to `file`: magic, a JSON header, the names, then each
 * column at an 8-byte boundary. Written to a temporary file and renamed, so
 * a reader sees the old file or the new one, never half of one.
 */
export function saveIndex(cat: Catalog, file: string, o: { crossDevices?: boolean; skip?: readonly string[] } = {}): void {
  const id = rootId(cat.root);
  const n = cat.length;
  const names = utf8Joined(cat.names);
  const nameBytes = names.reduce((sum, b) => sum + b.length, 0);
  const devs: [number, number][] = [];
  const gone: number[] = [];
  for (let i = 0; i < n; i++) {
    if (cat.dev[i] !== id.dev) devs.push([i, cat.dev[i]!]);
    if (cat.gone[i] === 1) gone.push(i);
  }
  const header: Header = {
    version: INDEX_VERSION,
    root: cat.root,
    dev: id.dev,
    ino: id.ino,
    birth: id.birth,
    checkedAt: checkedAt.get(cat) ?? 0,
    savedAt: Date.now(),
    rows: n,
    nameBytes,
    names: cat.names.length,
    raw: [...cat.rawNames].map(([k, b]) => [k, b.toString('base64')] as const),
    devs,
    gone,
    errors: cat.errors,
    crossDevices: o.crossDevices ?? false,
    skip: [...(o.skip ?? [])],
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(MAGIC.length + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, MAGIC.length);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    let at = 0;
    const put = (b: Uint8Array): void => {
      fs.writeSync(fd, b, 0, b.length, at);
      at += b.length;
    };
    const pad = (): void => {
      const to = align8(at);
      if (to > at) put(new Uint8Array(to - at));
    };
    put(head);
    put(json);
    for (const b of names) put(b);
    for (const [col] of SAVED) {
      pad();
      const a = cat[col];
      put(new Uint8Array(a.buffer, a.byteOffset, n * a.BYTES_PER_ELEMENT));
    }
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  prune(path.dirname(file));
}

/**
 * The names joined by NUL, as UTF-8, in pieces.
 * Perf: one join of 78k names and one encode of the 1.9 MB string took 6 ms of a 0.46 s count of /usr; pieces of 4,096 took 2.5 ms.
 */
function utf8Joined(names: readonly string[]): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < names.length; i += 4096) {
    const end = Math.min(names.length, i + 4096);
    out.push(Buffer.from(names.slice(i, end).join('\0') + (end < names.length ? '\0' : ''), 'utf8'));
  }
  return out;
}

/** Saved indexes kept; past this, the least recently written go (a test run or a hundred sticks leave no pile). */
export const KEEP_INDEXES = 64;

function prune(dir: string): void {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.index'));
  if (files.length <= KEEP_INDEXES) return;
  const aged = files.map((f) => ({ f, t: fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.mtimeMs ?? 0 })).sort((a, b) => a.t - b.t);
  for (const { f } of aged.slice(0, aged.length - KEEP_INDEXES)) fs.rmSync(path.join(dir, f), { force: true });
}

class BadIndex extends Error {}

/** Reads a saved index; throws BadIndex with a reason when it is corrupt, truncated or of another version. */
function readIndex(file: string): { header: Header; cat: Catalog } {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(MAGIC.length + 4);
    if (fs.readSync(fd, head, 0, head.length, 0) !== head.length || head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new BadIndex('not a rummage index');
    const jsonLength = head.readUInt32LE(MAGIC.length);
    if (head.length + jsonLength > size) throw new BadIndex('truncated');
    const json = Buffer.alloc(jsonLength);
    fs.readSync(fd, json, 0, jsonLength, head.length);
    let header: Header;
    try {
      header = JSON.parse(json.toString('utf8')) as Header;
    } catch {
      throw new BadIndex('its header is damaged');
    }
    if (header.version !== INDEX_VERSION) throw new BadIndex(`it is version ${String(header.version)}, this rummage reads version ${INDEX_VERSION}`);
    const n = header.rows;
    if (!Number.isInteger(n) || n < 1) throw new BadIndex('its header is damaged');
    let at = head.length + jsonLength;
    const nameBuf = Buffer.alloc(header.nameBytes);
    if (fs.readSync(fd, nameBuf, 0, header.nameBytes, at) !== header.nameBytes) throw new BadIndex('truncated');
    at += header.nameBytes;
    const names = new NameTable();
    const list = nameBuf.toString('utf8').split('\0');
    if (list.length !== header.names) throw new BadIndex('its names are damaged');
    // The table is used as a list here; its lookup map is only for scans, which build their own.
    (names as { names: string[] }).names.length = 0;
    for (const s of list) names.names.push(s);
    for (const [k, b64] of header.raw) names.raw.set(k, Buffer.from(b64, 'base64'));
    const cols = new Columns();
    cols.alloc(n);
    for (const [col, bytes] of SAVED) {
      at = align8(at);
      const view = new Uint8Array(cols.buffers[col], 0, n * bytes);
      if (fs.readSync(fd, view, 0, view.length, at) !== view.length) throw new BadIndex('truncated');
      at += view.length;
    }
    if (at !== size) throw new BadIndex('its length is wrong');
    cols.dev.fill(header.dev, 0, n);
    for (const [i, d] of header.devs) cols.dev[i] = d;
    // Cheap sanity: every parent precedes its child, every child block lies inside the rows.
    const { parent, firstChild, childCount, nameId } = cols;
    for (let i = 1; i < n; i++) {
      if (parent[i]! >= i || firstChild[i]! + childCount[i]! > n || nameId[i]! >= header.names) throw new BadIndex('its rows are damaged');
    }
    const cat = new Catalog(header.root, cols, names, [...header.errors]);
    for (const i of header.gone) if (i > 0 && i < n) cat.markGone(i);
    return { header, cat };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens `root`'s index: the saved one, checked against the disk (changed
 * folders read again), or a full scan that is then saved.
 */
export async function openIndex(root: string, o: IndexOptions): Promise<{ cat: Catalog; info: IndexInfo }> {
  const id = rootId(root);
  const file = path.join(o.indexDir, `${id.dev}-${id.ino}.index`);
  let note: string | undefined;
  if (o.rescan !== true && fs.existsSync(file)) {
    try {
      const { header, cat } = readIndex(file);
      const same = header.dev === id.dev && header.ino === id.ino && (header.birth === 0 || id.birth === 0 || header.birth === id.birth);
      const sameOptions = header.crossDevices === (o.crossDevices ?? false) && JSON.stringify(header.skip) === JSON.stringify(o.skip ?? []);
      if (!same) note = 'the saved index belongs to another folder that had this device and inode; scanning afresh';
      else if (!sameOptions) note = undefined; // scanned with other options: a fresh scan, no note needed
      else if (o.check === false) {
        checkedAt.set(cat, header.checkedAt);
        return { cat, info: { source: 'loaded', savedAt: new Date(header.savedAt), checked: false, changed: 0, dirsChecked: 0, file } };
      } else {
        const started = Date.now();
        const check = await changedDirs(cat, header.checkedAt);
        if (check.changed === 0) {
          checkedAt.set(cat, header.checkedAt);
          return { cat, info: { source: 'loaded', savedAt: new Date(header.savedAt), checked: true, changed: 0, dirsChecked: check.dirs, file } };
        }
        const fresh = rebuild(cat, check.stale, root, o);
        checkedAt.set(fresh, started - CLOCK_SLACK_MS);
        if (o.save !== false) trySave(fresh, file, o);
        return { cat: fresh, info: { source: 'loaded', savedAt: new Date(header.savedAt), checked: true, changed: check.changed, dirsChecked: check.dirs, file } };
      }
    } catch (e) {
      if (!(e instanceof BadIndex) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      note = `the saved index ${file} could not be used (${(e as Error).message}); scanning afresh`;
    }
  }
  const started = Date.now();
  // Perf: a saved index says this tree is big (a full rescan of a known archive): the scan's workers start at once.
  const savedBytes = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  const known = o.workersAfter === undefined && savedBytes > BIG_TREE_BYTES ? { workersAfter: 0 } : {};
  const cat = await scan(root, { ...o, ...known });
  checkedAt.set(cat, started - CLOCK_SLACK_MS);
  if (o.save !== false) trySave(cat, file, o);
  return { cat, info: { source: 'scanned', savedAt: new Date(), checked: true, changed: 0, dirsChecked: 0, file, ...(note === undefined ? {} : { note }) } };
}

/** Saves, and never fails the open over it (a read-only or full cache folder). */
export function trySave(cat: Catalog, file: string, o: { crossDevices?: boolean; skip?: readonly string[] } = {}): boolean {
  try {
    saveIndex(cat, file, o);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stats every live directory of the saved index. A directory is stale when
 * its mtime differs, its ctime is at or after the last check (less the clock
 * slack), it is no longer a directory, or it is gone (then its parent is).
 *
 * Perf: one folder at a time, in row order, while the stats find the page
 * cache warm. Once they wait for the disk (DiskWaits), the rest are statted
 * first, many at once (statDirs()), and judged after in the same row order:
 * the same folders come out stale whichever way a folder was statted.
 */
export async function changedDirs(cat: Catalog, since: number): Promise<{ stale: Uint8Array; changed: number; dirs: number }> {
  const n = cat.length;
  const stale = new Uint8Array(n);
  const { kind, parent, gone, mtime, ino, childCount, dev } = cat;
  // A folder on another device was recorded but never entered: nothing below it to check.
  const checked = (i: number): boolean => kind[i] === DIR && gone[i] === 0 && (i === 0 || childCount[i]! > 0 || dev[i] === dev[0]);
  const paths: (string | undefined)[] = new Array(n);
  paths[0] = cat.root;
  const pathOf = (i: number): string | Buffer => {
    if (i === 0) return cat.root;
    const up = paths[parent[i]!];
    const p = up === undefined || cat.rawNames.has(cat.nameId[i]!) ? cat.fsPath(i) : `${up}/${cat.name(i)}`;
    if (typeof p === 'string' && childCount[i]! > 0) paths[i] = p;
    return p;
  };
  // Folders no longer there (or no longer folders): their parent is read again, and nothing below them is statted.
  const missing = new Uint8Array(n);
  const judge = (i: number, state: number, stIno: number, stMtime: number, stCtime: number): void => {
    if (state !== IS_DIR || stIno !== ino[i]) {
      missing[i] = 1;
      stale[i === 0 ? 0 : parent[i]!] = 1;
    } else if (stMtime !== mtime[i] || stCtime >= since) stale[i] = 1;
  };
  let dirs = 0;
  const waits = new DiskWaits();
  let i = 0;
  try {
    for (; i < n; i++) {
      if (!checked(i)) continue;
      if (waits.cold()) break;
      if (i !== 0 && missing[parent[i]!] === 1) {
        missing[i] = 1;
        continue;
      }
      const p = pathOf(i);
      dirs++;
      const f = lstatFields(p);
      if (f === undefined) judge(i, GONE, 0, 0, 0);
      else judge(i, isDir(f) ? IS_DIR : NOT_DIR, f[INO]!, mtimeMs(f), ctimeMs(f));
    }
  } finally {
    waits.close();
  }
  if (i < n) {
    // Cold: the rest's paths, then all their stats at once, then the same verdicts in the same order
    // (statDirs() may stat folders below a missing one, which the loop above would not: their answers are dropped).
    const rows: number[] = [];
    const list: (string | Buffer)[] = [];
    for (let j = i; j < n; j++) {
      if (!checked(j)) continue;
      rows.push(j);
      list.push(pathOf(j));
    }
    const seen = await statDirs(list);
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k]!;
      if (r !== 0 && missing[parent[r]!] === 1) {
        missing[r] = 1;
        continue;
      }
      dirs++;
      const state = seen.state[k]!;
      if (state === UNSEEN || state === FAILED) {
        // Stat it again here: an error is then thrown as the loop above would have thrown it.
        const f = lstatFields(list[k]!);
        if (f === undefined) judge(r, GONE, 0, 0, 0);
        else judge(r, isDir(f) ? IS_DIR : NOT_DIR, f[INO]!, mtimeMs(f), ctimeMs(f));
      } else judge(r, state, seen.ino[k]!, seen.mtime[k]!, seen.ctime[k]!);
    }
  }
  let changed = 0;
  for (let j = 0; j < n; j++) if (stale[j] === 1 && missing[j] === 0) changed++;
  return { stale, changed, dirs };
}

/**
 * A new catalog from the saved one: unchanged directories' children are
 * copied from it, stale directories are read again, and folders that are new
 * (or were not directories before) are walked whole. One thread: the work is
 * the changed part only.
 */
function rebuild(old: Catalog, stale: Uint8Array, root: string, o: ScanOptions): Catalog {
  const rootStat = fs.lstatSync(root);
  const cols = new Columns();
  const names = new NameTable();
  const errors: ScanError[] = [];
  const ctx: WalkContext = {
    cols,
    names,
    errors,
    rootDev: rootStat.dev,
    crossDevices: o.crossDevices ?? false,
    skipAtRoot: new Set([QUARANTINE, ...(o.skip ?? [])]),
    nameTag: 0,
  };
  cols.setRoot(rootStat);
  const nameMap = new Int32Array(old.names.length).fill(-1);
  const newName = (oldId: number): number => {
    let id = nameMap[oldId]!;
    if (id < 0) {
      const raw = old.rawNames.get(oldId);
      id = raw === undefined ? names.id(old.names[oldId]!) : names.rawId(raw);
      nameMap[oldId] = id;
    }
    return id;
  };
  // Old errors in folders that are not read again still hold.
  const staleRel = new Set<string>();
  for (let i = 0; i < old.length; i++) if (stale[i] === 1) staleRel.add(old.path(i));
  for (const e of old.errors) {
    const dir = e.path.includes('/') ? e.path.slice(0, e.path.lastIndexOf('/')) : '';
    if (!staleRel.has(dir) && !staleRel.has(e.path)) errors.push(e);
  }

  // Folders to fill: new row, old row (or -1: not in the saved index), path, relative path.
  const todo: { row: number; old: number; abs: string | Buffer; rel: string }[] = [{ row: 0, old: 0, abs: root, rel: '' }];
  while (todo.length > 0) {
    const t = todo.pop()!;
    if (t.old < 0) {
      // New to the index: walk it whole.
      walk(ctx, t.abs, t.row, t.rel);
      continue;
    }
    if (stale[t.old] === 0) {
      // Unchanged: its live children, as saved.
      const kids = old.children(t.old);
      const base = cols.alloc(kids.length);
      cols.firstChild[t.row] = base;
      cols.childCount[t.row] = kids.length;
      for (let k = 0; k < kids.length; k++) {
        const c = kids[k]!;
        const i = base + k;
        cols.parent[i] = t.row;
        cols.kind[i] = old.kind[c]!;
        cols.size[i] = old.size[c]!;
        cols.mtime[i] = old.mtime[c]!;
        cols.ctime[i] = old.ctime[c]!;
        cols.dev[i] = old.dev[c]!;
        cols.ino[i] = old.ino[c]!;
        cols.nlink[i] = old.nlink[c]!;
        cols.nameId[i] = newName(old.nameId[c]!);
        cols.firstChild[i] = 0;
        cols.childCount[i] = 0;
        if (old.kind[c] === DIR && (ctx.crossDevices || old.dev[c] === ctx.rootDev)) {
          todo.push({ row: i, old: c, abs: childAbs(t.abs, old, c), rel: t.rel === '' ? old.name(c) : `${t.rel}/${old.name(c)}` });
        }
      }
      continue;
    }
    // Changed: read it again, and match its folders to the saved ones by name and inode.
    const next: PendingDirs = { abs: [], index: [], rel: [] };
    if (t.row === 0) {
      // The root keeps its fresh stat from above.
    } else {
      const st = fs.lstatSync(t.abs, { throwIfNoEntry: false });
      if (st !== undefined) {
        cols.mtime[t.row] = st.mtimeMs;
        cols.ctime[t.row] = st.ctimeMs;
        cols.size[t.row] = st.size;
        cols.nlink[t.row] = st.nlink;
      }
    }
    readDir(ctx, t.abs, t.row, t.rel, next);
    const before = new Map<string, number>();
    for (const c of old.children(t.old)) if (old.kind[c] === DIR) before.set(old.name(c), c);
    for (let k = 0; k < next.abs.length; k++) {
      const row = next.index[k]!;
      const was = before.get(names.names[cols.nameId[row]!]!);
      const same = was !== undefined && old.ino[was] === cols.ino[row];
      todo.push({ row, old: same ? was : -1, abs: next.abs[k]!, rel: next.rel[k]! });
    }
  }
  cols.compact();
  return new Catalog(old.root, cols, names, errors);
}

function childAbs(parentAbs: string | Buffer, cat: Catalog, c: number): string | Buffer {
  const raw = cat.rawNames.get(cat.nameId[c]!);
  if (raw === undefined && typeof parentAbs === 'string') return `${parentAbs}/${cat.name(c)}`;
  const p = typeof parentAbs === 'string' ? Buffer.from(parentAbs) : parentAbs;
  return Buffer.concat([p, Buffer.from('/'), raw ?? Buffer.from(cat.name(c))]);
}

/** When the catalog's folders were last known to match the disk (for a save after a change). */
export function markChecked(cat: Catalog, at: number): void {
  checkedAt.set(cat, at - CLOCK_SLACK_MS);
}

/** One line for the banner: `index from 2026-11-28 14:02; 3 folders changed since, read again`. */
export function describeIndex(info: IndexInfo): string {
  if (info.source === 'scanned') return info.note ?? 'index scanned now';
  const d = info.savedAt;
  const two = (x: number): string => String(x).padStart(2, '0');
  const when = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  if (!info.checked) return `index from ${when}, not checked (--no-check); refresh() scans again`;
  if (info.changed === 0) return `index from ${when}; no folder changed since`;
  return `index from ${when}; ${info.changed.toLocaleString('en-US')} folder${info.changed === 1 ? '' : 's'} changed since, read again`;
}
