import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import { Share } from '../lib/catalog/share.ts';

/** The test's walker thread, bundled here: worker threads do not get the tsx loader. */
function walkerSource(): string {
  const out = buildSync({ entryPoints: [fileURLToPath(new URL('./_share-worker.ts', import.meta.url))], bundle: true, write: false, format: 'cjs', platform: 'node', target: 'node20' });
  return out.outputFiles[0]!.text;
}

async function until(ok: () => boolean): Promise<void> {
  for (let k = 0; k < 2000 && !ok(); k++) await new Promise((r) => setTimeout(r, 5));
  assert.ok(ok(), 'timed out');
}

test('Share: a walker that runs out of work waits, gets the folders a busy walker gives, byte-exact, and the walk ends when nobody holds work', async () => {
  const share = Share.create([{ abs: '/r/only', index: 1, rel: 'only' }]);
  const mine = share.claim();
  assert.deepEqual(mine, { abs: '/r/only', index: 1, rel: 'only' });
  assert.equal(share.wanted, false, 'nobody waits yet');
  const worker = new Worker(walkerSource(), { eval: true, workerData: { buffers: share.buffers, tasks: [{ abs: '/r/only', index: 1, rel: 'only' }] } });
  const got = new Promise<{ abs: string | number[]; index: number; rel: string }[]>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  // The list is taken: the worker waits, and says so.
  await until(() => share.wanted);
  const raw = Buffer.concat([Buffer.from('/r/only/caf'), Buffer.from([0xe9]), Buffer.from('/x')]);
  assert.equal(share.give(['/r/only/a b/é'], [7], ['only/a b/é'], 1), 1);
  await until(() => share.given === 1 && share.wanted);
  assert.equal(share.give([raw], [9], ['only/caf\\xE9/x'], 1), 1);
  await until(() => share.given === 2 && share.wanted);
  assert.equal(share.failed, false);
  // This walker finishes: nobody holds work, nothing waits to be taken, so the walk is over for both.
  share.release();
  assert.equal(share.claim(), undefined);
  assert.deepEqual(await got, [
    { abs: '/r/only/a b/é', index: 7, rel: 'only/a b/é' },
    { abs: [...raw], index: 9, rel: 'only/caf\\xE9/x' },
  ]);
  await worker.terminate();
});

test('Share: the starting list is handed out once, in order; given folders come after it, the last given first', () => {
  const tasks = [1, 2, 3].map((i) => ({ abs: `/r/t${i}`, index: i, rel: `t${i}` }));
  const share = Share.create(tasks);
  assert.equal(share.claim()?.index, 1);
  // The bottom of a walker's stack is its shallowest folder: given together, it is taken first.
  assert.equal(share.give(['/r/t1/x', '/r/t1/y', '/r/t1/z'], [10, 11, 12], ['t1/x', 't1/y', 't1/z'], 2), 2);
  assert.equal(share.give(['/r/t1/w'], [13], ['t1/w'], 1), 1);
  assert.equal(share.given, 3);
  share.release();
  assert.deepEqual([1, 2, 3, 4, 5].map(() => share.claim()?.index), [2, 3, 13, 10, 11]);
  for (let k = 0; k < 5; k++) share.release();
  assert.equal(share.claim(), undefined);
  assert.equal(share.give(['/r/late'], [12], ['late'], 1), 0, 'nothing is given once the walk is over');
});

test('Share: folders that do not fit are not given, and the stack given is always a prefix', () => {
  const share = Share.create([]);
  const long = `/r/${'x'.repeat(1_100_000)}`;
  assert.equal(share.give(['/r/a', long], [1, 2], ['a', 'long'], 2), 0, 'the second does not fit: neither goes, so what is given stays a prefix of the stack');
  assert.equal(share.give([long, '/r/b'], [2, 3], ['long', 'b'], 2), 0, 'the deeper one fits, the shallower not: the deeper one is taken back');
  assert.equal(share.give(['/r/a'], [1], ['a'], 1), 1);
  assert.equal(share.given, 1);
  assert.deepEqual(share.claim(), { abs: '/r/a', index: 1, rel: 'a' });
  share.release();
  assert.equal(share.claim(), undefined, 'nothing else was left in the mailbox');
});

test('Share: after a walker fails, the others stop and nobody waits', () => {
  const share = Share.create([{ abs: '/r/a', index: 1, rel: 'a' }, { abs: '/r/b', index: 2, rel: 'b' }]);
  assert.equal(share.claim()?.index, 1);
  share.fail();
  assert.equal(share.failed, true);
  assert.equal(share.claim(), undefined, 'the second task is not handed out');
});
