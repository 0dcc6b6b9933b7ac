// The report in a real browser: headless Chromium from Debian, driven by
// playwright-core, loads the page from file://, and the test reads what a
// person would see, clicks into a folder, and keeps a screenshot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { after, test } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { openArchive } from '../lib/archive.ts';
import { groupDupes } from '../lib/dupes/dirs.ts';
import { num, size } from '../lib/format.ts';
import { esc, scriptJson } from '../lib/report/page.ts';
import { pruneTree, reportHtml } from '../lib/report/report.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const ARTIFACTS = path.join(import.meta.dirname, 'artifacts');
const bytes = (n: number, c = 'x'): string => c.repeat(n);

const pictures = (seed: string): Record<string, string> =>
  Object.fromEntries(Array.from({ length: 6 }, (_, k) => [`IMG_${1000 + k}.JPG`, bytes(3000 + k * 500, seed)]));

const SPEC = {
  old_photos: { 'Christmas 2008': pictures('a'), 'Summer 2009': pictures('b') },
  pangolin_archive: { photos: { 'Christmas 2008': pictures('a') } },
  projects: {
    app: {
      'app.py': bytes(900),
      '.venv': { 'pyvenv.cfg': 'home = /usr/bin', bin: { activate: bytes(2000) }, lib: { 'python3.11': { 'site-packages': { 'big.so': bytes(30000) } } } },
      __pycache__: { 'app.cpython-311.pyc': bytes(1200) },
    },
    web: { 'package.json': '{}', node_modules: { left: { 'index.js': bytes(8000) } }, 'index.js': bytes(300) },
  },
  videos: { 'VID00001.MP4': bytes(40000), 'clip <b>&amp;.avi': bytes(5000) },
  '.DS_Store': bytes(10),
};

const root = tree(SPEC);
const home = tree({}, 'rummage-home-');
process.env.RUMMAGE_HOME = home;

let context: BrowserContext | undefined;
// Chromium's helper processes may still write to the profile after close(): it is removed here, best effort.
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-chromium-'));
after(async () => {
  await context?.close();
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch {
    // A file Chromium wrote after closing; the OS temp folder is cleaned anyway.
  }
});

/** A fresh browser profile each run, no network features, no sandbox (CI runs as root). */
async function browser(): Promise<BrowserContext> {
  context ??= await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
  return context;
}

test('esc() and scriptJson(): names cannot break out of the page', () => {
  assert.equal(esc(`<b a="1">'&`), '&#60;b a=&#34;1&#34;&#62;&#39;&#38;');
  const s = scriptJson({ n: '</script><script>alert(1)</script>', l: '\u2028' });
  assert.ok(!s.includes('<'));
  assert.deepEqual(JSON.parse(s), { n: '</script><script>alert(1)</script>', l: '\u2028' });
});

test('pruneTree(): keeps to the budget, keeps marked folders, and every folder adds up (with the grey box)', async () => {
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 30; d++) spec[`d${String(d).padStart(2, '0')}`] = Object.fromEntries(Array.from({ length: 60 }, (_, f) => [`f${f}.bin`, bytes(1 + ((d * 61 + f * 17) % 997))]));
  const a = await openArchive(tree(spec), { progress: false });
  const cat = a.catalog;
  const small = cat.lookup('d00/f0.bin');
  const t = pruneTree(cat, 200, new Map([[small, { cruft: 1, dupe: 0 }]]));
  const real = t.kind.filter((k) => k !== 3).length;
  assert.ok(real <= 200 + 2, `${real} real nodes`);
  assert.ok(t.name.length < cat.length / 4);
  // The marked file made it in, with its folder, though it is small.
  const at = t.name.findIndex((n, i) => n === 'f0.bin' && t.name[t.parent[i]!] === 'd00');
  assert.ok(at > 0);
  assert.equal(t.cruft[at], 1);
  // A parent comes before its children, and children (grey boxes included) add up to their folder.
  const sums = new Map<number, number>();
  for (let i = 1; i < t.name.length; i++) {
    assert.ok(t.parent[i]! < i);
    sums.set(t.parent[i]!, (sums.get(t.parent[i]!) ?? 0) + t.bytes[i]!);
  }
  for (const [p, s] of sums) assert.equal(s, t.bytes[p], t.name[p]);
  assert.equal(t.bytes[0], cat.subBytes[0]);
});

