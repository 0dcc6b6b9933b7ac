// The exclude files are checked by the tools themselves: real rsync, restic
// and borg back up a fixture archive with them, and the test lists what
// arrived.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { openArchive, type Archive } from '../lib/archive.ts';
import { CRUFT_RULES } from '../lib/cruft/rules.ts';
import { genericPatterns, GENERIC_NAMES, type ExcludeFormat, type ExcludeMode } from '../lib/cruft/excludes.ts';
import { tree } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')}\n${r.stderr}`);
  return r;
}

/** Every regular file and symlink below `dir`, relative, sorted. */
function filesIn(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const r = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path.join(d, e.name), r);
      else out.push(r);
    }
  };
  walk(dir, '');
  return out.sort();
}

// Venvs, caches, junk and build outputs, with the decoys that must survive any backup.
const root = tree({
  proj: { 'app.py': 'print(1)', __pycache__: { 'app.cpython-311.pyc': 'bytecode' }, 'stray.pyc': 'old bytecode' },
  tool: { 'cli.py': 'x', venv: {} },
  // virtualenv before 2020: no pyvenv.cfg, and a name no generic pattern can know.
  old: { tutorial_host_env: { bin: { activate: '# activate' }, lib: { 'python2.7': { 'orig-prefix.txt': '/usr', 'site.py': 's' } }, '.Python': '' } },
  venv_notes: { 'notes.txt': 'notes about venvs, not a venv' },
  web: { 'package.json': '{}', 'index.js': 'js', node_modules: { left: { 'index.js': 'pad' } } },
  java: { 'pom.xml': '<project/>', src: { 'A.java': 'class A {}' }, target: { classes: { 'A.class': 'cafebabe' } } },
  archery: { target: { 'score card.jpg': 'bullseye' } },
  photos: { 'IMG_0001.jpg': 'pixels', '.DS_Store': 'ds', '._IMG_0001.jpg': 'appledouble', 'Thumbs.db': 'thumbs', 'desktop.ini': 'ini' },
  docs: { 'notes.txt~': 'backup', '.notes.txt.swp': 'swap', '#draft#': 'emacs', 'notes.txt': 'keep me', 'app.log': 'reported only, kept' },
  // Glob characters and a '$' in real names: exact paths must be escaped for each tool.
  'odd [name] $HOME *': { 'keep.txt': 'kept', '.DS_Store': 'ds', __pycache__: { 'x.cpython-311.pyc': 'b' } },
  weird: { '#hash dir': { '__pycache__': { 'm.pyc': 'b' }, 'keep.py': 'k' } },
});
// Real venvs, made by Python itself.
run('python3', ['-m', 'venv', '--without-pip', path.join(root, 'proj/.venv')]);
run('python3', ['-m', 'venv', '--without-pip', path.join(root, 'tool/venv')]);
const archive: Archive = await openArchive(root, { progress: false });
const all = filesIn(root);

