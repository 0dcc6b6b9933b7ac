// The REPL, end to end: piped stdin for what a script sees, and a real
// terminal (tmux) for completion, history and Ctrl-C.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { completePath, openString } from '../lib/repl/complete.ts';
import { stripTypes } from '../lib/repl/eval.ts';
import { openArchive } from '../lib/archive.ts';
import { demoArchive } from '../lib/demo/demo.ts';
import { num } from '../lib/format.ts';
import { HELPERS } from '../lib/helpers.ts';

/** The helpers the REPL must offer, written out: a list built from HELPERS would pass whatever HELPERS held. */
const HELPER_NAMES = [
  'count', 'find', 'rglob', 'refresh', 'media', 'biggest', 'du', 'age', 'browse', 'compare', 'excludes', 'report', 'reveal', 'cruft', 'venvs',
  'remove', 'undo', 'purge', 'trash', 'groupDupes', 'dupeFiles', 'contained', 'similar', 'diff', 'keep', 'emptyDirs',
] as const;
import { historyFile, replGlobalNames } from '../lib/repl/repl.ts';
import { banner, helpText, helperText } from '../lib/repl/help.ts';
import { HELPER_GROUPS } from '../lib/registry.ts';
import { pty } from './_pty.ts';
import { snapshot, tree } from './_tree.ts';

const repo = path.resolve(import.meta.dirname, '..');
const root = demoArchive({ dir: tree() });
const home = tree();
// The REPL children get it too; here it places historyFile().
process.env.RUMMAGE_HOME = home;
const scanModule = JSON.stringify(new URL('../lib/catalog/scan.ts', import.meta.url).href);

