// Run by the scan section in a fresh process: times openArchive() alone (no
// tsx start-up), then the re-queries on the loaded index, and prints JSON.
// Usage: node --import tsx test/bench/_inprocess.ts ROOT [repeats]
import { performance } from 'node:perf_hooks';

// Since the process started: Node and the tsx loader booting, before any of rummage.
const bootMs = performance.now();
const importStart = performance.now();
const { openArchive } = await import('../../lib/index.ts');
const importMs = performance.now() - importStart;
const { median } = await import('./_measure.ts');

export interface InProcessResult {
  readonly bootMs: number;
  /** Loading lib/index.ts and everything it imports, as every snippet does. */
  readonly importMs: number;
  readonly scanMs: number;
  readonly entries: number;
  readonly queries: readonly { readonly name: string; readonly firstMs: number; readonly repeatMs: number; readonly found: number }[];
  readonly memory: NodeJS.MemoryUsage;
}

const root = process.argv[2];
if (root === undefined) throw new Error('usage: _inprocess.ts ROOT [repeats]');
const repeats = Number(process.argv[3] ?? 5);

const t0 = performance.now();
const archive = await openArchive(root, { progress: false, rescan: true });
const scanMs = performance.now() - t0;

// The re-queries a user types after the scan; `found` shows they did real work.
const QUERIES: readonly [string, () => number][] = [
  ['count()', () => archive.count().entries],
  ["find('**/*.JPG')", () => archive.find('**/*.JPG').length],
  ["find('drive_0*/photos/**/*.JPG')", () => archive.find('drive_0*/photos/**/*.JPG').length],
  ["find({ext: ['.jpg', '.mp4']})", () => archive.find({ ext: ['.jpg', '.mp4'] }).length],
];

const queries = QUERIES.map(([name, q]) => {
  // The first call is what a user waits for; the repeats show the JIT-warm cost.
  let t = performance.now();
  const found = q();
  const firstMs = performance.now() - t;
  const again: number[] = [];
  for (let k = 0; k < repeats; k++) {
    t = performance.now();
    q();
    again.push(performance.now() - t);
  }
  return { name, firstMs, repeatMs: median(again), found };
});

const result: InProcessResult = { bootMs, importMs, scanMs, entries: archive.count().entries, queries, memory: process.memoryUsage() };
console.log(JSON.stringify(result));