const VENV = /(^|\/)(\.venv|venv|tutorial_host_env)\//;
const PYCACHE = /(^|\/)__pycache__\//;
const JUNK = /(^|\/)(\.DS_Store|\._[^/]*|Thumbs\.db|desktop\.ini|[^/]*~|\.[^/]*\.sw[nop]|#[^/]*#)$/;

/** What each mode must keep out: every mode the conventional venvs, caches, node_modules and junk; paths mode also the confirmed rest. */
function keptOut(mode: ExcludeMode): (f: string) => boolean {
  return (f) => {
    if (/(^|\/)(\.venv|venv)\//.test(f) || PYCACHE.test(f) || JUNK.test(f) || f.endsWith('.pyc') || f.startsWith('web/node_modules/')) return true;
    return mode === 'paths' && (f.startsWith('old/tutorial_host_env/') || f.startsWith('java/target/'));
  };
}

function check(arrived: string[], mode: ExcludeMode, tool: string): void {
  const out = keptOut(mode);
  assert.ok(all.filter(out).length > 20, 'the fixture has cruft to keep out');
  assert.deepEqual(arrived.filter(out), [], `${tool} ${mode}: cruft arrived`);
  assert.deepEqual(all.filter((f) => !out(f)).filter((f) => !arrived.includes(f)), [], `${tool} ${mode}: files that should have arrived`);
  assert.ok(!arrived.some((f) => PYCACHE.test(f) || JUNK.test(f) || /(^|\/)(\.venv|venv)\//.test(f)));
  if (mode === 'paths') assert.ok(!arrived.some((f) => VENV.test(f)));
  // The decoys made it.
  for (const f of ['venv_notes/notes.txt', 'archery/target/score card.jpg', 'docs/app.log', 'docs/notes.txt', 'odd [name] $HOME */keep.txt', 'weird/#hash dir/keep.py']) {
    assert.ok(arrived.includes(f), `${tool} ${mode}: ${f} missing`);
  }
}

function excludeFile(format: ExcludeFormat, mode: ExcludeMode): string {
  const file = path.join(tree({}, 'rummage-ex-'), `${format}-${mode}.txt`);
  archive.excludes({ format, mode, out: file });
  return file;
}

test('genericPatterns(): every generic name is a name of its cruft rule; logs and system folders are never excluded', () => {
  for (const [kind, pick] of Object.entries(GENERIC_NAMES)) {
    const rule = CRUFT_RULES.find((r) => r.kind === kind)!;
    assert.ok(rule.removable, kind);
    if (pick !== 'all') for (const n of pick) assert.ok(rule.names.includes(n), `${kind}: ${n}`);
  }
  const names = genericPatterns().map((g) => g.name);
  for (const n of ['.venv', 'venv', '__pycache__', '*.pyc', 'node_modules', '.DS_Store', '._*', '*~', '#*#', '.pytest_cache']) assert.ok(names.includes(n), n);
  for (const n of ['env', '*_env', '*venv*', 'target', 'build', 'dist', '*.log', 'etc', '*.egg-info', '*.dist-info']) assert.ok(!names.includes(n), n);
});

test('excludes(): each format in both modes, and bad options are usage errors', () => {
  const rsync = archive.excludes();
  assert.equal(rsync.format, 'rsync');
  assert.equal(rsync.mode, 'patterns');
  assert.ok(rsync.patterns.includes('- __pycache__/'));
  assert.ok(rsync.patterns.includes('- .DS_Store'));
  assert.match(inspect(rsync), /^# rummage excludes for rummage-test-/);
  const paths = archive.excludes({ format: 'rsync', mode: 'paths' });
  assert.ok(paths.patterns.includes('- /java/target/'));
  assert.ok(paths.patterns.includes('- /old/tutorial_host_env/'));
  assert.ok(!paths.patterns.some((p) => p.includes('archery') || p.includes('venv_notes') || p.endsWith('.log')));
  assert.ok(paths.items >= 8 && paths.bytes > 0);
  assert.ok(archive.excludes({ format: 'restic' }).patterns.includes('\\#*#'));
  assert.ok(archive.excludes({ format: 'borg' }).patterns.includes('sh:**/node_modules'));
  assert.ok(archive.excludes({ format: 'gitignore' }).patterns.includes('__pycache__/'));
  assert.ok(archive.excludes({ format: 'gitignore', mode: 'paths' }).patterns.includes('/java/target/'));
  const tm = archive.excludes({ format: 'tmutil' });
  assert.equal(tm.mode, 'paths');
  assert.equal(tm.lines[0], '#!/bin/sh');
  assert.ok(tm.patterns.includes(`tmutil addexclusion '${root}/proj/.venv'`));
  assert.deepEqual(Object.keys(tm.json()), ['format', 'mode', 'patterns', 'items', 'entries', 'bytes', 'written']);
  assert.throws(() => archive.excludes({ format: 'zip' as never }), /^UsageError: excludes\(\): option 'format' must be one of 'rsync', 'restic', 'borg', 'gitignore', 'tmutil', not 'zip'; e\.g\. \{format: 'restic'\}$/);
  assert.throws(() => archive.excludes({ mode: 'all' as never }), /option 'mode' must be one of 'patterns', 'paths', not 'all'/);
  assert.throws(() => archive.excludes({ format: 'tmutil', mode: 'patterns' }), /Time Machine excludes items, not patterns/);
  assert.throws(() => archive.excludes({ out: path.join(root, 'excludes.txt') }), /inside the archive/);
  const file = excludeFile('rsync', 'patterns');
  assert.throws(() => archive.excludes({ out: file }), /already exists; pass \{force: true\}/);
  assert.equal(archive.excludes({ out: file, force: true }).written, file);
  assert.ok(!fs.existsSync(path.join(root, 'excludes.txt')));
});

test('excludes({format: "tmutil"}): the commands run in sh, one per confirmed path, names quoted', () => {
  const tm = archive.excludes({ format: 'tmutil' });
  const bin = tree({}, 'rummage-bin-');
  const log = path.join(bin, 'calls');
  fs.writeFileSync(path.join(bin, 'tmutil'), `#!/bin/sh\nprintf '%s|%s\\n' "$1" "$2" >> '${log}'\n`, { mode: 0o755 });
  run('sh', ['-c', tm.text], { PATH: `${bin}:${process.env.PATH}` });
  const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
  assert.equal(calls.length, tm.items);
  for (const c of calls) {
    const [verb, p] = c.split('|');
    assert.equal(verb, 'addexclusion');
    assert.ok(fs.existsSync(p!), p);
  }
});

for (const mode of ['patterns', 'paths'] as const) {
  test(`excludes({format: 'rsync', mode: '${mode}'}): real rsync leaves the cruft behind and copies the rest`, () => {
    const dest = tree({}, 'rummage-dest-');
    run('rsync', ['-a', `--exclude-from=${excludeFile('rsync', mode)}`, `${root}/`, `${dest}/`]);
    check(filesIn(dest), mode, 'rsync');
  });

  test(`excludes({format: 'gitignore', mode: '${mode}'}): git status sees only what should be backed up`, () => {
    const repo = tree({}, 'rummage-git-');
    run('rsync', ['-a', `${root}/`, `${repo}/`]);
    fs.copyFileSync(excludeFile('gitignore', mode), path.join(repo, '.gitignore'));
    run('git', ['init', '-q', repo]);
    const listed = run('git', ['-C', repo, 'ls-files', '--others', '--exclude-standard', '-z']).stdout.split('\0').filter((f) => f !== '' && f !== '.gitignore');
    check(listed.sort(), mode, 'git');
  });

  test(`excludes({format: 'restic', mode: '${mode}'}): a real restic backup stores none of the cruft`, () => {
    const repo = path.join(tree({}, 'rummage-restic-'), 'repo');
    const env = { RESTIC_PASSWORD: 'throwaway-test-password', RESTIC_REPOSITORY: repo, RESTIC_CACHE_DIR: path.join(repo, '..', 'cache'), HOME: path.join(repo, '..') };
    run('restic', ['init', '--quiet'], env);
    run('restic', ['backup', '--quiet', `--exclude-file=${excludeFile('restic', mode)}`, root], env);
    const listed = run('restic', ['ls', '--json', 'latest'], env).stdout.trim().split('\n').map((l) => JSON.parse(l) as { path?: string; type?: string })
      .filter((n) => n.path !== undefined && n.type !== 'dir' && n.path.startsWith(`${root}/`)).map((n) => n.path!.slice(root.length + 1));
    check(listed.sort(), mode, 'restic');
  });

  test(`excludes({format: 'borg', mode: '${mode}'}): a real borg archive stores none of the cruft`, () => {
    const base = tree({}, 'rummage-borg-');
    const repo = path.join(base, 'repo');
    const env = { BORG_PASSPHRASE: 'throwaway-test-password', BORG_BASE_DIR: base, BORG_REPO: repo };
    run('borg', ['init', '--encryption=repokey', repo], env);
    run('borg', ['create', '--exclude-from', excludeFile('borg', mode), `${repo}::test`, root], env);
    const prefix = `${root.replace(/^\/+/, '')}/`;
    const listed = run('borg', ['list', '--format', '{type} {path}{NUL}', `${repo}::test`], env).stdout.split('\0')
      .filter((l) => l !== '' && !l.startsWith('d ')).map((l) => l.slice(2)).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length));
    check(listed.sort(), mode, 'borg');
  });
}

test('snippets/excludes.ts: the file on stdout, --json, and a bad format exits 2', () => {
  const sn = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'snippets/excludes.ts', root, ...args], { cwd: repo, encoding: 'utf8' });
  const r = sn('--format', 'restic', '--mode', 'paths');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.split('\n').includes(`${root}/java/target`));
  const j = sn('--format', 'borg', '--json');
  assert.equal(j.status, 0, j.stderr);
  assert.ok(JSON.parse(j.stdout).patterns.includes('sh:**/__pycache__'));
  const bad = sn('--format', 'zip');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^rummage: --format must be one of 'rsync', 'restic', 'borg', 'gitignore', 'tmutil', not 'zip'; e\.g\. --format restic$/m);
});
