// The README's sessions and examples are read in a terminal: no line in a
// code block is wider than 100 columns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

test('README: no line in a code block is wider than 100 columns', () => {
  const lines = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8').split('\n');
  let inBlock = false;
  const wide: string[] = [];
  lines.forEach((line, i) => {
    if (line.startsWith('```')) inBlock = !inBlock;
    else if (inBlock && [...line].length > 100) wide.push(`README.md:${i + 1}: ${[...line].length} columns: ${line.slice(0, 60)}…`);
  });
  assert.ok(!inBlock, 'an unclosed code block');
  assert.deepEqual(wide, []);
});

test('README: the REPL session shows the banner and help() as they print now', async () => {
  const text = fs.readFileSync(path.join(import.meta.dirname, '..', 'README.md'), 'utf8');
  const { HELPERS } = await import('../lib/helpers.ts');
  const { helpText } = await import('../lib/repl/help.ts');
  // Regenerated from a real run at 100 columns: help() there is help() now.
  for (const line of helpText(HELPERS, 100).split('\n')) assert.ok(text.includes(line), `README lacks the help() line: ${line}`);
});
