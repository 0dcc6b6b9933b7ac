// Run by the dupes section in a fresh process: opens the archive, then times
// dupeFiles() with an empty hash cache and again with it warm, and
// groupDupes() with an empty cache of its own. Prints JSON.
// Usage: node --import tsx test/bench/_dupes-inprocess.ts ROOT
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openArchive } from '../../lib/index.ts';

export interface DupesInProcess {
  readonly scanMs: number;
  readonly filesMs: number;
  readonly warmMs: number;
  readonly dirsMs: number;
  /** Groups of duplicate files (hardlink groups left out, as jdupes leaves them out). */
  readonly fileGroups: number;
  readonly dirGroups: number;
  readonly filesRead: number;
  readonly bytesRead: number;
  readonly warmFilesRead: number;
  readonly dirsFilesRead: number;
  readonly dirsBytesRead: number;
  readonly rssMb: number;
}

const root = process.argv[2];
if (root === undefined) throw new Error('usage: _dupes-inprocess.ts ROOT');
const homes = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-home-')));
try {
  let t = performance.now();
  const archive = await openArchive(root, { progress: false, rescan: true, save: false });
  const scanMs = performance.now() - t;

  // Every file, as `jdupes -r` compares them: junk and .git included.
  process.env.RUMMAGE_HOME = homes[0];
  t = performance.now();
  const cold = await archive.dupeFiles({ junk: true, git: true, progress: false });
  const filesMs = performance.now() - t;
  t = performance.now();
  const warm = await archive.dupeFiles({ junk: true, git: true, progress: false });
  const warmMs = performance.now() - t;

  // A cache of its own, so it reads what it needs itself.
  process.env.RUMMAGE_HOME = homes[1];
  t = performance.now();
  const dirs = await archive.groupDupes({ progress: false });
  const dirsMs = performance.now() - t;

  const result: DupesInProcess = {
    scanMs,
    filesMs,
    warmMs,
    dirsMs,
    fileGroups: cold.groups.filter((g) => !g.hardlinked).length,
    dirGroups: dirs.groups.length,
    filesRead: cold.stats.filesRead,
    bytesRead: cold.stats.bytesRead,
    warmFilesRead: warm.stats.filesRead,
    dirsFilesRead: dirs.stats.filesRead,
    dirsBytesRead: dirs.stats.bytesRead,
    rssMb: process.memoryUsage().rss / 2 ** 20,
  };
  console.log(JSON.stringify(result));
} finally {
  for (const h of homes) fs.rmSync(h, { recursive: true, force: true });
}
