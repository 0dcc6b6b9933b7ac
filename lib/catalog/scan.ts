// Walks a root into a Catalog: lstat only, symlinks recorded and never
// followed, one filesystem unless asked, every error collected.
//
// Perf: a plain readdir+lstat walk in Node is about 1.4x GNU find. The walk is
// split into subtrees that the main thread and worker threads claim through a
// Share, which also moves folders from a busy walker to an idle one, so both
// cores stat at once until the end. All of them write rows straight into
// shared columns; workers send back only their names and errors.
import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { Catalog } from './catalog.ts';
import { Columns, HOLE, type ColumnBuffers } from './columns.ts';
import { NameTable, escapeName } from './names.ts';
import { readDir, walkShared, walkTask, type PendingDirs, type WalkContext } from './walk.ts';
import { Share, type ScanTask, type ShareBuffers } from './share.ts';
import { workerSource, defaultWorkers, ProgressLine, withDefaults } from '../shared/index.ts';
import { DIR, QUARANTINE, type ScanError, type ScanOptions } from '../types.ts';

export interface WorkerInit {
  readonly tasks: readonly ScanTask[];
  readonly buffers: ColumnBuffers;
  readonly share: ShareBuffers;
  /** One slot a worker: 0 until it starts, then started or cancelled. */
  readonly state: SharedArrayBuffer;
  readonly stateSlot: number;
  readonly nameTag: number;
  readonly rootDev: number;
  readonly crossDevices: boolean;
  /** Tests only: boot, claim nothing, send nothing. */
  readonly idle?: boolean;
}

export interface WorkerResult {
  readonly names: readonly string[];
  readonly raw: readonly (readonly [number, Uint8Array])[];
  readonly errors: readonly ScanError[];
}

/** How many scans have run in this process: lets tests prove a rescan did not happen. */
export let scanCount = 0;
/** Scan worker threads started in this process: lets tests prove a small tree started none. */
export let workersStarted = 0;
/** Folders one walker handed to another in this process: lets tests prove the sharing ran. */
export let foldersShared = 0;

/**
 * For tests only: force the worker races that timing rarely shows.
 * `idle`: workers (0-based) that boot but never claim a task, as if they booted after the work was done;
 * `mainWaits`: the main thread claims no task until every other worker has started;
 * `handOver`: the main thread holds the first task until a worker waits for work, so folders must change hands (with `workersAfter: 0`, the root is the one task).
 */
export const scanTestHooks: { idle?: readonly number[]; mainWaits?: boolean; handOver?: boolean } = {};

const CANCELLED = 2;
/** Entries the main thread reads alone before it shares the walk with workers. */
const START_WORKERS_AFTER = 4000;
// Name ids carry the walker that wrote them in their top 4 bits until the end of the scan.
const TAG_SHIFT = 28;
const LOCAL_ID = (1 << TAG_SHIFT) - 1;