test('report(): one self-contained file, written outside the archive', async () => {
  const a = await openArchive(root, { progress: false });
  const r = await a.report({ dupes: false });
  assert.ok(r.file.startsWith(path.join(home, 'state', 'reports')));
  assert.match(inspect(r), /^Report: .*\.html\n .* treemap boxes for \d+ entries; reveal\(_\) opens it/);
  const html = fs.readFileSync(r.file, 'utf8');
  // Nothing to fetch: no external src, href or url().
  assert.doesNotMatch(html, /\b(src|href)=["']?(https?:)?\/\//i);
  assert.doesNotMatch(html, /url\(\s*['"]?(https?:)?\/\//i);
  assert.doesNotMatch(html, /<script[^>]+src=/i);
  assert.ok(!html.includes('clip <b>'), 'names are escaped');
  await assert.rejects(a.report({ out: path.join(root, 'r.html') }), /inside the archive/);
  await assert.rejects(a.report({ budget: 5 }), /^UsageError: report\(\): option 'budget' must be 100 or more, not 5; e\.g\. \{budget: 5000\}$/);
});

test('report() in Chromium: key numbers, cruft and duplicate colours, a click into a folder, a screenshot', async () => {
  const a = await openArchive(root, { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'report.html');
  await a.report({ out });
  const page = await (await browser()).newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (q) => requests.push(q.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith('file://') && !u.startsWith('data:')), [], 'no network');

  // The key numbers, as count() and media() give them.
  const c = a.count();
  assert.equal(await page.textContent('#stat-entries b'), num(c.entries));
  assert.equal(await page.textContent('#stat-files b'), num(c.files));
  assert.equal(await page.textContent('#stat-bytes b'), size(c.bytes));
  const cr = a.cruft();
  const venvRow = cr.byKind().find((k) => k.kind === 'venv')!;
  const row = await page.locator('#cruft-summary tr', { hasText: 'venv' }).first().textContent();
  assert.match(row!, new RegExp(`venv${num(venvRow.items)}${num(venvRow.entries)}`));
  const images = a.media().categories.find((x) => x.category === 'images')!;
  assert.match((await page.locator('#media tr', { hasText: 'images' }).textContent())!, new RegExp(`images${num(images.files)}${num(images.uniqueNames)}`));
  assert.equal(await page.locator('#biggest td.p').first().textContent(), `${a.name}/videos/VID00001.MP4`);
  // The duplicate group: the same Christmas 2008 pictures in two places, and its folders in purple.
  const dupes = await groupDupes(a);
  assert.equal(dupes.groups.length, 1);
  assert.equal(await page.textContent('#stat-dupes b'), size(dupes.reclaimable));
  const group = (await page.locator('#dupe-groups tr').nth(1).textContent())!;
  assert.ok(group.includes(`${a.name}/old_photos/Christmas 2008`) && group.includes(`${a.name}/pangolin_archive/photos/Christmas 2008`), group);
  assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="old_photos/Christmas 2008"]')).backgroundColor`), 'rgb(142, 68, 173)');
  // Boxes holding cruft or duplicates further down carry a meter of their share.
  assert.ok(await page.locator('#treemap .meter').count() >= 2);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });

  // Click into projects/: the view changes to that folder.
  assert.equal(await page.getAttribute('#treemap', 'data-current'), '');
  await page.click('#treemap .box.top[data-path="projects"]', { position: { x: 8, y: 6 } });
  assert.equal(await page.getAttribute('#treemap', 'data-current'), 'projects');
  assert.match((await page.textContent('#crumbs'))!, new RegExp(`${a.name} / projects`));
  assert.equal(await page.locator('#treemap .box.top[data-path="projects/app"]').count(), 1);
  assert.equal(await page.locator('#treemap .box.top[data-path="videos"]').count(), 0);
  // The venv and node_modules inside are drawn in their cruft colours.
  const bg = (p: string): Promise<string> => page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="${p}"]')).backgroundColor`);
  assert.equal(await bg('projects/app/.venv'), 'rgb(228, 87, 46)');
  assert.equal(await bg('projects/web/node_modules'), 'rgb(192, 57, 43)');
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-zoomed.png') });

  // And back out through the breadcrumb.
  await page.click('#crumbs a');
  assert.equal(await page.getAttribute('#treemap', 'data-current'), '');
  await page.close();
});

test('reportHtml(): with duplicate groups, their folders are coloured and listed', async () => {
  const a = await openArchive(root, { progress: false });
  const cat = a.catalog;
  const members = ['old_photos/Christmas 2008', 'pangolin_archive/photos/Christmas 2008'];
  const { html } = reportHtml({
    catalog: cat, name: a.name, root, generated: new Date(0),
    dupes: { groups: [{ paths: members, indices: members.map((p) => cat.lookup(p)), files: 6, bytes: 19500 }] },
    media: a.media(), biggest: [],
  });
  const out = path.join(tree({}, 'rummage-report-'), 'dupes.html');
  fs.writeFileSync(out, html);
  const page = await (await browser()).newPage();
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  assert.equal(await page.textContent('#stat-dupes b'), size(19500));
  const group = await page.locator('#dupe-groups tr').nth(1).textContent();
  assert.ok(group!.includes(`${a.name}/old_photos/Christmas 2008`) && group!.includes(`${a.name}/pangolin_archive/photos/Christmas 2008`));
  const colour = await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="old_photos/Christmas 2008"]')).backgroundColor`);
  assert.equal(colour, 'rgb(142, 68, 173)');
  await page.close();
});

test('snippets/report.ts --out prints the path; --json gives the same', () => {
  const out = path.join(tree({}, 'rummage-report-'), 'snippet.html');
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/report.ts', root, '--out', out, '--no-dupes', '--json'], { cwd: repo, encoding: 'utf8', env: { ...process.env, RUMMAGE_HOME: home } });
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  assert.equal(j.file, out);
  assert.ok(fs.statSync(out).size > 1000);
});
