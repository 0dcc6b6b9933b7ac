import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseSnippetArgs } from '../lib/snippet/snippet.ts';
import { UsageError } from '../lib/errors.ts';
import { tree } from './_tree.ts';

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
  ['--dirs with --files', 'find', (root) => [root, '*', '--dirs', '--files'], /cannot be used together/],
  ['a countdown that is not a number', 'count', (root) => [root, '--countdown', 'soon'], /--countdown 'soon' is not a number/],
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

test('parseSnippetArgs(): flags, extra options and positionals', () => {
  const spec = { about: 'x', args: ['pattern', 'other?'], options: { kind: { type: 'string' } } } as const;
  const { flags, positionals } = parseSnippetArgs('x', spec, ['/r', 'p', '--json', '-v', '--delete', '--countdown', '0', '--kind', 'venv'], true);
  assert.deepEqual(positionals, ['/r', 'p']);
  assert.equal(flags.json && flags.verbose && flags.delete, true);
  assert.equal(flags.countdown, 0);
  assert.equal(flags.extra.kind, 'venv');
  assert.throws(() => parseSnippetArgs('x', spec, ['/r', 'p', 'q', 'extra'], true), UsageError);
});
