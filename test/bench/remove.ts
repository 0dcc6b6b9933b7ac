// The removal section: remove() and undo() of 100,000 entries (2,000 folders
// of 48 entries each, like venvs, and 2,000 single files, like .DS_Store) on a
// tree of its own in the temp folder, so the shared synthetic archive is never
// changed. Each figure is the median of the runs, wall time beside CPU time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openArchive, Selection } from '../../lib/index.ts';
import { markdownTable, median, ms } from './_measure.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

/** Before the write-ahead journal and the lock (issue 10): 514 ms remove, 982 ms undo, on 76,292 entries. */
const BEFORE = { remove: 514, undo: 982, entries: 76_292 };
const LIMIT = 1.5;
const FOLDERS = 2_000;
const PER_FOLDER = 48;

function build(root: string): number {
  let entries = 0;
  for (let f = 0; f < FOLDERS; f++) {
    const top = path.join(root, `proj${f}`);
    const venv = path.join(top, '.venv');
    fs.mkdirSync(path.join(venv, 'lib'), { recursive: true });
    fs.writeFileSync(path.join(top, 'main.py'), 'print()\n');
    fs.writeFileSync(path.join(top, '.DS_Store'), 'ds');
    for (let k = 0; k < PER_FOLDER - 1; k++) fs.writeFileSync(path.join(venv, 'lib', `m${k}.py`), `x = ${k}\n`);
    entries += 1 + PER_FOLDER + 2 + 1;
  }
  return entries;
}

async function once(root: string): Promise<{ removeMs: number; removeCpu: number; undoMs: number; undoCpu: number; entries: number }> {
  const a = await openArchive(root, { progress: false });
  a.say = () => {};
  const picked = [...a.find('**/.venv').indices, ...a.find('**/.DS_Store').indices];
  const sel = new Selection(a.catalog, Uint32Array.from(picked), a.name);
  const plan = a.remove(sel);
  let cpu = process.cpuUsage();
  let t = performance.now();
  const r = await a.remove(sel, { delete: true, countdown: 0 });
  const removeMs = performance.now() - t;
  const removeCpu = process.cpuUsage(cpu);
  if (r.removed.length !== plan.items.length) throw new Error(`removed ${r.removed.length} of ${plan.items.length}`);
  cpu = process.cpuUsage();
  t = performance.now();
  const u = await a.undo();
  const undoMs = performance.now() - t;
  const undoCpu = process.cpuUsage(cpu);
  if (u.restored.length !== r.removed.length) throw new Error(`restored ${u.restored.length} of ${r.removed.length}`);
  return { removeMs, removeCpu: (removeCpu.user + removeCpu.system) / 1000, undoMs, undoCpu: (undoCpu.user + undoCpu.system) / 1000, entries: plan.entries + plan.items.length };
}

const section: Section = {
  name: 'remove',
  title: 'Removal',
  async run(ctx: BenchContext): Promise<SectionResult> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-remove-bench-'));
    try {
      const total = build(root);
      ctx.log(`removal: a tree of ${total.toLocaleString('en-US')} entries`);
      const runs = [];
      for (let k = 0; k < ctx.runs; k++) runs.push(await once(root));
      const entries = runs[0]!.entries;
      const rm = median(runs.map((r) => r.removeMs));
      const un = median(runs.map((r) => r.undoMs));
      const scale = entries / BEFORE.entries;
      const rmCpu = median(runs.map((r) => r.removeCpu));
      const unCpu = median(runs.map((r) => r.undoCpu));
      const row = (step: string, wall: number, cpu: number, before: number): string[] => [step, ms(wall), ms(cpu), `${ms(before * scale)} (${before} ms at ${BEFORE.entries.toLocaleString('en-US')}, scaled)`, `${(wall / (before * scale)).toFixed(2)}x`, `${(cpu / (before * scale)).toFixed(2)}x`];
      const rows = [row('remove({delete: true})', rm, rmCpu, BEFORE.remove), row('undo()', un, unCpu, BEFORE.undo)];
      const missed: string[] = [];
      if (rm > LIMIT * BEFORE.remove * scale) missed.push(`remove ${ms(rm)} is over ${LIMIT}x the scaled figure before`);
      if (un > LIMIT * BEFORE.undo * scale) missed.push(`undo ${ms(un)} is over ${LIMIT}x the scaled figure before`);
      const markdown = [
        `${entries.toLocaleString('en-US')} entries removed in ${(FOLDERS * 2).toLocaleString('en-US')} items (${FOLDERS.toLocaleString('en-US')} venv folders of ${PER_FOLDER} entries, ${FOLDERS.toLocaleString('en-US')} .DS_Store files) from a tree of ${total.toLocaleString('en-US')}, then undone; median of ${ctx.runs}. Target: at most ${LIMIT}x the figures before the write-ahead journal and the lock, scaled by entries.`,
        '',
        markdownTable(['step', 'wall', 'CPU', 'before (scaled)', 'wall ratio', 'CPU ratio'], rows),
        '',
        'On a loaded machine the wall time is mostly waiting for a core; the CPU time (user + system of this process) is the figure to compare with the one before, which was taken on a quiet machine where wall and CPU time agree.',
      ].join('\n');
      return { markdown, missed };
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
};

export default section;
