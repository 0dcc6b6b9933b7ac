// Bad input to remove(), undo(), purge() and trash(), and what they print:
// checked for type (not truthiness), unknown names refused with a
// did-you-mean, names shown escaped, --out never inside the archive, exit codes.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { QUARANTINE, Selection, UsageError, openArchive, type Archive } from '../lib/index.ts';
import { shown } from '../lib/format.ts';
import { cacheFile } from '../lib/hash/cache.ts';
import { fsProblem } from '../lib/remove/lock.ts';
import { snapshot, tree, type Spec } from './_tree.ts';

process.env.RUMMAGE_HOME = fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-home-'));
after(() => fs.rmSync(process.env.RUMMAGE_HOME!, { recursive: true, force: true }));

const repo = path.join(import.meta.dirname, '..');
const NOW = { delete: true, countdown: 0 } as const;

async function open(spec: Spec | string): Promise<{ root: string; a: Archive; said: string[] }> {
  const root = typeof spec === 'string' ? spec : tree(spec);
  const a = await openArchive(root, { progress: false, workers: 0 });
  const said: string[] = [];
  a.say = (m: string) => void said.push(m);
  return { root, a, said };
}

function oneLine(e: unknown, re: RegExp): boolean {
  return e instanceof UsageError && !e.message.includes('\n') && re.test(e.message);
}

test("bad input: remove('a/b', {delete: 'no', permanent: 'false'}) is a one-line UsageError and touches nothing", async () => {
  const { root, a } = await open({ a: { b: { 'x.txt': 'x' } } });
  const before = snapshot(root);
  assert.throws(() => a.remove('a/b', { delete: 'no', permanent: 'false' } as never), (e) => oneLine(e, /^remove\(\): option 'delete' must be true or false, not 'no'; e\.g\. \{delete: true\}$/));
  assert.throws(() => a.remove('a/b', { delete: true, permanent: 'false' } as never), (e) => oneLine(e, /option 'permanent' must be true or false, not 'false'/));
  for (const countdown of [-1, 3601, NaN, Infinity, '3']) {
    assert.throws(() => a.remove('a/b', { delete: true, countdown } as never), (e) => oneLine(e, /option 'countdown' must be/), String(countdown));
  }
  assert.throws(() => a.remove('a/b', { dleete: true } as never), (e) => oneLine(e, /^remove\(\): unknown option 'dleete' \(did you mean 'delete'\?\)/));
  assert.throws(() => a.remove('a/b', 'yes' as never), (e) => oneLine(e, /options must be an object/));
  await assert.rejects(() => a.undo(undefined, { force: true } as never), (e) => oneLine(e, /^undo\(\): unknown option 'force'; it takes no options/));
  assert.throws(() => a.trash({ all: true } as never), (e) => oneLine(e, /^trash\(\): unknown option 'all'/));
  assert.throws(() => a.purge({ olderThn: '30d' } as never), (e) => oneLine(e, /^purge\(\): unknown option 'olderThn' \(did you mean 'olderThan'\?\)/));
  assert.throws(() => a.purge({ delete: 1 } as never), (e) => oneLine(e, /^purge\(\): option 'delete' must be true or false, not 1/));
  assert.deepEqual(snapshot(root), before);
});

test('bad input: a removal that holds nothing (left by a failed run) never hides an earlier one from undo()', async () => {
  const { root, a } = await open({ 'a~': 'a', keep: 'k' });
  const before = snapshot(root);
  const r = await a.remove(['a~'], NOW);
  // A newer removal whose only item never moved.
  const later = `${root}/${QUARANTINE}/2999-01-01T00-00-00-000Z`;
  fs.mkdirSync(later);
  fs.writeFileSync(`${later}/.rummage-journal.jsonl`, `${JSON.stringify({ op: 'intent', seq: 1, path: 'keep', kind: 'file', bytes: 1, entries: 0, time: new Date().toISOString(), mode: 0o100644, mtime: 0, size: 1 })}\n${JSON.stringify({ op: 'failed', seq: 1 })}\n`);
  const u = await a.undo();
  assert.equal(u.name, r.name);
  assert.deepEqual(u.restored, ['a~']);
  fs.rmSync(later, { recursive: true });
  fs.rmdirSync(`${root}/${QUARANTINE}`);
  assert.deepEqual(snapshot(root), before);
});