/** The REPL with piped stdin, as `printf '…' | npm start --silent -- ROOT` runs it. */
function piped(input: string, args: string[] = [root]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/repl/main.ts', ...args], { cwd: repo, input, encoding: 'utf8', env: process.env, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Counts by walking with lstat: an oracle that shares no code with the scanner. */
function walkCounts(dir: string): { entries: number; files: number; dirs: number; symlinks: number; bytes: number } {
  const c = { entries: 0, files: 0, dirs: 0, symlinks: 0, bytes: 0 };
  const walk = (d: Buffer): void => {
    for (const name of fs.readdirSync(d, { encoding: 'buffer' })) {
      const p = Buffer.concat([d, Buffer.from('/'), name]);
      const st = fs.lstatSync(p);
      c.entries++;
      if (st.isSymbolicLink()) c.symlinks++;
      else if (st.isDirectory()) {
        c.dirs++;
        walk(p);
      } else if (st.isFile()) {
        c.files++;
        c.bytes += st.size;
      }
    }
  };
  walk(Buffer.from(dir));
  return c;
}

test('repl: `await count()` shows the right numbers, with no banner or colours when piped', () => {
  const r = piped('await count()\nconsole.log(JSON.stringify(_))\n');
  assert.equal(r.code, 0, r.err);
  const want = walkCounts(root);
  assert.match(r.out, new RegExp(`^all files dirs: ${num(want.entries)}$`, 'm'));
  assert.match(r.out, new RegExp(`files: ${num(want.files)} +dirs: ${num(want.dirs)} +symlinks: ${num(want.symlinks)}`));
  assert.match(r.out, new RegExp(`bytes: ${num(want.bytes)} `));
  const json = JSON.parse(r.out.trim().split('\n').at(-1)!) as Record<string, number>;
  assert.deepEqual({ entries: json.entries, files: json.files, dirs: json.dirs, symlinks: json.symlinks, bytes: json.bytes }, want);
  assert.doesNotMatch(r.out, /\x1b\[/);
  assert.doesNotMatch(r.out, /helpers:|old_hdd_backups>/);
  assert.equal(r.err, '');
});

test('repl: TypeScript lines (annotations, as, interfaces, generics) run', () => {
  const r = piped([
    'interface Pic { readonly name: string; bytes: number }',
    "const pics: Pic[] = find('**/*.JPG').map((e): Pic => ({ name: e.name, bytes: e.size as number }))",
    'function biggestOf<T extends Pic>(xs: T[]): T { return xs.reduce((a, b) => (b.bytes > a.bytes ? b : a)) }',
    'pics.length === count("**/*.JPG").files',
    'typeof biggestOf(pics).name',
    '',
  ].join('\n'));
  assert.equal(r.code, 0, r.out + r.err);
  assert.deepEqual(r.out.trim().split('\n'), ['true', "'string'"]);
});

test('repl: a multi-line function definition, then a call; `_` is the last result', () => {
  const r = piped('function double(n: number): number {\n  const twice = n * 2\n  return twice\n}\ndouble(21)\n_ + 1\nconst t = `two\nlines`\nt.split("\\n").length\n');
  assert.equal(r.code, 0, r.out + r.err);
  assert.deepEqual(r.out.trim().split('\n'), ['42', '43', '2']);
});

test('repl: top-level await, and piped lines run one after another', () => {
  const r = piped("const order: string[] = []\nawait new Promise((r) => setTimeout(r, 300)); order.push('slow')\norder.push('next')\norder.join(',')\n");
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /'slow,next'/);
});

test('repl: `.run count` and run() use the index in memory: no rescan', () => {
  // No saved index from an earlier test: the REPL scans once at start-up.
  fs.rmSync(path.join(home, 'cache', 'index'), { recursive: true, force: true });
  const r = piped([
    '.run count',
    ".run find '**/IMG_0001.JPG' --json",
    "await run('count', '--dirs')",
    `(await import(${scanModule})).scanCount`,
    `await (await import(${scanModule})).scan(root).then(() => 'scanned')`,
    `(await import(${scanModule})).scanCount`,
    '',
  ].join('\n'));
  assert.equal(r.code, 0, r.out + r.err);
  const lines = r.out.trim().split('\n');
  const want = walkCounts(root);
  assert.match(r.out, new RegExp(`^all files dirs: ${num(want.entries)}$`, 'm'));
  const found = JSON.parse(lines.find((l) => l.startsWith('{"items"'))!) as { items: { path: string }[] };
  assert.deepEqual(found.items.map((i) => i.path).sort(), ['photos/camera_dumps/2008-07 canon/IMG_0001.JPG', 'photos/camera_dumps/2009-03 canon/IMG_0001.JPG']);
  assert.match(r.out, new RegExp(`^dirs: ${num(want.dirs)}$|all files dirs: ${num(want.dirs)}`, 'm'));
  // One scan at start-up; the snippets added none. A scan on purpose shows the counter does count.
  const counters = lines.filter((l) => /^\d+$/.test(l));
  assert.deepEqual(counters, ['1', '2']);
});

test('repl: reload() runs the edited scratch file again against the same index, and its exports become globals', () => {
  // A folder of ES modules, as scratch/ is in the repo.
  const dir = tree({ 'package.json': '{"type": "module"}' });
  const file = path.join(dir, 'mine.ts');
  const lib = JSON.stringify(new URL('../lib/index.ts', import.meta.url).href);
  const write = (v: number): void => fs.writeFileSync(file, `import { snippet } from ${lib};\nconst { archive } = await snippet(import.meta, { about: 'test' });\nexport const version = ${v};\nexport const files = archive.count().files;\nconsole.log('version', version);\n`);
  write(1);
  fs.rmSync(path.join(home, 'cache', 'index'), { recursive: true, force: true });
  const r = piped([
    `.run ${file}`,
    'version',
    `require('node:fs').writeFileSync(${JSON.stringify(file)}, require('node:fs').readFileSync(${JSON.stringify(file)}, 'utf8').replace('version = 1', 'version = 2'))`,
    'await reload()',
    'version',
    'files === count().files',
    `(await import(${scanModule})).scanCount`,
    '',
  ].join('\n'));
  assert.equal(r.code, 0, r.out + r.err);
  const lines = r.out.trim().split('\n');
  assert.deepEqual(lines.filter((l) => /^version \d$|^\d$|^true$/.test(l)), ['version 1', '1', 'version 2', '2', 'true', '1']);
});

test('scratch/scratch.ts: runs from the shell as a dry run, and in the REPL with its exports as globals', () => {
  const before = snapshot(root);
  const shell = spawnSync(process.execPath, ['--import', 'tsx', 'scratch/scratch.ts', root], { cwd: repo, encoding: 'utf8' });
  assert.equal(shell.status, 0, shell.stderr);
  assert.match(shell.stdout, new RegExp(`^all files dirs: ${num(walkCounts(root).entries)}$`, 'm'));
  assert.match(shell.stdout, /dry run, nothing has changed/);
  assert.deepEqual(snapshot(root), before);
  const r = piped('.run scratch\npycacheDirs.length === rglob("__pycache__", {dirs: true}).length\n');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /exports, now globals: .*pycacheDirs/);
  assert.match(r.out, /^true$/m);
  assert.deepEqual(snapshot(root), before);
});

