// The real-trees section: seed-sized trees this machine already has, /usr
// (about 140,000 entries) for the scan and /usr/share for duplicates, warm and
// cold, each against the C tool doing the same work.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from '../../lib/index.ts';
import { cpuCell, dropCaches, markdownTable, mb, medianRss, ms, ratio, run, timeCold, timeQuietly, type Command, type Timing } from './_measure.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

// Targets from issue 13, warm cache.
const COUNT_VS_FIND = 1.2;
const DUPES_VS_JDUPES = 1.0;

function groups(text: string): number {
  return text.split(/\n\s*\n/).filter((b) => b.trim() !== '').length;
}

async function runReal(ctx: BenchContext): Promise<SectionResult> {
  const missed: string[] = [];
  const rows: string[][] = [];
  const notes: string[] = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-home-'));
  process.env.RUMMAGE_HOME = home;
  const cell = (ok: boolean, text: string): string => `${ok ? 'met' : '**missed**'} (${text})`;
  const quiet = { cores: ctx.machine.cores, cwd: ctx.repo };
  try {
    run(['node', '--import', 'tsx', 'lib/shared/build.ts'], { cwd: ctx.repo });
    for (const tree of ['/usr', '/usr/share']) {
      if (!fs.existsSync(tree)) notes.push(`${tree} does not exist here: its rows are skipped.`);
    }
    if (fs.existsSync('/usr')) {
      const entries = run(['find', '/usr', '-xdev', '-mindepth', '1', '-printf', '.']).length;
      // --rescan: a full scan every run (the saved index would otherwise make this a reopen).
      const count: Command = { name: 'rummage count /usr', argv: ['node', 'lib/snippet/run.mjs', 'count', '/usr', '--json', '--rescan'] };
      const reopen: Command = { name: 'rummage count /usr, saved index', argv: ['node', 'lib/snippet/run.mjs', 'count', '/usr', '--json'] };
      const find: Command = { name: 'find /usr', argv: ['find', '/usr', '-xdev', '-printf', '%y %s %p\\n'] };
      const got = (JSON.parse(run(count.argv, { cwd: ctx.repo })) as { entries: number }).entries;
      ctx.log(`/usr: ${entries} entries (rummage ${got}); timing warm, ${ctx.runs} rounds`);
      for (const c of [count, reopen, find]) run(c.argv, { cwd: ctx.repo });
      const [r, re, f] = timeQuietly([count, reopen, find], ctx.runs, quiet).timings as [Timing, Timing, Timing];
      const ok = r.median <= COUNT_VS_FIND * f.median;
      if (!ok) missed.push(`count.ts /usr took ${ratio(r.median, f.median)} find's time, warm (target <= ${COUNT_VS_FIND}x)`);
      const rssR = medianRss(count.argv, ctx.runs, ctx.repo).median;
      const rssF = medianRss(find.argv, ctx.runs).median;
      rows.push([`\`count.ts /usr --rescan\` (${format.num(got)} entries), warm, full scan`, ms(r.median), cpuCell(r), mb(rssR), ratio(r.median, f.median), cell(ok, `<= ${COUNT_VS_FIND}x find`)]);
      rows.push(['`count.ts /usr`, warm, saved index checked', ms(re.median), cpuCell(re), '', ratio(re.median, f.median), '']);
      rows.push([`\`find /usr -xdev -printf '%y %s %p\\n'\` (${format.num(entries)} entries), warm`, ms(f.median), cpuCell(f), mb(rssF), '1.00x', '']);
      if (dropCaches()) {
        ctx.log(`/usr cold: page cache dropped before each run, ${ctx.runs} rounds`);
        const [rc, rec, fc] = timeCold([count, reopen, find], ctx.runs, ctx.repo) as [Timing, Timing, Timing];
        rows.push(['`count.ts /usr --rescan`, cold page cache', ms(rc.median), cpuCell(rc), '', ratio(rc.median, fc.median), '']);
        rows.push(['`count.ts /usr`, cold page cache, saved index checked', ms(rec.median), cpuCell(rec), '', ratio(rec.median, fc.median), '']);
        rows.push(['`find /usr`, cold page cache', ms(fc.median), cpuCell(fc), '', '1.00x', '']);
      } else {
        notes.push('Cold-cache rows skipped: this run may not drop the page cache (it needs root to write /proc/sys/vm/drop_caches).');
      }
    }
    if (fs.existsSync('/usr/share')) {
      const base = ['node', 'lib/snippet/run.mjs', 'dupe-files', '/usr/share', '--junk', '--git', '--no-cache', '--rescan'];
      const cmds: Command[] = [
        { name: 'rummage dupe-files', argv: base },
        { name: 'jdupes -r -Q', argv: ['jdupes', '-r', '-Q', '-q', '/usr/share'] },
        { name: 'rummage dupe-files --verify-bytes', argv: [...base, '--verify-bytes'] },
        { name: 'jdupes -r', argv: ['jdupes', '-r', '-q', '/usr/share'] },
      ];
      const jGroups = groups(run(cmds[1]!.argv));
      // Hard-linked names of one file are their own kind of group in rummage; jdupes leaves hard links out.
      const rGroups = (JSON.parse(run([...base, '--json'], { cwd: ctx.repo })) as { groups: { hardlinked: boolean }[] }).groups.filter((g) => !g.hardlinked).length;
      ctx.log(`/usr/share duplicates: rummage ${rGroups} groups, jdupes ${jGroups}; timing warm, ${ctx.runs} rounds`);
      for (const c of cmds) run(c.argv, { cwd: ctx.repo });
      const [rq, jq, rv, jv] = timeQuietly(cmds, ctx.runs, quiet).timings as [Timing, Timing, Timing, Timing];
      const rssR = medianRss(base, ctx.runs, ctx.repo).median;
      const rssJ = medianRss(cmds[1]!.argv, ctx.runs).median;
      const okQ = rq.median <= DUPES_VS_JDUPES * jq.median;
      const okV = rv.median <= DUPES_VS_JDUPES * jv.median;
      if (!okQ) missed.push(`dupe-files.ts /usr/share took ${ratio(rq.median, jq.median)} jdupes -Q's time (target <= ${DUPES_VS_JDUPES}x)`);
      if (!okV) missed.push(`dupe-files.ts /usr/share --verify-bytes took ${ratio(rv.median, jv.median)} jdupes' time (target <= ${DUPES_VS_JDUPES}x)`);
      rows.push([`\`dupe-files.ts /usr/share --junk --git --no-cache\`: hashes, no byte check (${format.num(rGroups)} groups)`, ms(rq.median), cpuCell(rq), mb(rssR), ratio(rq.median, jq.median), cell(okQ, `<= ${DUPES_VS_JDUPES}x jdupes -Q`)]);
      rows.push([`\`jdupes -r -Q /usr/share\`: hashes, no byte check (${format.num(jGroups)} groups)`, ms(jq.median), cpuCell(jq), mb(rssJ), '1.00x', '']);
      rows.push(['`dupe-files.ts /usr/share … --verify-bytes`: byte-verified', ms(rv.median), cpuCell(rv), '', ratio(rv.median, jv.median), cell(okV, `<= ${DUPES_VS_JDUPES}x jdupes`)]);
      rows.push(['`jdupes -r /usr/share`: byte-verified (its default)', ms(jv.median), cpuCell(jv), '', '1.00x', '']);
      if (rGroups !== jGroups) notes.push(`Group counts differ on /usr/share (rummage ${rGroups}, jdupes ${jGroups}, hard-link groups left out of both).`);
    }
    const table = markdownTable(['real tree', 'wall (median)', 'CPU', 'peak RSS', 'vs peer', 'target'], rows);
    const markdown = [
      table,
      '',
      ...notes.map((n) => `${n}`),
      ...(notes.length > 0 ? [''] : []),
      `Medians of ${ctx.runs} runs, one run of each command per round, by hyperfine without a shell, output to /dev/null; warm rows after a warm-up run of each. ` +
        'Rummage runs through `lib/snippet/run.mjs` (no tsx loader); `--rescan` makes every run a full scan, the saved-index rows reopen the index saved by the run before and check its folders. ' +
        'CPU is user + system seconds of the whole process: rummage scans and hashes on two threads, find and jdupes on one. ' +
        'Equal work: `jdupes -Q` skips its byte-by-byte check, as rummage does without `--verify-bytes`; `jdupes` by default and rummage with `--verify-bytes` both compare bytes. Both read every file of a size shared with another (`--junk --git`: rummage leaves nothing out). ' +
        'Cold rows drop the page cache (`echo 3 > /proc/sys/vm/drop_caches`) before every run of every command.',
    ].join('\n');
    return { markdown, missed };
  } finally {
    delete process.env.RUMMAGE_HOME;
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const section: Section = { name: 'real', title: 'Seed-sized real trees: /usr and /usr/share, warm and cold', run: runReal };
export default section;
