// How long the report of a big archive takes to write, and to open in the
// browser: headless Chromium loads it from file:// and the page says when its
// first treemap is drawn. Usage: npx tsx test/bench/report.ts [--entries N] [--runs N] [--dupes]
// (--dupes also finds duplicate folders, which hashes candidates through the hash cache).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { openArchive } from '../../lib/archive.ts';
import { duration, num, size } from '../../lib/format.ts';
import { synthArchive } from './synth.ts';

const { values } = parseArgs({ options: { entries: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, dupes: { type: 'boolean', default: false } } });
const entries = Number(values.entries);
const runs = Number(values.runs);
if (!Number.isInteger(entries) || entries < 1000 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('bench/report: --entries takes a whole number of 1000 or more, --runs a whole number of 1 or more\n');
  process.exit(2);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const info = synthArchive(entries);
let t = performance.now();
const archive = await openArchive(info.root, { progress: false });
const scanMs = performance.now() - t;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-report-bench-'));
const out = path.join(work, 'report.html');
t = performance.now();
const r = await archive.report({ out, dupes: values.dupes === true });
const writeMs = performance.now() - t;

const context = await chromium.launchPersistentContext(path.join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
const wall: number[] = [];
const inPage: number[] = [];
const zoom: number[] = [];
try {
  for (let k = 0; k < runs; k++) {
    const page = await context.newPage();
    const start = performance.now();
    await page.goto(`file://${out}`);
    await page.waitForFunction('window.__rummageReady !== undefined');
    wall.push(performance.now() - start);
    inPage.push(Number(await page.evaluate('window.__rummageReady')));
    // A click into the largest folder, until its view is drawn.
    const z = performance.now();
    await page.click('#treemap .box.top.dir >> nth=0', { position: { x: 8, y: 6 } });
    await page.waitForFunction("document.getElementById('treemap').getAttribute('data-current') !== ''");
    zoom.push(performance.now() - z);
    await page.close();
  }
} finally {
  await context.close();
  fs.rmSync(work, { recursive: true, force: true });
}

console.log(`report of ${num(r.entries)} entries (${size(info.bytes)}), ${runs} runs, ${os.cpus().length} cores`);
console.log(`  scan                ${duration(scanMs)}`);
console.log(`  write report        ${duration(writeMs)}  (${size(r.bytes)} of HTML, ${num(r.nodes)} treemap nodes${values.dupes === true ? ', duplicate folders included' : ''})`);
console.log(`  open in Chromium    ${duration(median(wall))} median wall time from goto to first treemap drawn (${wall.map((x) => duration(x)).join(', ')})`);
console.log(`  ready in page       ${duration(median(inPage))} median after navigation start (performance.now)`);
console.log(`  zoom into a folder  ${duration(median(zoom))} median`);
