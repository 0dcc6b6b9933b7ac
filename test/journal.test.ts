// The write-ahead journal: a removal killed at any step (between a move and
// its line, in the middle of a cross-device copy) is found again, and undo
// until nothing is left gives back the original tree, byte-identical. A
// damaged journal is reported by line number and never deleted while it
// still describes something held.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { QUARANTINE, openArchive, type Archive } from '../lib/index.ts';
import { snapshot, tree, type Spec } from './_tree.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const CHILD = path.join(import.meta.dirname, '_remove-child.ts');
const JOURNAL = '.rummage-journal.jsonl';
const NOW = { delete: true, countdown: 0 } as const;

const SPEC: Spec = {
  a: { 'x~': 'x', sub: { 'y.txt': 'yy', deep: { z: 'zzz', empty: {} } }, link: { symlink: '../c~' } },
  b: { 'w~': 'w', keep: 'keep me' },
  'c~': 'ccc',
};
const ITEMS = ['a', 'b/w~', 'c~'];

function disk(root: string): Map<string, string> {
  return new Map([...snapshot(root)].filter(([k]) => k !== QUARANTINE && !k.startsWith(`${QUARANTINE}/`)));
}

/** Opens the archive, collecting what it says while opening and after. */
async function open(root: string): Promise<Archive & { said: string[] }> {
  const said: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string): boolean => said.push(String(chunk).trimEnd()) > 0) as typeof process.stderr.write;
  try {
    const a = await openArchive(root, { progress: false, workers: 0 });
    return Object.assign(a, { said, say: (m: string) => void said.push(m) });
  } finally {
    process.stderr.write = write;
  }
}

function setTimes(root: string): void {
  let t = Date.UTC(2015, 0, 1) / 1000;
  const walk = (d: string): void => {
    for (const n of fs.readdirSync(d)) {
      const p = path.join(d, n);
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p);
      fs.lutimesSync(p, t, t);
      t += 3600;
    }
  };
  walk(root);
}

/** Undo until nothing is left; at most 10 rounds. */
async function undoAll(a: Archive): Promise<void> {
  for (let k = 0; k < 10; k++) {
    const u = await a.undo();
    if (u.name === undefined) return;
  }
  assert.fail(`undo() did not finish: ${String(a.trash())}`);
}

const CRASHES: [string, number, boolean][] = [
  ...['begin:1', 'intent:1', 'mkdir:1', 'moved:1', 'done:1', 'intent:2', 'moved:2', 'done:2', 'intent:3', 'mkdir:3', 'moved:3', 'done:3'].map((s): [string, number, boolean] => [s.split(':')[0]!, Number(s.split(':')[1]), false]),
  // Across devices: in the middle of the copy, after it verified, in the middle of deleting the original.
  ...[1, 2, 3, 5, 7].map((n): [string, number, boolean] => ['copy', n, true]),
  ...[1, 2].map((n): [string, number, boolean] => ['copied', n, true]),
  ...[1, 2, 4, 7, 9].map((n): [string, number, boolean] => ['unlink', n, true]),
  ['moved', 1, true],
];

test(`case 2: a removal killed (SIGKILL) at each of ${CRASHES.length} steps; undo until nothing is left gives the tree back byte-identical`, async () => {
  for (const [step, n, exdev] of CRASHES) {
    const where = `${step}:${n}${exdev ? ' (cross-device)' : ''}`;
    const root = tree(SPEC);
    setTimes(root);
    const before = disk(root);
    const env = { ...process.env, RUMMAGE_CRASH_AT: `${step}:${n}`, ...(exdev ? { RUMMAGE_TEST_EXDEV: '1' } : {}) };
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, root, 'remove', ...ITEMS], { env, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', `${where}: the child should have been killed: ${r.stderr}`);
    const a = await open(root);
    const list = a.trash();
    if (list.removals.some((x) => x.attention !== undefined)) {
      assert.ok(a.said.some((m) => /holds an interrupted removal/.test(m)), `${where}: opening should say so: ${a.said.join(' | ')}`);
    }
    if (step === 'moved') {
      // The item moved, its outcome line never came: trash() still lists it, as needing attention.
      assert.match(list.removals.at(-1)!.attention ?? '', /1 interrupted move/, where);
    }
    await undoAll(a);
    assert.deepEqual(disk(root), before, where);
    assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false, `${where}: ${fs.existsSync(path.join(root, QUARANTINE)) ? fs.readdirSync(path.join(root, QUARANTINE)).join(',') : ''}`);
    assert.equal(a.find('**').length, (await openArchive(root, { progress: false, workers: 0 })).find('**').length, `${where}: the index is true to the disk`);
  }
});

