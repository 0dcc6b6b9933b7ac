// For test/share.test.ts: a walker on another thread that claims folders
// from a Share until the walk is over, and reports each one it got.
import { parentPort, workerData } from 'node:worker_threads';
import { Share, type ScanTask, type ShareBuffers } from '../lib/catalog/share.ts';

const { buffers, tasks } = workerData as { buffers: ShareBuffers; tasks: ScanTask[] };
const share = new Share(buffers, tasks);
const got: { abs: string | number[]; index: number; rel: string }[] = [];
for (let t = share.claim(); t !== undefined; t = share.claim()) {
  got.push({ abs: typeof t.abs === 'string' ? t.abs : [...t.abs], index: t.index, rel: t.rel });
  share.release();
}
parentPort!.postMessage(got);
