import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { archivesFile, resolveRoot, userDir } from '../lib/config.ts';
import { UsageError } from '../lib/errors.ts';
import { tree } from './_tree.ts';

test('userDir(): XDG on Linux, ~/Library on macOS, RUMMAGE_HOME above all', () => {
  const home = os.homedir();
  const rows: [Parameters<typeof userDir>[0], NodeJS.ProcessEnv, NodeJS.Platform, string][] = [
    ['config', {}, 'linux', path.join(home, '.config', 'rummage')],
    ['config', { XDG_CONFIG_HOME: '/xdg/conf' }, 'linux', '/xdg/conf/rummage'],
    ['config', { XDG_CONFIG_HOME: 'relative/ignored' }, 'linux', path.join(home, '.config', 'rummage')],
    ['cache', { XDG_CACHE_HOME: '/xdg/cache' }, 'linux', '/xdg/cache/rummage'],
    ['state', {}, 'linux', path.join(home, '.local', 'state', 'rummage')],
    ['config', {}, 'darwin', path.join(home, 'Library', 'Application Support', 'rummage')],
    ['cache', {}, 'darwin', path.join(home, 'Library', 'Caches', 'rummage')],
    ['cache', { RUMMAGE_HOME: '/t' }, 'darwin', '/t/cache'],
  ];
  for (const [purpose, env, platform, want] of rows) assert.equal(userDir(purpose, env, platform), want, `${purpose} ${platform} ${JSON.stringify(env)}`);
});

test('resolveRoot(): a path, a name (string or object form), or a clear error', () => {
  const home = tree({ config: {} });
  const root = tree({});
  const env = { RUMMAGE_HOME: home };
  fs.writeFileSync(archivesFile(env), JSON.stringify({ plain: root, named: { root, name: 'old_hdd_backups' }, unplugged: '/Volumes/not-here' }));
  assert.deepEqual(resolveRoot(root, env), { root });
  assert.deepEqual(resolveRoot('plain', env), { root, name: 'plain' });
  assert.deepEqual(resolveRoot('named', env), { root, name: 'old_hdd_backups' });
  assert.throws(() => resolveRoot('unplugged', env), /points to '\/Volumes\/not-here', which does not exist/);
  assert.throws(() => resolveRoot('nobody', env), (e: unknown) => e instanceof UsageError && e.message.includes(archivesFile(env)));
  fs.writeFileSync(archivesFile(env), '{not json');
  assert.throws(() => resolveRoot('plain', env), /is not valid JSON/);
});
