// The scan section: rummage's scan against GNU find and the seed's pathlib
// loop, the re-queries on the loaded index, and the memory the index costs.
import { format } from '../../lib/index.ts';
import { markdownTable, mb, medianRss, median, ms, quietly, ratio, run, timeQuietly, timing, type Timing } from './_measure.ts';
import type { InProcessResult } from './_inprocess.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

// Targets at 1M entries, from issue 2.
const SCAN_VS_FIND = 1.0;
const SCAN_VS_PATHLIB = 0.25;
const REQUERY_MS = 100;
const RSS_ABOVE_BASELINE = 150e6;

// The seed's own approach: every path from rglob('*'), each lstat'ed. Prints the count.
const PATHLIB = [
  'import pathlib, sys',
  'n = 0',
  'for p in pathlib.Path(sys.argv[1]).rglob("*"):',
  '    p.lstat()',
  '    n += 1',
  'print(n)',
].join('\n');

function commands(root: string) {
  return {
    node: ['node', '-e', '0'],
    tsx: ['node', '--import', 'tsx', 'test/bench/_empty.ts'],
    // --rescan: a full scan each run, not the saved index.
    rummage: ['node', '--import', 'tsx', 'snippets/count.ts', root, '--json', '--rescan'],
    inProcess: ['node', '--import', 'tsx', 'test/bench/_inprocess.ts', root],
    find: ['find', root, '-printf', '%y %s %p\\n'],
    pathlib: ['python3', '-c', PATHLIB, root],
  };
}

/** Entries below the root by each tool; they must agree or the timings compare different work. */
function countEverywhere(ctx: BenchContext, cmd: ReturnType<typeof commands>): { find: number; rummage: number; pathlib: number } {
  // `-printf .` counts entries like `| wc -l` but stays right for names holding a newline.
  const find = run(['find', ctx.archive.root, '-mindepth', '1', '-printf', '.']).length;
  const rummage = (JSON.parse(run(cmd.rummage, { cwd: ctx.repo })) as { entries: number }).entries;
  const pathlib = Number(run(cmd.pathlib).trim());
  return { find, rummage, pathlib };
}

function targetCell(ok: boolean, text: string): string {
  return `${ok ? 'met' : '**missed**'} (${text})`;
}

