import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { groupDupes } from '../lib/dupes/dirs.ts';
import { fileManager, openCommand } from '../lib/drive/reveal.ts';
import { tree } from './_tree.ts';

const SPEC = {
  old_photos: { 'Christmas 2008': { 'a.jpg': 'a' } },
  pangolin_archive: { photos: { 'Christmas 2008': { 'a.jpg': 'a' } } },
  'notes.txt': 'n',
};

/** A bin folder with a stand-in `xdg-open` that appends each call's argument to a log. */
function fakeOpener(): { bin: string; log: string } {
  const bin = tree({}, 'rummage-bin-');
  const log = path.join(bin, 'calls.log');
  fs.writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\n`, { mode: 0o755 });
  return { bin, log };
}

async function calls(log: string, n: number): Promise<string[]> {
  // The opener is detached; give it a moment to write.
  for (let k = 0; k < 100; k++) {
    const lines = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) : [];
    if (lines.length >= n) return lines.sort();
    await sleep(50);
  }
  return [];
}

test('fileManager(): open on macOS, explorer on Windows, xdg-open only with a desktop session', () => {
  const { bin } = fakeOpener();
  assert.deepEqual(fileManager('darwin', {}), { command: 'open' });
  assert.deepEqual(fileManager('win32', {}), { command: 'explorer' });
  assert.deepEqual(fileManager('linux', { PATH: bin, DISPLAY: ':0' }), { command: 'xdg-open' });
  assert.deepEqual(fileManager('linux', { PATH: bin, WAYLAND_DISPLAY: 'wayland-0' }), { command: 'xdg-open' });
  assert.match((fileManager('linux', { PATH: bin }) as { reason: string }).reason, /no desktop session/);
  assert.match((fileManager('linux', { PATH: '/nonexistent', DISPLAY: ':0' }) as { reason: string }).reason, /xdg-open is not installed/);
});

test('openCommand(): folders open; a file is shown in its folder; a report page opens itself', () => {
  const rows: [string, string, boolean, boolean, [string, string[]]][] = [
    ['open', '/r/photos', false, true, ['open', ['/r/photos']]],
    ['open', '/r/a.jpg', false, false, ['open', ['-R', '/r/a.jpg']]],
    ['explorer', 'C:\\r\\a.jpg', false, false, ['explorer', ['/select,C:\\r\\a.jpg']]],
    ['xdg-open', '/r/sub/a.jpg', false, false, ['xdg-open', ['/r/sub']]],
    ['xdg-open', '/tmp/report.html', true, false, ['xdg-open', ['/tmp/report.html']]],
  ];
  for (const [cmd, abs, asFile, isDir, want] of rows) assert.deepEqual(openCommand(cmd, { abs, asFile }, isDir), want, abs);
});

test('reveal(group): every member of a duplicate group is opened, side by side', async () => {
  const root = tree(SPEC);
  const a = await openArchive(root, { progress: false });
  const { bin, log } = fakeOpener();
  const group = { paths: ['old_photos/Christmas 2008', 'pangolin_archive/photos/Christmas 2008'], files: 1, bytes: 1 };
  const r = a.reveal(group, { platform: 'linux', env: { PATH: bin, DISPLAY: ':99' } });
  assert.equal(r.command, 'xdg-open');
  assert.match(inspect(r), /Opened 2 paths with xdg-open/);
  assert.deepEqual(await calls(log, 2), [path.join(root, 'old_photos/Christmas 2008'), path.join(root, 'pangolin_archive/photos/Christmas 2008')]);
  // A group that carries catalog rows instead of paths opens the same folders.
  fs.rmSync(log);
  a.reveal({ rows: Uint32Array.from(group.paths, (p) => a.catalog.lookup(p)) }, { platform: 'linux', env: { PATH: bin, DISPLAY: ':99' } });
  assert.deepEqual(await calls(log, 2), [path.join(root, 'old_photos/Christmas 2008'), path.join(root, 'pangolin_archive/photos/Christmas 2008')]);
});

test('reveal(): a group from groupDupes() opens both copies', async () => {
  const root = tree(SPEC);
  const a = await openArchive(root, { progress: false });
  const { bin, log } = fakeOpener();
  const dupes = await groupDupes(a, { progress: false, cache: false });
  assert.equal(dupes.groups.length, 1);
  a.reveal(dupes.groups[0]!, { platform: 'linux', env: { PATH: bin, DISPLAY: ':99' } });
  // The topmost copies: old_photos/ and pangolin_archive/photos/ hold the same tree.
  assert.deepEqual(await calls(log, 2), [path.join(root, 'old_photos'), path.join(root, 'pangolin_archive/photos')]);
});

test('reveal(): a file is shown in its folder; a Selection opens each entry', async () => {
  const root = tree(SPEC);
  const a = await openArchive(root, { progress: false });
  const { bin, log } = fakeOpener();
  a.reveal('notes.txt', { platform: 'linux', env: { PATH: bin, DISPLAY: ':99' } });
  assert.deepEqual(await calls(log, 1), [root]);
  fs.rmSync(log);
  const sel = a.find({ dirs: true, name: 'Christmas 2008' });
  a.reveal(sel, { platform: 'linux', env: { PATH: bin, DISPLAY: ':99' } });
  assert.equal((await calls(log, 2)).length, 2);
});

test('reveal(): without a file manager the absolute paths are printed, one a line', async () => {
  const root = tree(SPEC);
  const a = await openArchive(root, { progress: false });
  const printed: string[] = [];
  const r = a.reveal(['old_photos/Christmas 2008', 'notes.txt'], { platform: 'linux', env: { PATH: '/nonexistent' }, out: (l) => printed.push(l) });
  assert.deepEqual(printed, [path.join(root, 'old_photos/Christmas 2008'), path.join(root, 'notes.txt')]);
  assert.equal(r.command, null);
  assert.match(inspect(r), /2 paths printed above: no desktop session/);
  const forced: string[] = [];
  a.reveal(a.find({ name: 'a.jpg' })[0]!, { print: true, out: (l) => forced.push(l) });
  assert.deepEqual(forced, [path.join(root, 'old_photos/Christmas 2008/a.jpg')]);
});

test('reveal(): bad targets are one-line usage errors, and too many windows are refused', async () => {
  const a = await openArchive(tree(SPEC), { progress: false });
  assert.throws(() => a.reveal('no/such/folder'), /reveal\(\): 'no\/such\/folder' does not exist/);
  assert.throws(() => a.reveal(42 as never), /reveal\(\) takes a path/);
  assert.throws(() => a.reveal(a.find({ name: 'nothing-here' })), /nothing to open/);
  assert.throws(() => a.reveal(a.find(), { max: 3 }), /would open \d+ windows; pass \{max: \d+\}/);
});
