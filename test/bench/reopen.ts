// The reopen section: the saved index on the synthetic archive. A full scan
// against reopening the saved index with its folders checked, and without the
// check, warm and cold; and the saved file's size.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { format } from '../../lib/index.ts';
import { cpuCell, dropCaches, markdownTable, ms, ratio, run, timeCold, timeQuietly, type Command, type Timing } from './_measure.ts';
import type { BenchContext, Section, SectionResult } from './_section.ts';

// Targets at 1M entries, from issue 13.
const CHECKED_VS_SCAN = 0.3;
const UNCHECKED_MS = 500;
const FILE_BYTES_PER_ENTRY = 60;

async function runReopen(ctx: BenchContext): Promise<SectionResult> {
  const { root } = ctx.archive;
  const missed: string[] = [];
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-bench-home-'));
  process.env.RUMMAGE_HOME = home;
  const cell = (ok: boolean, text: string): string => `${ok ? 'met' : '**missed**'} (${text})`;
  try {
    run(['node', '--import', 'tsx', 'lib/shared/build.ts'], { cwd: ctx.repo });
    const snippet = ['node', 'lib/snippet/run.mjs', 'count', root, '--json'];
    const scan: Command = { name: 'full scan', argv: [...snippet, '--rescan'] };
    const checked: Command = { name: 'reopen, checked', argv: snippet };
    const unchecked: Command = { name: 'reopen, --no-check', argv: [...snippet, '--no-check'] };
    ctx.log('warm-up: a full scan (which saves the index) and a run of each');
    const full = JSON.parse(run(scan.argv, { cwd: ctx.repo })) as { entries: number };
    const again = JSON.parse(run(checked.argv, { cwd: ctx.repo })) as { entries: number };
    if (full.entries !== again.entries) throw new Error(`the reopened index has ${again.entries} entries, the scan ${full.entries}`);
    run(unchecked.argv, { cwd: ctx.repo });
    const files = fs.readdirSync(path.join(home, 'cache', 'index')).filter((f) => f.endsWith('.index'));
    const fileBytes = fs.statSync(path.join(home, 'cache', 'index', files[0]!)).size;

    ctx.log(`timing warm, ${ctx.runs} interleaved rounds`);
    const [s, c, u] = timeQuietly([scan, checked, unchecked], ctx.runs, { cores: ctx.machine.cores, cwd: ctx.repo }).timings as [Timing, Timing, Timing];
    const rows: string[][] = [];
    const okWarm = c.median <= CHECKED_VS_SCAN * s.median;
    const okU = u.median <= UNCHECKED_MS;
    const perEntry = fileBytes / full.entries;
    const okFile = perEntry <= FILE_BYTES_PER_ENTRY;
    if (!okWarm) missed.push(`reopen with the check took ${ratio(c.median, s.median)} a full scan, warm (target <= ${CHECKED_VS_SCAN}x)`);
    if (!okU) missed.push(`reopen without the check took ${ms(u.median)} (target <= ${UNCHECKED_MS} ms)`);
    if (!okFile) missed.push(`the saved index takes ${perEntry.toFixed(1)} bytes an entry (target <= ${FILE_BYTES_PER_ENTRY})`);
    rows.push(['`count.ts ROOT --rescan`: full scan (and save), warm', ms(s.median), cpuCell(s), '1.00x', '']);
    rows.push(['`count.ts ROOT`: reopen, every folder checked, warm', ms(c.median), cpuCell(c), ratio(c.median, s.median), cell(okWarm, `<= ${CHECKED_VS_SCAN}x the scan`)]);
    rows.push(['`count.ts ROOT --no-check`: reopen unchecked, warm', ms(u.median), cpuCell(u), ratio(u.median, s.median), cell(okU, `<= ${UNCHECKED_MS} ms`)]);
    let coldNote = '';
    if (dropCaches()) {
      ctx.log(`timing cold, page cache dropped before each run, ${ctx.runs} rounds`);
      const [sc, cc, uc] = timeCold([scan, checked, unchecked], ctx.runs, ctx.repo) as [Timing, Timing, Timing];
      const okCold = cc.median <= CHECKED_VS_SCAN * sc.median;
      if (!okCold) missed.push(`reopen with the check took ${ratio(cc.median, sc.median)} a full scan, cold (target <= ${CHECKED_VS_SCAN}x)`);
      rows.push(['`count.ts ROOT --rescan`: full scan, cold page cache', ms(sc.median), cpuCell(sc), '1.00x', '']);
      rows.push(['`count.ts ROOT`: reopen checked, cold page cache', ms(cc.median), cpuCell(cc), ratio(cc.median, sc.median), cell(okCold, `<= ${CHECKED_VS_SCAN}x the scan`)]);
      rows.push(['`count.ts ROOT --no-check`: reopen unchecked, cold page cache', ms(uc.median), cpuCell(uc), ratio(uc.median, sc.median), '']);
    } else {
      coldNote = 'Cold rows skipped: this run may not drop the page cache (root only). ';
    }
    rows.push([`saved file: ${format.size(fileBytes)} for ${format.num(full.entries)} entries`, `${perEntry.toFixed(1)} B/entry`, '', '', cell(okFile, `<= ${FILE_BYTES_PER_ENTRY} B/entry`)]);
    const markdown = [
      `Archive: \`${root}\`, ${format.num(full.entries)} entries.`,
      '',
      markdownTable(['saved index', 'wall (median)', 'CPU', 'vs full scan', 'target'], rows),
      '',
      coldNote +
        `Medians of ${ctx.runs} runs, whole processes through \`lib/snippet/run.mjs\` (no tsx loader), one run of each per round. ` +
        'The check stats every folder of the saved index (none changed here: the archive is left alone) and would read again any whose mtime or ctime moved. ' +
        'Cold rows drop the page cache before every run: the reopen then reads the saved file and every folder\'s inode from disk, the scan every inode.',
    ].join('\n');
    return { markdown, missed };
  } finally {
    delete process.env.RUMMAGE_HOME;
    fs.rmSync(home, { recursive: true, force: true });
  }
}

const section: Section = { name: 'reopen', title: 'The saved index: reopening a million entries', run: runReopen };
export default section;
