// The scale section: per-entry costs as the archive grows. On disk, the scan
// of the 1M and 3M synthetic archives against find; in memory, indexes of 1M,
// 3M and 10M generated rows (not read from disk): their memory, count(),
// find() and groupDupes()' shape pass.
import { format } from '../../lib/index.ts';
import { cpuCell, markdownTable, mb, medianRss, ms, ratio, run, timeQuietly, type Timing } from './_measure.ts';
import type { SyntheticResult } from './_synthetic.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';
import { synthArchive } from './synth.ts';

// Target at 10M entries, from issue 13: index memory, all in.
const BYTES_PER_ENTRY_10M = 110;
const ON_DISK = [1_000_000, 3_000_000];
const IN_MEMORY = [1_000_000, 3_000_000, 10_000_000];

async function runScale(ctx: BenchContext): Promise<SectionResult> {
  const missed: string[] = [];
  run(['node', '--import', 'tsx', 'lib/shared/build.ts'], { cwd: ctx.repo });
  const emptyRss = medianRss(['node', '-e', '0'], ctx.runs).median;

  // On disk: the scan's ratio to find, and its memory, per entry.
  const disk: string[][] = [];
  for (const n of ON_DISK) {
    ctx.log(`building or reusing the synthetic archive of ${format.num(n)} entries`);
    const a = synthArchive(n);
    const count = ['node', 'lib/snippet/run.mjs', 'count', a.root, '--json', '--rescan'];
    const find = ['find', a.root, '-printf', '%y %s %p\\n'];
    run(count, { cwd: ctx.repo });
    run(find);
    const [r, f] = timeQuietly([{ name: 'count', argv: count }, { name: 'find', argv: find }], ctx.runs, { cores: ctx.machine.cores, cwd: ctx.repo }).timings as [Timing, Timing];
    const rss = medianRss(count, ctx.runs, ctx.repo).median;
    disk.push([format.num(a.entries), ms(r.median), cpuCell(r), `${((1000 * r.median) / a.entries).toFixed(2)} µs`, ms(f.median), ratio(r.median, f.median), mb(rss), `${((rss - emptyRss) / a.entries).toFixed(0)} B`]);
  }

  // In memory: rows generated, so 10M needs no 35 GB tree.
  const mem: string[][] = [];
  let at10m: SyntheticResult | undefined;
  for (const n of IN_MEMORY) {
    ctx.log(`an index of ${format.num(n)} generated rows, in memory`);
    const r = JSON.parse(run(['node', '--expose-gc', '--import', 'tsx', 'test/bench/_synthetic.ts', String(n)], { cwd: ctx.repo })) as SyntheticResult;
    if (n === 10_000_000) at10m = r;
    const per = (bytes: number): string => `${(bytes / r.entries).toFixed(1)} B`;
    const ns = (t: number): string => `${((1e6 * t) / r.entries).toFixed(0)} ns`;
    mem.push([format.num(r.entries), format.num(r.uniqueNames), per(r.columnBytes), per(r.heapBytes), per(r.rssDelta), `${ms(r.countMs)} (${ns(r.countMs)})`, `${ms(r.findGlobMs)} (${ns(r.findGlobMs)})`, `${ms(r.findExtMs)} (${ns(r.findExtMs)})`, `${ms(r.shapeMs)} (${ns(r.shapeMs)})`]);
  }
  let target = '';
  if (at10m !== undefined) {
    const per = at10m.rssDelta / at10m.entries;
    const ok = per <= BYTES_PER_ENTRY_10M;
    if (!ok) missed.push(`the index takes ${per.toFixed(0)} bytes an entry at 10M (target <= ${BYTES_PER_ENTRY_10M})`);
    target = `Index memory at 10M, all in (the resident memory the index added): **${per.toFixed(1)} bytes an entry**, ${ok ? 'met' : '**missed**'} (<= ${BYTES_PER_ENTRY_10M}).`;
  }
  const markdown = [
    markdownTable(['on disk: entries', '`count.ts --rescan` wall', 'CPU', 'per entry', 'find', 'vs find', 'peak RSS', 'RSS per entry above `node -e 0`'], disk),
    '',
    markdownTable(['in memory: entries', 'unique names', 'columns', 'names (heap)', 'all in (RSS added)', '`count()`', "`find('**/*.JPG')` first call", '`find({ext})`', 'groupDupes() shape pass'], mem),
    '',
    target,
    '',
    `On-disk rows: medians of ${ctx.runs} runs, warm, whole processes through \`lib/snippet/run.mjs\`, \`--rescan\` so each is a full scan. ` +
      'In-memory rows: test/bench/_synthetic.ts lays out generated rows in the synthetic archive\'s shape (the same folders and names, so the same share of unique names) straight into the columns, then measures after a full GC. ' +
      '"Columns" are the typed arrays (74 bytes a row: eleven scanned fields, subtree totals, the removal mark); "names" the JS heap the name table added; "all in" the resident memory the whole index added, allocator slack included. ' +
      'The first find() with a glob also builds the path order of the whole index (a sort of the unique names and of each folder\'s children), which later queries reuse. ' +
      'The shape pass is shapes() over every row plus grouping the folders by signature, the part of groupDupes() that reads no file.',
  ].join('\n');
  return { markdown, missed };
}

const section: Section = { name: 'scale', title: 'Ten million: per-entry costs at 1M, 3M and 10M', run: runScale };
export default section;
