// remove() and undo() over a few hundred random small trees, seeded: whatever
// is removed, nothing else changes, and undo() puts the whole tree back as it
// was (names including non-UTF-8 ones, bytes, modes, mtimes, link targets).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import fs from 'node:fs';
import { test } from 'node:test';
import { QUARANTINE, Selection, openArchive, type Archive, type Removable } from '../lib/index.ts';
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

// Interleaved: random sequences of remove, undo and purge, removals killed at
// a crash point, and two processes at once; after undo of everything, the
// tree is identical (contents, modes, mtimes, link targets, empty folders,
// hardlinks), less exactly what purge deleted for good.

const CHILD = path.join(import.meta.dirname, '_remove-child.ts');
const STEPS = ['begin', 'intent', 'mkdir', 'moved', 'done'];
const INTERLEAVED_RUNS = 6;
const OPS = 6;

/** Groups of names that share an inode (hardlinks), as sorted path lists. */
function hardlinks(root: string): string[] {
  const byIno = new Map<number, string[]>();
  const walk = (dir: Buffer, rel: string): void => {
    for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
      const p = Buffer.concat([dir, SLASH, name]);
      const r = rel === '' ? name.toString('latin1') : `${rel}/${name.toString('latin1')}`;
      if (r === QUARANTINE) continue;
      const st = fs.lstatSync(p);
      if (st.isDirectory()) walk(p, r);
      else if (st.isFile() && st.nlink > 1) byIno.set(st.ino, [...(byIno.get(st.ino) ?? []), r]);
    }
  };
  walk(Buffer.from(root), '');
  return [...byIno.values()].filter((g) => g.length > 1).map((g) => g.sort().join(' = ')).sort();
}

function runChild(root: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; signal: string | null; err: string }> {
  const p = spawn(process.execPath, ['--import', 'tsx', CHILD, root, ...args], { env: { ...process.env, RUMMAGE_LOCK_WAIT_MS: '20000', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  p.stderr.on('data', (d) => (err += d));
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal, err })));
}

