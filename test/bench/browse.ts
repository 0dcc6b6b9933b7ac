// How quickly browse() shows its first screen and redraws after a key, on the
// synthetic archive: the view's own work (index passes, sorting, the lines of
// a 120x40 screen), in process. Usage: npx tsx test/bench/browse.ts [--entries N] [--runs N]
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openArchive } from '../../lib/archive.ts';
import { num } from '../../lib/format.ts';
import { DIR } from '../../lib/types.ts';
import { median } from './_measure.ts';
import { synthArchive } from './synth.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' } } });
const entries = Number(values.entries);
const runs = Number(values.runs);
const info = synthArchive(entries);
const archive = await openArchive(info.root, { progress: false });
const cat = archive.catalog;

let t = performance.now();
const { BrowseView } = await import('../../lib/browse/view.ts');
const importMs = performance.now() - t;

const W = 120;
const H = 40;
const first: number[] = [];
const cruftMs: number[] = [];
for (let r = 0; r < runs; r++) {
  t = performance.now();
  const v = new BrowseView(archive, 0);
  v.render(W, H);
  first.push(performance.now() - t);
  t = performance.now();
  v.loadCruft();
  v.render(W, H);
  cruftMs.push(performance.now() - t);
}

// The folder with the most entries directly inside: the worst case for a sort.
let widest = 0;
for (let i = 0; i < cat.length; i++) if (cat.kind[i] === DIR && cat.childCount[i]! > cat.childCount[widest]!) widest = i;

const v = new BrowseView(archive, 0);
v.loadCruft();
v.render(W, H);
const keys: [string, string | undefined, { name?: string }][] = [
  ['down (j)', 'j', {}],
  ['into the largest folder (Enter)', '\r', { name: 'return' }],
  ['sort by name (n)', 'n', {}],
  ['sort by mtime (m)', 'm', {}],
  ['sort by count (c)', 'c', {}],
  ['sort by size (s)', 's', {}],
  ['mark (space)', ' ', { name: 'space' }],
  ['up a folder (←)', undefined, { name: 'left' }],
  ['hide junk (.)', '.', {}],
  ['details (i)', 'i', {}],
];
const perKey: { name: string; ms: number[] }[] = keys.map(([name]) => ({ name, ms: [] }));
for (let r = 0; r < runs; r++) {
  for (let k = 0; k < keys.length; k++) {
    const [, str, key] = keys[k]!;
    t = performance.now();
    await v.key(str, key);
    v.render(W, H);
    perKey[k]!.ms.push(performance.now() - t);
    if (v.mode === 'overlay') await v.key('x', {});
  }
  v.dir = 0;
}
// The widest folder: going in sorts all its entries, then each sort key sorts them again.
const wide: number[] = [];
const wideSorts: number[] = [];
for (let r = 0; r < runs; r++) {
  v.dir = cat.parent[widest]!;
  (v as unknown as { rowsCache: undefined }).rowsCache = undefined;
  v.cursor = Math.max(0, v.rows().indexOf(widest));
  t = performance.now();
  await v.key('\r', { name: 'return' });
  v.render(W, H);
  wide.push(performance.now() - t);
  for (const s of ['n', 'm', 'c', 's']) {
    t = performance.now();
    await v.key(s, {});
    v.render(W, H);
    wideSorts.push(performance.now() - t);
  }
}

const f = (ms: number): string => `${ms.toFixed(1)} ms`;
const lines = [
  `browse() on ${num(info.entries)} entries (${num(info.files)} files), ${W}x${H}, median of ${runs}:`,
  `  loading the navigator (first call's dynamic import): ${f(importMs)}`,
  `  first screen (newest-mtime pass over the index, the root's rows, the lines): ${f(median(first))} (max ${f(Math.max(...first))})`,
  `  badges after the first screen (cruft() over the index): ${f(median(cruftMs))}`,
  ...perKey.map((k) => `  key ${k.name}: ${f(median(k.ms))} (max ${f(Math.max(...k.ms))})`),
  `  into the widest folder (${num(cat.childCount[widest]!)} entries, ${cat.path(widest)}): ${f(median(wide))} (max ${f(Math.max(...wide))})`,
  `  a sort key there: ${f(median(wideSorts))} (max ${f(Math.max(...wideSorts))})`,
];
console.log(lines.join('\n'));
