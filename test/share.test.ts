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
  assert.equal(share.give('/r/only/a b/é', 7, 'only/a b/é'), true);
  await until(() => share.given === 1 && share.wanted);
  assert.equal(share.give(raw, 9, 'only/caf\\xE9/x'), true);
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
  assert.equal(share.give('/r/t1/x', 10, 't1/x'), true);
  assert.equal(share.give('/r/t1/y', 11, 't1/y'), true);
  share.release();
  assert.deepEqual([share.claim()?.index, share.claim()?.index, share.claim()?.index, share.claim()?.index], [2, 3, 11, 10]);
  for (let k = 0; k < 4; k++) share.release();
  assert.equal(share.claim(), undefined);
  assert.equal(share.give('/r/late', 12, 'late'), false, 'nothing is given once the walk is over');
});

test('Share: after a walker fails, the others stop and nobody waits', () => {
  const share = Share.create([{ abs: '/r/a', index: 1, rel: 'a' }, { abs: '/r/b', index: 2, rel: 'b' }]);
  assert.equal(share.claim()?.index, 1);
  share.fail();
  assert.equal(share.failed, true);
  assert.equal(share.claim(), undefined, 'the second task is not handed out');
});
