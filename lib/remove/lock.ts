// One writer per archive: remove, undo, purge and keep hold an exclusive lock,
// a file created with O_EXCL in the quarantine that names its holder (pid,
// host, what it is doing, since when). A second writer waits a short while,
// then refuses in one line. A lock whose holder is dead is taken over, with a
// note. Readers (trash(), plans, queries) never need it.
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.ts';
import { shown } from '../format.ts';
import { openTrash, trashPath } from './quarantine.ts';
import { QUARANTINE } from '../types.ts';

export const LOCK = '.rummage-lock';

interface Holder {
  readonly pid: number;
  readonly host: string;
  readonly what: string;
  readonly since: string;
}

/** Roots whose lock this async context holds: keep() calling remove() takes it once. */
const held = new AsyncLocalStorage<ReadonlySet<string>>();

/** How long a second writer waits, in ms (tests shorten it with RUMMAGE_LOCK_WAIT_MS). */
const WAIT_MS = Number(process.env.RUMMAGE_LOCK_WAIT_MS ?? 3000);

function readHolder(path: string): { holder: Holder | undefined; mtimeMs: number } | undefined {
  let fd: number;
  try {
    fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const mtimeMs = fs.fstatSync(fd).mtimeMs;
    try {
      const o = JSON.parse(fs.readFileSync(fd, 'utf8')) as Holder;
      return { holder: typeof o.pid === 'number' && typeof o.host === 'string' ? o : undefined, mtimeMs };
    } catch {
      return { holder: undefined, mtimeMs };
    }
  } finally {
    fs.closeSync(fd);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A lock left by a process that is gone (on this host), or a half-written one from long ago. */
function stale(h: { holder: Holder | undefined; mtimeMs: number }): boolean {
  if (h.holder === undefined) return Date.now() - h.mtimeMs > 10_000;
  return h.holder.host === os.hostname() && !alive(h.holder.pid);
}

function describe(h: Holder | undefined): string {
  return h === undefined ? 'a holder that did not say who it is' : `pid ${h.pid} on ${shown(h.host)} (${shown(h.what)}, since ${h.since.slice(0, 19).replace('T', ' ')} UTC)`;
}

/** One line for a file-system error while taking the lock: EROFS, ENOSPC, EACCES say what to do. */
export function fsProblem(e: unknown, doing: string): Error {
  const code = (e as NodeJS.ErrnoException).code;
  const what: Record<string, string> = {
    EROFS: 'the archive is on a read-only file system; mount it read-write to change it',
    ENOSPC: 'the disk is full; free some space (purge() deletes quarantined removals) and try again',
    EACCES: 'permission denied; run as a user who may write to the archive',
    EPERM: 'operation not permitted; run as a user who may write to the archive',
    EDQUOT: 'the disk quota is exceeded; free some space and try again',
  };
  return code !== undefined && what[code] !== undefined ? new UsageError(`${doing}: ${what[code]} (${code})`) : (e as Error);
}

/** Moves a stale lock aside, only if it is still the same stale lock. */
function takeOver(path: string, seen: { holder: Holder | undefined }): boolean {
  const aside = `${path}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(path, aside);
  } catch {
    return false;
  }
  const now = readHolder(aside);
  if (JSON.stringify(now?.holder) !== JSON.stringify(seen.holder)) {
    // Someone took it over first and holds it now: give it back.
    try {
      fs.linkSync(aside, path);
    } catch {
      // It is theirs either way.
    }
    fs.rmSync(aside, { force: true });
    return false;
  }
  fs.rmSync(aside, { force: true });
  return true;
}

async function acquire(root: string, name: string, what: string, say: (m: string) => void): Promise<() => void> {
  const until = Date.now() + WAIT_MS;
  const me: Holder = { pid: process.pid, host: os.hostname(), what, since: new Date().toISOString() };
  for (;;) {
    let path: string;
    try {
      path = `${openTrash(root).path}/${LOCK}`;
    } catch (e) {
      throw fsProblem(e, `cannot lock ${name} for ${what}`);
    }
    try {
      const fd = fs.openSync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW, 0o644);
      try {
        fs.writeSync(fd, JSON.stringify(me));
      } finally {
        fs.closeSync(fd);
      }
      return () => release(root, path, me);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // The quarantine went away between the two steps (another writer tidied it): make it again.
      if (code === 'ENOENT') continue;
      if (code !== 'EEXIST') throw fsProblem(e, `cannot lock ${name} for ${what}`);
    }
    const h = readHolder(path);
    if (h === undefined) continue;
    if (stale(h)) {
      if (takeOver(path, h)) say(`Took over a stale lock on ${shown(name)}: ${describe(h.holder)} is gone.`);
      continue;
    }
    if (Date.now() >= until) {
      throw new UsageError(`${shown(name)} is busy: another rummage is changing it, ${describe(h.holder)}; wait for it to finish (or, if that process is gone, delete ${shown(name)}/${QUARANTINE}/${LOCK})`);
    }
    await sleep(50);
  }
}

function release(root: string, path: string, me: Holder): void {
  const h = readHolder(path);
  if (h?.holder !== undefined && h.holder.pid === me.pid && h.holder.since === me.since) fs.rmSync(path, { force: true });
  // The quarantine goes when nothing is left in it (rmdir never removes anything but an empty folder).
  try {
    fs.rmdirSync(trashPath(root));
  } catch {
    // Not empty, or gone.
  }
}

/** Runs `fn` holding the archive's lock; a nested call in the same async context reuses it. */
export async function withLock<T>(root: string, name: string, what: string, say: (m: string) => void, fn: () => Promise<T>): Promise<T> {
  const mine = held.getStore();
  if (mine?.has(root) === true) return fn();
  const unlock = await acquire(root, name, what, say);
  try {
    return await held.run(new Set([...(mine ?? []), root]), fn);
  } finally {
    unlock();
  }
}