/** Scans `root` (an absolute path to a directory) into a Catalog. */
export async function scan(root: string, options: ScanOptions = {}): Promise<Catalog> {
  scanCount++;
  const opts = withDefaults({ crossDevices: false, workers: defaultWorkers(true), workersAfter: START_WORKERS_AFTER, progress: process.stderr.isTTY === true, skip: [] as readonly string[] }, options);
  const rootStat = fs.lstatSync(root);
  const cols = new Columns();
  const names = new NameTable();
  const errors: ScanError[] = [];
  cols.setRoot(rootStat);

  const progress = opts.progress ? progressLine(cols) : undefined;
  const ctx: WalkContext = {
    cols,
    names,
    errors,
    rootDev: rootStat.dev,
    crossDevices: opts.crossDevices,
    skipAtRoot: new Set([QUARANTINE, ...opts.skip]),
    nameTag: 0,
    tick: progress === undefined ? undefined : () => progress.tick(),
  };

  // Perf: walk here first, breadth first, and start workers only when the tree
  // turns out big: a worker costs ~20 ms and ~9 MB to start, which a small tree
  // never earns back. Past START_WORKERS_AFTER entries, the pending folders
  // (8 to 32 a walker) are shared out as tasks. With workersAfter 0 (a tree
  // known to be big), workers start at once: the root is the one task, and
  // they are handed folders while they boot and the main thread walks.
  const queue: PendingDirs = { abs: [root], index: [0], rel: [''] };
  let head = 0;
  let read = 0;
  const walkers = opts.workers + 1;
  while (head < queue.abs.length) {
    // Finer tasks (32 a walker) balance better; past 4x the threshold, 8 a walker will do.
    const enough = (read < 4 * opts.workersAfter ? 32 : 8) * walkers;
    if (opts.workers > 0 && (opts.workersAfter === 0 || (read >= opts.workersAfter && queue.abs.length - head >= enough))) break;
    read += readDir(ctx, queue.abs[head]!, queue.index[head]!, queue.rel[head]!, queue);
    head++;
    ctx.tick?.();
    if (opts.workers === 0) break;
  }
  // Perf: the biggest subtrees first (a folder's link count is 2 + its subfolders), so that no walker
  // is left with one big subtree at the end while the others idle.
  const order = Array.from({ length: queue.abs.length - head }, (_, k) => head + k);
  if (opts.workers > 0) order.sort((x, y) => cols.nlink[queue.index[y]!]! - cols.nlink[queue.index[x]!]! || cols.size[queue.index[y]!]! - cols.size[queue.index[x]!]!);
  const level: PendingDirs = { abs: order.map((k) => queue.abs[k]!), index: order.map((k) => queue.index[k]!), rel: order.map((k) => queue.rel[k]!) };
  // Nothing left to share: the walk is done, and no worker starts.
  const workerCount = level.abs.length === 0 ? 0 : opts.workers;

  const tasks: ScanTask[] = level.abs.map((abs, k) => ({ abs, index: level.index[k]!, rel: level.rel[k]! }));
  const share = Share.create(tasks);
  const state = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, workerCount)));
  const held = scanTestHooks.handOver === true ? share.claim() : undefined;
  const workers: Worker[] = [];
  const results: Promise<WorkerResult | null>[] = [];
  const idle = new Set(scanTestHooks.idle ?? []);
  for (let w = 0; w < workerCount; w++) {
    const init: WorkerInit = {
      tasks,
      buffers: cols.buffers,
      share: share.buffers,
      state: state.buffer as SharedArrayBuffer,
      stateSlot: w,
      nameTag: (w + 1) << TAG_SHIFT,
      rootDev: rootStat.dev,
      crossDevices: opts.crossDevices,
      ...(idle.has(w) ? { idle: true } : {}),
    };
    workersStarted++;
    const worker = new Worker(workerSource(new URL('./scan-worker.ts', import.meta.url)), { eval: true, workerData: init });
    workers.push(worker);
    results.push(new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    }));
  }
  if (scanTestHooks.mainWaits === true) {
    while (Array.from(state.subarray(0, workerCount)).some((s, w) => s === 0 && !idle.has(w))) await new Promise((r) => setTimeout(r, 5));
  }
  // The main thread walks too, claiming subtrees from the same Share.
  try {
    if (held !== undefined) {
      for (let k = 0; k < 1000 && !share.wanted; k++) await new Promise((r) => setTimeout(r, 5));
      walkTask(ctx, held, share);
    }
    walkShared(ctx, share);
  } catch (e) {
    for (const w of workers) void w.terminate();
    throw e;
  }
  // Each result travels with its worker's tag: a cancelled worker has none, so positions do not line up.
  const pending: Promise<TaggedResult>[] = [];
  for (let w = 0; w < workers.length; w++) {
    if (Atomics.compareExchange(state, w, 0, CANCELLED) === 0) void workers[w]!.terminate();
    else pending.push(results[w]!.then((result) => ({ tag: w + 1, result })));
  }
  const timer = progress === undefined ? undefined : setInterval(() => progress.tick(), 200);
  let done: TaggedResult[];
  try {
    done = await Promise.all(pending);
  } finally {
    if (timer !== undefined) clearInterval(timer);
    for (const w of workers) void w.terminate();
  }
  progress?.done();
  foldersShared += share.given;
  renumberNames(cols, names, done);
  for (const { result } of done) if (result !== null) errors.push(...result.errors);
  dropRepeatedFolders(cols, names, errors);
  cols.compact();
  return new Catalog(root, cols, names, errors);
}

/** A worker's result with the tag its name ids carry (worker w has tag w + 1). */
interface TaggedResult {
  readonly tag: number;
  readonly result: WorkerResult | null;
}

