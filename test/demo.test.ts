// The demo archive: real-looking content, every trap in place, built once and reused.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openArchive } from '../lib/archive.ts';
import { DEMO_NAME, DEMO_PLACES, demoArchive } from '../lib/demo/demo.ts';
import { snapshot, tree } from './_tree.ts';

const root = demoArchive({ dir: tree() });
const at = (rel: string): string => path.join(root, rel);
const read = (rel: string): Buffer => fs.readFileSync(at(rel));
const names = (rel: string): string[] => fs.readdirSync(at(rel)).sort();
const hasGit = spawnSync('git', ['--version']).status === 0;

/** Runs git without letting `status` rewrite the index (the demo's dates stay as built). */
function git(dir: string, ...args: string[]): string {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_OPTIONAL_LOCKS: '0' } });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('demoArchive(): built once in the temp dir and reused', () => {
  const shared = demoArchive();
  assert.equal(path.basename(shared), DEMO_NAME);
  assert.ok(fs.statSync(shared).isDirectory());
  const marker = fs.statSync(path.join(shared, DEMO_PLACES.summer)).ino;
  assert.equal(demoArchive(), shared);
  assert.equal(fs.statSync(path.join(shared, DEMO_PLACES.summer)).ino, marker, 'the second call rebuilt the demo');
});

test('demoArchive(): a private copy refuses a folder that already holds one', () => {
  assert.throws(() => demoArchive({ dir: path.dirname(root) }), /already exists/);
});

