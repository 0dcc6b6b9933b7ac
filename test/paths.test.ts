// shared/paths.ts: the one string|Buffer join, the {path, pathBytes} JSON form, and the <name>/path display form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultWorkers, displayPath, joinPath, pathJson, pathOf, rawPathJson } from '../lib/shared/index.ts';

test('joinPath(): strings stay strings; a Buffer on either side gives the exact bytes', () => {
  const bad = Buffer.from([0x66, 0xff]);
  const rows: [string | Buffer, string | Buffer, string | Buffer][] = [
    ['a', 'b', 'a/b'],
    ['/r/a', 'ü', '/r/a/ü'],
    [bad, 'x', Buffer.from([0x66, 0xff, 0x2f, 0x78])],
    ['d', bad, Buffer.from([0x64, 0x2f, 0x66, 0xff])],
  ];
  for (const [d, n, want] of rows) assert.deepEqual(joinPath(d, n), want);
});

test('rawPathJson(): U+FFFD in path, the exact bytes in base64', () => {
  const raw = Buffer.from([0x61, 0x2f, 0xff]);
  assert.deepEqual(rawPathJson(raw), { path: 'a/\uFFFD', pathBytes: raw.toString('base64') });
  assert.deepEqual(Buffer.from(rawPathJson(raw).pathBytes, 'base64'), raw);
});

test('pathJson(): {path} for UTF-8 bytes, {path, pathBytes} in that order otherwise (the journal line form); pathOf() keeps only those fields', () => {
  assert.equal(JSON.stringify(pathJson(Buffer.from('a/ü'))), '{"path":"a/ü"}');
  const raw = Buffer.from([0x61, 0x2f, 0xff]);
  assert.equal(JSON.stringify(pathJson(raw)), `{"path":"a/\uFFFD","pathBytes":"${raw.toString('base64')}"}`);
  assert.deepEqual(pathOf({ path: 'a', kind: 'dir', bytes: 3 } as { path: string }), { path: 'a' });
  assert.equal(JSON.stringify(pathOf({ path: 'x', reason: 'r', pathBytes: 'eA==' } as { path: string; pathBytes: string })), '{"path":"x","pathBytes":"eA=="}');
});

test('displayPath(): the archive name alone for the root, <name>/path below it', () => {
  const rows: [string, string][] = [['', 'old_hdd'], ['photos', 'old_hdd/photos'], ['a/b c', 'old_hdd/a/b c']];
  for (const [rel, want] of rows) assert.equal(displayPath('old_hdd', rel), want);
});

test('defaultWorkers(): one policy, one fewer when the main thread works too', () => {
  assert.equal(defaultWorkers(true), defaultWorkers(false) - 1 || 0);
  assert.ok(defaultWorkers(false) >= 1 && defaultWorkers(false) <= 4);
});
