#!/usr/bin/env node
// The `rummage` command (package.json "bin"; `npm link` puts it on the PATH):
//   rummage [root|name]                        the REPL, like npm start
//   rummage run <snippet|file> <root> [flags]  a snippet or scratch file, from any folder
// Plain JavaScript. A snippet named from snippets/ or scratch/ whose file has a
// snippet() header runs through lib/snippet/run.mjs: the prebuilt lib/ without
// the tsx loader, ~0.1 s to start instead of ~0.25 s. Everything else (the
// REPL, a file given by path, which may be written against the REPL's globals)
// registers tsx (found beside this file, not in the user's folder) and hands
// over to the TypeScript in cli.ts.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** True for a name (not a path) of a snippet in snippets/ or scratch/ that has a snippet() header. */
function namedSnippet(target) {
  if (target === undefined || target.startsWith('-') || /[\\/]/.test(target) || target.endsWith('.ts')) return false;
  for (const dir of ['snippets', 'scratch']) {
    const file = path.join(repo, dir, `${target}.ts`);
    if (fs.existsSync(file)) return /\bsnippet\(\s*import\.meta\b/.test(fs.readFileSync(file, 'utf8'));
  }
  return false;
}

const [command, target] = process.argv.slice(2);
if (command === 'run' && namedSnippet(target)) {
  // run.mjs reads `<snippet> <root> [flags]` from process.argv, as `node lib/snippet/run.mjs` gets them.
  process.argv.splice(2, 1);
  await import('../snippet/run.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./cli.ts');
}