test('repl: a snippet that exits (its --help) ends the snippet, not the session', () => {
  const r = piped('.run count --help\n6 * 7\n');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /Counts entries/);
  assert.match(r.out, /^42$/m);
});

test('repl: help() lists every registered helper under its task, with its example; help(count) and help("find") show options', () => {
  const r = piped("help()\nhelp(count)\nhelp('find')\nhelp(du)\n");
  assert.equal(r.code, 0, r.out + r.err);
  for (const label of Object.values(HELPER_GROUPS)) assert.match(r.out, new RegExp(`^${label}:$`, 'm'), label);
  assert.match(r.out, /^the REPL:$/m);
  // Words only: the summary may be wrapped onto the next line.
  const words = (t: string): string => t.replace(/\s+/g, ' ');
  const flat = words(r.out);
  for (const name of HELPER_NAMES) {
    const h = HELPERS.find((x) => x.name === name);
    assert.ok(h !== undefined, `${name} is not a registered helper`);
    assert.match(r.out, new RegExp(`^  ${h.name} +${h.summary.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), h.name);
    assert.ok(flat.includes(words(h.summary)), h.summary);
    assert.ok(flat.includes(words(h.example)), h.example);
  }
  assert.deepEqual(HELPERS.map((h) => h.name), [...HELPER_NAMES]);
  for (const name of ['count', 'find']) {
    const h = HELPERS.find((x) => x.name === name)!;
    const shown = [...Object.keys(h.args ?? {}), ...Object.entries(h.options ?? {}).filter(([, o]) => typeof o === 'string' || o.hidden !== true).map(([k]) => k)];
    for (const option of shown) assert.match(r.out, new RegExp(`^  ${option.replace(/[()]/g, '\\$&')} +`, 'm'), option);
    assert.doesNotMatch(r.out, /^ {2}signal /m, 'the cancel signal is not for the user');
  }
  // Each option's doc and default come from its declaration, through describeOption.
  assert.match(r.out, /^ {2}depth +levels below the folder to look at \(default 1\)$/m);
});

for (const columns of [80, 100]) {
  test(`help(), help(x) and the banner fit ${columns} columns and never break a word`, () => {
    const facts = { name: 'old_hdd_backups', root: '/Volumes/some/long/path/to/old_hdd_backups', entries: 1, bytes: 2_500_000, scanMs: 74_260, demo: true };
    const texts = (w: number): string[] => [helpText(HELPERS, w), banner(HELPERS, facts, path.join(os.tmpdir(), 'config', 'rummage', 'archives.json'), w), ...HELPERS.map((h) => helperText(h, w))];
    const wide = texts(100_000);
    texts(columns).forEach((text, k) => {
      for (const line of text.split('\n')) assert.ok(line.length <= columns, `${line.length} > ${columns}: ${line}`);
      // Wrapping changes only the spaces: a broken word would change the words.
      assert.deepEqual(text.split(/\s+/), wide[k]!.split(/\s+/));
    });
    const b = banner(HELPERS, facts, '/x/archives.json', columns);
    assert.match(b, /^1 entry, 2\.5 MB, scanned in 74\.3 s$/m);
    for (const h of HELPERS) assert.match(b, new RegExp(`[ :]${h.name}\\b`), h.name);
  });
}

test('repl: autoawait: a Promise is awaited before it prints, `const x = groupDupes()` binds the value, a rejection is one line', () => {
  const r = piped([
    'const d = groupDupes()',
    'd instanceof Promise',
    'd.constructor.name',
    'Promise.resolve(41).then((x) => x + 1)',
    'let later = new Promise((r) => setTimeout(() => r("late"), 200))',
    'later',
    "undo()",
    "Promise.reject(new Error('boom'))",
    "(async () => { throw new TypeError('deep') })()",
    '',
  ].join('\n'));
  assert.equal(r.code, 1, r.out + r.err);
  const lines = r.out.trim().split('\n');
  assert.deepEqual(lines.slice(0, 4), ['false', "'DupeDirsResult'", '42', "'late'"]);
  assert.doesNotMatch(r.out, /Promise \{|<pending>|<rejected>/);
  assert.match(r.out, /^Nothing to undo/m);
  assert.match(r.out, /^Uncaught Error: boom( \(REPL\d+:\d+\))?$/m);
  assert.match(r.out, /^Uncaught TypeError: deep( \(REPL\d+:\d+\))?$/m);
  assert.doesNotMatch(r.out, /^\s+at /m);
});

test('repl: `cout()` says which helper was meant; a bare helper name prints its help line; `x?`, `?x` and help(x) agree', () => {
  const r = piped('cout()\nvenvs\ncount?\n?count\nhelp(count)\nhelp("count")\n6 * 7\n');
  assert.match(r.out, /^ReferenceError: cout is not defined; count is a helper: did you mean count\(\)\?$/m);
  const venvs = HELPERS.find((h) => h.name === 'venvs')!;
  assert.ok(r.out.includes(`venvs: ${venvs.summary}`), r.out);
  assert.doesNotMatch(r.out, /\[Function|SyntaxError|\.\.\./);
  const blocks = r.out.split(/^(?=count: )/m).filter((b) => b.startsWith('count: ')).map((b) => b.replace(/^42\n?$/m, '').trim());
  assert.equal(blocks.length, 4, r.out);
  assert.equal(new Set(blocks).size, 1);
  assert.match(r.out, /^42$/m);
});

test('repl: every global is defined, from the registry and the REPL\'s own', () => {
  const r = piped(`JSON.stringify(${JSON.stringify(replGlobalNames())}.filter((n) => typeof globalThis[n] === 'undefined'))\n`);
  assert.equal(r.code, 0, r.out + r.err);
  assert.equal(r.out.trim(), "'[]'");
  for (const name of HELPER_NAMES) assert.ok(replGlobalNames().includes(name), name);
});

test('repl: a user error is one line, the session goes on, and piped input then exits 1', () => {
  const r = piped("find({ under: 'no_such_folder' })\nrun('no_such_snippet')\nconst x: = 1\n1 + 1\n");
  assert.equal(r.code, 1);
  assert.match(r.out, /^UsageError: under 'no_such_folder' is not in old_hdd_backups \(.*\); give a path as rummage prints it, such as 'old_hdd_backups\/\w+', relative to the root, or absolute inside it$/m);
  assert.match(r.out, /^UsageError: no snippet named 'no_such_snippet'; known: .*count/m);
  assert.match(r.out, /SyntaxError: Unexpected "="/);
  assert.doesNotMatch(r.out, /^\s+at /m);
  assert.match(r.out, /^2$/m);
});

const badRoots: [string, (file: string) => string[], RegExp][] = [
  ['a root that does not exist', () => ['/no/such/archive'], /root '\/no\/such\/archive' does not exist/],
  ['a file as root', (file) => [file], /is a file, not a folder/],
  ['an unknown archive name', () => ['old_hdd_nope'], /neither a folder nor an archive name.*archives\.json/],
  ['two roots', () => [root, root], /unexpected argument/],
];
for (const [what, args, message] of badRoots) {
  test(`repl: ${what} gives one line and exit code 2`, () => {
    const r = piped('count()\n', args(path.join(root, 'projects/webapp/package.json')));
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, message);
  });
}

test('repl: a name from archives.json opens that root under its display name', () => {
  fs.mkdirSync(path.join(home, 'config'), { recursive: true });
  fs.writeFileSync(path.join(home, 'config', 'archives.json'), JSON.stringify({ demo: { root, name: 'old_drive' } }));
  const r = piped("find('misc/*')\n", ['demo']);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /old_drive\/misc\/xmas08/);
});

test('stripTypes(): incomplete input waits for more lines, wrong input is an error, types go', () => {
  const rows: [string, string][] = [
    ['function f(a: number) {\n', 'incomplete'],
    ['find({\n', 'incomplete'],
    ['`open template\n', 'incomplete'],
    ["'open string\n", 'invalid'],
    ['const x: = 1\n', 'invalid'],
    ['const x: number = 1\n', 'code'],
  ];
  for (const [input, kind] of rows) assert.equal(stripTypes(input).kind, kind, input);
  assert.equal((stripTypes('{ a: 1 }\n') as { code: string }).code.trim(), '({ a: 1 });');
  assert.equal((stripTypes('interface A { x: number }\n') as { code: string }).code, '\n');
});

test('completePath(): archive-relative paths inside a string', async () => {
  const archive = await openArchive(root, { progress: false });
  assert.deepEqual(completePath(archive.catalog, 'old_ph'), ['old_photos/']);
  assert.deepEqual(completePath(archive.catalog, 'photos/camera_dumps/20'), ['photos/camera_dumps/2008-07 canon/', 'photos/camera_dumps/2009-03 canon/']);
  assert.deepEqual(completePath(archive.catalog, '**/VID0'), ['**/VID00001.MP4']);
  assert.deepEqual(completePath(archive.catalog, 'nope/x'), []);
  assert.deepEqual(openString("find({ under: 'old_ph"), { text: 'old_ph', callee: undefined });
  assert.deepEqual(openString("rglob('*_e"), { text: '*_e', callee: 'rglob' });
  assert.equal(openString("find('done')"), undefined);
});

// --- In a terminal.

function terminal(command = `${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`): ReturnType<typeof pty> {
  return pty(command, { cwd: repo, env: { RUMMAGE_HOME: home } });
}

test('repl in a terminal: banner, Tab completes paths, helper names and snippet names', async () => {
  const t = terminal();
  await t.waitFor(/old_hdd_backups> $/m);
  const shown = t.screen();
  for (const name of HELPER_NAMES) assert.match(shown, new RegExp(`[ :]${name}\\b`));
  t.send('-l', "find('old_ph");
  t.send('Tab');
  await t.waitFor(/> find\('old_photos\/$/m);
  t.send('C-u');
  t.send('-l', 'rgl');
  t.send('Tab');
  await t.waitFor(/> rglob$/m);
  t.send('C-u');
  t.send('-l', '.run cou');
  t.send('Tab');
  await t.waitFor(/> \.run count$/m);
  t.send('Enter');
  await t.waitFor(/^all files dirs: /m);
});

test('repl in a terminal: history is written per archive and comes back in the next session', async () => {
  const file = historyFile('old_hdd_backups');
  const first = terminal();
  await first.waitFor(/old_hdd_backups> $/m);
  first.line('const remembered = 6 * 7');
  first.line('remembered');
  await first.waitFor(/^42$/m);
  const deadline = Date.now() + 10_000;
  while (!(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('const remembered = 6 * 7'))) {
    assert.ok(Date.now() < deadline, `history file ${file} was not written`);
    await new Promise((r) => setTimeout(r, 50));
  }
  first.line('.exit');
  await first.waitForExit();
  const second = terminal();
  await second.waitFor(/old_hdd_backups> $/m);
  // Up walks back through .exit and `remembered` to the first line.
  second.send('Up', 'Up', 'Up');
  await second.waitFor(/> const remembered = 6 \* 7$/m);
});

test('repl in a terminal (npm start): Ctrl-C cancels a long synchronous find and an awaited helper; the session goes on', async () => {
  const t = terminal(`npm start --silent -- ${JSON.stringify(root)}`);
  await t.waitFor(/old_hdd_backups> $/m);
  // A find that takes minutes: it says when it has started, so Ctrl-C lands while it runs.
  t.line("find((e) => { if (!globalThis.started) { globalThis.started = true; console.log('STARTED') } const t = Date.now(); while (Date.now() - t < 200) {} return true })");
  await t.waitFor(/^STARTED$/m);
  t.send('C-c');
  await t.waitFor(/^cancelled$/m);
  t.line('let s; await (async () => { s = archive.signal; console.log("WAITING"); while (!s.aborted) await new Promise((r) => setTimeout(r, 20)) })()');
  await t.waitFor(/^WAITING$/m);
  t.send('C-c');
  await t.waitFor(/^cancelled$[\s\S]*^cancelled$/m);
  t.line('[s.aborted, 6 * 7].join(" ")');
  await t.waitFor(/^'true 42'$/m);
  assert.ok(t.alive());
});

for (const columns of [80, 100]) {
  test(`repl in a ${columns}-column terminal: remove(..., {delete: true}) without await owns the terminal; Ctrl-C cancels it; the result prints when done`, async () => {
    const own = demoArchive({ dir: tree() });
    const t = pty(`npm start --silent -- ${JSON.stringify(own)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: columns });
    await t.waitFor(/old_hdd_backups> $/m);
    const before = snapshot(own);
    t.line("remove(cruft('junk'), {delete: true, countdown: 30})");
    await t.waitFor(/Ctrl-C/);
    // While it counts down there is no prompt: the countdown owns the terminal.
    assert.doesNotMatch(t.screen().split('remove(cruft')[1]!, /old_hdd_backups> /);
    t.send('C-c');
    await t.waitFor(/^cancelled$/m);
    await t.waitFor(/^old_hdd_backups> $/m);
    assert.deepEqual(snapshot(own), before);
    t.line("remove(cruft('junk'), {delete: true, countdown: 1})");
    await t.waitFor(/^Removed 6 items|moved 6|6 items moved/im, 20_000);
    await t.waitFor(/old_hdd_backups> $/m);
    assert.doesNotMatch(t.screen(), /Promise \{/);
    for (const line of t.screen().split('\n')) assert.ok(line.length <= columns);
  });
}

// --- The scratchpad loop: .save, .run, the shell, .watch.

test('repl: `.save` keeps the lines that worked, with the snippet() header; it runs with .run and from the shell', (t) => {
  const name = `saved-${process.pid}-${Date.now()}`;
  const file = path.join(repo, 'scratch', `${name}.ts`);
  t.after(() => fs.rmSync(file, { force: true }));
  const r = piped([
    'const v = venvs()',
    'v.items.length',
    'nosuch()',
    "count('**/*.JPG').files",
    'const d = groupDupes()',
    'd.groups.length',
    'help(count)',
    'count?',
    `.save scratch/${name}`,
    `.save scratch/${name}`,
    `.run scratch/${name}`,
    '',
  ].join('\n'));
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /await snippet\(import\.meta/);
  assert.doesNotMatch(text, /nosuch|help\(|count\?/);
  assert.match(text, /const v = await \(venvs\(\)\)[\s\S]*show\(await \(v\.items\.length\)\)[\s\S]*const d = await \(groupDupes\(\)\)/);
  assert.match(r.out, new RegExp(`^saved 5 lines to .*${name}\\.ts`, 'm'));
  assert.match(r.out, new RegExp(`^UsageError: .*${name}\\.ts exists; pick another name, or \\.save ${name} --force`, 'm'));
  // What the REPL printed, the .run prints again.
  const printed = r.out.split('\n').filter((l) => /^\d+$/.test(l));
  assert.equal(printed.length, 6, r.out);
  assert.deepEqual(printed.slice(3), printed.slice(0, 3));
  const shell = spawnSync(process.execPath, ['--import', 'tsx', file, root], { cwd: repo, encoding: 'utf8' });
  assert.equal(shell.status, 0, shell.stderr);
  assert.deepEqual(shell.stdout.trim().split('\n'), printed.slice(0, 3));
});

test('rummage run: a snippet by name or a REPL-style file with no header, from any folder; a relative root is taken from INIT_CWD', () => {
  const elsewhere = tree({ 'mine.ts': "const n = count().entries\nconsole.log('entries', n, venvs().items.length)\n" });
  const bin = path.join(repo, 'lib', 'repl', 'bin.js');
  const env = { ...process.env, INIT_CWD: path.dirname(root) };
  const own = spawnSync(process.execPath, [bin, 'run', path.join(elsewhere, 'mine.ts'), path.basename(root)], { cwd: elsewhere, encoding: 'utf8', env });
  assert.equal(own.status, 0, own.stderr);
  assert.match(own.stdout, new RegExp(`^entries ${walkCounts(root).entries} \\d+$`, 'm'));
  const byName = spawnSync(process.execPath, [bin, 'run', 'count', root, '--dirs'], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(byName.status, 0, byName.stderr);
  assert.match(byName.stdout, new RegExp(`dirs: ${num(walkCounts(root).dirs)}`));
  const bad = spawnSync(process.execPath, [bin, 'run', 'no_such_snippet', root], { cwd: elsewhere, encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { bin: Record<string, string> };
  assert.equal(path.resolve(repo, pkg.bin.rummage!), bin);
});

test('rummage run <name>: a snippet with a snippet() header runs on the prebuilt lib without tsx; a path goes through tsx; a missing root names the snippet', (t) => {
  const bin = path.join(repo, 'lib', 'repl', 'bin.js');
  const name = `route-${process.pid}`;
  const file = path.join(repo, 'scratch', `${name}.ts`);
  fs.writeFileSync(file, "import { snippet } from '../lib/index.ts';\nconst { archive } = await snippet(import.meta, { about: 'route test' });\nconsole.log(archive.count().entries, import.meta.url.includes('/node_modules/.cache/rummage/') ? 'prebuilt' : 'tsx');\n");
  t.after(() => fs.rmSync(file, { force: true }));
  const byName = spawnSync(process.execPath, [bin, 'run', name, root], { cwd: os.tmpdir(), encoding: 'utf8' });
  assert.equal(byName.status, 0, byName.stderr);
  assert.equal(byName.stdout.trim(), `${walkCounts(root).entries} prebuilt`);
  const byPath = spawnSync(process.execPath, [bin, 'run', file, root], { cwd: os.tmpdir(), encoding: 'utf8' });
  assert.equal(byPath.status, 0, byPath.stderr);
  assert.equal(byPath.stdout.trim(), `${walkCounts(root).entries} tsx`);
  const noRoot = spawnSync(process.execPath, [bin, 'run', 'count'], { cwd: os.tmpdir(), encoding: 'utf8' });
  assert.equal(noRoot.status, 2);
  assert.match(noRoot.stderr, /^rummage: missing the archive root; usage: npx tsx snippets\/count\.ts <root>/);
});

test('npm start -- <relative root> resolves against the folder npm ran in (INIT_CWD), not the repo', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'lib/repl/main.ts', path.basename(root)], { cwd: repo, input: 'root\n', encoding: 'utf8', env: { ...process.env, INIT_CWD: path.dirname(root) } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), `'${root}'`);
});

test('repl in a terminal: .watch runs the file again on each save, under a separator; Ctrl-C stops; reload() prints what the file printed', async () => {
  const dir = tree({ 'package.json': '{"type": "module"}', 'w.ts': "console.log('WATCHED', 1, count().files)\n" });
  const file = path.join(dir, 'w.ts');
  const t = pty(`npm start --silent -- ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: 80 });
  await t.waitFor(/old_hdd_backups> $/m);
  t.line(`.watch ${file}`);
  await t.waitFor(/── w\.ts: run [\d:]+ ─+\nWATCHED 1 \d+/);
  await t.waitFor(/watching w\.ts/);
  await new Promise((r) => setTimeout(r, 300));
  fs.writeFileSync(file, "console.log('WATCHED', 2, count().files)\n");
  await t.waitFor(/── w\.ts: saved [\d:]+ ─+\nWATCHED 2 \d+/);
  t.send('C-c');
  await t.waitFor(/stopped watching w\.ts/);
  await t.waitFor(/old_hdd_backups> $/m);
  fs.writeFileSync(file, "console.log('WATCHED', 3, count().files)\n");
  t.line('reload()');
  await t.waitFor(/^WATCHED 3 \d+$/m);
  assert.doesNotMatch(t.screen(), /Promise \{/);
  assert.ok(t.alive());
});

test('repl in a terminal: sel.page() hands the whole table to $PAGER and the prompt comes back', async () => {
  const out = path.join(tree(), 'paged.txt');
  const t = pty(`${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home, PAGER: `cat > ${JSON.stringify(out)}` }, cols: 80 });
  await t.waitFor(/old_hdd_backups> $/m);
  t.line("find('**').page()");
  await t.waitFor(/> find\('\*\*'\)\.page\(\)\nold_hdd_backups> $/m);
  const paged = fs.readFileSync(out, 'utf8');
  assert.doesNotMatch(paged, /… and \d+ more/);
  const longest = Math.max(...paged.split('\n').map((l) => [...l].length));
  assert.ok(longest > 80, 'full paths, not fitted to the terminal');
  assert.match(paged, new RegExp(`^Selection: ${num(walkCounts(root).entries)} entries`, 'm'));
  t.line('6 * 7');
  await t.waitFor(/^42$/m);
});

test('repl in a 100-column terminal: `count?` and `?find` show help at once (no `...` continuation); a bare name prints its help line', async () => {
  const t = pty(`${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: 100 });
  await t.waitFor(/old_hdd_backups> $/m);
  t.line('count?');
  await t.waitFor(/^count: entries, files/m);
  t.line('?find');
  await t.waitFor(/^find: a Selection/m);
  t.line('venvs');
  await t.waitFor(/^venvs: every folder named like a venv/m);
  t.line('cout()');
  await t.waitFor(/count is a helper: did you mean count\(\)\?/);
  await t.waitFor(/old_hdd_backups> $/m);
  assert.doesNotMatch(t.screen(), /^\.\.\. /m);
  for (const line of t.screen().split('\n')) assert.ok([...line].length <= 100, line);
});

test('repl: {under} finds the duplicate groups inside a folder, cut to it (groupDupes, dupeFiles, contained, similar)', () => {
  const r = piped([
    "const g = await groupDupes({under: 'projects', cache: false})",
    'console.log(JSON.stringify(g.json().groups.map((x) => x.paths)))',
    "const f = await dupeFiles({under: 'projects', cache: false})",
    "console.log('files', f.groups.length > 0, f.json().groups.flatMap((x) => x.paths).every((p) => p.startsWith('projects/')))",
    "console.log('contained', (await contained({under: 'projects', cache: false})).json().items.every((it) => it.path.startsWith('projects/')))",
    "console.log('similar', (await similar({under: 'projects', cache: false})).json().pairs.every((p) => p.a.startsWith('projects/') && p.b.startsWith('projects/')))",
  ].join('\n') + '\n');
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /^\[\["projects\/standards_project\/static","projects\/tutorial_host\/static"\]\]$/m);
  assert.match(r.out, /^files true true$/m);
  assert.match(r.out, /^contained true$/m);
  assert.match(r.out, /^similar true$/m);
});

for (const columns of [80, 100]) {
  test(`repl in a ${columns}-column terminal: find, venvs, cruft, biggest, contained and age fit, sizes whole`, async () => {
    const t = pty(`${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: columns, rows: 300 });
    await t.waitFor(/old_hdd_backups> $/m);
    for (const line of ["find('**/*.py')", 'venvs()', 'cruft()', 'biggest()', 'contained()', 'age()']) t.line(line);
    t.line('"DONE"');
    await t.waitFor(/^'DONE'$/m, 30_000);
    const screen = t.screen();
    for (const line of screen.split('\n')) assert.ok([...line].length <= columns, `${[...line].length} > ${columns}: ${line}`);
    assert.match(screen, /│ path \(old_hdd_backups\/…\)/);
    // The why is a column where it fits, else a line under its row.
    assert.match(screen, /why: |│ why +│/);
    // Every size is whole: a number and its unit on one line.
    assert.doesNotMatch(screen, /\d │\n│ *(B|KB|MB|GB) /);
    if (columns === 80) assert.match(screen, /…\/[^│/]+ +│/);
  });
}

test('repl in a terminal: lines typed while one runs are queued, in order, each with its Enter', async () => {
  const t = pty(`${process.execPath} --import tsx lib/repl/main.ts ${JSON.stringify(root)}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: 100, rows: 300 });
  await t.waitFor(/old_hdd_backups> $/m);
  const lines = ["find('**/*.py')", 'venvs()', 'cruft()', 'biggest()', '"DONE"'];
  for (const line of lines) t.line(line);
  await t.waitFor(/^'DONE'$/m, 30_000);
  const typed = t.screen().split('\n').filter((l) => l.startsWith('old_hdd_backups> ')).map((l) => l.slice('old_hdd_backups> '.length)).filter(Boolean);
  assert.deepEqual(typed, lines);
});

test('colour only on a terminal and without NO_COLOR: sizes dim, NO and name-only yellow, verified green', async () => {
  const cmd = (env: string): string => `${env} ${process.execPath} --import tsx snippets/venvs.ts ${JSON.stringify(root)}; sleep 30`;
  const coloured = pty(`sh -c ${JSON.stringify(cmd(''))}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: 100 });
  await coloured.waitFor(/look like venvs/);
  await coloured.waitFor(/└/);
  const withColour = coloured.screen(true);
  assert.match(withColour, /\x1b\[2m[\d.]+ (B|KB|MB)/);
  assert.match(withColour, /\x1b\[32myes/);
  assert.match(withColour, /\x1b\[33mno/);
  const plain = pty(`sh -c ${JSON.stringify(cmd('NO_COLOR=1'))}`, { cwd: repo, env: { RUMMAGE_HOME: home }, cols: 100 });
  await plain.waitFor(/└/);
  assert.doesNotMatch(plain.screen(true), /\x1b\[(2|32|33)m/);
  const piped = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/venvs.ts', root], { cwd: repo, encoding: 'utf8' });
  assert.doesNotMatch(piped.stdout, /\x1b\[/);
});