test('names in the terminal: control characters and escapes are shown escaped; a raw byte and a literal backslash print differently', async () => {
  assert.equal(shown('a\x1b[2Jb\nc\\d'), 'a\\x1B[2Jb\\nc\\\\d');
  assert.equal(shown(Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'caf\\xE9');
  assert.equal(shown('caf\\xE9'), 'caf\\\\xE9');
  const root = tree({});
  const names = ['clear\x1b[2J\x1b[H~', 'two\nRemoved 0 of 0 items~', 'caf\\xE9~'];
  for (const n of names) fs.writeFileSync(path.join(root, n), 'x');
  fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/`), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x7e])]), 'raw');
  const { a } = await open(root);
  const rows = a.find('*~');
  const plan = String(a.remove(new Selection(a.catalog, rows.indices, a.name)));
  assert.doesNotMatch(plan, /[\x00-\x08\x0b-\x1f\x7f]/);
  assert.ok(plan.split('\n').every((l) => !l.startsWith('Removed 0')), plan);
  assert.match(plan, /clear\\x1B\[2J\\x1B\[H~/);
  assert.match(plan, /caf\\xE9~/);
  assert.match(plan, /caf\\\\xE9~/);
  const r = await a.remove(new Selection(a.catalog, rows.indices, a.name), { ...NOW, verbose: true });
  assert.doesNotMatch(String(r), /[\x00-\x08\x0b-\x1f\x7f]/);
  const u = await a.undo();
  assert.doesNotMatch(String(u), /[\x00-\x08\x0b-\x1f\x7f]/);
  assert.doesNotMatch(String(a.trash()), /[\x00-\x08\x0b-\x1f\x7f]/);
});

test('--out: a report or excludes file inside the archive, or reaching it through a link, is refused; the hash cache never lands inside it', async () => {
  const top = tree({ root: { 'a~': 'a' } });
  const root = path.join(top, 'root');
  fs.symlinkSync(root, path.join(top, 'via-link'));
  const { a } = await open(root);
  const before = snapshot(root);
  await assert.rejects(() => a.report({ out: path.join(top, 'via-link', 'r.html') }), (e) => oneLine(e, /report out .* is inside the archive \(or reaches it through a link\)/));
  assert.throws(() => a.excludes({ out: path.join(top, 'via-link', 'x.txt') }), (e) => oneLine(e, /excludes out .* is inside the archive \(or reaches it through a link\)/));
  assert.deepEqual(snapshot(root), before);
  // An archive that holds $HOME (and so the user's cache folder): the cache goes elsewhere.
  const file = cacheFile(root, { XDG_CACHE_HOME: path.join(root, 'home', '.cache') });
  assert.ok(!file.startsWith(`${root}/`) && !file.startsWith(`${fs.realpathSync(root)}/`), file);
});

test('errors are one line: read-only, full disk and permission problems say what to do', () => {
  for (const [code, re] of [['EROFS', /read-only file system; mount it read-write/], ['ENOSPC', /disk is full; free some space/], ['EACCES', /permission denied; run as a user who may write/]] as const) {
    const e = fsProblem(Object.assign(new Error(`${code}: boom`), { code }), 'cannot lock old_hdd for removing 3 items');
    assert.ok(oneLine(e, re), String(e));
    assert.match((e as Error).message, new RegExp(`^cannot lock old_hdd for removing 3 items: .*\\(${code}\\)$`));
  }
});

test('exit codes: undo.ts exits 1 when an item could not be put back; purge.ts exits 1 when a removal failed', async () => {
  const { root, a } = await open({ 'a~': 'a', 'b~': 'b' });
  await a.remove(['a~'], NOW);
  fs.writeFileSync(path.join(root, 'a~'), 'in the way');
  const u = spawnSync(process.execPath, ['--import', 'tsx', 'snippets/undo.ts', root], { cwd: repo, encoding: 'utf8', env: process.env });
  assert.equal(u.status, 1, u.stderr);
  assert.match(u.stdout, /refused: .*a~: something now exists/);
  fs.unlinkSync(path.join(root, 'a~'));
  await a.undo();
  const r = await a.remove(['b~'], NOW);
  const p = spawn(process.execPath, ['--import', 'tsx', 'snippets/purge.ts', root, '--delete', '--countdown', '1.5'], { cwd: repo, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  p.stdout.on('data', (d) => (out += d));
  p.stderr.on('data', (d) => (err += d));
  const outside = tree({ 'precious.txt': 'p' });
  const q = path.join(root, r.quarantine!);
  // Swap the removal's folder for a link once the countdown has begun.
  for (let k = 0; k < 1000 && !/Purging 1 removal/.test(err); k++) await sleep(10);
  await sleep(100);
  fs.renameSync(q, `${q}-real`);
  fs.symlinkSync(outside, q);
  const code = await new Promise((resolve) => p.on('exit', resolve));
  assert.equal(code, 1, out);
  assert.match(out, /^Purged 0 of 1 removal \(1 B\)\./);
  assert.doesNotMatch(out, /deleted for good/);
  assert.equal(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf8'), 'p');
});
