// A hash worker: reads and hashes the batches the main thread sends, one at a
// time, and sends each result back. The main thread terminates it when done.
import { parentPort, workerData } from 'node:worker_threads';
import { Batch, FileHasher, Paths, type BatchMessage, type PathSource } from './io.ts';

const hasher = new FileHasher(Paths.shared(workerData as PathSource));
parentPort!.on('message', ({ id, n, buffer }: BatchMessage) => {
  const report = hasher.run(new Batch(buffer, n));
  // The buffer goes back, results and all, without a copy.
  parentPort!.postMessage({ id, n, buffer, report } satisfies BatchMessage, [buffer]);
});
parentPort!.postMessage('ready');
