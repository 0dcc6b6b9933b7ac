// rummage reaches into node:repl's undocumented internals in one file
// (lib/repl/node-internals.ts). This fails loudly when a Node release drops them.
import assert from 'node:assert/strict';
import repl from 'node:repl';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { missingInternals } from '../lib/repl/node-internals.ts';

test(`node:repl still has the internals rummage uses (Node ${process.version})`, () => {
  const input = new PassThrough();
  const server = repl.start({ input, output: new PassThrough(), terminal: true, prompt: '' });
  try {
    assert.deepEqual(missingInternals(server), [], `Node ${process.version} changed node:repl; update lib/repl/node-internals.ts`);
  } finally {
    server.close();
  }
});

test('missingInternals() does notice a missing internal', () => {
  const server = repl.start({ input: new PassThrough(), output: new PassThrough(), terminal: true, prompt: '' });
  const s = server as unknown as Record<string, unknown>;
  const kept = s._setRawMode;
  try {
    s._setRawMode = undefined;
    assert.deepEqual(missingInternals(server), ['_setRawMode']);
  } finally {
    s._setRawMode = kept;
    server.close();
  }
});

test('only lib/repl/node-internals.ts touches node:repl internals', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = path.join(import.meta.dirname, '..', 'lib');
  const offenders: string[] = [];
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.ts') || f.endsWith('node-internals.ts')) continue;
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    if (/\b_domain\b|\b_setRawMode\b|\blastError\b|\b_ttyWrite\b/.test(text.replace(/^\s*\/\/.*$/gm, ''))) offenders.push(f);
  }
  assert.deepEqual(offenders, []);
});