test('case 2: an undo killed part way (SIGKILL after the first and the second item) is finished by the next undo', async () => {
  for (const n of [1, 2]) {
    const root = tree(SPEC);
    setTimes(root);
    const before = disk(root);
    const a = await open(root);
    await a.remove(ITEMS, NOW);
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, root, 'undo'], { env: { ...process.env, RUMMAGE_CRASH_AT: `restored:${n}` }, encoding: 'utf8' });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    const b = await open(root);
    await undoAll(b);
    assert.deepEqual(disk(root), before, `restored:${n}`);
    assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
  }
});

test('case 2: entries in a removal folder with no journal line at all are listed by trash() and put back by undo()', async () => {
  const root = tree({ proj: { '.venv': { 'pyvenv.cfg': 'cfg', bin: { python: 'py' } }, 'main.py': 'print()' } });
  setTimes(root);
  const before = disk(root);
  const a = await open(root);
  const r = await a.remove(['proj/.venv'], NOW);
  // As if the lines were lost (a power cut before they reached the disk).
  fs.writeFileSync(`${root}/${r.quarantine}/${JOURNAL}`, '');
  const b = await open(root);
  assert.ok(b.said.some((m) => /interrupted removal .*1 entry with no journal line/.test(m)), b.said.join(' | '));
  assert.equal(b.trash().removals.length, 1);
  await undoAll(b);
  assert.equal(fs.readFileSync(`${root}/proj/.venv/bin/python`, 'utf8'), 'py');
  const after = disk(root);
  for (const [k, v] of before) if (!v.startsWith('dir ')) assert.equal(after.get(k), v, k);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});

test('case 7: a truncated or garbled journal line is reported by number; its item stays listed and held; the journal stays', async () => {
  const root = tree({ 'a~': 'a', 'b~': 'b', 'c~': 'c' });
  const a = await open(root);
  const r = await a.remove(['a~', 'b~', 'c~'], NOW);
  const file = `${root}/${r.quarantine}/${JOURNAL}`;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // Line 3 (b~'s intent) garbled, and the last line cut off mid-write.
  lines[2] = lines[2]!.slice(0, 20) + '#garbage';
  fs.writeFileSync(file, lines.join('\n').replace(/\n$/, '').slice(0, -5));
  const list = a.trash();
  assert.match(list.removals[0]!.attention ?? '', /journal line 3 garbled/);
  assert.match(list.removals[0]!.attention ?? '', /journal line 6 truncated/);
  assert.match(String(list), /needs attention/);
  // Something in b~'s place: b~ (found only by the walk) stays held, and so does the journal.
  fs.writeFileSync(`${root}/b~`, 'new');
  const u = await a.undo();
  assert.ok(u.restored.includes('a~'));
  assert.deepEqual(u.damaged.map((d) => d.lineNo), [3, 4, 6]);
  assert.match(String(u), /line 3 is garbled/);
  assert.ok(u.incomplete);
  assert.ok(fs.existsSync(file), 'the journal stays while it describes anything held');
  assert.match(String(a.trash()), /needs attention/);
  // With the place free, b~ comes back; the damaged journal stays listed until purge() deletes it.
  fs.unlinkSync(`${root}/b~`);
  await a.undo(r.name);
  assert.equal(fs.readFileSync(`${root}/b~`, 'utf8'), 'b');
  assert.match(String(a.trash()), /needs attention/);
  assert.deepEqual((await a.purge(NOW)).purged, [r.name]);
  assert.equal(fs.existsSync(path.join(root, QUARANTINE)), false);
});