test(`interleaved: ${INTERLEAVED_RUNS} seeded runs of ${OPS} random removes, undos, purges, crashes and two processes; undo of everything gives the tree back`, async () => {
  const g = generator(SEED ^ 0x1234);
  const outside = tree({ 'f.txt': 'outside the root' });
  const outsideBefore = snapshot(outside);
  const seen = new Set<string>();
  for (let run = 0; run < INTERLEAVED_RUNS; run++) {
    const root = tree({});
    build(Buffer.from(root), g, 0, outside, { raw: true });
    fs.mkdirSync(`${root}/empty-${run}`);
    // Hardlinks: a file given a second name elsewhere in the tree.
    fs.writeFileSync(`${root}/linked.txt`, `linked ${run}`);
    fs.mkdirSync(`${root}/other`);
    fs.linkSync(`${root}/linked.txt`, `${root}/other/linked-too.txt`);
    const expected = snapshot(root);
    let links = hardlinks(root);
    const looseMtime = new Set<string>();
    const where = (k: number, op: string): string => `run ${run} op ${k} ${op} (seed ${SEED ^ 0x1234})`;
    const fresh = async (): Promise<Archive> => {
      const a = await openArchive(root, { progress: false, workers: 0 });
      a.say = () => {};
      return a;
    };
    const pickPaths = (a: Archive, plain: boolean): string[] => {
      const cat = a.catalog;
      const rows = new Set<number>();
      for (let k = 0; k < 3 && cat.length > 1; k++) {
        const i = 1 + g.int(cat.length - 1);
        if (cat.gone[i] === 0 && (!plain || !cat.isRaw(i))) rows.add(i);
      }
      return [...rows].map((i) => cat.path(i));
    };
    for (let k = 0; k < OPS; k++) {
      const roll = g.next();
      const a = await fresh();
      if (roll < 0.35) {
        seen.add('remove');
        const cat = a.catalog;
        const rows = Array.from({ length: 1 + g.int(3) }, () => 1 + g.int(Math.max(1, cat.length - 1))).filter((i) => i < cat.length);
        if (rows.length > 0) await a.remove(new Selection(cat, Uint32Array.from(new Set(rows)), a.name), { delete: true, countdown: 0 });
      } else if (roll < 0.55) {
        seen.add('undo');
        await a.undo();
      } else if (roll < 0.65) {
        // Purge the oldest removal for good: what it holds leaves the expected tree too.
        const list = a.trash().removals;
        if (list.length === 0) continue;
        seen.add('purge');
        const oldest = list[0]!;
        const held = fs.readFileSync(`${root}/${QUARANTINE}/${oldest.name}/.rummage-journal.jsonl`, 'utf8').split('\n').filter((l) => l.includes('"intent"')).map((l) => keyOf(JSON.parse(l) as { path: string; pathBytes?: string }));
        const gone = held.filter((p) => fs.lstatSync(Buffer.concat([Buffer.from(`${root}/${QUARANTINE}/${oldest.name}/`), Buffer.from(p, 'latin1')]), { throwIfNoEntry: false }) !== undefined);
        const cutoff = new Date(Date.parse(oldest.time) + 1);
        if (list.length > 1 && Date.parse(list[1]!.time) < cutoff.getTime()) continue;
        const p = await a.purge({ olderThan: cutoff, delete: true, countdown: 0 });
        assert.deepEqual(p.failed, [], where(k, 'purge'));
        for (const key of [...expected.keys()]) if (gone.some((x) => key === x || key.startsWith(`${x}/`))) expected.delete(key);
        for (const x of gone) looseMtime.add(x.includes('/') ? x.slice(0, x.lastIndexOf('/')) : '');
        links = links.map((grp) => grp.split(' = ').filter((m) => !gone.some((x) => m === x || m.startsWith(`${x}/`)))).filter((grp) => grp.length > 1).map((grp) => grp.join(' = '));
      } else if (roll < 0.85) {
        seen.add('crash');
        const paths = pickPaths(a, true);
        if (paths.length === 0) continue;
        const r = await runChild(root, ['remove', ...paths], { RUMMAGE_CRASH_AT: `${g.pick(STEPS)}:${1 + g.int(2)}` });
        assert.ok(r.signal === 'SIGKILL' || r.code === 0, `${where(k, 'crash')}: ${r.err}`);
      } else {
        seen.add('two');
        const paths = pickPaths(a, true);
        if (paths.length === 0) continue;
        const [r1, r2] = await Promise.all([runChild(root, ['remove', ...paths], {}), runChild(root, ['undo'], {})]);
        assert.ok(r1.code === 0 && r2.code === 0, `${where(k, 'two processes')}: ${r1.err} ${r2.err}`);
      }
    }
    const a = await fresh();
    for (let k = 0; ; k++) {
      assert.ok(k < 40, `run ${run}: undo() did not finish: ${String(a.trash())}`);
      if ((await a.undo()).name === undefined) break;
    }
    const after = snapshot(root);
    const strip = (v: string): string => v.replace(/ \d+$/, '');
    for (const [key, v] of expected) {
      assert.equal(looseMtime.has(key) ? strip(after.get(key) ?? '') : after.get(key), looseMtime.has(key) ? strip(v) : v, `run ${run}: ${key}`);
    }
    assert.deepEqual([...after.keys()].filter((key) => !expected.has(key)), [], `run ${run}: nothing extra`);
    assert.deepEqual(hardlinks(root), links, `run ${run}: hardlinks`);
    assert.equal(fs.existsSync(`${root}/${QUARANTINE}`), false, `run ${run}`);
    assert.deepEqual(snapshot(outside), outsideBefore);
  }
  assert.deepEqual([...seen].sort(), ['crash', 'purge', 'remove', 'two', 'undo'], 'every kind of step ran');
});
