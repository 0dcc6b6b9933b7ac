// The registry is where a helper is described: its examples live there only,
// and its options are one declaration that the check, help() and snippet flags read.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { HELPERS } from '../lib/helpers.ts';

const lib = path.join(import.meta.dirname, '..', 'lib');
const sources = fs.readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(lib, f), 'utf8'));

test('registry: examples live in the registry only, not in a helper function\'s JSDoc', () => {
  const twice: string[] = [];
  for (const h of HELPERS) {
    const re = new RegExp(`/\\*\\*(?:(?!\\*/)[\\s\\S])*@example(?:(?!\\*/)[\\s\\S])*\\*/\\s*export (?:async )?function ${h.name}\\(`);
    if (sources.some((s) => re.test(s))) twice.push(h.name);
  }
  // remove/'s helpers are converted with issue 10.
  assert.deepEqual(twice.filter((n) => !['remove', 'undo', 'purge', 'trash'].includes(n)), []);
});

test('registry: every helper outside remove/ declares its options with opt.*(), each with a doc line', () => {
  for (const h of HELPERS) {
    if (['remove', 'undo', 'purge', 'trash'].includes(h.name)) continue;
    for (const [k, s] of Object.entries(h.options ?? {})) {
      assert.equal(typeof s, 'object', `${h.name}.${k} is declared with opt.*()`);
      if (typeof s === 'object') assert.ok(s.doc.length > 5, `${h.name}.${k} has a doc line`);
    }
  }
});

test('registry: an example awaits exactly the helpers that return a promise', () => {
  const async = new Set(['browse', 'compare', 'report', 'groupDupes', 'dupeFiles', 'contained', 'similar', 'diff', 'keep', 'refresh', 'undo']);
  for (const h of HELPERS) {
    for (const call of h.example.matchAll(/(await )?\b(\w+)\(/g)) {
      const name = call[2]!;
      if (!HELPERS.some((x) => x.name === name)) continue;
      const awaited = call[1] !== undefined;
      if (async.has(name)) assert.ok(awaited, `${h.name}: ${name}() returns a promise: await it in '${h.example}'`);
      // remove() and purge() return a promise only with {delete: true}.
      else if (!['remove', 'purge'].includes(name)) assert.ok(!awaited, `${h.name}: ${name}() returns no promise: no await in '${h.example}'`);
    }
  }
});
