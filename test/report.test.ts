// The report in a real browser: headless Chromium from Debian, driven by
// playwright-core, loads the page from file://, and the test reads what a
// person would see, clicks into a folder, and keeps a screenshot.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import zlib from 'node:zlib';
import { after, test } from 'node:test';
import { chromium, type BrowserContext } from 'playwright-core';
import { openArchive } from '../lib/archive.ts';
import { groupDupes } from '../lib/dupes/dirs.ts';
import { num, size } from '../lib/format.ts';
import { esc, scriptJson } from '../lib/report/page.ts';
import { COLOURS, DRAWN_BOXES, PAGE_NODES, pruneTree, reportHtml } from '../lib/report/report.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');
const rgb = (hex: string): string => `rgb(${[1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)).join(', ')})`;
const CRUFT_RGB = rgb(COLOURS.cruft);
const DUPE_RGB = rgb(COLOURS.dupe);

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

/** The band at the left of a box, from its computed background: the cruft share, then the duplicate share, in percent. */
function bands(gradient: string): { cruft: number; dupe: number } {
  const end = (colour: string): number => {
    let at = 0;
    for (const m of gradient.matchAll(/(rgb\([^)]*\)) ([\d.]+)(%|px)/g)) if (m[1] === colour && m[3] === '%') at = Number(m[2]);
    return at;
  };
  const c = gradient.includes(CRUFT_RGB) ? end(CRUFT_RGB) : 0;
  const d = gradient.includes(DUPE_RGB) ? end(DUPE_RGB) : c;
  return { cruft: c, dupe: d - c };
}

/** The pixels of a PNG screenshot (8-bit RGB or RGBA, not interlaced, as Chromium writes them). */
function decodePng(png: Buffer): { width: number; pixel: (x: number, y: number) => [number, number, number] } {
  let off = 8;
  let width = 0;
  let height = 0;
  let channels = 4;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const data = png.subarray(off + 8, off + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8, '8-bit');
      assert.equal(data[12], 0, 'not interlaced');
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter]!;
      out[y * stride + x] = (v + pred) & 255;
    }
  }
  return { width, pixel: (x, y) => [out[y * stride + x * channels]!, out[y * stride + x * channels + 1]!, out[y * stride + x * channels + 2]!] };
}

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
  assert.match(inspect(r), new RegExp(`^Report: .*\\.html\\n .* treemap nodes for \\d+ entries \\(at most ${num(DRAWN_BOXES)} boxes drawn at a time\\); reveal\\(_\\) opens it`));
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
  // The duplicate group: the same Christmas 2008 pictures in two places, and its folders in the duplicate blue.
  const dupes = await groupDupes(a);
  assert.equal(dupes.groups.length, 1);
  assert.equal(await page.textContent('#stat-dupes b'), size(dupes.reclaimable));
  const group = (await page.locator('#dupe-groups tr').nth(1).textContent())!;
  assert.ok(group.includes(`${a.name}/old_photos/Christmas 2008`) && group.includes(`${a.name}/pangolin_archive/photos/Christmas 2008`), group);
  assert.equal(await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="old_photos/Christmas 2008"]')).backgroundColor`), DUPE_RGB);
  // Boxes holding cruft or duplicates further down carry a band of their share, at every level.
  const bandOf = async (p: string): Promise<{ cruft: number; dupe: number }> => bands(await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="${p}"]')).backgroundImage`));
  const share = (under: string, sum: number): number => (100 * sum) / a.catalog.subBytes[a.catalog.lookup(under)]!;
  const cruftIn = (under: string): number => cr.items.filter((it) => it.verified && it.path.startsWith(`${under}/`)).reduce((n, it) => n + it.bytes, 0);
  const projects = await bandOf('projects');
  assert.ok(Math.abs(projects.cruft - share('projects', cruftIn('projects'))) < 0.5, `${JSON.stringify(projects)}`);
  assert.equal(projects.dupe, 0);
  const app = await bandOf('projects/app');
  assert.ok(Math.abs(app.cruft - share('projects/app', cruftIn('projects/app'))) < 0.5, `${JSON.stringify(app)}`);
  const photos = await bandOf('old_photos');
  assert.equal(photos.cruft, 0);
  assert.ok(Math.abs(photos.dupe - share('old_photos', a.catalog.subBytes[a.catalog.lookup('old_photos/Christmas 2008')]!)) < 0.5, `${JSON.stringify(photos)}`);
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
  assert.equal(await bg('projects/app/.venv'), CRUFT_RGB);
  assert.equal(await bg('projects/web/node_modules'), CRUFT_RGB);
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
  assert.equal(colour, DUPE_RGB);
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

