// The dupes section: dupeFiles() against jdupes and rmlint on the synthetic
// archive, a rerun with the hash cache warm, groupDupes(), and peak memory.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from '../../lib/index.ts';
import { cpuCell, markdownTable, mb, median, medianRss, ms, quietly, ratio, run, timeQuietly, timing, type Timing } from './_measure.ts';
import type { DupesInProcess } from './_dupes-inprocess.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

// Targets at 1M entries, from issue 5.
const FILES_VS_JDUPES = 0.75;
const WARM_VS_COLD = 0.1;
const DIRS_VS_FILES = 0.5;
/** rmlint took about 100 s at 1M entries here: one timed run is enough to place it. */
const RMLINT_RUNS_ABOVE = 100_000;

function installed(tool: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

/** Groups in fdupes-style output (jdupes, rmlint's fdupes formatter): blocks of paths between blank lines. */
function countGroups(text: string): number {
  return text.split(/\n\s*\n/).filter((block) => block.trim() !== '').length;
}

/** One run under GNU time: wall time and peak RSS together (for a tool too slow to run twice). */
function timedRun(argv: readonly string[], cwd: string): { ms: number; rss: number } {
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!wall || !rss) throw new Error(`no wall time or RSS from /usr/bin/time -v ${argv[0]}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { ms: seconds * 1000, rss: Number(rss[1]) * 1024 };
}

function targetCell(ok: boolean, text: string): string {
  return `${ok ? 'met' : '**missed**'} (${text})`;
}

async function runDupes(ctx: BenchContext): Promise<SectionResult> {
  const { root } = ctx.archive;
  const missed: string[] = [];
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-dupes-'));
  try {
    const hasJdupes = installed('jdupes');
    // RUMMAGE_BENCH_NO_RMLINT=1 leaves rmlint out (it takes minutes at 1M and has no target).
    const hasRmlint = installed('rmlint') && process.env.RUMMAGE_BENCH_NO_RMLINT === undefined;
    const cmd = {
      // lib/snippet/run.mjs: the snippet without the tsx loader (prebuilt lib/); --rescan: a full scan each run.
      rummage: ['node', 'lib/snippet/run.mjs', 'dupe-files', root, '--junk', '--git', '--no-cache', '--rescan'],
      index: ['node', 'lib/snippet/run.mjs', 'count', root, '--json', '--rescan'],
      inProcess: ['node', '--import', 'tsx', 'test/bench/_dupes-inprocess.ts', root],
      jdupes: ['jdupes', '-r', '-q', root],
      // Equal work: jdupes -Q skips the byte-by-byte check, as rummage does without --verify-bytes.
      jdupesQuick: ['jdupes', '-r', '-Q', '-q', root],
      rmlint: ['rmlint', '--hidden', '-T', 'df', '-o', `fdupes:${path.join(scratch, 'rmlint.txt')}`, root],
    };

    ctx.log(`timing dupeFiles() and groupDupes() inside the process, ${ctx.runs} processes after one warm-up, a run done again when other processes were busy`);
    const quiet = { cores: ctx.machine.cores };
    let retried = 0;
    let disturbed = 0;
    run(cmd.inProcess, { cwd: ctx.repo });
    const inProcess: DupesInProcess[] = [];
    for (let k = 0; k < ctx.runs; k++) {
      const q = quietly(() => JSON.parse(run(cmd.inProcess, { cwd: ctx.repo })) as DupesInProcess, quiet);
      inProcess.push(q.value);
      retried += q.retried;
      if (q.disturbed) disturbed++;
    }
    const first = inProcess[0]!;
    const files = timing('dupeFiles()', inProcess.map((r) => r.filesMs));
    const warm = timing('dupeFiles() warm', inProcess.map((r) => r.warmMs));
    const dirs = timing('groupDupes()', inProcess.map((r) => r.dirsMs));

    ctx.log('counting groups with jdupes and rmlint');
    const jdupesGroups = hasJdupes ? countGroups(run(cmd.jdupes)) : undefined;
    if (jdupesGroups !== undefined && jdupesGroups !== first.fileGroups) {
      throw new Error(`group counts disagree: dupeFiles() ${first.fileGroups}, jdupes ${jdupesGroups}`);
    }

    ctx.log(`timing whole commands with hyperfine, ${ctx.runs} interleaved rounds, a run done again when other processes were busy`);
    const whole = timeQuietly([
      { name: 'rummage dupe-files.ts', argv: cmd.rummage },
      { name: 'rummage dupe-files.ts --verify-bytes', argv: [...cmd.rummage, '--verify-bytes'] },
      ...(hasJdupes ? [{ name: 'jdupes -r -Q', argv: cmd.jdupesQuick }, { name: 'jdupes -r', argv: cmd.jdupes }] : []),
    ], ctx.runs, { ...quiet, cwd: ctx.repo });
    retried += whole.retried;
    disturbed += whole.disturbed;
    const rummage = whole.timings[0]!;
    const rummageVerified = whole.timings[1]!;
    const jdupesQuick: Timing | undefined = whole.timings[2];
    const jdupes: Timing | undefined = whole.timings[3];
    const rmlintRuns = ctx.archive.entries > RMLINT_RUNS_ABOVE ? 1 : ctx.runs;
    let rmlint: { time: Timing; rss: number; groups: number } | undefined;
    if (hasRmlint) {
      ctx.log(`timing rmlint, ${rmlintRuns} run${rmlintRuns === 1 ? '' : 's'} (it is slow), with its peak RSS`);
      const rs = Array.from({ length: rmlintRuns }, () => timedRun(cmd.rmlint, scratch));
      rmlint = { time: timing('rmlint', rs.map((r) => r.ms)), rss: median(rs.map((r) => r.rss)), groups: countGroups(fs.readFileSync(path.join(scratch, 'rmlint.txt'), 'utf8')) };
    }

    ctx.log(`peak RSS with /usr/bin/time -v, ${ctx.runs} runs each`);
    const rssRummage = medianRss(cmd.rummage, ctx.runs, ctx.repo).median;
    const rssIndex = medianRss(cmd.index, ctx.runs, ctx.repo).median;
    // jdupes' memory does not vary from run to run; at a minute a run, one is enough where it is slow.
    const rssJdupes = hasJdupes ? medianRss(cmd.jdupes, ctx.archive.entries > RMLINT_RUNS_ABOVE ? 1 : ctx.runs).median : undefined;

    // The times table.
    const range = (t: Timing): string => `${ms(t.min)} – ${ms(t.max)}`;
    const vsJ = (t: Timing): string => (jdupes === undefined ? '' : ratio(t.median, jdupes.median));
    const skipped = (what: string): string[] => [what, 'skipped (not installed)', '', '', '', ''];
    let filesCell = 'jdupes not installed: not measured';
    let verifiedCell = filesCell;
    if (jdupes !== undefined && jdupesQuick !== undefined) {
      const ok = rummage.median <= FILES_VS_JDUPES * jdupesQuick.median;
      if (!ok) missed.push(`dupe-files.ts took ${ratio(rummage.median, jdupesQuick.median)} jdupes -Q's wall time (target <= ${FILES_VS_JDUPES}x)`);
      filesCell = targetCell(ok, `<= ${FILES_VS_JDUPES}x jdupes -Q`);
      const okV = rummageVerified.median <= FILES_VS_JDUPES * jdupes.median;
      if (!okV) missed.push(`dupe-files.ts --verify-bytes took ${ratio(rummageVerified.median, jdupes.median)} jdupes' wall time (target <= ${FILES_VS_JDUPES}x)`);
      verifiedCell = targetCell(okV, `<= ${FILES_VS_JDUPES}x jdupes`);
    }
    const vsQ = (t: Timing): string => (jdupesQuick === undefined ? '' : `${ratio(t.median, jdupesQuick.median)} of -Q`);
    const warmOk = warm.median <= WARM_VS_COLD * files.median;
    if (!warmOk) missed.push(`a warm-cache dupeFiles() took ${ratio(warm.median, files.median)} the first run (target <= ${WARM_VS_COLD}x)`);
    const dirsOk = dirs.median <= DIRS_VS_FILES * files.median;
    if (!dirsOk) missed.push(`groupDupes() took ${ratio(dirs.median, files.median)} dupeFiles() (target <= ${DIRS_VS_FILES}x)`);
    const inproc = 'in-process';
    const times = markdownTable(['measure', 'median', 'CPU', 'min – max', 'vs jdupes', 'target'], [
      ['(a) rummage `dupe-files.ts ROOT --junk --git --no-cache`: whole process, scan and hashing, no byte check', ms(rummage.median), cpuCell(rummage), range(rummage), vsQ(rummage), filesCell],
      jdupesQuick === undefined ? skipped('(b) `jdupes -r -Q ROOT`') : ['(b) `jdupes -r -Q ROOT`: hashes, no byte check (equal work to (a))', ms(jdupesQuick.median), cpuCell(jdupesQuick), range(jdupesQuick), '1.00x of -Q', ''],
      ['(a\') rummage `dupe-files.ts … --verify-bytes`: whole process, byte-verified', ms(rummageVerified.median), cpuCell(rummageVerified), range(rummageVerified), vsJ(rummageVerified), verifiedCell],
      jdupes === undefined ? skipped('(b\') `jdupes -r ROOT`') : ['(b\') `jdupes -r ROOT`: byte-verified, its default (equal work to (a\'))', ms(jdupes.median), cpuCell(jdupes), range(jdupes), '1.00x', ''],
      rmlint === undefined ? (process.env.RUMMAGE_BENCH_NO_RMLINT === undefined ? skipped('(c) `rmlint --hidden -T df ROOT`') : ['(c) `rmlint --hidden -T df ROOT`', 'skipped this run (RUMMAGE_BENCH_NO_RMLINT; 106 s and 465 MB on 2026-11-27)', '', '', '', '']) : [`(c) \`rmlint --hidden -T df ROOT\` (${rmlintRuns} run${rmlintRuns === 1 ? '' : 's'})`, ms(rmlint.time.median), '', range(rmlint.time), vsJ(rmlint.time), ''],
      ['in-process (no peer has one; not comparable with (b)): `dupeFiles({junk: true, git: true})` alone, empty hash cache', ms(files.median), inproc, range(files), '', ''],
      ['in-process: (d) `dupeFiles()` again, hash cache warm', ms(warm.median), inproc, range(warm), `${ratio(warm.median, files.median)} of dupeFiles() in-process`, targetCell(warmOk, `<= ${WARM_VS_COLD}x the first run`)],
      ['in-process: (e) `groupDupes()`, empty hash cache of its own', ms(dirs.median), inproc, range(dirs), `${ratio(dirs.median, files.median)} of dupeFiles() in-process`, targetCell(dirsOk, `<= ${DIRS_VS_FILES}x dupeFiles()`)],
      ['in-process: scan alone (`openArchive()`), before dupeFiles()', ms(median(inProcess.map((r) => r.scanMs))), inproc, '', '', ''],
    ]);

    // What each one found and read.
    const work = markdownTable(['(f) work', 'groups', 'files read', 'bytes read'], [
      ['`dupeFiles()`, empty cache', format.num(first.fileGroups), format.num(first.filesRead), format.size(first.bytesRead)],
      ['`dupeFiles()`, warm cache', format.num(first.fileGroups), format.num(first.warmFilesRead), ''],
      ['`groupDupes()` (folders, topmost)', format.num(first.dirGroups), format.num(first.dirsFilesRead), format.size(first.dirsBytesRead)],
      ['jdupes', jdupesGroups === undefined ? 'skipped' : format.num(jdupesGroups), '', ''],
      ['rmlint', rmlint === undefined ? 'skipped' : format.num(rmlint.groups), '', ''],
    ]);

    // Peak memory.
    let rssCell = 'jdupes not installed: not measured';
    if (rssJdupes !== undefined) {
      const ok = rssRummage <= rssJdupes;
      if (!ok) missed.push(`peak RSS ${mb(rssRummage)} against jdupes' ${mb(rssJdupes)} (target <= jdupes)`);
      rssCell = targetCell(ok, '<= jdupes');
    }
    const memory = markdownTable(['(g) peak RSS', 'median', 'target'], [
      ['rummage `dupe-files.ts ROOT --junk --git --no-cache`', mb(rssRummage), rssCell],
      ['the index alone: rummage `count.ts ROOT --json` (scan, no hashing)', mb(rssIndex), ''],
      ['jdupes -r', rssJdupes === undefined ? 'skipped' : mb(rssJdupes), ''],
      ['rmlint', rmlint === undefined ? 'skipped' : mb(rmlint.rss), ''],
    ]);

    // What limits the targets that depend on the archive rather than the code.
    const limits: string[] = [];
    if (!dirsOk) {
      limits.push(`groupDupes() reads only the files of candidate folders, but here those hold ${format.num(first.dirsFilesRead)} of the ${format.num(first.filesRead)} files dupeFiles() reads (${Math.round((100 * first.dirsFilesRead) / Math.max(1, first.filesRead))}%): ` +
        'the synthetic archive copies whole venvs, node_modules and camera dumps, and camera dumps share names and sizes, so nearly every folder is a candidate. Confirming that N folders are copies means reading all N.');
    }
    if (rssJdupes !== undefined && rssRummage > rssJdupes) {
      limits.push(`Peak RSS: the index alone (Node and the scan) peaks at ${mb(rssIndex)}; hashing adds ${mb(Math.max(0, rssRummage - rssIndex))} (its worker threads, and 17 bytes a row for the hashes).`);
    }

    const markdown = [
      `Archive: \`${root}\`, ${format.num(ctx.archive.entries)} entries (${format.num(ctx.archive.files)} files, ${format.size(ctx.archive.bytes)}). ` +
        `Duplicate file groups agree: dupeFiles() ${format.num(first.fileGroups)}, jdupes ${jdupesGroups === undefined ? 'skipped' : format.num(jdupesGroups)}` +
        `${rmlint === undefined ? '' : `, rmlint ${format.num(rmlint.groups)}`}.`,
      '',
      times,
      '',
      work,
      '',
      memory,
      '',
      ...(limits.length > 0 ? [`What limits the missed targets: ${limits.join(' ')}`, ''] : []),
      ...(ctx.archive.entries < 1_000_000 ? [`_The targets are set for 1,000,000 entries; at ${format.num(ctx.archive.entries)} the fixed start-up costs weigh more._`, ''] : []),
      `Medians of ${ctx.runs} runs, warm page cache (the in-process warm-up and the group counts read everything first), one run of each whole command per round${rmlintRuns < ctx.runs ? `; rmlint ran ${rmlintRuns} time${rmlintRuns === 1 ? '' : 's'} only, timed and measured in the same run, as it takes minutes` : ''}. ` +
        `The machine is shared: a run during which other processes took more than 5% of the cores was done again after a pause (${retried} runs were; ${disturbed} kept runs were still disturbed after 4 tries). ` +
        'rummage compares every file here (`--junk --git`), as `jdupes -r` does; its default leaves out junk files and `.git`. ' +
        'Equal work: `jdupes -Q` trusts its hashes as rummage does by default; `jdupes` by default and rummage with `--verify-bytes` compare bytes. CPU is user + system seconds of the whole process: rummage hashes on two threads, jdupes on one. ' +
        'The whole-command rows run the snippet through `lib/snippet/run.mjs` (Node without the tsx loader) and include start-up and the scan, and runs with `--no-cache`, so every run hashes everything: that row is the one compared with jdupes. ' +
        'It prints the human summary (the largest groups), as jdupes prints its groups; `--json` of every path adds the cost of one large JSON string. ' +
        'The in-process rows come from test/bench/_dupes-inprocess.ts: dupeFiles() with an empty hash cache, then again with the cache it wrote, then groupDupes() with an empty cache of its own, so no figure borrows another\'s hashes.',
    ].join('\n');
    return { markdown, missed };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

const section: Section = { name: 'dupes', title: 'Duplicates: dupeFiles() against jdupes and rmlint, the warm cache, groupDupes()', run: runDupes };
export default section;
