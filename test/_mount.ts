// Tests that need `mount --bind` (bind-mount loops) run as root. As any other
// user they run again in a child process that is root of its own user and
// mount namespace (`unshare --user --map-root-user --mount`), and the parent
// asserts that the child passed: such a test never quietly skips.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestContext } from 'node:test';

/**
 * As root: false, and the test goes on here. Otherwise: runs this one test of
 * `file` in a new user and mount namespace, asserts it passed there, and
 * returns true (the caller returns at once).
 */
export function ranInMountNamespace(t: TestContext, file: string): boolean {
  if (process.getuid?.() === 0) return false;
  const pattern = `^${t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  // Without NODE_TEST_CONTEXT, which makes a child of the test runner refuse to run tests itself.
  const { NODE_TEST_CONTEXT: _, ...env } = process.env;
  const r = spawnSync('unshare', ['--user', '--map-root-user', '--mount', process.execPath, '--import', 'tsx', '--test', `--test-name-pattern=${pattern}`, file], { encoding: 'utf8', env });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error?.message ?? ''}`;
  assert.equal(r.status, 0, `this test needs mount --bind: run as root, or where unshare can make a user namespace; in one it gave:\n${out}`);
  assert.match(r.stdout, /^# pass 1$/m, `the test did not run in the namespace:\n${out}`);
  return true;
}

/** Bind-mounts `from` on `to` (recursively with `recursive`); a failure fails the test. */
export function bindMount(from: string, to: string, recursive = false): void {
  const r = spawnSync('mount', [recursive ? '--rbind' : '--bind', from, to], { encoding: 'utf8' });
  assert.equal(r.status, 0, `mount --bind ${from} ${to}: ${r.stderr?.trim()}`);
}

/** Unmounts `to` if it is still mounted: registered for the test's end, and returned for a `finally`. */
export function unmounter(t: TestContext, to: string): () => void {
  const unmount = (): void => {
    if (fs.readFileSync('/proc/self/mounts', 'utf8').includes(` ${to} `)) spawnSync('umount', ['-R', to]);
  };
  t.after(unmount);
  return unmount;
}
