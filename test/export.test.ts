// Pins the public surface: a change to what lib/index.ts exports, or to the
// registered helpers, shows up here as a reviewed change.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lib from '../lib/index.ts';

test('lib/index.ts: the public exports', () => {
  assert.deepEqual(Object.keys(lib).sort(), [
    'CRUFT_KINDS',
    'CRUFT_RULES',
    'CancelledError',
    'Catalog',
    'ContainedResult',
    'CruftResult',
    'DEMO_NAME',
    'DEMO_PLACES',
    'DIR',
    'DiffResult',
    'DirGroup',
    'DupeDirsResult',
    'DupeFilesResult',
    'FILE',
    'FileGroup',
    'HELPERS',
    'KINDS',
    'OTHER',
    'Purge',
    'QUARANTINE',
    'Removal',
    'Restore',
    'SYMLINK',
    'Selection',
    'SimilarResult',
    'TrashList',
    'UsageError',
    'age',
    'archivesFile',
    'biggest',
    'checkRoot',
    'compare',
    'contained',
    'cruft',
    'cruftKinds',
    'defineHelper',
    'demoArchive',
    'diff',
    'du',
    'dupeFiles',
    'emptyDirs',
    'escapeName',
    'excludes',
    'exitOnError',
    'find',
    'format',
    'groupDupes',
    'keep',
    'media',
    'mediaCategory',
    'openArchive',
    'opt',
    'parseSize',
    'parseTime',
    'purge',
    'remove',
    'replGlobalNames',
    'report',
    'resolveRoot',
    'reveal',
    'rglob',
    'scan',
    'similar',
    'snippet',
    'startRepl',
    'suffix',
    'trash',
    'undo',
    'userDir',
    'venvs',
  ]);
});

test('HELPERS: the registered helpers, each with a summary and a one-line example', () => {
  assert.deepEqual(lib.HELPERS.map((h) => h.name).sort(), [
    'age',
    'biggest',
    'browse',
    'compare',
    'contained',
    'count',
    'cruft',
    'diff',
    'du',
    'dupeFiles',
    'emptyDirs',
    'excludes',
    'find',
    'groupDupes',
    'keep',
    'media',
    'purge',
    'refresh',
    'remove',
    'report',
    'reveal',
    'rglob',
    'similar',
    'trash',
    'undo',
    'venvs',
  ]);
  for (const h of lib.HELPERS) {
    assert.ok(h.summary.length > 10, h.name);
    assert.ok(!h.example.includes('\n'), h.name);
  }
});

test('REPL globals: every registered helper, then the REPL\'s own', () => {
  // Literal: built from HELPERS, this would pass whatever HELPERS held.
  assert.deepEqual(lib.replGlobalNames(), [
    'count', 'find', 'rglob', 'refresh', 'media', 'biggest', 'du', 'age', 'browse', 'compare', 'excludes', 'report', 'reveal', 'cruft', 'venvs',
    'remove', 'undo', 'purge', 'trash', 'groupDupes', 'dupeFiles', 'contained', 'similar', 'diff', 'keep', 'emptyDirs',
    'archive', 'root', 'fs', 'path', '$', 'chalk', 'table', 'help', 'run', 'reload', 'watch',
  ]);
});
