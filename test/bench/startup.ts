// The start-up section: a snippet on an empty folder (start-up alone), with
// and without the tsx loader, against bare Node; and the REPL's time to prompt.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cpuCell, markdownTable, mb, median, medianRss, ms, run, timeQuietly, type Timing } from './_measure.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

// Targets from issue 13.
const STARTUP_MS = 200;
const STARTUP_RSS = 70e6;

/** The REPL's own figure (RUMMAGE_TIMING=1): from process start to the prompt, the scan of the empty folder included. */
function timeToPrompt(repo: string, root: string, env: NodeJS.ProcessEnv): number {
  // RUMMAGE_BENCH_BASELINE: another checkout (say, main before this work) whose REPL is timed alongside.
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/repl/main.ts', root], { cwd: repo, input: '.exit\n', encoding: 'utf8', env: { ...process.env, ...env, RUMMAGE_TIMING: '1' } });
  const m = /prompt after (\d+) ms/.exec(r.stderr);
  if (m === null) throw new Error(`no RUMMAGE_TIMING line from the REPL: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return Number(m[1]);
}

async function runStartup(ctx: BenchContext): Promise<SectionResult> {
  const missed: string[] = [];
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-empty-'));
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-home-'));
  try {
    const cmd = {
      node: ['node', '-e', '0'],
      fast: ['node', 'lib/snippet/run.mjs', 'count', empty, '--json'],
      bin: ['node', 'lib/repl/bin.js', 'run', 'count', empty, '--json'],
      tsx: ['node', '--import', 'tsx', 'snippets/count.ts', empty, '--json'],
    };
    ctx.log('warm-up: building node_modules/.cache/rummage/ if needed, one run of each');
    run(['node', '--import', 'tsx', 'lib/shared/build.ts'], { cwd: ctx.repo });
    for (const c of Object.values(cmd)) run(c, { cwd: ctx.repo });
    ctx.log(`timing start-up, ${ctx.runs} interleaved rounds`);
    const whole = timeQuietly([
      { name: 'node -e 0', argv: cmd.node },
      { name: 'run-snippet count', argv: cmd.fast },
      { name: 'tsx count', argv: cmd.tsx },
      { name: 'rummage run count', argv: cmd.bin },
    ], ctx.runs, { cores: ctx.machine.cores, cwd: ctx.repo });
    const [node, fast, tsx, bin] = whole.timings as [Timing, Timing, Timing, Timing];
    const rss = {
      node: medianRss(cmd.node, ctx.runs, ctx.repo).median,
      fast: medianRss(cmd.fast, ctx.runs, ctx.repo).median,
      tsx: medianRss(cmd.tsx, ctx.runs, ctx.repo).median,
      bin: medianRss(cmd.bin, ctx.runs, ctx.repo).median,
    };
    ctx.log('the REPL time to prompt, RUMMAGE_TIMING=1');
    timeToPrompt(ctx.repo, empty, { RUMMAGE_HOME: home });
    const baseline = process.env.RUMMAGE_BENCH_BASELINE;
    const prompts: number[] = [];
    const before: number[] = [];
    // Interleaved with the baseline's, so both see the same machine.
    for (let k = 0; k < Math.max(5, ctx.runs); k++) {
      prompts.push(timeToPrompt(ctx.repo, empty, { RUMMAGE_HOME: home }));
      if (baseline !== undefined) before.push(timeToPrompt(baseline, empty, { RUMMAGE_HOME: home }));
    }
    const prompt = median(prompts);

    const okMs = fast.median <= STARTUP_MS;
    const okRss = rss.fast <= STARTUP_RSS;
    if (!okMs) missed.push(`a snippet on an empty folder took ${ms(fast.median)} (target <= ${STARTUP_MS} ms)`);
    if (!okRss) missed.push(`a snippet on an empty folder peaked at ${mb(rss.fast)} (target <= ${mb(STARTUP_RSS, 0)})`);
    const cell = (ok: boolean, text: string): string => `${ok ? 'met' : '**missed**'} (${text})`;
    const table = markdownTable(['start-up, empty folder', 'wall (median)', 'CPU', 'peak RSS', 'target'], [
      ['`node lib/snippet/run.mjs count EMPTY --json` (no tsx, prebuilt lib)', ms(fast.median), cpuCell(fast), mb(rss.fast), `${cell(okMs, `<= ${STARTUP_MS} ms`)}, ${cell(okRss, `<= ${mb(STARTUP_RSS, 0)}`)}`],
      ['`rummage run count EMPTY --json` (lib/repl/bin.js hands a named snippet to run.mjs)', ms(bin.median), cpuCell(bin), mb(rss.bin), ''],
      ['`node --import tsx snippets/count.ts EMPTY --json`', ms(tsx.median), cpuCell(tsx), mb(rss.tsx), ''],
      ['`node -e 0`', ms(node.median), cpuCell(node), mb(rss.node), ''],
      ['REPL `node --import tsx lib/repl/main.ts EMPTY`: time to prompt (`RUMMAGE_TIMING=1`)', ms(prompt), '', '', before.length > 0 ? `${median(before) >= prompt ? 'met' : '**missed**'} (no regression: the baseline checkout, interleaved, took ${ms(median(before))})` : `runs: ${prompts.map((p) => Math.round(p)).join(', ')} ms`],
    ]);
    const markdown = [
      table,
      '',
      `Medians of ${ctx.runs} runs (the REPL: ${prompts.length}), timed by hyperfine without a shell, one run of each per round, after a warm-up run of each. CPU is user + system seconds of the whole process. ` +
        'Start-up no longer runs esbuild: the worker scripts and lib/ are bundled once into node_modules/.cache/rummage/ (`npm install` runs the build as its prepare step; a stale bundle, one whose inputs changed, is built again on first use), and a scan of a small tree starts no worker thread. ' +
        '`lib/snippet/run.mjs` runs a snippet without the tsx loader: it strips the snippet\'s types once (kept in node_modules/.cache/rummage/snippets/ by content hash) and imports lib/ from node_modules/.cache/rummage/rummage.mjs.',
    ].join('\n');
    return { markdown, missed };
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const section: Section = { name: 'startup', title: 'Start-up: a snippet on an empty folder, and the REPL', run: runStartup };
export default section;
