// The one path resolver: every helper that takes a path or a folder reads it here,
// so every path rummage prints can be given back to every helper.
import path from 'node:path';
import type { Catalog } from '../catalog/index.ts';
import { UsageError } from '../errors.ts';
import { DIR, KINDS, type Kind } from '../types.ts';

/** What a path is resolved against: the archive's root, display name and index. */
export interface PathContext {
  readonly root: string;
  readonly name: string;
  readonly catalog: Catalog;
}

const tidy = (p: string): string => p.replace(/\/+/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');

/**
 * The root-relative form of `p`, without checking that it exists:
 * - an absolute path inside the root (`/Volumes/x/old_hdd_backups/photos`);
 * - the printed form (`old_hdd_backups/photos`), unless a top-level entry of that name exists;
 * - a root-relative path (`photos`, `./photos`).
 * `''` is the root itself. Anything that climbs out with `..` or is absolute
 * outside the root is a UsageError naming the root.
 */
export function relativePath(ctx: PathContext, p: unknown, what = 'path'): string {
  if (typeof p !== 'string' || p === '') throw new UsageError(`${what} must be a path inside ${ctx.name} (${ctx.root}), such as '${example(ctx)}', not ${p === '' ? "''" : typeof p === 'string' ? p : JSON.stringify(p) ?? String(p)}`);
  let rel: string;
  if (path.isAbsolute(p)) {
    const r = path.relative(ctx.root, path.resolve(p));
    if (r === '..' || r.startsWith(`..${path.sep}`) || path.isAbsolute(r)) throw outside(ctx, p, what);
    rel = r.split(path.sep).join('/');
  } else {
    rel = tidy(p);
    if (rel === '.') rel = '';
    if (rel === ctx.name) rel = ctx.catalog.lookup(rel) >= 0 ? rel : '';
    else if (rel.startsWith(`${ctx.name}/`) && ctx.catalog.lookup(rel) < 0) rel = rel.slice(ctx.name.length + 1);
  }
  if (rel.split('/').includes('..')) throw new UsageError(`${what} '${p}' climbs out with '..'; give a path inside ${ctx.name} (${ctx.root}) without '..'`);
  return rel;
}

export interface ResolveOptions {
  /** What the argument is called in the error, e.g. `du()` or `under`. */
  readonly what?: string;
  /** Only this kind will do (a folder for `under`). */
  readonly kind?: Kind;
}

/** The catalog row of `p` (any of the forms relativePath() takes), or a one-line UsageError. */
export function resolveRow(ctx: PathContext, p: unknown, options: ResolveOptions = {}): number {
  const what = options.what ?? 'path';
  const rel = relativePath(ctx, p, what);
  const i = ctx.catalog.lookup(rel);
  if (i < 0) throw new UsageError(`${what} '${String(p)}' is not in ${ctx.name} (${ctx.root}); give a path as rummage prints it, such as '${ctx.name}/${example(ctx)}', relative to the root, or absolute inside it`);
  const kind = KINDS[ctx.catalog.kind[i]!]!;
  if (options.kind !== undefined && kind !== options.kind) {
    throw new UsageError(`${what} '${String(p)}' is a ${kind}, not a ${options.kind === 'dir' ? 'folder' : options.kind}${options.kind === 'dir' ? '; give the folder that holds it' : ''}`);
  }
  return i;
}

/** The row of a folder argument such as `under` (0, the root, when it is left out). */
export function resolveFolder(ctx: PathContext, p: unknown, what = 'under'): number {
  if (p === undefined) return 0;
  return resolveRow(ctx, p, { what, kind: KINDS[DIR] });
}

/**
 * A glob relative to the root, from a pattern that may start with the
 * printed `<name>/` prefix or the absolute root: `old_hdd_backups/projects/**`
 * matches what `projects/**` matches.
 */
export function relativePattern(ctx: PathContext, pattern: string): string {
  if (path.isAbsolute(pattern)) {
    const root = ctx.root.endsWith('/') ? ctx.root : `${ctx.root}/`;
    if (pattern === ctx.root) return '';
    if (pattern.startsWith(root)) return pattern.slice(root.length);
    return pattern;
  }
  const clean = pattern.replace(/^(\.\/)+/, '');
  if (clean.startsWith(`${ctx.name}/`) && ctx.catalog.lookup(ctx.name) < 0) return clean.slice(ctx.name.length + 1);
  return clean;
}

function outside(ctx: PathContext, p: string, what: string): UsageError {
  return new UsageError(`${what} '${p}' is outside the archive ${ctx.root}; give a path inside it, such as '${ctx.name}/${example(ctx)}'`);
}

/** A real top-level name to show in messages. */
function example(ctx: PathContext): string {
  const c = ctx.catalog;
  for (const i of c.children(0)) if (c.kind[i] === DIR && !c.name(i).startsWith('.')) return c.name(i);
  return 'photos';
}
