import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { checkRoot } from '../lib/config.ts';
import { UsageError } from '../lib/errors.ts';
import { HELPERS } from '../lib/helpers.ts';
import { tree } from './_tree.ts';

test('openArchive(): binds every registered helper, named after the root unless told', async () => {
  const root = tree({ 'a.txt': 'a' });
  const archive = await openArchive(root, { progress: false });
  assert.equal(archive.name, path.basename(root));
  assert.equal(archive.root, fs.realpathSync(root));
  for (const h of HELPERS) assert.equal(typeof (archive as unknown as Record<string, unknown>)[h.name], 'function', h.name);
  const named = await openArchive(root, { progress: false, name: 'old_hdd_backups' });
  assert.match(named.find('*').toTable(), /old_hdd_backups\/a\.txt/);
});

test('refresh(): scans again and shows what changed on disk outside rummage', async () => {
  const root = tree({ 'a.txt': 'a' });
  const archive = await openArchive(root, { progress: false });
  assert.equal(archive.count().entries, 1);
  fs.writeFileSync(path.join(root, 'b.txt'), 'bb');
  assert.equal(archive.count().entries, 1, 'the index answers from memory until refreshed');
  const after = await archive.refresh();
  assert.equal(after.entries, 2);
  assert.equal(archive.count().bytes, 3);
});

test('checkRoot(): a missing root or a file is a UsageError', () => {
  const root = tree({ 'f.txt': 'f' });
  assert.throws(() => checkRoot(path.join(root, 'nope')), (e: unknown) => e instanceof UsageError && /does not exist/.test(e.message));
  assert.throws(() => checkRoot(path.join(root, 'f.txt')), (e: unknown) => e instanceof UsageError && /is a file, not a folder/.test(e.message));
  assert.throws(() => checkRoot(''), UsageError);
});
