// A scan worker: claims subtrees from a shared counter, walks each into its
// own columns, and posts them back once the queue is empty.
import { Buffer } from 'node:buffer';
import { parentPort, workerData } from 'node:worker_threads';
import { Columns, NameTable } from './catalog.ts';
import { walk, type WalkContext } from './_walk.ts';
import type { ScanError } from './types.ts';
import type { ScanTask, WorkerInit, WorkerResult } from './scan.ts';

const init = workerData as WorkerInit;
const state = new Int32Array(init.shared);
const STARTED = 1;

// The main thread may have finished every task before this worker booted; it
// then marks this worker cancelled and does not wait for it.
if (Atomics.compareExchange(state, init.stateSlot, 0, STARTED) === 0) {
  const cols = new Columns();
  const names = new NameTable();
  const errors: ScanError[] = [];
  const ctx: WalkContext = {
    cols,
    names,
    errors,
    rootDev: init.rootDev,
    crossDevices: init.crossDevices,
    skipAtRoot: new Set(),
    progress: state,
    progressSlot: init.progressSlot,
  };
  const taskRows: number[] = [];
  for (;;) {
    const t = Atomics.add(state, 0, 1);
    if (t >= init.tasks.length) break;
    const task: ScanTask = init.tasks[t]!;
    cols.reserve(1);
    const row = cols.length++;
    // A placeholder row for the task's directory, which the main thread already holds.
    cols.parent[row] = 0xffffffff;
    cols.nameId[row] = t;
    taskRows.push(row);
    // Buffers arrive as plain Uint8Arrays after the structured clone.
    walk(ctx, typeof task.abs === 'string' ? task.abs : Buffer.from(task.abs), row, task.rel);
  }
  const n = cols.length;
  const result: WorkerResult = {
    n,
    parent: cols.parent,
    kind: cols.kind,
    size: cols.size,
    mtime: cols.mtime,
    dev: cols.dev,
    ino: cols.ino,
    nlink: cols.nlink,
    nameId: cols.nameId,
    firstChild: cols.firstChild,
    childCount: cols.childCount,
    names: names.names,
    raw: [...names.raw],
    errors,
    taskRows,
  };
  parentPort!.postMessage(result, [
    result.parent.buffer as ArrayBuffer, result.kind.buffer as ArrayBuffer, result.size.buffer as ArrayBuffer, result.mtime.buffer as ArrayBuffer, result.dev.buffer as ArrayBuffer,
    result.ino.buffer as ArrayBuffer, result.nlink.buffer as ArrayBuffer, result.nameId.buffer as ArrayBuffer, result.firstChild.buffer as ArrayBuffer, result.childCount.buffer as ArrayBuffer,
  ]);
} else {
  parentPort!.postMessage(null);
}
