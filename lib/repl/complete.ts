// Tab completion: helper names from the registry, archive paths inside a
// string argument, snippet names after `.run`. Everything else is Node's.
import fs from 'node:fs';
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { DIR } from '../types.ts';

export type Completion = [completions: string[], completeOn: string];

/** Names that complete at the start of an expression, besides the globals Node knows. */
export interface CompletionSource {
  readonly catalog: () => Catalog;
  readonly globals: () => readonly string[];
  readonly snippetDir: string;
}

/** The string literal being typed at the end of the line, if any: its quote and text so far. */
export function openString(line: string): { text: string; callee: string | undefined } | undefined {
  let quote = '';
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote !== '') {
      if (ch === '\\') i++;
      else if (ch === quote) quote = '';
    } else if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      start = i;
    }
  }
  if (quote === '') return undefined;
  const callee = /([A-Za-z_$][\w$]*)\s*\(\s*$/.exec(line.slice(0, start))?.[1];
  return { text: line.slice(start + 1), callee };
}

/** Archive-relative paths that start with `text`: `old_ph` → `old_photos/`. */
export function completePath(catalog: Catalog, text: string): string[] {
  // `**/IMG_00` or a bare name for rglob: base names at any depth.
  const slash = text.lastIndexOf('/');
  const dirPart = slash < 0 ? '' : text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (dirPart === '**' || dirPart.endsWith('/**')) return completeName(catalog, prefix).map((n) => `${dirPart}/${n}`);
  const at = catalog.lookup(dirPart);
  if (at < 0 || catalog.kind[at] !== DIR) return [];
  const out: string[] = [];
  for (const c of catalog.children(at)) {
    const name = catalog.name(c);
    if (!name.startsWith(prefix)) continue;
    const full = dirPart === '' ? name : `${dirPart}/${name}`;
    out.push(catalog.kind[c] === DIR ? `${full}/` : full);
  }
  return out.sort();
}

/** Distinct base names anywhere in the archive that start with `prefix`. */
export function completeName(catalog: Catalog, prefix: string): string[] {
  const used = new Uint8Array(catalog.names.length);
  for (let i = 1; i < catalog.length; i++) if (catalog.gone[i] === 0) used[catalog.nameId[i]!] = 1;
  const out: string[] = [];
  catalog.names.forEach((n, id) => {
    if (used[id] === 1 && n.startsWith(prefix)) out.push(n);
  });
  return out.sort().slice(0, 500);
}

/** Snippet names in the snippets folder that start with `prefix`. */
export function completeSnippet(dir: string, prefix: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => path.basename(f, '.ts'));
  } catch {
    names = [];
  }
  return names.filter((n) => n.startsWith(prefix)).sort();
}

/**
 * Wraps Node's completer: `.run co` → snippets, a string argument → paths
 * (base names for rglob and `name:`), an identifier → helpers and globals.
 */
export function completer(source: CompletionSource, node: (line: string) => Promise<Completion>): (line: string) => Promise<Completion> {
  return async (line) => {
    const run = /^\s*\.run\s+(\S*)$/.exec(line);
    if (run) return [completeSnippet(source.snippetDir, run[1]!), run[1]!];
    const str = openString(line);
    if (str !== undefined) {
      const names = str.callee === 'rglob' || /\bname\s*:\s*['"`][^'"`]*$/.test(line);
      const found = names && !str.text.includes('/') ? completeName(source.catalog(), str.text) : completePath(source.catalog(), str.text);
      return [found, str.text];
    }
    const [fromNode, on] = await node(line);
    const word = /[A-Za-z_$][\w$]*$/.exec(line)?.[0];
    // Node lists globals in its own groups; put the registry's names first.
    if (word === undefined || on !== word || line.slice(0, -word.length).trimEnd().endsWith('.')) return [fromNode, on];
    const ours = source.globals().filter((g) => g.startsWith(word));
    const rest = fromNode.filter((n) => n !== '' && !ours.includes(n));
    return [ours.length > 0 && rest.length > 0 ? [...ours, '', ...rest] : [...ours, ...rest], on];
  };
}
