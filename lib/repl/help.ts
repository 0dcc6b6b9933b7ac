// What the REPL says about itself: the banner, help(), help(helper), and
// table(rows). All of it is read from the helper registry.
import type { Selection } from '../query/index.ts';
import { num, size, table, tableOf } from '../format.ts';
import { UsageError } from '../errors.ts';
import type { Helper } from '../registry.ts';
import { describeOption, printable as withFaces } from '../shared/index.ts';

/** The REPL's own globals, besides the helpers: name → one line for help(). */
export const BUILTINS: Readonly<Record<string, string>> = {
  archive: 'the archive: root, name, catalog, errors, and every helper as a method',
  root: 'the archive root (absolute path)',
  fs: 'fs-extra',
  path: 'node:path',
  $: "zx's shell: await $`du -sh ${root}`",
  chalk: 'colours for your own output',
  table: 'table(rows): objects, arrays or a Selection as a table',
  help: 'help() lists helpers; help(count) or help("count") shows one',
  run: "await run('count', '--dirs'): a snippet, against this archive (also .run count --dirs)",
  reload: 'reload(): imports the last run snippet or scratch file again, after you edit it',
};

/** A value that prints as the given text in the REPL and with String(); through the shared printable(), so its json() is the value itself. */
export function printable<T extends object>(value: T, text: () => string): T {
  return withFaces(value, text, (v) => v);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

export interface ArchiveFacts {
  readonly name: string;
  readonly root: string;
  readonly entries: number;
  readonly bytes: number;
  readonly scanMs: number;
  readonly demo: boolean;
}

/** The banner shown on a terminal before the first prompt. */
export function banner(helpers: readonly Helper[], facts: ArchiveFacts, archivesFile: string): string {
  const lines = [
    `rummage: ${facts.name} (${facts.root})`,
    `${num(facts.entries)} entries, ${size(facts.bytes)}, scanned in ${Math.round(facts.scanMs)} ms`,
  ];
  if (facts.demo) {
    lines.push(
      'This is the DEMO archive, built in the temp dir. Open yours with',
      `  npm start -- /path/to/archive   or a name defined in ${archivesFile}`,
    );
  }
  lines.push(
    `helpers: ${helpers.map((h) => h.name).join(' ')}`,
    `also:    ${Object.keys(BUILTINS).join(' ')} _   (.run <snippet>, help() for examples)`,
  );
  return lines.join('\n');
}

/** help(): every helper with its one-line example, then the other globals. */
export function helpText(helpers: readonly Helper[]): string {
  const w = Math.max(...helpers.map((h) => h.name.length), ...Object.keys(BUILTINS).map((k) => k.length));
  const out = ['Helpers (help(name) shows one with its options):'];
  for (const h of helpers) out.push(`  ${pad(h.name, w)}  ${h.summary}`, `  ${pad('', w)}    ${h.example}`);
  out.push('', 'Also:');
  for (const [k, v] of Object.entries(BUILTINS)) out.push(`  ${pad(k, w)}  ${v}`);
  out.push('', '_ is the last result. Top-level await and TypeScript work. Ctrl-C cancels a running helper.');
  return out.join('\n');
}

/** help(count): one helper, its example and options. */
export function helperText(h: Helper): string {
  const out = [`${h.name}: ${h.summary}`, `  e.g. ${h.example}`];
  // Options the user cannot type (a cancel signal, a test hook) stay out of help.
  const options: [string, string][] = [
    ...Object.entries(h.args ?? {}),
    ...Object.entries(h.options ?? {}).flatMap(([k, s]): [string, string][] => (typeof s === 'string' ? [[k, s]] : s.hidden === true ? [] : [[k, describeOption(s)]])),
  ];
  if (options.length > 0) {
    const w = Math.max(...options.map(([k]) => k.length));
    out.push('options:');
    for (const [k, v] of options) out.push(`  ${pad(k, w)}  ${v}`);
  } else out.push('no options');
  return out.join('\n');
}

/** Finds the helper a help() argument names: the bound function itself, or its name. */
export function findHelper(helpers: readonly Helper[], bound: ReadonlyMap<unknown, Helper>, what: unknown): Helper | string {
  const h = bound.get(what) ?? helpers.find((x) => x.name === what);
  if (h !== undefined) return h;
  if (typeof what === 'string' && what in BUILTINS) return `${what}: ${BUILTINS[what]}`;
  throw new UsageError(`help() takes a helper or its name, e.g. help(count) or help('find'); ${typeof what === 'string' ? `'${what}' is not one` : 'that is not a helper'}`);
}

/** What table(rows) returns: prints as a table, holds the rows. */
export function tableView(rows: unknown, color: boolean): { rows: unknown } {
  let text: () => string;
  if (rows !== null && typeof rows === 'object' && typeof (rows as Selection).toTable === 'function') {
    text = () => (rows as Selection).toTable(Infinity);
  } else if (Array.isArray(rows)) {
    const plain = rows.every((r) => r !== null && typeof r === 'object' && !Array.isArray(r));
    if (plain) text = () => tableOf(rows as Record<string, unknown>[], { color });
    else if (rows.every(Array.isArray)) text = () => table(rows as unknown[][], { color });
    else text = () => table(rows.map((v) => [v]), { head: ['value'], color });
  } else if (rows !== null && typeof rows === 'object') {
    text = () => table(Object.entries(rows), { head: ['key', 'value'], color });
  } else {
    throw new UsageError('table() takes an array of objects or arrays, an object, or a Selection');
  }
  return printable({ rows }, text);
}
