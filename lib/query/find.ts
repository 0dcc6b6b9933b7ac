// Patterns and predicates over the catalog, into Selections.
import picomatch from 'picomatch';
import type { Catalog } from '../catalog/index.ts';
import { UsageError, checkCancel } from '../errors.ts';
import { checkOptions, opt, type Given } from '../shared/index.ts';
import { relativePattern, resolveFolder } from './resolve.ts';
import { Selection } from './selection.ts';
import { DIR, FILE, type Entry } from '../types.ts';

/** find()'s options: what FIND_OPTIONS declares. */
export type FindOptions = Given<typeof FIND_OPTIONS>;

export type Query = string | FindOptions | ((e: Entry) => boolean);

/** find()'s options, declared once: the check below, help(find) and the snippet flags read them. */
export const FIND_OPTIONS = {
  // The first argument as an option: find({pattern}) is find(pattern). Shown once in help, as the argument.
  pattern: { ...opt.string("a glob relative to the root: 'old_photos/**/*.jpg'", { flag: false }), hidden: true },
  dirs: opt.boolean('only directories'),
  files: opt.boolean('only regular files'),
  ext: opt.strings("extensions, case-insensitive: ['.jpg', '.mp4']"),
  name: opt.string("a base-name glob at any depth: '*venv*'"),
  under: opt.path("only below this folder: 'old_photos'"),
  exclude: opt.strings("globs left out with everything below them: ['.git', 'node_modules']"),
  minSize: opt.size("at least this big: 1e6 or '10MB' (a folder by its whole subtree)"),
  olderThan: opt.time("modified before: '2015-01-01' or an age: '2y', '6mo', '30d'"),
  newerThan: opt.time('modified after: same forms as olderThan'),
  where: opt.fn<(e: Entry) => boolean>('a function (entry) => boolean for anything else'),
  signal: opt.value<AbortSignal>('cancels a long query (the REPL sets it)', (v): v is AbortSignal => v instanceof AbortSignal, 'an AbortSignal'),
};

const GLOB = { dot: true, strictBrackets: true } as const;

/**
 * picomatch's matcher, with `.` in its regex matching any character: names
 * may hold a newline, and `weird/**` must match what `weird/*` does.
 */
function glob(pattern: string): (s: string) => boolean {
  const re = picomatch.makeRe(pattern, GLOB);
  const all = new RegExp(re.source, re.flags.includes('s') ? re.flags : `${re.flags}s`);
  return (s) => all.test(s);
}

/** Checks a glob and compiles it, or says what is wrong with it. */
export function compileGlob(pattern: unknown, what = 'pattern'): (s: string) => boolean {
  if (typeof pattern !== 'string' || pattern.trim() === '') {
    throw new UsageError(`${what} must be a non-empty glob such as '**/*.jpg', not ${JSON.stringify(pattern)}`);
  }
  if (pattern.startsWith('/')) {
    throw new UsageError(`${what} '${pattern}' is absolute; globs are relative to the archive root, e.g. '${pattern.replace(/^\/+/, '')}'`);
  }
  if (pattern.split('/').includes('..')) {
    throw new UsageError(`${what} '${pattern}' climbs out with '..'; globs stay inside the archive root`);
  }
  try {
    return glob(pattern);
  } catch (e) {
    throw new UsageError(`${what} '${pattern}' is not a valid glob: ${(e as Error).message}`);
  }
}

/** `.JPG` for `IMG_0001.JPG`, '' for `.bashrc` or `README`, as Python's Path.suffix. */
export function suffix(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot);
}

function normaliseQuery(helper: string, query: Query | undefined, extra: FindOptions): FindOptions {
  if (query === undefined) return extra;
  if (typeof query === 'string') return { ...extra, pattern: query };
  if (typeof query === 'function') return { ...extra, where: query };
  if (typeof query === 'object' && query !== null) return { ...query, ...extra };
  throw new UsageError(`${helper}() takes a glob, an options object or a function, not ${typeof query}`);
}

/** Checks a query and its options as `helper`'s (count, find, rglob, media, …): one message names the helper called. */
export function checkQuery(helper: string, query: Query | undefined, options: FindOptions | undefined) {
  return checkOptions(helper, FIND_OPTIONS, normaliseQuery(helper, query, options ?? {}));
}

