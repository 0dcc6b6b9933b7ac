// Shared record types. Data is plain readonly records; behaviour lives in functions.

/** The kind of an entry, as lstat sees it. `other` is a FIFO, socket or device. */
export type Kind = 'file' | 'dir' | 'symlink' | 'other';

/** Kind codes as stored in the catalog's `kind` column. */
export const FILE = 0;
export const DIR = 1;
export const SYMLINK = 2;
export const OTHER = 3;
export const KINDS: readonly Kind[] = ['file', 'dir', 'symlink', 'other'];

/** A path that failed during a scan, with the error code (EACCES, EIO, ENOENT, …). */
export interface ScanError {
  readonly path: string;
  readonly code: string;
  readonly message: string;
}

/** What `count()` returns. `bytes` is the sum of regular files' apparent sizes. */
export interface Counts {
  readonly entries: number;
  readonly files: number;
  readonly dirs: number;
  readonly symlinks: number;
  readonly other: number;
  readonly bytes: number;
}

/** One entry of the index, materialised on demand (the index itself holds columns). */
export interface Entry {
  /** Position in the catalog. */
  readonly index: number;
  /** Relative to the root, `/` separated; non-UTF-8 bytes shown as `\xNN`. */
  readonly path: string;
  readonly name: string;
  readonly kind: Kind;
  /** Apparent size of this entry itself (lstat size). */
  readonly size: number;
  /** For a directory, the bytes of its whole subtree; otherwise `size` for files, 0 else. */
  readonly bytes: number;
  /** Entries below a directory (0 for anything else). */
  readonly entries: number;
  readonly mtime: Date;
  readonly dev: number;
  readonly ino: number;
  readonly nlink: number;
}

export interface ScanOptions {
  /** Descend into other filesystems mounted below the root (find's -xdev is the default). */
  readonly crossDevices?: boolean;
  /** Worker threads for the walk; 0 walks on the calling thread. Default: 2 on multi-core. */
  readonly workers?: number;
  /** Entries the calling thread reads alone before workers join the walk (default 4,000): small trees start none. */
  readonly workersAfter?: number;
  /** Show a live progress line on stderr (default: when stderr is a TTY). */
  readonly progress?: boolean;
  /** Relative directory names to leave out entirely (the quarantine is always left out). */
  readonly skip?: readonly string[];
}

export interface OpenOptions extends ScanOptions {
  /** Display name, shown as `<name>/relative/path`. Defaults to the root's basename. */
  readonly name?: string;
  /** Scan in full, ignoring the saved index (`--rescan`). */
  readonly rescan?: boolean;
  /** Check the saved index's folders against the disk (default true; `--no-check` is false). */
  readonly check?: boolean;
  /** Save the index in the user's cache folder after a scan (default true). */
  readonly save?: boolean;
}

/** The folder at the root that holds removed items until they are purged. */
export const QUARANTINE = '.rummage-trash';