async function runScan(ctx: BenchContext): Promise<SectionResult> {
  const { root } = ctx.archive;
  const cmd = commands(root);
  const missed: string[] = [];

  ctx.log('warm-up pass: counting entries with find, rummage and pathlib');
  const counts = countEverywhere(ctx, cmd);
  if (counts.find !== counts.rummage || counts.find !== counts.pathlib) {
    throw new Error(`entry counts disagree: find ${counts.find}, rummage ${counts.rummage}, pathlib ${counts.pathlib}`);
  }

  ctx.log(`timing whole commands with hyperfine, ${ctx.runs} interleaved rounds, a run done again when other processes were busy`);
  const quiet = { cores: ctx.machine.cores };
  const whole = timeQuietly([
    { name: 'node -e 0', argv: cmd.node },
    { name: 'tsx empty script', argv: cmd.tsx },
    { name: 'rummage count.ts', argv: cmd.rummage },
    { name: 'find -printf', argv: cmd.find },
    { name: 'pathlib rglob+lstat', argv: cmd.pathlib },
  ], ctx.runs, { ...quiet, cwd: ctx.repo });
  const [node, tsx, rummage, find, pathlib] = whole.timings as [Timing, Timing, Timing, Timing, Timing];

  ctx.log(`timing the scan and re-queries inside the process, ${ctx.runs} processes after one warm-up`);
  run(cmd.inProcess, { cwd: ctx.repo });
  const inProcess: InProcessResult[] = [];
  let retried = whole.retried;
  let disturbed = whole.disturbed;
  for (let k = 0; k < ctx.runs; k++) {
    const q = quietly(() => JSON.parse(run(cmd.inProcess, { cwd: ctx.repo })) as InProcessResult, quiet);
    inProcess.push(q.value);
    retried += q.retried;
    if (q.disturbed) disturbed++;
  }
  const scanAlone = timing('scan alone', inProcess.map((r) => r.scanMs));
  const libImport = timing('importing lib', inProcess.map((r) => r.importMs));

  ctx.log(`peak RSS with /usr/bin/time -v, ${ctx.runs} runs each`);
  const rssNode = medianRss(cmd.node, ctx.runs, ctx.repo).median;
  const rssTsx = medianRss(cmd.tsx, ctx.runs, ctx.repo).median;
  const rssRummage = medianRss(cmd.rummage, ctx.runs, ctx.repo).median;

  // The times table.
  const vsFind = rummage.median / find.median;
  const vsPathlib = rummage.median / pathlib.median;
  if (vsFind > SCAN_VS_FIND) missed.push(`scan ${ratio(rummage.median, find.median)} find's wall time: ${Math.round(rummage.median)} ms against ${Math.round(find.median)} ms (target <= ${SCAN_VS_FIND.toFixed(1)}x)`);
  if (vsPathlib > SCAN_VS_PATHLIB) missed.push(`scan ${ratio(rummage.median, pathlib.median)} pathlib's wall time (target <= ${SCAN_VS_PATHLIB}x)`);
  const range = (t: Timing): string => `${ms(t.min)} – ${ms(t.max)}`;
  const timeRow = (what: string, t: Timing, target = ''): string[] => [what, ms(t.median), range(t), ratio(t.median, find.median), ratio(t.median, pathlib.median), target];
  // Start-up rows are parts of a run, not rivals to find: no ratios.
  const partRow = (what: string, t: Timing): string[] => [what, ms(t.median), range(t), '', '', ''];
  const times = markdownTable(['measure', 'median', 'min – max', 'vs find', 'vs pathlib', 'target'], [
    timeRow('(a) rummage `count.ts ROOT --json`, cold process', rummage, `${targetCell(vsFind <= SCAN_VS_FIND, `<= ${SCAN_VS_FIND.toFixed(1)}x find`)}, ${targetCell(vsPathlib <= SCAN_VS_PATHLIB, `<= ${SCAN_VS_PATHLIB}x pathlib`)}`),
    timeRow('(a) scan alone: `openArchive()` timed in-process', scanAlone),
    partRow('start-up: `node --import tsx` an empty script', tsx),
    partRow('start-up: importing `lib/index.ts`, in-process', libImport),
    partRow('start-up: `node -e 0`', node),
    timeRow("(b) GNU `find ROOT -printf '%y %s %p\\n'`", find),
    timeRow("(c) Python `rglob('*')` + `lstat()`", pathlib),
  ]);

  // The re-queries table: medians over processes of the first call, and of the warm repeats.
  const queryRows = inProcess[0]!.queries.map((q, k) => {
    const first = median(inProcess.map((r) => r.queries[k]!.firstMs));
    const repeat = median(inProcess.map((r) => r.queries[k]!.repeatMs));
    const ok = first <= REQUERY_MS;
    if (!ok) missed.push(`${q.name} took ${ms(first)} on the loaded index (target <= ${REQUERY_MS} ms)`);
    return [`\`${q.name}\``, ms(first), ms(repeat), format.num(q.found), targetCell(ok, `<= ${REQUERY_MS} ms`)];
  });
  const queries = markdownTable(['(d) re-query on the loaded index', 'first call', 'repeated', 'found', 'target'], queryRows);

  // The memory table: the fair baseline runs the same runtime, Node with tsx loaded.
  const above = rssRummage - rssTsx;
  if (above > RSS_ABOVE_BASELINE) missed.push(`peak RSS ${mb(above)} above the tsx baseline (target <= ${mb(RSS_ABOVE_BASELINE, 0)})`);
  const memory = markdownTable(['(e) peak RSS', 'median', 'rummage minus this', 'target'], [
    ['rummage `count.ts ROOT --json`', mb(rssRummage), '', ''],
    ['baseline: `node --import tsx` an empty script (subtracted)', mb(rssTsx), mb(above), targetCell(above <= RSS_ABOVE_BASELINE, `<= ${mb(RSS_ABOVE_BASELINE, 0)}`)],
    ['baseline: `node -e 0`', mb(rssNode), mb(rssRummage - rssNode), ''],
  ]);

  const heap = inProcess.map((r) => r.memory);
  // Where the cold process's time goes beyond the walk itself, as shares of find's time.
  const share = (t: number): string => `${((100 * t) / find.median).toFixed(0)}%`;
  const rest = rummage.median - tsx.median - libImport.median - scanAlone.median;
  const breakdown = `The cold process is ${ms(rummage.median)}: tsx start-up ${ms(tsx.median)} (${share(tsx.median)} of find's time), importing lib ${ms(libImport.median)} (${share(libImport.median)}), ` +
    `the scan ${ms(scanAlone.median)} (${share(scanAlone.median)}) and ${ms(Math.max(0, rest))} more (printing, exit).`;
  const markdown = [
    `Archive: \`${root}\`, ${format.num(counts.find)} entries (${format.num(ctx.archive.files)} files, ${format.size(ctx.archive.bytes)}). ` +
      `Entries agree: rummage ${format.num(counts.rummage)}, \`find ROOT -mindepth 1\` ${format.num(counts.find)}, pathlib ${format.num(counts.pathlib)}.`,
    '',
    times,
    '',
    breakdown,
    '',
    queries,
    '',
    memory,
    '',
    ...(counts.find < 1_000_000 ? [`_The targets are set for 1,000,000 entries; at ${format.num(counts.find)} the fixed start-up costs dominate._`, ''] : []),
    `Medians of ${ctx.runs} runs, warm page cache (one warm-up pass first). Whole commands are timed by hyperfine without a shell, output to /dev/null, one run of each command per round. ` +
      `The machine is shared: a run during which other processes took more than 5% of the cores was done again after a pause (${retried} runs were; ${disturbed} kept runs were still disturbed after 4 tries). ` +
      'Ratios compare the cold-process rummage run, tsx start-up included, with the whole find and python3 runs; the in-process row shows the scan without that start-up. ' +
      "Re-queries are timed inside the process after the scan, in the order listed: 'first call' is the median over processes of the first call (what a user waits for), 'repeated' the median of 5 calls more; " +
      'one-time work a first query does for later ones (such as building an order of the whole index) lands on the first query that needs it. ' +
      'Peak RSS is GNU time\'s maximum resident set size of the whole process, worker threads included; the tsx baseline is subtracted because a snippet runs on that same runtime, Node with the tsx loader. ' +
      `After the scan and the re-queries, in-process: heap used ${mb(median(heap.map((m) => m.heapUsed)))}, array buffers ${mb(median(heap.map((m) => m.arrayBuffers)))}, RSS ${mb(median(heap.map((m) => m.rss)))}.`,
  ].join('\n');
  return { markdown, missed };
}

const section: Section = { name: 'scan', title: 'Scan, re-query and memory', run: runScan };
export default section;
