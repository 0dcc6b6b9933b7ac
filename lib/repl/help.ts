// What the REPL says about itself: the banner, help(), help(helper), and
// table(rows). All of it is read from the helper registry.
import type { Selection } from '../query/index.ts';
import { plural, seconds, size, table, tableOf, wrap } from '../format.ts';
import { UsageError } from '../errors.ts';
import { HELPER_GROUPS, type Helper } from '../registry.ts';
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
  run: "run('count', '--dirs'): a snippet, against this archive (also .run count --dirs)",
  reload: 'reload(): runs the last snippet or scratch file again, after you edit it',
  watch: "watch('scratch/mine.ts'): runs it again each time you save it (also .watch); Ctrl-C stops",
};

/** The REPL's dot commands, for help(). */
export const COMMANDS: Readonly<Record<string, string>> = {
  '.run': '.run <snippet> [flags]: a snippet or scratch file, on the index in memory',
  '.save': '.save <name> [--scratch]: the lines that worked, as snippets/<name>.ts (or scratch/)',
  '.watch': '.watch <file>: run it again on every save, under a separator; Ctrl-C stops',
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

/** The banner shown on a terminal before the first prompt, fitted to `columns`. */
export function banner(helpers: readonly Helper[], facts: ArchiveFacts, archivesFile: string, columns = 80): string {
  const lines = [
    ...wrap(`rummage: ${facts.name} (${facts.root})`, columns, '  '),
    `${plural(facts.entries, 'entry', 'entries')}, ${size(facts.bytes)}, scanned in ${seconds(facts.scanMs)}`,
  ];
  if (facts.demo) {
    lines.push(
      ...wrap('This is the DEMO archive, built in the temp dir. Open yours with', columns),
      ...wrap(`  npm start -- /path/to/archive   or a name defined in ${archivesFile}`, columns, '    '),
    );
  }
  const w = Math.max(...Object.values(HELPER_GROUPS).map((g) => g.length)) + 2;
  for (const [key, label] of Object.entries(HELPER_GROUPS)) {
    const names = helpers.filter((h) => h.group === key).map((h) => h.name);
    if (names.length > 0) lines.push(...wrap(`${`${label}:`.padEnd(w)}${names.join(' ')}`, columns, ' '.repeat(w)));
  }
  lines.push(...wrap(`${'the REPL:'.padEnd(w)}${Object.keys(BUILTINS).join(' ')} _ .run .save .watch   help() for examples, name? for one`, columns, ' '.repeat(w)));
  return lines.join('\n');
}

/** help(): the helpers grouped by task, each with its one-line example, then the REPL's own. */
export function helpText(helpers: readonly Helper[], columns = 80): string {
  const w = Math.max(...helpers.map((h) => h.name.length), ...Object.keys(BUILTINS).map((k) => k.length), ...Object.keys(COMMANDS).map((k) => k.length));
  const hang = ' '.repeat(w + 4);
  const out = ['Helpers by task; help(name), name? or ?name shows one with its options.'];
  for (const [key, label] of Object.entries(HELPER_GROUPS)) {
    const group = helpers.filter((h) => h.group === key);
    if (group.length === 0) continue;
    out.push('', `${label}:`);
    for (const h of group) out.push(...wrap(`  ${pad(h.name, w)}  ${h.summary}`, columns, hang), ...wrap(`${hang}${h.example}`, columns, hang, 'phrase'));
  }
  out.push('', 'the REPL:');
  for (const [k, v] of Object.entries(BUILTINS)) out.push(...wrap(`  ${pad(k, w)}  ${v}`, columns, hang));
  for (const [k, v] of Object.entries(COMMANDS)) out.push(...wrap(`  ${pad(k, w)}  ${v}`, columns, hang));
  out.push('', ...wrap('_ is the last result. TypeScript works, and a Promise is awaited before it prints (await is optional). Ctrl-C cancels a running helper.', columns));
  return out.join('\n');
}

/** help(count): one helper, its example and options. */
export function helperText(h: Helper, columns = 80): string {
  const out = [...wrap(`${h.name}: ${h.summary}`, columns, '  '), ...wrap(`  e.g. ${h.example}`, columns, '       ', 'phrase')];
  // Options the user cannot type (a cancel signal, a test hook) stay out of help.
  const options: [string, string][] = [
    ...Object.entries(h.args ?? {}),
    ...Object.entries(h.options ?? {}).flatMap(([k, s]): [string, string][] => (typeof s === 'string' ? [[k, s]] : s.hidden === true ? [] : [[k, describeOption(s)]])),
  ];
  if (options.length > 0) {
    const w = Math.max(...options.map(([k]) => k.length));
    out.push('options:');
    for (const [k, v] of options) out.push(...wrap(`  ${pad(k, w)}  ${v}`, columns, ' '.repeat(w + 4)));
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

/** `count?`, `?count` and `count??`: IPython's way to ask about a name; the help() call it means, or undefined. */
export function helpQuery(line: string): string | undefined {
  const m = /^\s*\?{1,2}\s*([A-Za-z_$][\w$]*)\s*$|^\s*([A-Za-z_$][\w$]*)\s*\?{1,2}\s*$/.exec(line);
  const name = m?.[1] ?? m?.[2];
  return name === undefined ? undefined : `help(${JSON.stringify(name)})\n`;
}