/** Eight big folders of 400 files each, then three smaller ones: drawing the big ones' insides used to use up the boxes before the small ones got theirs. */
function manyBoxes(): string {
  const spec: Record<string, Record<string, string>> = {};
  for (let d = 0; d < 9; d++) spec[`big${d}`] = Object.fromEntries(Array.from({ length: 400 }, (_, f) => [`f${f}.bin`, bytes(200)]));
  spec.small1 = { 'one.bin': bytes(60000) };
  spec.small2 = { 'one.bin': bytes(30000) };
  spec.tiny = { 'one.bin': bytes(900) };
  return tree(spec);
}

test('report() in Chromium: every top-level folder has a box within 10% of its share of the area, at 800, 1280 and 1920 px; the footer counts the boxes drawn', async () => {
  const a = await openArchive(manyBoxes(), { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'many.html');
  await a.report({ out, dupes: false });
  const cat = a.catalog;
  const tops = cat.children(0).filter((i) => cat.subBytes[i]! > 0);
  for (const width of [800, 1280, 1920]) {
    const page = await (await browser()).newPage();
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`file://${out}`);
    await page.waitForFunction('window.__rummageReady !== undefined');
    const inner = await page.evaluate(`(() => { const m = document.getElementById('treemap'); return m.clientWidth * m.clientHeight; })()`) as number;
    for (const i of tops) {
      const name = cat.name(i);
      const el = page.locator(`#treemap .box.top[data-path="${name}"]`);
      assert.equal(await el.count(), 1, `${name} has no box at ${width} px`);
      await el.scrollIntoViewIfNeeded();
      const r = (await el.boundingBox())!;
      const want = cat.subBytes[i]! / cat.subBytes[0]!;
      const got = (r.width * r.height) / inner;
      assert.ok(Math.abs(got - want) <= 0.1 * want, `${name} at ${width} px: ${(got * 100).toFixed(2)}% of the area for ${(want * 100).toFixed(2)}% of the bytes`);
      // And it is on screen, not under another box.
      const hit = await page.evaluate(`(() => { const e = document.elementFromPoint(${r.x + Math.min(8, r.width / 2)}, ${r.y + Math.min(6, r.height / 2)}); return e && e.closest('.box.top') ? e.closest('.box.top').getAttribute('data-path') : null; })()`);
      assert.equal(hit, name, `${name} at ${width} px is covered`);
      const m = (await page.locator('#treemap').boundingBox())!;
      assert.ok(r.x >= m.x - 1 && r.x + r.width <= m.x + m.width + 1 && r.y >= m.y - 1 && r.y + r.height <= m.y + m.height + 1, `${name} lies outside the map`);
    }
    // One true figure: the boxes in the page are the number the footer gives, and never more than DRAWN_BOXES.
    const boxes = await page.locator('#treemap .box').count();
    const note = (await page.textContent('#note'))!;
    assert.match(note, new RegExp(`^${num(boxes).replace(',', '\\,')} boxes drawn`));
    assert.ok(boxes <= DRAWN_BOXES, `${boxes} boxes`);
    if (boxes === DRAWN_BOXES) assert.match(note, new RegExp(`at most ${num(DRAWN_BOXES).replace(',', '\\,')} at a time`));
    if (width === 1280) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'report-many.png') });
    }
    await page.close();
  }
});

test('README gives the same figures as the code: boxes drawn at a time and nodes kept in a page', () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const para = readme.split('\n').find((l) => /boxes/.test(l) && /nodes/.test(l) && /report|page/.test(l));
  assert.ok(para !== undefined, 'the README says how many boxes are drawn');
  assert.ok(para.includes(`${num(DRAWN_BOXES)} boxes`), para);
  assert.ok(para.includes(`${num(PAGE_NODES)} nodes`), para);
  const figures = [...para.matchAll(/(\d{1,3}(?:,\d{3})+) (boxes|nodes)/g)].map((m) => `${m[1]} ${m[2]}`);
  assert.deepEqual([...new Set(figures)].sort(), [`${num(DRAWN_BOXES)} boxes`, `${num(PAGE_NODES)} nodes`].sort(), para);
});

