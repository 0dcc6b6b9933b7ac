// Every flag set the snippets share, and its conversion to helper options.
// Domain modules never import this file: the glue lives here, on the snippet side.
import type { ParseArgsConfig } from 'node:util';
import type { HashingOptions, ScopeOptions } from '../dupes/index.ts';
import type { RemoveOptions } from '../remove/index.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The flags every snippet understands: the seed's own, plus removal's. */
export const COMMON_FLAGS = {
  json: { type: 'boolean', default: false },
  v: { type: 'boolean', short: 'v', default: false },
  dirs: { type: 'boolean', default: false },
  files: { type: 'boolean', default: false },
  delete: { type: 'boolean', default: false },
  countdown: { type: 'string' },
  print0: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies OptionSpec;

export interface Flags {
  readonly json: boolean;
  readonly verbose: boolean;
  readonly dirs: boolean;
  readonly files: boolean;
  readonly delete: boolean;
  /** Seconds before a removal starts; undefined leaves the helper's default (3). */
  readonly countdown: number | undefined;
  /** Paths NUL-separated (absolute, for xargs -0), in place of the human output. */
  readonly print0: boolean;
  /** Any extra flags the snippet declared, by name. */
  readonly extra: Readonly<Record<string, string | boolean | string[] | boolean[] | undefined>>;
}

/** The flags removal snippets take beyond the common ones (--delete, --countdown, -v). */
export const REMOVE_FLAGS = {
  permanent: { type: 'boolean', default: false },
  'include-unverified': { type: 'boolean', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** A snippet's flags as remove() options. */
export function removeOptions(flags: Flags): RemoveOptions {
  return {
    delete: flags.delete,
    verbose: flags.verbose,
    permanent: flags.extra.permanent === true,
    includeUnverified: flags.extra['include-unverified'] === true,
    ...(flags.countdown === undefined ? {} : { countdown: flags.countdown }),
  };
}

/** The flags the duplicate snippets share. */
export const DUPE_FLAGS = {
  under: { type: 'string' },
  junk: { type: 'boolean', default: false },
  git: { type: 'boolean', default: false },
  'no-cache': { type: 'boolean', default: false },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/** A snippet's DUPE_FLAGS as the helpers' options. */
export function dupeOptions(flags: Flags): ScopeOptions & HashingOptions {
  const x = flags.extra;
  return { junk: x.junk === true, git: x.git === true, cache: x['no-cache'] !== true, ...(typeof x.under === 'string' ? { under: x.under } : {}) };
}