/** Moves every worker's names into the main table and rewrites the tagged ids, by each result's tag. */
function renumberNames(cols: Columns, names: NameTable, results: readonly TaggedResult[]): void {
  // Perf: indexed by tag, not a Map: the row pass below looks one up for each of a million rows.
  const byTag: (Uint32Array | undefined)[] = [];
  for (const { tag, result: r } of results) {
    if (r === null) continue;
    const rawIds = new Map(r.raw);
    const map = new Uint32Array(r.names.length);
    for (let k = 0; k < r.names.length; k++) {
      const raw = rawIds.get(k);
      map[k] = raw === undefined ? names.id(r.names[k]!) : names.rawId(Buffer.from(raw));
    }
    byTag[tag] = map;
  }
  if (byTag.length === 0) return;
  const { nameId, kind } = cols;
  const n = cols.length;
  for (let i = 1; i < n; i++) {
    const id = nameId[i]!;
    const tag = id >>> TAG_SHIFT;
    if (tag === 0 || kind[i] === HOLE) continue;
    const map = byTag[tag];
    if (map === undefined) throw new Error(`scan: row ${i} was written by worker ${tag}, whose names never came back`);
    nameId[i] = map[id & LOCAL_ID]!;
  }
}

/**
 * A folder seen twice under two paths (a bind mount of a sibling) is the same
 * folder: the first in path order keeps its contents; the other stays as an
 * entry, its contents are dropped (made holes), and the repeat is recorded.
 * Loops onto an ancestor are stopped during the walk; this catches the rest,
 * across walkers.
 */
function dropRepeatedFolders(cols: Columns, names: NameTable, errors: ScanError[]): void {
  const n = cols.length;
  const { kind, dev, ino, parent } = cols;
  const first = new Map<number, Map<number, number>>();
  const repeats: number[][] = [];
  const groupOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (kind[i] !== DIR) continue;
    let byIno = first.get(dev[i]!);
    if (byIno === undefined) first.set(dev[i]!, (byIno = new Map()));
    const seen = byIno.get(ino[i]!);
    if (seen === undefined) {
      byIno.set(ino[i]!, i);
      continue;
    }
    let g = groupOf.get(seen);
    if (g === undefined) {
      g = [seen];
      groupOf.set(seen, g);
      repeats.push(g);
    }
    g.push(i);
  }
  if (repeats.length === 0) return;
  const pathOf = (i: number): string => {
    const parts: string[] = [];
    for (let j = i; j !== 0; j = parent[j]!) {
      const id = cols.nameId[j]!;
      const raw = names.raw.get(id);
      parts.push(raw === undefined ? names.names[id]! : escapeName(raw));
    }
    return parts.reverse().join('/');
  };
  // Loops onto an ancestor were recorded (and not entered) by the walk.
  const recorded = new Set(errors.filter((e) => e.code === 'ELOOP').map((e) => e.path));
  const depth = (i: number): number => {
    let d = 0;
    for (let j = i; j !== 0; j = parent[j]!) d++;
    return d;
  };
  const candidates: { i: number; p: string; keep: { i: number; p: string } }[] = [];
  for (const g of repeats) {
    const keyed = g.map((i) => ({ i, p: pathOf(i) })).sort((a, b) => (a.i === 0 ? -1 : b.i === 0 ? 1 : a.p < b.p ? -1 : a.p > b.p ? 1 : 0));
    for (const r of keyed.slice(1)) if (!recorded.has(r.p)) candidates.push({ ...r, keep: keyed[0]! });
  }
  candidates.sort((x, y) => depth(x.i) - depth(y.i));
  const dropped = new Set<number>();
  const drop = new Uint8Array(n);
  for (const { i, p, keep } of candidates) {
    let under = false;
    for (let j = parent[i]!; j !== 0 && !under; j = parent[j]!) under = dropped.has(j);
    // A repeat inside a dropped folder goes with it.
    if (under) continue;
    dropped.add(i);
    errors.push({ path: p, code: 'ELOOP', message: `file system loop: the same folder (device and inode) as ${keep.i === 0 ? 'the root' : keep.p}; not entered` });
    // The folder itself stays, as an entry; what lies below it goes.
    const start = cols.firstChild[i]!;
    const end = start + cols.childCount[i]!;
    for (let k = start; k < end; k++) drop[k] = 2;
  }
  // Children follow their parents' rows: one forward pass carries the drop down.
  for (let i = 1; i < n; i++) {
    if (drop[i] !== 2 && drop[parent[i]!] !== 2) continue;
    drop[i] = 2;
    if (kind[i] !== HOLE) cols.hole(i);
  }
}

/** The scan's progress line: entries so far and the rate. */
function progressLine(cols: Columns): ProgressLine {
  return new ProgressLine((ms) => {
    const n = cols.length;
    // The first tick can come in the scan's first millisecond (the main thread walks from the start).
    const rate = Math.round(n / (Math.max(1, ms) / 1000));
    return `scanning… ${n.toLocaleString('en-US')} entries (${rate.toLocaleString('en-US')}/s)`;
  }, 150);
}