test('demoArchive(): Python projects with real-looking venvs, __pycache__ and stray .pyc', () => {
  const modern = DEMO_PLACES.modernVenv;
  assert.match(read(`${modern}/pyvenv.cfg`).toString(), /^home = .*\ninclude-system-site-packages = false\nversion = 3\.11/);
  assert.match(read(`${modern}/bin/activate`).toString(), /deactivate \(\) \{[\s\S]*VIRTUAL_ENV="\/Users\/sam\/projects\/tutorial_host\/tutorial_host_env"/);
  assert.ok(fs.lstatSync(at(`${modern}/bin/python`)).isSymbolicLink());
  const site = `${modern}/lib/python3.11/site-packages`;
  assert.ok(names(site).includes('flask') && names(site).includes('pip-23.2.1.dist-info'));
  const record = read(`${site}/flask-2.3.2.dist-info/RECORD`).toString();
  assert.match(record, /^flask\/app\.py,sha256=[\w-]{43},\d+$/m);
  // CPython 3.11's magic number opens every .pyc in __pycache__.
  const pyc = read(`${site}/flask/__pycache__/app.cpython-311.pyc`);
  assert.deepEqual([...pyc.subarray(0, 4)], [0xa7, 0x0d, 0x0d, 0x0a]);
  assert.ok(names(`${DEMO_PLACES.tutorialHost}/__pycache__`).every((n) => n.endsWith('.pyc')));

  const legacy = DEMO_PLACES.legacyVenv;
  assert.ok(!fs.existsSync(at(`${legacy}/pyvenv.cfg`)), 'a pre-2020 virtualenv has no pyvenv.cfg');
  assert.ok(fs.existsSync(at(`${legacy}/bin/activate`)));
  assert.ok(fs.existsSync(at(`${legacy}/lib/python2.7/orig-prefix.txt`)));
  assert.ok(fs.lstatSync(at(`${legacy}/.Python`)).isSymbolicLink());
  assert.ok(fs.existsSync(at(`${DEMO_PLACES.standardsProject}/standards/core.pyc`)), 'a stray .pyc beside its source');
  for (const decoy of [DEMO_PLACES.venvNotes, DEMO_PLACES.workEnv]) {
    assert.ok(!names(decoy).some((n) => n === 'pyvenv.cfg' || n === 'bin'), `${decoy} is a decoy, not a venv`);
  }
});

test('demoArchive(): git repositories that git reads, sharing objects', () => {
  assert.ok(hasGit, 'git is needed for this test (apt-get install git)');
  for (const repo of [DEMO_PLACES.tutorialHost, DEMO_PLACES.standardsProject]) {
    assert.match(git(at(repo), 'log', '--format=%an %s'), /^Sam Archivist /);
    assert.equal(git(at(repo), 'status', '--porcelain'), '', `${repo} has a clean work tree`);
  }
  // The same Bootstrap file in both: the same object folder in both .git (the seed's false duplicates).
  const blob = git(at(DEMO_PLACES.tutorialHost), 'rev-parse', 'HEAD:static/bootstrap.min.css').trim();
  for (const repo of [DEMO_PLACES.tutorialHost, DEMO_PLACES.standardsProject]) {
    assert.ok(fs.existsSync(at(`${repo}/.git/objects/${blob.slice(0, 2)}/${blob.slice(2)}`)));
  }
});

test('demoArchive({git: false}): the hand-written .git is the same history git writes, and git accepts it', () => {
  assert.ok(hasGit, 'git is needed to check the hand-written store');
  const plain = demoArchive({ dir: tree(), git: false });
  for (const repo of [DEMO_PLACES.tutorialHost, DEMO_PLACES.standardsProject]) {
    git(path.join(plain, repo), 'fsck', '--strict');
    assert.equal(git(path.join(plain, repo), 'rev-parse', 'HEAD'), git(at(repo), 'rev-parse', 'HEAD'));
  }
});

test('demoArchive({git: false}): the same tree, bytes and dates every time', () => {
  const a = snapshot(demoArchive({ dir: tree(), git: false }));
  const b = snapshot(demoArchive({ dir: tree(), git: false }));
  assert.deepEqual([...a.keys()], [...b.keys()]);
  // Kind, bytes, mode and date of every entry, the non-UTF-8 name included.
  for (const [k, v] of a) assert.equal(b.get(k), v, k);
});

test('demoArchive(): build outputs beside their markers, and a target/ that is not one', () => {
  assert.ok(names(DEMO_PLACES.webapp).includes('package.json') && names(DEMO_PLACES.webapp).includes('node_modules'));
  assert.ok(names(`${DEMO_PLACES.nodeModules}/express`).includes('package.json'));
  assert.ok(names(DEMO_PLACES.inventory).includes('pom.xml') && names(DEMO_PLACES.inventory).includes('target'));
  assert.deepEqual([...read(`${DEMO_PLACES.javaTarget}/classes/com/example/inventory/App.class`).subarray(0, 4)], [0xca, 0xfe, 0xba, 0xbe]);
  const archery = path.dirname(DEMO_PLACES.archeryTarget);
  assert.ok(!names(archery).some((n) => /pom\.xml|build\.gradle|package\.json|Cargo\.toml/.test(n)));
  assert.ok(names(DEMO_PLACES.archeryTarget).every((n) => n.endsWith('.jpg')));
  assert.ok(!names(path.dirname(DEMO_PLACES.unmarkedBuild)).some((n) => /setup\.py|package\.json|pom\.xml/.test(n)));
});

test('demoArchive(): the photo traps', () => {
  // Two camera dumps: the same names and sizes, different pictures (same header, different middle).
  const [a, b] = DEMO_PLACES.cameraDumps;
  const pics = (d: string): string[] => names(d).filter((n) => n.endsWith('.JPG') && !n.startsWith('._'));
  assert.deepEqual(pics(a), pics(b));
  for (const n of pics(a)) {
    const x = read(`${a}/${n}`);
    const y = read(`${b}/${n}`);
    assert.equal(x.length, y.length, n);
    assert.ok(!x.equals(y), `${n} differs`);
    assert.deepEqual(x.subarray(0, 2), Buffer.from([0xff, 0xd8]));
    assert.ok(x.subarray(0, 64).equals(y.subarray(0, 64)), 'same camera header');
  }
  // One folder in three places under different parents: byte-identical pictures, a .DS_Store in one only.
  const [first, ...copies] = DEMO_PLACES.christmasCopies;
  const jpgs = names(first).filter((n) => n.endsWith('.JPG'));
  assert.equal(new Set(DEMO_PLACES.christmasCopies.map((d) => path.dirname(d))).size, 3);
  for (const copy of copies) {
    assert.deepEqual(names(copy), jpgs);
    for (const n of jpgs) assert.ok(read(`${first}/${n}`).equals(read(`${copy}/${n}`)), `${copy}/${n}`);
  }
  assert.ok(names(first).includes('.DS_Store'));
  // The near-copy: two pictures missing, one changed, the rest identical.
  const orig = names(DEMO_PLACES.summer).filter((n) => n.endsWith('.JPG'));
  const near = names(DEMO_PLACES.summerNearCopy);
  assert.equal(orig.filter((n) => !near.includes(n)).length, 2);
  const changed = near.filter((n) => !read(`${DEMO_PLACES.summer}/${n}`).equals(read(`${DEMO_PLACES.summerNearCopy}/${n}`)));
  assert.equal(changed.length, 1);
  // Video twins: the same size and first 64 KiB, a different tail.
  const [v1, v2] = DEMO_PLACES.videoTwins.map(read) as [Buffer, Buffer];
  assert.equal(v1.length, v2.length);
  assert.ok(v1.subarray(0, 65536).equals(v2.subarray(0, 65536)) && !v1.equals(v2));
  // A hardlink to a camera-dump picture.
  assert.equal(fs.statSync(at(DEMO_PLACES.hardlink)).ino, fs.statSync(at(`${a}/IMG_0005.JPG`)).ino);
});

test('demoArchive(): junk, logs, empties, a Linux backup and dates from the past', async () => {
  assert.ok(fs.existsSync(at('.DS_Store')));
  assert.ok(fs.existsSync(at(`${DEMO_PLACES.summer}/Thumbs.db`)));
  assert.ok(fs.existsSync(at('archive/other/projects_archive_from_12.04/notes.txt~')));
  assert.ok(fs.existsSync(at(`${DEMO_PLACES.webapp}/npm-debug.log`)) && fs.existsSync(at(`${DEMO_PLACES.standardsProject}/install.log`)));
  assert.equal(fs.statSync(at(DEMO_PLACES.emptyFile)).size, 0);
  assert.deepEqual(names(DEMO_PLACES.emptyDir), []);
  assert.ok(['etc/passwd', 'etc/fstab', 'var/log/syslog'].every((p) => fs.existsSync(at(`${DEMO_PLACES.linuxBackup}/${p}`))));
  assert.equal(fs.statSync(at(`${DEMO_PLACES.christmasCopies[0]}/DSC01201.JPG`)).mtime.getUTCFullYear(), 2008);
  // The index sees every entry, the link to an interpreter outside the archive as a link.
  const archive = await openArchive(root, { progress: false });
  assert.equal(archive.errors.length, 0);
  assert.ok(archive.count().entries > 500);
  assert.ok(archive.find({ dirs: true, name: '__pycache__' }).length >= 3);
  assert.equal(archive.find(`${DEMO_PLACES.modernVenv}/bin/python3`)[0]?.kind, 'symlink');
  assert.ok(archive.find({ files: true, newerThan: '2017-01-01' }).length === 0, 'nothing newer than the old drives');
});