/** Finds entries by glob, options or predicate (see the registry entry in helpers.ts for examples). */
export function find(cat: Catalog, archiveName: string, query?: Query, options: FindOptions = {}): Selection {
  const o = checkQuery('find', query, options);
  const c = cat;
  const { kind, nameId, gone } = c;

  // Per-name tests are memoised by name id: a million entries share far fewer names.
  const nameTests: ((name: string) => boolean)[] = [];
  const ctx = { root: c.root, name: archiveName, catalog: c };
  let pattern = typeof o.pattern === 'string' ? relativePattern(ctx, o.pattern) : o.pattern;
  const start = resolveFolder(ctx, o.under);
  if (pattern !== undefined) {
    compileGlob(pattern);
    // Perf: '**/NAME' (no other slash) is a base-name test, memoised per name.
    const m = /^(?:\*\*\/)+([^/]+)$/.exec(pattern);
    if (m) {
      nameTests.push(compileGlob(m[1]!));
      pattern = undefined;
    }
  }
  if (o.name !== undefined) {
    if (o.name.includes('/')) throw new UsageError(`name '${o.name}' must be a base name pattern without '/'; use pattern for paths`);
    nameTests.push(compileGlob(o.name, 'name'));
  }
  if (o.ext !== undefined) {
    const exts = new Set(o.ext.map((e) => (e === '' || e.startsWith('.') ? e : `.${e}`).toLowerCase()));
    nameTests.push((n) => exts.has(suffix(n).toLowerCase()));
  }
  const pathTest = pattern === undefined ? undefined : compileGlob(pattern);
  const prune = pattern === undefined ? [] : prefixTests(pattern);
  const excludes = (o.exclude ?? []).map((x) => {
    const base = !x.includes('/');
    const m = compileGlob(x, 'exclude');
    return { base, m };
  });
  const minSize = o.minSize ?? -1;
  const older = o.olderThan ?? Infinity;
  const newer = o.newerThan ?? -Infinity;
  if (o.dirs === true && o.files === true) throw new UsageError('dirs and files cannot both be set; leave both out for every kind');
  const wantKind = o.dirs === true ? DIR : o.files === true ? FILE : -1;

  const memo = new Int8Array(c.names.length);
  const nameOk = nameTests.length === 0 ? undefined : (i: number): boolean => {
    const id = nameId[i]!;
    let v = memo[id]!;
    if (v === 0) {
      const n = c.names[id]!;
      v = nameTests.every((t) => t(n)) ? 1 : 2;
      memo[id] = v;
    }
    return v === 1;
  };
  const needPaths = pathTest !== undefined || excludes.some((x) => !x.base);
  const out: number[] = [];

  // Depth-first from `start`, building relative paths only when a pattern needs them.
  const stack: number[] = [start];
  const paths: string[] = [start === 0 ? '' : c.path(start)];
  const depths: number[] = [start === 0 ? 0 : c.depth(start)];
  let steps = 0;
  while (stack.length > 0) {
    const at = stack.pop()!;
    const atPath = paths.pop()!;
    const atDepth = depths.pop()!;
    const first = c.firstChild[at]!;
    const end = first + c.childCount[at]!;
    if ((++steps & 1023) === 0) checkCancel(o.signal);
    for (let i = first; i < end; i++) {
      if (gone[i] === 1) continue;
      const p = needPaths ? (atPath === '' ? c.name(i) : `${atPath}/${c.name(i)}`) : '';
      let excluded = false;
      for (const x of excludes) {
        if (x.m(x.base ? c.name(i) : p)) {
          excluded = true;
          break;
        }
      }
      if (excluded) continue;
      // Perf: a folder whose name fails the pattern's leading segments holds no match.
      if (kind[i] === DIR && c.childCount[i]! > 0 && (atDepth >= prune.length || prune[atDepth]!(c.name(i)))) {
        stack.push(i);
        paths.push(p);
        depths.push(atDepth + 1);
      }
      if (wantKind >= 0 && kind[i] !== wantKind) continue;
      if (nameOk !== undefined && !nameOk(i)) continue;
      if (pathTest !== undefined && !pathTest(p)) continue;
      if (minSize >= 0 && c.subBytes[i]! < minSize) continue;
      const t = c.mtime[i]!;
      if (t >= older || t <= newer) continue;
      out.push(i);
    }
  }
  let sel = new Selection(c, c.inPathOrder(out), archiveName);
  if (o.where !== undefined) sel = sel.filter(o.where);
  return sel;
}

/**
 * One test per leading segment of a pattern, up to the first `**`: a folder
 * at depth d can hold a match only if its name passes test d. Patterns whose
 * leading segments hold braces or extglobs (which may span a `/`) get none.
 */
function prefixTests(pattern: string): ((name: string) => boolean)[] {
  const segs = pattern.split('/');
  const out: ((name: string) => boolean)[] = [];
  for (const seg of segs.slice(0, -1)) {
    if (seg.includes('**')) break;
    if (/[{}()]/.test(seg)) return [];
    out.push(glob(seg));
  }
  return out;
}

/** Like Python's Path.rglob(pattern): the pattern matches base names at any depth. */
export function rglob(cat: Catalog, archiveName: string, pattern: string, options: FindOptions = {}): Selection {
  checkOptions('rglob', FIND_OPTIONS, options);
  if (typeof pattern === 'string' && pattern.includes('/')) {
    return find(cat, archiveName, { ...options, pattern: `**/${pattern}` });
  }
  compileGlob(pattern);
  return find(cat, archiveName, { ...options, name: pattern });
}
