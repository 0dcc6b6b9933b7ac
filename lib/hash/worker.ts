// A hash worker: reads and hashes the batches the main thread sends, one at a
// time, and sends each result back. The main thread terminates it when done.
import { parentPort, workerData } from 'node:worker_threads';
import { FileHasher, type Batch, type PathSource } from './io.ts';

const hasher = new FileHasher(workerData as PathSource);
parentPort!.on('message', (b: Batch) => {
  const r = hasher.run(b);
  parentPort!.postMessage(r, [r.status.buffer, r.hash.buffer, r.partial.buffer] as ArrayBuffer[]);
});
parentPort!.postMessage('ready');
