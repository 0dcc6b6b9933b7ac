import assert from 'node:assert/strict';
import { test } from 'node:test';
import { streamJson } from '../lib/snippet/stream-json.ts';

/** What streamJson wrote, or undefined when it said the value has no JSON form. */
function streamed(v: unknown, chunks?: string[]): string | undefined {
  let s = '';
  const wrote = streamJson(v, (c) => {
    chunks?.push(c);
    s += c;
  });
  return wrote ? s : undefined;
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = ['', 'plain', 'quote " and \\ backslash', 'tab\tnew\nline', 'caf\u00e9', '\u{1f4f7} photo', 'lone \ud800 surrogate', '\u0000\u001f\u007f', 'café/…/x.jpg'];
const NUMBERS = [0, -0, 1, -1.5, 1e21, 1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity, -Infinity];

function value(r: () => number, depth: number): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const k = Math.floor(r() * (depth > 3 ? 6 : 11));
  switch (k) {
    case 0: return pick(STRINGS);
    case 1: return pick(NUMBERS);
    case 2: return r() < 0.5;
    case 3: return null;
    case 4: return undefined;
    case 5: return pick([() => 1, Symbol('s'), new Date(Date.UTC(2010, 0, 2, 3, 4, 5)), new Date(NaN)]);
    case 6: case 7: return Array.from({ length: Math.floor(r() * 5) }, () => value(r, depth + 1));
    case 8: case 9: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[pick(['a', 'b', 'paths', '2', '10', 'é', ''])] = value(r, depth + 1);
      return o;
    }
    default: return pick([
      { toJSON: (key: string) => ({ key, nested: [1, undefined] }) },
      { toJSON: () => undefined },
      new String('boxed'), new Number(3), new Boolean(false),
      new Map([[1, 2]]), new Set([1]), new Uint8Array([1, 2]),
    ]);
  }
}

test('streamJson(): the same bytes as JSON.stringify for 3,000 seeded values (escapes, lone surrogates, -0, NaN, toJSON with its key, undefined and functions left out or null, boxed primitives, Maps, typed arrays)', () => {
  const r = rng(20261129);
  for (let n = 0; n < 3000; n++) {
    const v = value(r, 0);
    const expected = JSON.stringify(v) as string | undefined;
    assert.equal(streamed(v), expected, `value #${n}: ${expected}`);
  }
});

test('streamJson(): a big value goes out in chunks, never as one string; cycles and BigInt throw as in JSON.stringify', () => {
  const big = { groups: Array.from({ length: 20_000 }, (_, i) => ({ paths: [`drive/a/${i}.jpg`, `drive/b/${i}.jpg`], size: i })) };
  const chunks: string[] = [];
  assert.equal(streamed(big, chunks), JSON.stringify(big));
  assert.ok(chunks.length > 10, `${chunks.length} chunks`);
  assert.ok(chunks.every((c) => c.length < 70_000), 'every chunk is about 64K characters at most');
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = { back: cyclic };
  assert.throws(() => streamed(cyclic), /circular/);
  assert.throws(() => streamed({ n: 1n }), TypeError);
  // The same object twice, side by side, is not a cycle.
  const shared = { x: 1 };
  assert.equal(streamed([shared, shared]), JSON.stringify([shared, shared]));
});