test('report() in Chromium: the legend names each colour the treemap uses; no folder is drawn in a colour of its own', async () => {
  const a = await openArchive(root, { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'legend.html');
  await a.report({ out });
  const page = await (await browser()).newPage();
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  const swatch = (id: string): Promise<string> => page.evaluate(`getComputedStyle(document.querySelector('#legend-${id} i')).backgroundColor`);
  assert.equal(await swatch('cruft'), CRUFT_RGB);
  assert.equal(await swatch('dupe'), DUPE_RGB);
  assert.equal(await swatch('folder'), rgb(COLOURS.folder[0]));
  assert.equal(await swatch('nameonly'), rgb(COLOURS.nameOnly));
  assert.match((await page.textContent('#legend'))!, /cruft.*duplicate folder.*folder.*file.*share of cruft, then of duplicate copies.*smaller items/s);
  // Every box's colour is in the legend: folders and files are neutral greys, never a hue that reads as a copy.
  const used = await page.evaluate(`[...document.querySelectorAll('#treemap .box')].map((b) => getComputedStyle(b).backgroundColor)`) as string[];
  const legend = new Set([CRUFT_RGB, DUPE_RGB, rgb(COLOURS.nameOnly), rgb(COLOURS.file), ...COLOURS.folder.map(rgb), 'rgba(0, 0, 0, 0)']);
  for (const c of used) assert.ok(legend.has(c), `${c} is not in the legend`);
  for (const g of [...COLOURS.folder, COLOURS.file]) {
    const [r, gg, b] = [1, 3, 5].map((k) => parseInt(g.slice(k, k + 2), 16));
    assert.ok(Math.max(r!, gg!, b!) - Math.min(r!, gg!, b!) <= 12, `${g} is a grey`);
  }
  await page.close();
});

test('report() in Chromium: the after-cleanup toggle redraws without verified cruft and the non-kept copies, the bytes saved in the heading; du({after}) agrees', async () => {
  const a = await openArchive(root, { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'after.html');
  await a.report({ out });
  const cr = a.cruft();
  const dupes = await groupDupes(a);
  const cruftSaved = cr.removable().reduce((n, it) => n + it.bytes, 0);
  const saved = cruftSaved + dupes.reclaimable;
  const page = await (await browser()).newPage();
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  assert.equal(await page.textContent('#stat-after b'), size(saved));
  assert.equal(await page.textContent('#after-note'), '');
  const area = (p: string): Promise<number> => page.evaluate(`(() => { const r = document.querySelector('#treemap .box.top[data-path="${p}"]').getBoundingClientRect(); return r.width * r.height; })()`) as Promise<number>;
  const projectsBefore = await area('projects');
  await page.check('#after');
  const heading = (await page.textContent('#where'))!;
  assert.match(heading, new RegExp(`after cleanup: ${size(saved)} saved, ${size(a.catalog.subBytes[0]!)} → ${size(a.catalog.subBytes[0]! - saved)}`));
  // projects/ shrinks to what is left of it; inside, the venv and node_modules are gone, and one Christmas 2008 copy only is left.
  assert.ok(await area('projects') < projectsBefore * 0.5);
  await page.click('#treemap .box.top[data-path="projects"]', { position: { x: 8, y: 6 } });
  assert.equal(await page.locator('#treemap .box[data-path="projects/app/.venv"]').count(), 0);
  assert.equal(await page.locator('#treemap .box[data-path="projects/web/node_modules"]').count(), 0);
  await page.click('#crumbs a');
  // The first copy in path order is kept; pangolin_archive held nothing but the other copy, so it is gone.
  assert.equal(await page.locator('#treemap .box[data-path="old_photos/Christmas 2008"]').count(), 1);
  assert.equal(await page.locator('#treemap .box.top[data-path="pangolin_archive"]').count(), 0);
  assert.notEqual(await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box[data-path="old_photos/Christmas 2008"]')).backgroundColor`), DUPE_RGB, 'the copy kept is no longer drawn as a duplicate');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, 'report-after.png') });
  await page.uncheck('#after');
  assert.equal(await page.textContent('#after-note'), '');
  assert.equal(await page.locator('#treemap .box.top[data-path="pangolin_archive"]').count(), 1);
  await page.close();
  // The same figure in the REPL: du({after}).
  const d = a.du({ after: [cr, dupes] });
  assert.equal(d.saved, saved);
  assert.equal(d.bytes, a.catalog.subBytes[0]! - saved);
  assert.match(String(d), new RegExp(`after cleanup: ${size(saved)} saved`));
  assert.equal(d.items.find((r) => r.path === 'pangolin_archive')?.bytes, 0, 'a folder holding only a removed copy is left empty');
  assert.equal(a.du({ after: cr }).saved, cruftSaved);
});

test('report() in Chromium: a "smaller items" box lists its largest members; tables keep sizes on one line and break paths only at slashes', async () => {
  const spec: Record<string, Record<string, string>> = { dump: {} };
  for (let f = 0; f < 900; f++) spec.dump![`IMG_${String(f).padStart(4, '0')}_a_rather_long_camera_file_name.JPG`] = bytes(50 + (f % 7));
  spec.dump!['big.MOV'] = bytes(40000);
  const a = await openArchive(tree(spec), { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'small.html');
  await a.report({ out, budget: 100 });
  const page = await (await browser()).newPage();
  await page.setViewportSize({ width: 480, height: 900 });
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  await page.click('#treemap .box.top[data-path="dump"]', { position: { x: 8, y: 6 } });
  const agg = page.locator('#treemap .box.agg');
  assert.equal(await agg.count(), 1);
  await agg.click();
  assert.equal(await page.isVisible('#small-list'), true);
  assert.match((await page.textContent('#small-list b'))!, /dump: \d+ smaller items/);
  assert.ok(await page.locator('#small-items tr').count() >= 10);
  // Sizes never wrap; paths break at a slash only.
  const lineCount = (sel: string): Promise<[string, number][]> => page.evaluate(`[...document.querySelectorAll('${sel}')].map((td) => { const r = document.createRange(); r.selectNodeContents(td); const tops = new Set([...r.getClientRects()].map((x) => Math.round(x.top))); return [td.textContent, tops.size]; })`) as Promise<[string, number][]>;
  const wrapped = (await lineCount('td.n')).filter(([, lines]) => lines > 1);
  assert.deepEqual(wrapped, []);
  const style = await page.evaluate(`(() => { const s = getComputedStyle(document.querySelector('#biggest td.p')); return s.wordBreak + ' ' + s.overflowWrap + ' ' + s.whiteSpace; })()`);
  assert.equal(style, 'normal normal normal');
  assert.match(await page.innerHTML('#biggest td.p'), /^[^/]+\/<wbr>dump\/<wbr>big\.MOV$/);
  await page.close();
});

test('pruneTree(): a leaf folder shows its largest files, even when one big folder could take the whole budget', async () => {
  const spec: Record<string, Record<string, unknown>> = { dump: {}, docs: { letters: { 'a.txt': bytes(500), 'b.txt': bytes(400), 'c.txt': bytes(300) }, 'cv.pdf': bytes(900) } };
  for (let f = 0; f < 300; f++) spec.dump![`IMG_${f}.JPG`] = bytes(1000);
  const a = await openArchive(tree(spec as never), { progress: false });
  const lists: Record<number, [string, number, number][]> = {};
  const t = pruneTree(a.catalog, 100, new Map(), undefined, lists);
  assert.ok(t.name.length <= 110, `${t.name.length} nodes`);
  const at = (name: string, parent: string): number => t.name.findIndex((n, i) => n === name && t.name[t.parent[i]!] === parent);
  for (const f of ['a.txt', 'b.txt', 'c.txt']) assert.ok(at(f, 'letters') > 0, `docs/letters/${f} is in the page`);
  assert.ok(at('cv.pdf', 'docs') > 0);
  // The big folder's leftovers are one "smaller items" node that lists its largest members.
  const agg = t.name.findIndex((n, i) => t.kind[i] === 3 && t.name[t.parent[i]!] === 'dump');
  assert.ok(agg > 0);
  assert.equal(lists[agg]!.length, 30);
  assert.equal(lists[agg]![0]![1], 1000);
});

test('report() in Chromium, pixels: each box is painted in its colour, and a folder holding cruft shows its band in the screenshot', async () => {
  const a = await openArchive(root, { progress: false });
  const out = path.join(tree({}, 'rummage-report-'), 'pixels.html');
  await a.report({ out });
  const page = await (await browser()).newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`file://${out}`);
  await page.waitForFunction('window.__rummageReady !== undefined');
  await page.locator('#treemap').scrollIntoViewIfNeeded();
  const map = (await page.locator('#treemap').boundingBox())!;
  const shot = decodePng(await page.screenshot({ clip: map }));
  const hex = (c: readonly number[]): string => `rgb(${c.join(', ')})`;
  /** The colour painted just inside a top box's border, in its label strip (above any box inside it), at a share of its width. */
  const at = async (p: string, share: number): Promise<string> => {
    const r = (await page.locator(`#treemap .box.top[data-path="${p}"]`).boundingBox())!;
    return hex(shot.pixel(Math.round(r.x - map.x + 2 + share * (r.width - 5)), Math.round(r.y - map.y + 2)));
  };
  // projects/ is mostly cruft: vermillion at its left, grey at its right end.
  const band = bands(await page.evaluate(`getComputedStyle(document.querySelector('#treemap .box.top[data-path="projects"]')).backgroundImage`));
  assert.equal(await at('projects', band.cruft / 100 / 2), CRUFT_RGB);
  assert.equal(await at('projects', 1), rgb(COLOURS.folder[0]));
  // old_photos/ is half a duplicate copy: blue at its left.
  assert.equal(await at('old_photos', 0), DUPE_RGB);
  assert.equal(await at('videos', 0.5), rgb(COLOURS.folder[0]));
  await page.close();
});
