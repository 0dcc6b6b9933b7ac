// browse() in a real terminal: tmux runs the REPL at 80x24 and 120x40, the
// test types keys and reads the screen. Removal goes through remove() into
// the quarantine; u brings it back byte-identical.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { BrowseView, cells } from '../lib/browse/view.ts';
import { pty, type Pty } from './_pty.ts';
import { snapshot, tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');
const bytes = (n: number, c = 'x'): string => c.repeat(n);
const pics = (seed: string): Record<string, string> => Object.fromEntries(Array.from({ length: 4 }, (_, k) => [`IMG_${k}.JPG`, bytes(2000 + k * 100, seed)]));

function spec(): Parameters<typeof tree>[0] {
  return {
    old_photos: { 'Christmas 2008': pics('a'), 'Summer 2009': pics('b') },
    backup: { 'Christmas 2008 copy': pics('a') },
    projects: {
      app: {
        'app.py': bytes(900),
        '.venv': { 'pyvenv.cfg': 'home = /usr/bin', lib: { 'big.so': bytes(30000) } },
        __pycache__: { 'app.cpython-311.pyc': bytes(1200) },
      },
      'notes.txt': bytes(50),
    },
    videos: { 'VID00001.MP4': bytes(60000) },
    '.DS_Store': bytes(10),
  };
}

function session(root: string, cols: number, rows: number): Pty {
  const home = tree({}, 'rummage-home-');
  return pty(`${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols, rows });
}

/** The lines of the screen as shown now. */
const lines = (t: Pty): string[] => t.screen().split('\n').map((l) => l.trimEnd());
/** The row the cursor (>) is on. */
const cursorRow = (t: Pty): string => lines(t).find((l) => l.startsWith('>')) ?? '';

async function open(t: Pty, call = 'sel = await browse()'): Promise<void> {
  await t.waitFor(/> $/m);
  t.line(call);
  await t.waitFor(/\? help/);
}

/** The names in the listing, top to bottom. */
const names = (t: Pty): string[] => lines(t).slice(1).map((l) => /\d{4}-\d\d-\d\d (.+?)(?: \[.*)?$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);

test('browse at 80x24: one folder by size with bars, counts, dates, badges; Enter/→ in, ←/Backspace up; rows fit the width', async () => {
  const root = tree(spec());
  const t = session(root, 80, 24);
  await open(t);
  const screen = await t.waitFor(/\[junk\]/);
  assert.deepEqual(names(t), ['videos/', 'projects/', 'old_photos/', 'backup/', '.DS_Store'], screen);
  for (const l of lines(t)) assert.ok(l.length <= 80, `wider than 80: ${l}`);
  assert.match(screen, /^> +60\.0 KB █+\S* +1 \d{4}-\d\d-\d\d videos\/ *$/m);
  assert.match(screen, /^  +10 B +\d{4}-\d\d-\d\d \.DS_Store \[junk\] *$/m);
  t.send('j');
  await t.waitFor(/^> .*projects\/ *$/m);
  t.send('Enter');
  await t.waitFor(/projects  32\.2 KB in 9 entries/);
  assert.deepEqual(names(t), ['app/', 'notes.txt']);
  t.send('Right');
  const app = await t.waitFor(/\[venv ✓\]/);
  assert.match(app, /\.venv\/ \[venv ✓\]/);
  assert.match(app, /__pycache__\/ \[pycache\]/);
  t.send('Left');
  await t.waitFor(/^> .*app\/ *$/m);
  t.send('BSpace');
  await t.waitFor(/^> .*projects\/ *$/m);
  assert.match(lines(t)[0]!, /^rummage-test-\w+  118 KB in 30 entries  sort: size/);
  t.send('q');
  await t.waitFor(/> $/m);
});

test('browse: s/n/m/c sort; / filters; . hides junk; i shows the cruft rule; ? lists the keys', async () => {
  const root = tree(spec());
  const t = session(root, 80, 24);
  await open(t);
  await t.waitFor(/\[junk\]/);
  t.send('n');
  await t.waitFor(/sort: name/);
  assert.deepEqual(names(t), ['.DS_Store', 'backup/', 'old_photos/', 'projects/', 'videos/']);
  t.send('c');
  await t.waitFor(/sort: count/);
  assert.deepEqual(names(t), ['old_photos/', 'projects/', 'backup/', 'videos/', '.DS_Store']);
  t.send('s');
  await t.waitFor(/sort: size/);
  assert.deepEqual(names(t), ['videos/', 'projects/', 'old_photos/', 'backup/', '.DS_Store']);
  t.send('.');
  await t.waitFor(/junk hidden/);
  assert.deepEqual(names(t), ['videos/', 'projects/', 'old_photos/', 'backup/']);
  t.send('/');
  t.send('-l', 'pho');
  t.send('Enter');
  await t.waitFor(/filter: pho/);
  assert.deepEqual(names(t), ['old_photos/']);
  t.send('Escape');
  await t.waitFor(/> $/m);
  t.line('sel = await browse("projects/app")');
  await t.waitFor(/\[venv ✓\]/);
  t.send('i');
  const d = await t.waitFor(/cruft: venv, verified/);
  assert.match(d, /projects\/app\/\.venv/);
  t.send('x');
  t.send('r');
  await t.waitFor(/No file manager here: [^\n]*\n\s*\n\/\S*\/projects\/app\/\.venv|Opened with \w+\./);
  t.send('x');
  t.send('?');
  await t.waitFor(/space +mark or unmark/);
  t.send('x');
  t.send('q');
  await t.waitFor(/> $/m);
});

test('browse: space marks, q returns a Selection of the marked rows the REPL can use', async () => {
  const root = tree(spec());
  const t = session(root, 120, 40);
  await open(t);
  t.send('Space');
  await t.waitFor(/^>\*|^ \*/m);
  t.send('j', 'j', 'Space');
  await t.waitFor(/marked 2 \(/);
  // The cursor moved on to .DS_Store, the last row: mark it, then unmark it (the cursor stays on the last row).
  t.send('Space');
  await t.waitFor(/marked 3 \(/);
  t.send('Space');
  await t.waitFor(/marked 2 \(/);
  t.send('q');
  await t.waitFor(/> $/m);
  t.line('sel.paths');
  await t.waitFor(/\[ 'backup', 'videos' \]|\[ 'videos', 'backup' \]/);
  t.line('sel.bytes');
  await t.waitFor(/^68600$/m);
  t.line('sel.length');
  await t.waitFor(/^2$/m);
  t.line('table(sel)');
  // Every row has the archive's name, so the table says it once, in the path column's header.
  await t.waitFor(/│ path \(\S+\/…\) +│ kind +│[\s\S]*│ videos +│ dir +│ +60\.0 KB │/);
  t.line('du(sel)');
  await t.waitFor(/^selection of 2  68\.6 KB in 8 entries\s*$/m);
  assert.match(t.screen(), /^60\.0 KB  87% █+ +1  ├─ videos\/\s*$/m);
  assert.match(t.screen(), /^ 8\.6 KB  13% █+ +5  └─ backup\/\s*$/m);
  t.line('remove(sel)');
  await t.waitFor(/Plan \(dry run, nothing has changed\): remove 2 items/);
});

/** The tree as it is, the quarantine left out. */
const outside = (root: string): Map<string, string> => new Map([...snapshot(root)].filter(([k]) => !k.startsWith('.rummage-trash')));

test('browse: d shows remove()\'s plan, y moves it to the quarantine and the view updates; u puts it back byte-identical', async () => {
  const root = tree(spec());
  const before = outside(root);
  const t = session(root, 80, 24);
  await open(t, 'sel = await browse("projects/app")');
  await t.waitFor(/\[venv ✓\]/);
  assert.match(cursorRow(t), /\.venv\//);
  t.send('d');
  const plan = await t.waitFor(/Type y to move/);
  assert.match(plan, /Plan \(dry run, nothing has changed\): remove 1 item, 3 entries inside, 30\.0 KB/);
  assert.ok(fs.existsSync(path.join(root, 'projects/app/.venv')), 'a plan changes nothing');
  t.send('n');
  await t.waitFor(/Nothing removed\./);
  assert.ok(fs.existsSync(path.join(root, 'projects/app/.venv')));
  t.send('d');
  await t.waitFor(/Type y to move/);
  t.send('y');
  const after = await t.waitFor(/Removed 1 of 1 item\b/);
  assert.match(after, /projects\/app  2\.1 KB in 3 entries/, 'the heading is recomputed from the index');
  assert.deepEqual(names(t), ['__pycache__/', 'app.py']);
  assert.ok(!fs.existsSync(path.join(root, 'projects/app/.venv')));
  assert.ok(fs.readdirSync(path.join(root, '.rummage-trash')).length > 0, 'it is in the quarantine');
  t.send('u');
  await t.waitFor(/Restored 1 item/);
  await t.waitFor(/\.venv\/ \[venv ✓\]/);
  assert.match(lines(t)[0]!, /projects\/app  32\.1 KB in 7 entries/);
  assert.deepEqual(outside(root), before, 'undo puts every byte back');
  t.send('q');
  await t.waitFor(/> $/m);
});

test('browse: removing every copy of a duplicate folder is refused, as keep() refuses; one copy may go', async () => {
  const root = tree(spec());
  const before = outside(root);
  const t = session(root, 120, 40);
  await t.waitFor(/> $/m);
  t.line('g = await groupDupes()');
  await t.waitFor(/> $/m);
  await open(t, 'sel = await browse("old_photos")');
  const screen = await t.waitFor(/Christmas 2008\/ \[dup ×2\]/);
  assert.doesNotMatch(screen, /Summer 2009\/ \[dup/);
  t.send('i');
  await t.waitFor(/duplicate folder, 2 copies \(g jumps to the next\):/);
  assert.match(t.screen(), /- \S+\/backup\/Christmas 2008 copy/);
  t.send('x');
  t.send('Space');
  await t.waitFor(/marked 1/);
  t.send('k', 'g');
  await t.waitFor(/Copy 1 of 2\./);
  assert.match(lines(t)[0]!, /\/backup /);
  assert.match(cursorRow(t), /Christmas 2008 copy\/ \[dup ×2\]/);
  t.send('Space');
  await t.waitFor(/marked 2/);
  t.send('d');
  const refused = await t.waitFor(/Refused: this would remove every copy of a duplicate folder \(2 copies\):/);
  assert.match(refused, /- \S+\/backup\/Christmas 2008 copy\s*$/m);
  assert.match(refused, /- \S+\/old_photos\/Christmas 2008\s*$/m);
  assert.match(refused, /Keep one copy, as keep\(\) does: unmark one of them\. Nothing was removed\./);
  assert.deepEqual(outside(root), before, 'nothing moved');
  t.send('x');
  await t.waitFor(/Refused: that would remove every copy of a duplicate\./);
  // One copy alone is planned as usual.
  t.send('k', 'Space');
  await t.waitFor(/marked 1/);
  t.send('d');
  await t.waitFor(/Type y to move/);
  t.send('Escape');
  await t.waitFor(/Nothing removed\./);
  assert.deepEqual(outside(root), before);
  t.send('q');
  await t.waitFor(/> $/m);
  // contained() results badge the folders whose every file exists elsewhere.
  t.line('c = await contained()');
  await t.waitFor(/> $/m);
  t.line('c.items.map((it) => it.path)');
  const listed = await t.waitFor(/\[\s*'[^\]]*\]/);
  const top = /\[\s*'([^'/]+)/.exec(listed.slice(listed.lastIndexOf('c.items')))![1]!;
  t.line('sel = await browse({contained: c})');
  await t.waitFor(new RegExp(`${top}/ .*\\[contained\\]`));
  t.send('q');
  await t.waitFor(/> $/m);
});

test('browse: the view redraws to the new width when the terminal is resized (120x40 to 80x24 and back)', async () => {
  const root = tree(spec());
  const t = session(root, 120, 40);
  await open(t);
  // videos is 51% of the folder: half of a 20-cell bar at 120 columns, of a 10-cell bar at 80.
  await t.waitFor(/^> +60\.0 KB █{10}▏ {9} {8}1 /m);
  t.resize(80, 24);
  const narrow = await t.waitFor(/^> +60\.0 KB █{5}▏ {4} {8}1 /m);
  for (const l of lines(t)) assert.ok(l.length <= 80, `wider than 80 after resize: ${l}\n${narrow}`);
  t.resize(120, 40);
  await t.waitFor(/^> +60\.0 KB █{10}▏ {9} {8}1 /m);
  t.send('q');
  await t.waitFor(/> $/m);
});

test('browse: its options go through the one options check; without a terminal it says so', async () => {
  const a = await openArchive(tree(spec()), { progress: false });
  await assert.rejects(a.browse({ dupez: 1 } as never), /browse\(\): unknown option 'dupez' \(did you mean 'dupes'\?\)/);
  await assert.rejects(a.browse({ dupes: 3 } as never), /browse\(\): option 'dupes' must be a groupDupes\(\) result/);
  await assert.rejects(a.browse(7 as never), /browse\(\) takes a folder relative to the root/);
  if (!process.stdin.isTTY) await assert.rejects(a.browse(), /browse\(\) needs a terminal/);
});

test('browse: the REPL loads only its entry point; the navigator comes in on the first call', () => {
  const lib = path.join(repo, 'lib', 'browse');
  // Static imports (type-only ones are erased) of the files the REPL loads at start.
  const staticImports = (file: string): string[] => [...fs.readFileSync(path.join(lib, file), 'utf8').matchAll(/^(?:import|export)(?! type)\b[^;'"]*?from '(\.[^']+)'/gm)].map((m) => m[1]!);
  for (const file of ['index.ts', 'browse.ts']) {
    for (const target of staticImports(file)) assert.ok(!['./view.ts', './terminal.ts'].includes(target), `${file} loads ${target} with the REPL`);
  }
  assert.match(fs.readFileSync(path.join(lib, 'browse.ts'), 'utf8'), /await import\('\.\/terminal\.ts'\)/);
});

test('BrowseView: wide characters, emoji and a newline in a name still fit the width, one screen line per row', async () => {
  const a = await openArchive(tree({
    '写真アルバム_二〇〇八年_とても長い名前のフォルダ': { 'IMG_1.JPG': bytes(3000) },
    'party 🎉🎉🎉 photos with a long name': { 'x.bin': bytes(2000) },
    'a\nb.txt': bytes(1000),
    plain: { 'y.bin': bytes(500) },
  }), { progress: false });
  const v = new BrowseView(a, 0);
  v.loadCruft();
  for (const w of [40, 80, 120]) {
    const screen = v.render(w, 12);
    assert.equal(screen.length, 12);
    for (const l of screen) {
      assert.ok(!l.includes('\n'), JSON.stringify(l));
      assert.equal(cells(l), w, `${w} cells: ${JSON.stringify(l)}`);
    }
    assert.ok(screen.some((l) => l.includes('a\\x0Ab.txt')), screen.join('\n'));
  }
  assert.equal(cells('写真'), 4);
  assert.equal(cells('🎉a'), 3);
});
