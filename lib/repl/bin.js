#!/usr/bin/env node
// The `rummage` command (package.json "bin"; `npm link` puts it on the PATH):
//   rummage [root|name]                        the REPL, like npm start
//   rummage run <snippet|file> <root> [flags]  a snippet or scratch file, from any folder
// Plain JavaScript: it registers tsx (found beside this file, not in the
// user's folder), then hands over to the TypeScript in cli.ts.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
