import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSnippetArgs } from '../lib/snippet/snippet.ts';
import { opt } from '../lib/shared/options.ts';
import { UsageError } from '../lib/errors.ts';
import { snapshot, tree } from './_tree.ts';

const repo = path.resolve(import.meta.dirname, '..');

function run(snippet: string, args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `snippets/${snippet}.ts`, ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('snippets/count.ts --json prints exactly one JSON object', () => {
  const root = tree({ a: { 'x.txt': 'hello', 'l': { symlink: 'x.txt' } }, 'b.bin': Buffer.alloc(100) });
  const r = run('count', [root, '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), { root: fs.realpathSync(root), entries: 4, files: 2, dirs: 1, symlinks: 1, other: 0, bytes: 105 });
  const human = run('count', [root]);
  assert.match(human.out, /^all files dirs: 4$/m);
});

test('snippets/find.ts --json lists relative paths, kinds and bytes; --dirs narrows', () => {
  const root = tree({ proj: { tutorial_host_env: { 'pyvenv.cfg': 'x' }, 'notes_env.txt': 'n' } });
  const r = run('find', [root, '**/*_env*', '--json']);
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), { items: [{ path: 'proj/notes_env.txt', kind: 'file', bytes: 1 }, { path: 'proj/tutorial_host_env', kind: 'dir', bytes: 1 }] });
  const dirs = JSON.parse(run('find', [root, '**/*_env*', '--dirs', '--json']).out) as { items: { path: string }[] };
  assert.deepEqual(dirs.items.map((i) => i.path), ['proj/tutorial_host_env']);
});

test('snippets: a name from archives.json works as the root', () => {
  const home = tree({ config: {} });
  const root = tree({ 'f.txt': 'f' });
  fs.writeFileSync(path.join(home, 'config', 'archives.json'), JSON.stringify({ old_hdd: { root, name: 'old_hdd_backups' } }));
  const r = run('find', ['old_hdd', '*', '--dirs'], { RUMMAGE_HOME: home });
  assert.equal(r.code, 0, r.err);
  const c = run('count', ['old_hdd', '--json'], { RUMMAGE_HOME: home });
  assert.equal(JSON.parse(c.out).entries, 1);
});

const badInput: [string, string, (root: string, file: string) => string[], RegExp][] = [
  ['a root that does not exist', 'count', () => ['/no/such/archive'], /root '\/no\/such\/archive' does not exist/],
  ['a root that is a file', 'count', (_r, file) => [file], /is a file, not a folder/],
  ['an unknown archive name', 'count', () => ['old_hdd_nope'], /neither a folder nor an archive name/],
  ['an unknown flag', 'count', (root) => [root, '--frobnicate'], /unknown flag '--frobnicate'/],
  ['a missing pattern', 'find', (root) => [root], /missing pattern/],
  ['an invalid glob', 'find', (root) => [root, 'photos/{2008'], /not a valid glob/],
  ['--dirs with --files', 'find', (root) => [root, '*', '--dirs', '--files'], /dirs and files cannot both be set/],
  ['a countdown that is not a number', 'venvs', (root) => [root, '--countdown', 'soon'], /^rummage: --countdown must be a number, not 'soon'; e\.g\. --countdown 3\n$/],
  ['a removal flag on a snippet that removes nothing', 'find', (root) => [root, '*', '--delete'], /unknown flag '--delete'/],
  ['a misspelt flag', 'find', (root) => [root, '*', '--dir'], /unknown flag '--dir' \(did you mean '--dirs'\?\)/],
];
for (const [what, snippet, args, message] of badInput) {
  test(`snippets: ${what} gives one line and exit code 2`, () => {
    const root = tree({ 'keep.txt': 'keep' });
    const r = run(snippet, args(root, path.join(root, 'keep.txt')), { RUMMAGE_HOME: root });
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(r.err.trimEnd().split('\n').length, 1, r.err);
    assert.match(r.err, message);
    assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    assert.equal(fs.readFileSync(path.join(root, 'keep.txt'), 'utf8'), 'keep');
  });
}

test('parseSnippetArgs(): common, own and helper flags, each checked by its declaration; positionals', () => {
  const spec = { about: 'x', args: ['pattern', 'other?'], helpers: ['dupeFiles', 'du', 'remove'], flags: { kind: opt.string('a kind') } } as const;
  const { flags, options, positionals } = parseSnippetArgs('x', spec, ['/r', 'p', '--json', '-v', '--delete', '--countdown', '0', '--kind', 'venv', '--min-size', '1MB', '--no-cache', '--depth', 'all'], true);
  assert.deepEqual(positionals, ['/r', 'p']);
  assert.deepEqual(flags, { json: true, verbose: true, print0: false, help: false, rescan: false, check: true, kind: 'venv' });
  // Helper options carry only what was given: the helper keeps its own defaults. -v is remove()'s verbose too.
  assert.deepEqual(options, { dupeFiles: { minSize: 1e6, cache: false }, du: { depth: Infinity }, remove: { verbose: true, delete: true, countdown: 0 } });
  assert.throws(() => parseSnippetArgs('x', spec, ['/r', 'p', 'q', 'extra'], true), UsageError);
});

test('parseSnippetArgs(): bad flags are one line: unknown with a did-you-mean, bad values by the option parse, dash values accepted', () => {
  const spec = { about: 'x', helpers: ['find', 'remove'] } as const;
  const rows: [string[], RegExp][] = [
    [['--min-sise', '1MB'], /^unknown flag '--min-sise' \(did you mean '--min-size'\?\); usage: npx tsx snippets\/x\.ts <root> /],
    [['--dir'], /^unknown flag '--dir' \(did you mean '--dirs'\?\)/],
    [['--older-than', '-5d'], /^--older-than must be a date like '2015-01-01' or an age like '2y', '6mo', '30d', not '-5d'/],
    [['--countdown', '-1'], /^--countdown must be 0 or more, not '-1'; e\.g\. --countdown 3$/],
    [['--countdown', 'soon'], /^--countdown must be a number, not 'soon'/],
    [['--min-size', 'big'], /^--min-size must be 0 or more bytes/],
  ];
  for (const [argv, re] of rows) {
    assert.throws(() => parseSnippetArgs('x', spec, ['/r', ...argv], true), (e: unknown) => e instanceof UsageError && re.test(e.message) && !e.message.includes('\n'), argv.join(' '));
  }
  assert.deepEqual(parseSnippetArgs('x', spec, ['/r', '--older-than', '2015-01-01'], true).options, { find: { olderThan: '2015-01-01' } });
});

test('snippet --help lists only the flags that snippet uses, with the declared docs and defaults', () => {
  const find = run('find', ['--help']);
  assert.equal(find.code, 0, find.err);
  assert.match(find.out, /^ {2}--min-size X +at least this big/m);
  assert.doesNotMatch(find.out, /--delete|--countdown/);
  const biggest = run('biggest', ['--help']);
  assert.doesNotMatch(biggest.out, /--dirs/);
  assert.match(biggest.out, /--ext X/);
  const dupes = run('dupe-files', ['--help']);
  assert.match(dupes.out, /^ {2}--no-cache +turns off: use the hash cache/m);
  assert.match(dupes.out, /^ {2}--verify-bytes +compare/m);
  const venvs = run('venvs', ['--help']);
  for (const f of ['--delete', '--countdown X', '--permanent', '--include-unverified']) assert.ok(venvs.out.includes(f), f);
});

test('snippets/cruft.ts: --help shows the removal flags from remove()\'s declaration; a bad --countdown is the one options-check line, exit 2, nothing touched', () => {
  const help = run('cruft', ['--help']);
  assert.equal(help.code, 0, help.err);
  for (const f of ['--delete', '--countdown X', '--permanent', '--include-unverified', '--kind X']) assert.match(help.out, new RegExp(`^ {2}${f} `, 'm'), f);
  assert.match(help.out, /^ {2}--countdown X +seconds to wait before anything moves, Ctrl-C cancels \(0 for none\) \(default 3\)$/m);
  assert.doesNotMatch(help.out, /--verbose|--older-than/, '-v is remove()\'s verbose too; purge\'s flags are not here');
  const root = tree({ proj: { '.venv': { 'pyvenv.cfg': 'home = /usr/bin\n', lib: { 'x.py': 'x' } }, '__pycache__': { 'a.cpython-312.pyc': 'pyc' } } });
  const before = snapshot(root);
  for (const [value, message] of [['-1', "must be 0 or more, not '-1'"], ['x', "must be a number, not 'x'"]] as const) {
    const r = run('cruft', [root, '--delete', '--countdown', value], { RUMMAGE_HOME: root });
    assert.equal(r.code, 2, r.err);
    assert.equal(r.out, '');
    assert.equal(r.err, `rummage: --countdown ${message}; e.g. --countdown 3\n`);
  }
  assert.deepEqual(snapshot(root), before);
});
