// remove() and undo() over a few hundred random small trees, seeded: whatever
// is removed, nothing else changes, and undo() puts the whole tree back as it
// was (names including non-UTF-8 ones, bytes, modes, mtimes, link targets).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { QUARANTINE, Selection, openArchive, type Removable } from '../lib/index.ts';
import { snapshot, tree } from './_tree.ts';

const RUNS = 300;
const SEED = 0x5eed;

/** mulberry32: a small, fixed-seed generator, so a failing run can be replayed. */
function generator(seed: number): { next: () => number; int: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)]! };
}

type Gen = ReturnType<typeof generator>;

const NAMES = ['a', 'venv', '__pycache__', 'notes.txt', 'IMG_0001.JPG', '.DS_Store', 'x.pyc', 'build', 'node_modules', 'Thumbs.db'];
const SLASH = Buffer.from('/');

function randomTime(g: Gen): number {
  return (Date.UTC(2005, 0, 1) + g.int(15 * 365 * 86400) * 1000 + g.int(1000)) / 1000;
}

/** Fills `dir` with random files, folders and links (some to outside the root), with random modes and times. */
function build(dir: Buffer, g: Gen, depth: number, outside: string, state: { raw: boolean }): void {
  const n = g.int(4) + (depth === 0 ? 2 : 0);
  for (let k = 0; k < n; k++) {
    let name = Buffer.from(`${g.pick(NAMES)}${k}`);
    if (!state.raw && g.next() < 0.3) {
      // 'caf\xe9N': Latin-1, not valid UTF-8.
      name = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x30 + k]);
      state.raw = true;
    }
    const p = Buffer.concat([dir, SLASH, name]);
    const roll = g.next();
    const t = randomTime(g);
    if (roll < 0.45) {
      fs.writeFileSync(p, Buffer.from(Array.from({ length: g.int(40) }, () => g.int(256))));
      fs.chmodSync(p, g.pick([0o644, 0o600, 0o755, 0o444]));
      fs.utimesSync(p, t, t);
    } else if (roll < 0.75 && depth < 3) {
      fs.mkdirSync(p);
      build(p, g, depth + 1, outside, state);
      fs.chmodSync(p, g.pick([0o755, 0o700, 0o750]));
      fs.utimesSync(p, t, t);
    } else {
      fs.symlinkSync(g.pick([outside, `${outside}/f.txt`, `${g.pick(NAMES)}0`, 'dangling', '../elsewhere']), p);
      fs.lutimesSync(p, t, t);
    }
  }
}

function keyOf(item: { path: string; pathBytes?: string }): string {
  return (item.pathBytes === undefined ? Buffer.from(item.path, 'utf8') : Buffer.from(item.pathBytes, 'base64')).toString('latin1');
}

test(`remove() then undo(): ${RUNS} seeded random trees; every unselected file identical, and after undo the whole tree`, async () => {
  const g = generator(SEED);
  const outside = tree({ 'f.txt': 'outside the root' });
  const outsideBefore = snapshot(outside);
  let rawRuns = 0;
  let removedTotal = 0;
  for (let run = 0; run < RUNS; run++) {
    const root = tree({});
    const state = { raw: false };
    build(Buffer.from(root), g, 0, outside, state);
    if (!state.raw) fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0xff, 0x41])]), 'raw');
    const before = snapshot(root);
    const a = await openArchive(root, { progress: false, workers: 0 });
    a.say = () => {};
    const total = a.count();
    const cat = a.catalog;
    const picks = new Set<number>();
    for (let k = 1 + g.int(4); k > 0; k--) picks.add(1 + g.int(cat.length - 1));
    const rows = [...picks].sort((x, y) => x - y);
    const what: Removable = g.next() < 0.5 ? new Selection(cat, Uint32Array.from(rows), a.name) : rows.map((i) => cat.path(i));
    const where = `run ${run} (seed ${SEED})`;

    const r = await a.remove(what, { delete: true, countdown: 0 });
    assert.deepEqual([r.failed, r.skipped], [[], []], where);
    assert.ok(r.removed.length > 0, where);
    removedTotal += r.removed.length;
    if (r.removed.some((it) => it.pathBytes !== undefined)) rawRuns++;
    const gone = r.removed.map(keyOf);
    const after = snapshot(root);
    const held = snapshot(`${root}/${r.quarantine}`);
    for (const [p, v] of before) {
      if (gone.some((k) => p === k || p.startsWith(`${k}/`))) {
        assert.equal(after.has(p), false, `${where}: ${p} should be gone`);
        assert.equal(held.get(p), v, `${where}: ${p} should be in the quarantine as it was`);
      } else if (v.startsWith('dir ')) assert.ok(after.get(p)?.startsWith('dir '), `${where}: ${p}`);
      else assert.equal(after.get(p), v, `${where}: ${p} was not selected and must be identical`);
    }
    assert.equal(a.count().entries, total.entries - r.removed.length - r.removed.reduce((n, it) => n + it.entries, 0), where);
    assert.deepEqual(snapshot(outside), outsideBefore, where);

    const u = await a.undo();
    assert.deepEqual([u.refused, u.failed, u.differs], [[], [], []], where);
    assert.equal(u.restored.length, r.removed.length, where);
    assert.deepEqual(snapshot(root), before, where);
    assert.equal(fs.existsSync(`${root}/${QUARANTINE}`), false, where);
    assert.deepEqual({ ...a.count() }, { ...total }, where);
  }
  // The runs did cover what they claim to.
  assert.ok(rawRuns > 10, `only ${rawRuns} runs removed a non-UTF-8 name`);
  assert.ok(removedTotal >= RUNS);
});
