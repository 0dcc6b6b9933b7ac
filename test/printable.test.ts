// One printable base: every result has the same four faces, String(x),
// util.inspect, .json() and toJSON(), and JSON.stringify(x) is its json().
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { openArchive } from '../lib/archive.ts';
import { PrintableResult, printable } from '../lib/shared/index.ts';
import { tree } from './_tree.ts';

test('printable(): the four faces on plain data, none enumerable', () => {
  const r = printable({ n: 1 }, (d) => `n is ${d.n}`, (d) => ({ count: d.n }));
  assert.deepEqual(Object.keys(r), ['n']);
  assert.equal(String(r), 'n is 1');
  assert.equal(inspect(r), 'n is 1');
  assert.deepEqual(r.json(), { count: 1 });
  assert.equal(JSON.stringify(r), '{"count":1}');
});

test('PrintableResult: a subclass writes json() and toString(limit); toJSON and inspect come from the base', () => {
  class Rows extends PrintableResult<{ rows: number[] }> {
    constructor(readonly rows: number[]) {
      super();
    }
    json(): { rows: number[] } {
      return { rows: this.rows };
    }
    override toString(limit = 2): string {
      return this.rows.slice(0, limit).join(',');
    }
  }
  const r = new Rows(Array.from({ length: 20 }, (_, i) => i));
  assert.equal(String(r), '0,1');
  assert.equal(inspect(r), '0,1,2,3,4,5,6,7,8,9');
  assert.equal(JSON.stringify(r), JSON.stringify(r.json()));
});

test('every helper result: String(x) and inspect(x) are text, JSON.stringify(x) is x.json()', async () => {
  const same = { 'a.jpg': 'aaaa', 'b.txt': 'bb' };
  const root = tree({ one: same, two: same, near: { 'a.jpg': 'aaaa', 'c.txt': 'c' }, venv: { 'pyvenv.cfg': 'x' } });
  const a = await openArchive(root, { progress: false });
  const results: [string, unknown][] = [
    ['count', a.count()],
    ['find', a.find('**')],
    ['media', a.media()],
    ['biggest', a.biggest(2)],
    ['du', a.du()],
    ['age', a.age()],
    ['cruft', a.cruft()],
    ['venvs', a.venvs()],
    ['excludes', a.excludes()],
    ['groupDupes', await a.groupDupes({ cache: false })],
    ['dupeFiles', await a.dupeFiles({ cache: false })],
    ['contained', await a.contained({ cache: false })],
    ['similar', await a.similar({ cache: false, min: 0.1 })],
    ['diff', await a.diff('one', 'near', { cache: false })],
    ['emptyDirs', a.emptyDirs()],
  ];
  for (const [name, r] of results) {
    const x = r as { json(): unknown };
    assert.equal(typeof x.json, 'function', name);
    assert.equal(JSON.stringify(x), JSON.stringify(x.json()), name);
    assert.doesNotMatch(String(x), /\[object /, name);
    assert.doesNotMatch(inspect(x), /^\w+ \{|\[object /, name);
  }
});
