// One writer per archive: a second writer (another process) waits a short
// while, then refuses in one line naming the holder; a stale lock is taken
// over with a note; two concurrent keep() calls never remove both copies.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUARANTINE, openArchive } from '../lib/index.ts';
import { bytes } from './_dupe-tree.ts';
import { snapshot, tree } from './_tree.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const CHILD = path.join(import.meta.dirname, '_remove-child.ts');
const LOCK = '.rummage-lock';

function child(root: string, args: string[], env: Record<string, string> = {}): { p: ChildProcess; done: Promise<{ code: number | null; out: string; err: string }> } {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, root, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout!.on('data', (d) => (out += d));
  p.stderr!.on('data', (d) => (err += d));
  return { p, done: new Promise((resolve) => p.on('exit', (code) => resolve({ code, out, err }))) };
}

async function until(what: () => boolean, ms = 10_000): Promise<void> {
  for (const end = Date.now() + ms; !what(); await sleep(20)) if (Date.now() > end) assert.fail('timed out waiting');
}

test('case 3: a second writer (another process) waits, then refuses in one line naming the holder: pid, host, what, since', async () => {
  const root = tree({ 'a~': 'a', 'b~': 'b' });
  const before = snapshot(root);
  // The first process holds the lock for 6 s, paused after its first intent line.
  const first = child(root, ['remove', 'a~', 'b~'], { RUMMAGE_PAUSE_AT: 'intent:1:6000' });
  await until(() => fs.existsSync(path.join(root, QUARANTINE, LOCK)));
  const t0 = Date.now();
  const second = spawnSync(process.execPath, ['--import', 'tsx', CHILD, root, 'undo'], { env: { ...process.env, RUMMAGE_LOCK_WAIT_MS: '400' }, encoding: 'utf8' });
  assert.equal(second.status, 2, second.stderr);
  const line = second.stderr.trim();
  assert.equal(line.split('\n').length, 1, line);
  assert.match(line, new RegExp(`is busy: another rummage is changing it, pid ${first.p.pid} on ${os.hostname()} \\(removing 2 items, since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC\\)`));
  assert.ok(Date.now() - t0 >= 400);
  const r = await first.done;
  assert.equal(r.code, 0, r.err);
  assert.deepEqual((JSON.parse(r.out) as { removed: string[] }).removed, ['a~', 'b~']);
  // Once it is done, the next writer goes ahead; readers never waited.
  const a = await openArchive(root, { progress: false, workers: 0 });
  a.say = () => {};
  await a.undo();
  assert.deepEqual(snapshot(root), before);
});

test('case 3: a second writer that waits while the first finishes goes ahead', async () => {
  const root = tree({ 'a~': 'a', keep: 'k' });
  const first = child(root, ['remove', 'a~'], { RUMMAGE_PAUSE_AT: 'intent:1:600' });
  await until(() => fs.existsSync(path.join(root, QUARANTINE, LOCK)));
  const second = child(root, ['undo'], { RUMMAGE_LOCK_WAIT_MS: '8000' });
  const [r1, r2] = await Promise.all([first.done, second.done]);
  assert.equal(r1.code, 0, r1.err);
  assert.equal(r2.code, 0, r2.err);
  assert.equal(fs.readFileSync(path.join(root, 'a~'), 'utf8'), 'a');
});

test('case 3: a stale lock (its holder is dead) is taken over, with a note', async () => {
  const root = tree({ 'a~': 'a' });
  const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
  fs.mkdirSync(path.join(root, QUARANTINE));
  fs.writeFileSync(path.join(root, QUARANTINE, LOCK), JSON.stringify({ pid: dead, host: os.hostname(), what: 'removing 9 items', since: '2020-01-01T00:00:00.000Z' }));
  const a = await openArchive(root, { progress: false, workers: 0 });
  const said: string[] = [];
  a.say = (m) => void said.push(m);
  const r = await a.remove(['a~'], { delete: true, countdown: 0 });
  assert.equal(r.removed.length, 1);
  assert.ok(said.some((m) => m.startsWith(`Took over a stale lock on ${a.name}: pid ${dead} on ${os.hostname()} (removing 9 items, since 2020-01-01 00:00:00 UTC) is gone.`)), said.join(' | '));
  assert.equal(fs.existsSync(path.join(root, QUARANTINE, LOCK)), false);
});

test('case 3 and 4: two concurrent keep() calls (two processes) keeping different copies: one copy always survives', async () => {
  const ALBUM = { 'IMG_0001.JPG': bytes(1, 3000), 'IMG_0002.JPG': bytes(2, 5000) };
  const root = tree({ a: ALBUM, b: ALBUM });
  // Contents and modes (each tree was written at its own time).
  const contents = (dir: string): string[] => [...snapshot(dir)].map(([k, v]) => `${k} ${v.replace(/ \d+$/, '')}`);
  const copy = contents(path.join(root, 'a'));
  const env = { COUNTDOWN: '0.5', RUMMAGE_LOCK_WAIT_MS: '8000' };
  const one = child(root, ['keep', 'a'], env);
  const two = child(root, ['keep', 'b'], env);
  const [r1, r2] = await Promise.all([one.done, two.done]);
  // Each either kept its copy or, started after the other had finished, found no group left (exit 2).
  for (const r of [r1, r2]) assert.ok(r.code === 0 || (r.code === 2 && /no duplicate group left/.test(r.err)), r.err);
  assert.ok(r1.code === 0 || r2.code === 0, `${r1.err}\n${r2.err}`);
  const left = ['a', 'b'].filter((d) => fs.existsSync(path.join(root, d)));
  assert.equal(left.length, 1, `copies left: ${left.join(', ')}`);
  assert.deepEqual(contents(path.join(root, left[0]!)), copy);
  const skipped = [r1, r2].flatMap((r) => (JSON.parse(r.out) as { skipped: { reason: string }[] }).skipped);
  assert.match(skipped[0]!.reason, /its copy .* (is gone|has been removed)/);
});

test('case 4: keep() checks again just before the move: a kept copy changed after the plan stops its item', async () => {
  const ALBUM = { 'IMG_0001.JPG': bytes(1, 3000) };
  const root = tree({ a: ALBUM, b: ALBUM });
  const f = path.join(root, 'a', 'IMG_0001.JPG');
  // Whole seconds, so that putting the mtime back is exact.
  fs.utimesSync(f, 1_500_000_000, 1_500_000_000);
  const a = await openArchive(root, { progress: false, workers: 0 });
  const said: string[] = [];
  a.say = (m) => void said.push(m);
  const [g] = (await a.groupDupes()).groups;
  const going = a.keep(g!, 'a', { delete: true, countdown: 0.3 });
  await sleep(50);
  // Rewritten during the countdown, with its size and mtime put back: only reading it tells.
  const data = fs.readFileSync(f);
  data[0] = data[0]! ^ 1;
  fs.writeFileSync(f, data);
  fs.utimesSync(f, 1_500_000_000, 1_500_000_000);
  const r = await going;
  assert.deepEqual(r.removed, []);
  assert.match(r.skipped[0]!.reason, /no longer matches its copy a\/IMG_0001.JPG byte for byte/);
  assert.ok(fs.existsSync(path.join(root, 'b', 'IMG_0001.JPG')));
});
