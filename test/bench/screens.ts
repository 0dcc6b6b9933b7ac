// The README's report screenshots (test/screens/, small) and full-page ones (test/artifacts/):
// the demo archive and the synthetic 1M-entry one, at 800, 1280 and 1920 px, each
// checked for a missing top-level box. Usage: npx tsx test/bench/screens.ts [dupes]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { openArchive } from '../../lib/archive.ts';
import { demoArchive } from '../../lib/demo/index.ts';
import { synthArchive } from './synth.ts';

const repo = path.join(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-shots-'));
const ctx = await chromium.launchPersistentContext(path.join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
for (const [label, root, dupes] of [['demo', demoArchive(), true], ['bench-1m', synthArchive(1_000_000).root, process.argv[2] === 'dupes']] as const) {
  const a = await openArchive(root, { progress: false });
  const out = path.join(work, `${label}.html`);
  const t = performance.now();
  const r = await a.report({ out, dupes });
  console.log(label, 'report', Math.round(performance.now() - t), 'ms', r.nodes, 'nodes');
  for (const width of [800, 1280, 1920]) {
    const page = await ctx.newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`file://${out}`);
    await page.waitForFunction('window.__rummageReady !== undefined');
    const tops = a.catalog.children(0).filter((i) => a.catalog.subBytes[i]! > 0).map((i) => a.catalog.name(i));
    const drawn = await page.evaluate(`[...document.querySelectorAll('#treemap .box.top')].map((b) => b.getAttribute('data-path'))`) as string[];
    const missing = tops.filter((n) => !drawn.includes(n));
    console.log(label, width, 'top-level', tops.length, 'drawn', drawn.length, 'missing', missing.join(',') || 'none', await page.textContent('#note'));
    if (width === 1280) {
      fs.mkdirSync(path.join(repo, 'test/artifacts'), { recursive: true });
      await page.screenshot({ path: path.join(repo, `test/artifacts/report-${label}.png`), fullPage: true });
      await page.setViewportSize({ width: 960, height: 760 });
      await page.waitForTimeout(300);
      await page.locator('#where').scrollIntoViewIfNeeded();
      const box = (await page.locator('#where').boundingBox())!;
      const tm = (await page.locator('#treemap').boundingBox())!;
      await page.screenshot({ path: path.join(repo, `test/screens/report-${label}.png`), clip: { x: 0, y: box.y - 8, width: 960, height: tm.y + tm.height - box.y + 30 } });
      await page.check('#after');
      if (label === 'demo') await page.screenshot({ path: path.join(repo, `test/screens/report-${label}-after.png`), clip: { x: 0, y: box.y - 8, width: 960, height: tm.y + tm.height - box.y + 30 } });
    }
    await page.close();
  }
}
await ctx.close();
