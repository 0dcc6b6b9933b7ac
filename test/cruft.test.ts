// cruft() and venvs(): every rule row with the marker that proves it, and the
// decoys a name-only rule would have deleted.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { CRUFT_RULES, UsageError, openArchive, type Archive, type CruftItem, type CruftKind } from '../lib/index.ts';
import { tree, type Spec } from './_tree.ts';

const repo = path.join(import.meta.dirname, '..');

const OPEN = { progress: false, workers: 0 } as const;

async function found(spec: Spec, kind?: CruftKind | CruftKind[]): Promise<Map<string, CruftItem>> {
  const a = await openArchive(tree(spec), OPEN);
  return new Map(a.cruft(kind).items.map((it) => [it.path, it]));
}

/** [kind, verified, words the reason must contain] for every path that must be reported; nothing else may be. */
type Expect = Readonly<Record<string, readonly [CruftKind, boolean, string]>>;

const RULE_ROWS: readonly { name: string; spec: Spec; expect: Expect }[] = [
  {
    name: 'venv: pyvenv.cfg confirms a .venv, and what is inside it is part of it',
    spec: {
      proj: {
        'app.py': 'print(1)\n',
        '.venv': {
          'pyvenv.cfg': 'home = /usr/bin\n',
          bin: { activate: '# bash\n', python: { symlink: '/usr/bin/python3' } },
          lib: { 'python3.11': { 'site-packages': { 'six.py': 'x = 1\n', __pycache__: { 'six.cpython-311.pyc': 'c' }, 'old.pyc': 'c', build: {}, '.DS_Store': 'ds' } } },
        },
      },
    },
    expect: { 'proj/.venv': ['venv', true, 'pyvenv.cfg'] },
  },
  {
    name: 'venv: any folder holding pyvenv.cfg, whatever its name',
    spec: { tools: { sandbox: { 'pyvenv.cfg': 'home = /usr/bin\n', bin: { activate: '' } } } },
    expect: { 'tools/sandbox': ['venv', true, 'pyvenv.cfg'] },
  },
  {
    name: 'venv: virtualenv before 2020 (no pyvenv.cfg): bin/activate + lib/python*/orig-prefix.txt',
    spec: { archive: { python_work: { tutorial_host_env: { bin: { activate: '# virtualenv\n', python: 'elf' }, include: {}, lib: { 'python2.7': { 'orig-prefix.txt': '/usr', 'site-packages': { 'x.py': '' } } } } } } },
    expect: { 'archive/python_work/tutorial_host_env': ['venv', true, 'bin/activate + lib/python2.7/orig-prefix.txt'] },
  },
  {
    name: 'venv: virtualenv before 2020: bin/activate + lib/python*/no-global-site-packages.txt',
    spec: { standards_project_venv: { bin: { activate: '' }, lib: { 'python2.6': { 'no-global-site-packages.txt': '' } } } },
    expect: { standards_project_venv: ['venv', true, 'no-global-site-packages.txt'] },
  },
  {
    name: 'venv: virtualenv on macOS: bin/activate + .Python',
    spec: { old_env: { '.Python': { symlink: '/System/Library/Frameworks/Python.framework/Versions/2.7/Python' }, bin: { activate: '' }, lib: {} } },
    expect: { old_env: ['venv', true, 'bin/activate + .Python'] },
  },
  {
    name: 'venv: a Windows venv: Scripts/activate.bat',
    spec: { winproj: { venv: { Scripts: { 'activate.bat': '@echo off\r\n', 'python.exe': 'MZ' }, Lib: { 'site-packages': { 'y.py': '' } } } } },
    expect: { 'winproj/venv': ['venv', true, 'Scripts/activate.bat'] },
  },
  {
    name: 'venv decoys: venv_notes/ of notes and work_env/ of documents are name only',
    spec: { venv_notes: { 'todo.txt': 'buy milk\n', 'ideas.md': '# ideas\n' }, work_env: { 'report.docx': 'PK', 'budget.xlsx': 'PK' } },
    expect: {
      venv_notes: ['venv', false, 'name only, no pyvenv.cfg or activate script'],
      work_env: ['venv', false, 'name only, no pyvenv.cfg or activate script'],
    },
  },
  {
    name: 'venv decoy: an activate script alone is not enough',
    spec: { env: { bin: { activate: '' } } },
    expect: { env: ['venv', false, 'bin/activate, but no pyvenv.cfg'] },
  },
  {
    name: 'pycache: __pycache__ holding only .pyc/.pyo; one holding anything else is name only',
    spec: { pkg: { '__init__.py': '', __pycache__: { '__init__.cpython-311.pyc': 'c', 'old.pyo': 'o' } }, notes: { __pycache__: { 'readme.txt': 'mine' } } },
    expect: {
      'pkg/__pycache__': ['pycache', true, 'only .pyc/.pyo files'],
      'notes/__pycache__': ['pycache', false, 'holds readme.txt'],
    },
  },
  {
    name: 'pyc: stray .pyc/.pyo outside __pycache__, by extension',
    spec: { pkg: { 'mod.py': '', 'mod.pyc': 'c', 'other.pyo': 'o' } },
    expect: { 'pkg/mod.pyc': ['pyc', true, 'extension'], 'pkg/other.pyo': ['pyc', true, 'extension'] },
  },
  {
    name: 'python-cache: with Python files beside or above; without, name only',
    spec: {
      proj: { 'pyproject.toml': '', '.pytest_cache': { v: {} }, '.mypy_cache': { '3.11': {} }, 'proj.egg-info': { 'PKG-INFO': '' }, src: { '.ruff_cache': { x: '' } } },
      tool: { 'setup.py': '', '.tox': { py311: {} }, '.nox': {} },
      nb: { 'analysis.ipynb': '{}', '.ipynb_checkpoints': { 'analysis-checkpoint.ipynb': '{}' } },
      docs: { '.tox': { 'notes.txt': '' } },
    },
    expect: {
      'proj/.pytest_cache': ['python-cache', true, 'pyproject.toml beside'],
      'proj/.mypy_cache': ['python-cache', true, 'pyproject.toml beside'],
      'proj/proj.egg-info': ['python-cache', true, 'pyproject.toml beside'],
      'proj/src/.ruff_cache': ['python-cache', true, 'pyproject.toml above, in proj'],
      'tool/.tox': ['python-cache', true, 'setup.py beside'],
      'tool/.nox': ['python-cache', true, 'setup.py beside'],
      'nb/.ipynb_checkpoints': ['python-cache', true, 'analysis.ipynb beside'],
      'docs/.tox': ['python-cache', false, 'name only, no Python files beside or above'],
    },
  },
  {
    name: 'node_modules: package.json in the parent; nested node_modules belong to the outer one',
    spec: {
      web: { 'package.json': '{}', node_modules: { left: { 'package.json': '{}', node_modules: { pad: { 'index.js': '' } } }, '.DS_Store': '' } },
      loose: { node_modules: { y: { 'index.js': '' } } },
    },
    expect: {
      'web/node_modules': ['node_modules', true, 'package.json beside'],
      'loose/node_modules': ['node_modules', false, 'name only, no package.json beside'],
    },
  },
  {
    name: 'build-output: the build file that fits each name',
    spec: {
      rust: { 'Cargo.toml': '', target: { debug: { app: 'elf' } } },
      java: { 'pom.xml': '', target: { classes: { 'A.class': 'ca' } } },
      scala: { 'build.sbt': '', target: {} },
      cmake: { 'CMakeLists.txt': '', build: { Makefile: '' } },
      gradle: { 'build.gradle.kts': '', build: { libs: {} }, '.gradle': { '8.0': {} } },
      py: { 'setup.py': '', build: { lib: {} }, dist: { 'x-1.0.whl': 'PK' } },
      js: { 'package.json': '{"scripts":{"build":"vite build"}}', dist: { 'bundle.js': '' } },
    },
    expect: {
      'rust/target': ['build-output', true, 'Cargo.toml beside'],
      'java/target': ['build-output', true, 'pom.xml beside'],
      'scala/target': ['build-output', true, 'build.sbt beside'],
      'cmake/build': ['build-output', true, 'CMakeLists.txt beside'],
      'gradle/build': ['build-output', true, 'build.gradle.kts beside'],
      'gradle/.gradle': ['build-output', true, 'build.gradle.kts beside'],
      'py/build': ['build-output', true, 'setup.py beside'],
      'py/dist': ['build-output', true, 'setup.py beside'],
      'js/dist': ['build-output', true, 'package.json with a build script beside'],
    },
  },
  {
    name: 'build-output decoys: an archery photo folder target/, a build/ with no marker, a marker that does not fit, a folder holding its own build file',
    spec: {
      photos: { archery: { target: { 'IMG_0001.JPG': 'jpeg', 'IMG_0002.JPG': 'jpeg' } } },
      build: { 'notes.txt': 'how I built the shed' },
      site: { 'package.json': '{}', target: { 'a.html': '' } },
      crate: { 'Cargo.toml': '', target: { 'Cargo.toml': '', src: { 'lib.rs': '' } } },
    },
    expect: {
      'photos/archery/target': ['build-output', false, 'name only, no pom.xml, Cargo.toml or build.sbt beside'],
      build: ['build-output', false, 'name only'],
      'site/target': ['build-output', false, 'name only'],
      'crate/target': ['build-output', false, 'holds its own Cargo.toml'],
    },
  },
  {
    name: 'junk: by name, files only',
    spec: { '.DS_Store': '', '._IMG_0001.JPG': '', 'Thumbs.db': '', 'Desktop.ini': '', 'essay.txt~': '', '.essay.txt.swp': '', '#essay.txt#': '', 'essay.txt': 'keep', 'notes~': { 'a.txt': '' } },
    expect: {
      '.DS_Store': ['junk', true, 'name'],
      '._IMG_0001.JPG': ['junk', true, 'name'],
      'Thumbs.db': ['junk', true, 'name'],
      'Desktop.ini': ['junk', true, 'name'],
      'essay.txt~': ['junk', true, 'name'],
      '.essay.txt.swp': ['junk', true, 'name'],
      '#essay.txt#': ['junk', true, 'name'],
    },
  },
  {
    name: 'log: *.log files, reported only',
    spec: { logs: { 'app.log': 'started\n' } },
    expect: { 'logs/app.log': ['log', true, 'reported only'] },
  },
  {
    name: 'system-backup: backed-up etc/, var/, usr/local; an etc/ of a project is name only',
    spec: {
      backup: { etc: { passwd: 'root:x:0:0', hosts: '127.0.0.1' }, var: { log: {}, lib: {} }, usr: { local: { bin: {}, lib: {} } }, local: { bin: {}, lib: {} } },
      project: { etc: { 'config.yml': '' } },
    },
    expect: {
      'backup/etc': ['system-backup', true, 'holds passwd, hosts'],
      'backup/var': ['system-backup', true, 'holds log, lib'],
      'backup/usr/local': ['system-backup', true, 'holds bin and lib'],
      'backup/local': ['system-backup', true, 'holds bin and lib'],
      'project/etc': ['system-backup', false, 'name only'],
    },
  },
  {
    name: 'nothing inside .git is ever cruft',
    spec: { repo: { 'a.py': '', '.git': { hooks: { '.DS_Store': '' }, node_modules: {}, 'x.pyc': '', logs: { 'HEAD.log': '' } } } },
    expect: {},
  },
  {
    name: 'a name-only match does not hide proven cruft inside it',
    spec: { venv_notes: { '.DS_Store': '', 'todo.txt': '' } },
    expect: { venv_notes: ['venv', false, 'name only'], 'venv_notes/.DS_Store': ['junk', true, 'name'] },
  },
  {
    name: 'a confirmed rule wins over a name-only one, and a folder that is a repository is never confirmed',
    spec: { build: { 'pyvenv.cfg': '', bin: {} }, web: { 'package.json': '{"scripts":{"build":"tsc"}}', dist: { '.git': { HEAD: 'ref' }, 'index.js': '' } } },
    expect: { build: ['venv', true, 'pyvenv.cfg'], 'web/dist': ['build-output', false, 'holds a .git repository'] },
  },
];

for (const row of RULE_ROWS) {
  test(`cruft(): ${row.name}`, async () => {
    const got = await found(row.spec);
    assert.deepEqual([...got.keys()].sort(), Object.keys(row.expect).sort());
    for (const [p, [kind, verified, reason]] of Object.entries(row.expect)) {
      const it = got.get(p)!;
      assert.equal(it.kind, kind, p);
      assert.equal(it.verified, verified, `${p}: ${it.reason}`);
      assert.ok(it.reason.includes(reason), `${p}: '${it.reason}' should say '${reason}'`);
    }
  });
}

test('cruft(): a real venv made by python3 -m venv is confirmed; the decoys beside it are not', async () => {
  const root = tree({ venv_notes: { 'notes.txt': 'x' }, project: { 'main.py': '' } });
  const made = spawnSync('python3', ['-m', 'venv', '--without-pip', path.join(root, 'project', '.venv')], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  const a = await openArchive(root, OPEN);
  const v = a.venvs();
  assert.deepEqual(v.items.map((it) => [it.path, it.verified, it.reason]), [
    ['project/.venv', true, 'pyvenv.cfg'],
    ['venv_notes', false, 'name only, no pyvenv.cfg or activate script'],
  ]);
  const real = a.catalog.lookup('project/.venv');
  assert.equal(v.items[0]!.entries, a.catalog.subEntries[real]);
  assert.equal(v.items[0]!.bytes, a.catalog.subBytes[real]);
  assert.ok(v.items[0]!.entries > 5);
  const shown = String(v);
  assert.match(shown, /2 folders in .* look like venvs; 1 is a real venv/);
  // The why is a column, or a line under its row when the table would be too wide.
  assert.match(shown, /venv_notes (.*│.*\n│ why: )?.*name only, no pyvenv\.cfg or activate script/);
});

test('cruft(): every match carries its entry count and bytes from the index', async () => {
  const a = await openArchive(tree({ web: { 'package.json': '{}', node_modules: { a: { 'index.js': '12345', 'package.json': '{}' }, b: { 'x.js': '123' } } }, '.DS_Store': '1234567' }), OPEN);
  const items = new Map(a.cruft().items.map((it) => [it.path, it]));
  assert.deepEqual({ entries: items.get('web/node_modules')!.entries, bytes: items.get('web/node_modules')!.bytes }, { entries: 5, bytes: 10 });
  assert.deepEqual({ entries: items.get('.DS_Store')!.entries, bytes: items.get('.DS_Store')!.bytes }, { entries: 0, bytes: 7 });
});

test('cruft(kind): only the kinds asked for; inside a name-only match of another kind junk is still found', async () => {
  const spec: Spec = { photos: { target: { 'Thumbs.db': 'x', 'IMG_1.JPG': 'j' } }, pkg: { __pycache__: { 'a.pyc': '' }, 'b.pyc': '' } };
  assert.deepEqual([...(await found(spec, 'junk')).keys()], ['photos/target/Thumbs.db']);
  assert.deepEqual([...(await found(spec, ['pycache', 'pyc'])).keys()].sort(), ['pkg/__pycache__', 'pkg/b.pyc']);
});

test('cruft(kind): an unknown kind is a UsageError that lists the kinds', async () => {
  const a = await openArchive(tree({}), OPEN);
  assert.throws(() => a.cruft('venvs' as CruftKind), (e: unknown) => e instanceof UsageError && /unknown cruft kind "venvs"; use one of venv, pycache/.test(e.message));
});

test('cruft(): the summary by kind (items, entries, bytes, verified, name only) and what a removal takes', async () => {
  const a = await openArchive(tree({ '.DS_Store': 'ds', 'x.log': 'log', venv_notes: { 'a.txt': '' }, pkg: { __pycache__: { 'a.pyc': 'pyc' } } }), OPEN);
  const c = a.cruft();
  const venv = c.byKind().find((k) => k.kind === 'venv')!;
  assert.deepEqual(venv, { kind: 'venv', items: 1, entries: 1, bytes: 0, verified: 0, nameOnly: 1, inside: {} });
  assert.deepEqual(c.removable().map((it) => it.path).sort(), ['.DS_Store', 'pkg/__pycache__']);
  assert.deepEqual(c.removable(true).map((it) => it.path).sort(), ['.DS_Store', 'pkg/__pycache__', 'venv_notes']);
  const shown = String(c);
  assert.match(shown, /Cruft in .*: 4 items \(3 verified\)/);
  assert.match(shown, /│ venv +│ +1 │ +1 │ +0 B │ +0 │ +1 │/);
  assert.match(shown, /never log or system-backup, which are reported only/);
});

test('cruft(): JSON items have exactly path, kind, verified, reason, entries, bytes (plus pathBytes for names that are not UTF-8)', async () => {
  const root = tree({ pkg: { __pycache__: { 'a.pyc': 'c' } } });
  const odd = Buffer.concat([Buffer.from(`${root}/caf`), Buffer.from([0xe9])]);
  fs.mkdirSync(odd);
  fs.writeFileSync(Buffer.concat([odd, Buffer.from('/.DS_Store')]), 'ds');
  const a = await openArchive(root, OPEN);
  const { items } = a.cruft().json();
  assert.deepEqual(Object.keys(items.find((it) => it.path === 'pkg/__pycache__')!), ['path', 'kind', 'verified', 'reason', 'entries', 'bytes']);
  const raw = items.find((it) => it.kind === 'junk')!;
  assert.equal(raw.path, 'caf\uFFFD/.DS_Store');
  assert.deepEqual(Buffer.from(raw.pathBytes!, 'base64'), Buffer.concat([Buffer.from('caf'), Buffer.from([0xe9]), Buffer.from('/.DS_Store')]));
  assert.deepEqual(JSON.parse(JSON.stringify(a.cruft('pycache'))), { items: [{ path: 'pkg/__pycache__', kind: 'pycache', verified: true, reason: 'only .pyc/.pyo files', entries: 1, bytes: 1 }] });
});

test('CRUFT_RULES: plain data other tools read; on a tree, confirmed logs and system backups are reported but never in a removal', async () => {
  assert.deepEqual(JSON.parse(JSON.stringify(CRUFT_RULES)), CRUFT_RULES);
  const a = await openArchive(tree({ 'app.log': 'x', backup: { etc: { passwd: 'root:x:0:0' } }, '.DS_Store': 'd' }), OPEN);
  const c = a.cruft();
  assert.deepEqual(c.items.map((it) => [it.path, it.kind, it.verified]), [['.DS_Store', 'junk', true], ['app.log', 'log', true], ['backup/etc', 'system-backup', true]]);
  assert.deepEqual(c.removable(true).map((it) => it.path), ['.DS_Store']);
});

test('cruft(): the summary says how many more of a kind lie inside other items, so it adds up to cruft(kind)', async () => {
  const pyc = { 'a.cpython-311.pyc': 'c' };
  const a = await openArchive(tree({
    proj: { 'main.py': '', __pycache__: pyc, '.venv': { 'pyvenv.cfg': '', lib: { 'python3.11': { 'site-packages': { p1: { __pycache__: pyc }, p2: { __pycache__: pyc }, __pycache__: pyc } } } } },
  }), OPEN);
  const all = a.cruft();
  assert.deepEqual(all.items.map((it) => it.path), ['proj/.venv', 'proj/__pycache__']);
  const pycache = all.byKind().find((k) => k.kind === 'pycache')!;
  assert.equal(pycache.items, 1);
  assert.deepEqual(pycache.inside, { venv: 3 });
  assert.equal(a.cruft('pycache').items.length, pycache.items + pycache.inside.venv!);
  assert.match(String(all), /│ pycache +│ +1 │.*│ \+3 inside venv +│/);
});

test('snippets/venvs.ts and cruft.ts --json print the items; a bad --kind is one line and exit code 2', () => {
  const root = tree({ venv_notes: { 'n.txt': '' }, proj: { '.venv': { 'pyvenv.cfg': '' } }, 'Thumbs.db': 't' });
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: repo, encoding: 'utf8' });
  const v = run('snippets/venvs.ts', root, '--json');
  assert.equal(v.status, 0, v.stderr);
  assert.deepEqual(JSON.parse(v.stdout), {
    items: [
      { path: 'proj/.venv', kind: 'venv', verified: true, reason: 'pyvenv.cfg', entries: 1, bytes: 0 },
      { path: 'venv_notes', kind: 'venv', verified: false, reason: 'name only, no pyvenv.cfg or activate script', entries: 1, bytes: 0 },
    ],
  });
  const c = run('snippets/cruft.ts', root, '--kind', 'junk', '--json');
  assert.deepEqual(JSON.parse(c.stdout), { items: [{ path: 'Thumbs.db', kind: 'junk', verified: true, reason: 'name', entries: 0, bytes: 1 }] });
  const bad = run('snippets/cruft.ts', root, '--kind', 'trash');
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1);
  assert.match(bad.stderr, /^rummage: --kind must be one of 'venv', 'pycache'.*, not 'trash'; e\.g\. --kind venv$/m);
  const pyc = run('snippets/pycache.ts', root, '-v');
  assert.equal(pyc.status, 0, pyc.stderr);
  assert.match(pyc.stdout, /^Cruft in .*: 0 items/);
});

// Installed software is never cruft: real trees from this machine, copied in set-up.
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';
const GLOBAL_NODE_MODULES = '/usr/lib/node_modules';

/** A copy of `from` at `rel` under a fresh root (cp -a keeps links and modes as they are). */
function copied(from: string, rel: string, spec: Spec = {}): string {
  const root = tree(spec);
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  const cp = spawnSync('cp', ['-a', from, path.join(root, rel)], { encoding: 'utf8' });
  assert.equal(cp.status, 0, cp.stderr);
  return root;
}

/** Verified matches that are not bytecode: must be none inside installed software. */
function verifiedNotBytecode(a: Archive): string[] {
  assert.ok(a.catalog.length > 50, 'the copy holds a real tree');
  return a.cruft().items.filter((it) => it.verified && it.kind !== 'pycache' && it.kind !== 'pyc').map((it) => `${it.path} (${it.kind}: ${it.reason})`);
}

test('cruft(): in a copy of this machine\'s dist-packages nothing is verified cruft except __pycache__ and .pyc', { skip: fs.existsSync(DIST_PACKAGES) ? false : `${DIST_PACKAGES} is not on this machine` }, async () => {
  const a = await openArchive(copied(DIST_PACKAGES, 'usr/lib/python3/dist-packages'), OPEN);
  assert.deepEqual(verifiedNotBytecode(a), []);
  // And its __pycache__ folders are still found: Python rebuilds them.
  const pyc = a.cruft('pycache').items.filter((it) => it.verified);
  if (fs.readdirSync(DIST_PACKAGES).includes('__pycache__')) assert.ok(pyc.length > 0);
});

test('cruft(): in a copy of the global lib/node_modules nothing is cruft (corepack/dist, npm/node_modules, minipass/dist are programs)', { skip: fs.existsSync(GLOBAL_NODE_MODULES) ? false : `${GLOBAL_NODE_MODULES} is not on this machine` }, async () => {
  assert.deepEqual(verifiedNotBytecode(await openArchive(copied(GLOBAL_NODE_MODULES, 'usr/lib/node_modules'), OPEN)), []);
});

test('cruft(): the project\'s own node_modules copied as a bare folder: nothing inside is verified cruft; under a project it is one whole item', async () => {
  const root = copied(path.join(repo, 'node_modules'), 'web/node_modules');
  assert.deepEqual(verifiedNotBytecode(await openArchive(root, OPEN)), []);
  // The same copy with a package.json beside it: a project's node_modules, one whole item.
  fs.writeFileSync(path.join(root, 'web', 'package.json'), '{"name":"web"}');
  const a = await openArchive(root, OPEN);
  const verified = a.cruft().items.filter((it) => it.verified && it.kind !== 'pycache' && it.kind !== 'pyc');
  assert.deepEqual(verified.map((it) => [it.path, it.kind]), [['web/node_modules', 'node_modules']]);
});

test('cruft(): installed-software rules on small trees: *-packages, nested and global node_modules, egg-info only in a checkout', async () => {
  const got = await found({
    pyhome: { lib: { 'python3.11': { 'site-packages': { 'six-1.16.dist-info': { METADATA: '' }, 'pkg.egg-info': { 'PKG-INFO': '' }, 'six.py': '', pkg: { 'setup.py': '', build: { x: '' }, dist: { y: '' } }, __pycache__: { 'six.cpython-311.pyc': 'c' }, 'old.pyc': 'c', '.DS_Store': '' } } } },
    checkout: { 'setup.py': '', 'checkout.egg-info': { 'PKG-INFO': '' }, 'checkout-1.0.dist-info': { METADATA: '' } },
    notes: { 'readme.py': '', 'other.egg-info': { 'PKG-INFO': '' } },
    usr: { lib: { node_modules: { corepack: { 'package.json': '{"name":"corepack"}', dist: { 'corepack.js': '' } }, npm: { 'package.json': '{}', node_modules: { minipass: { 'package.json': '{"scripts":{"build":"tsc"}}', dist: { 'index.js': '' }, src: {} } } } } } },
    loose: { node_modules: { a: { 'package.json': '{"scripts":{"build":"x"}}', dist: { 'a.js': '' }, node_modules: {} } } },
  });
  assert.deepEqual([...got.entries()].map(([p, it]) => [p, it.kind, it.verified]), [
    ['checkout/checkout-1.0.dist-info', 'python-cache', true],
    ['checkout/checkout.egg-info', 'python-cache', true],
    ['loose/node_modules', 'node_modules', false],
    ['notes/other.egg-info', 'python-cache', false],
    ['pyhome/lib/python3.11/site-packages/__pycache__', 'pycache', true],
    ['pyhome/lib/python3.11/site-packages/old.pyc', 'pyc', true],
  ]);
});

test('cruft(): dist/ and build/ only where the sources to rebuild them are there', async () => {
  const got = await found({
    corepack: { 'package.json': '{"name":"corepack","bin":"dist/corepack.js"}', dist: { 'corepack.js': '' } },
    scripted: { 'package.json': '{"scripts":{"build":"tsc"}}', dist: { 'a.js': '' }, build: { 'b.js': '' } },
    vite: { 'package.json': '{}', 'vite.config.ts': '', dist: { 'a.js': '' } },
    srcbeside: { src: { 'a.ts': '' }, dist: { 'a.js': '' } },
    broken: { 'package.json': '{not json', dist: { 'a.js': '' } },
  });
  const verdict = (p: string) => [got.get(p)?.verified, got.get(p)?.reason];
  assert.equal(got.get('corepack/dist')?.verified, false);
  assert.equal(got.get('broken/dist')?.verified, false);
  assert.deepEqual(verdict('scripted/dist'), [true, 'package.json with a build script beside']);
  assert.deepEqual(verdict('scripted/build'), [true, 'package.json with a build script beside']);
  assert.deepEqual(verdict('vite/dist'), [true, 'vite.config.ts beside']);
  assert.deepEqual(verdict('srcbeside/dist'), [true, 'src/ beside']);
});

test('cruft(): a real project made with npm init plus a build script still has its dist/ found', async () => {
  const root = tree({ app: { dist: { 'main.js': 'console.log(1)\n' }, 'index.js': '' } });
  const app = path.join(root, 'app');
  const init = spawnSync('npm', ['init', '-y'], { cwd: app, encoding: 'utf8' });
  assert.equal(init.status, 0, init.stderr);
  const got = await found({});
  assert.equal(got.size, 0);
  let a = await openArchive(root, OPEN);
  assert.equal(a.cruft('build-output').items[0]?.verified, false, 'npm init alone has no build script');
  const pkg = JSON.parse(fs.readFileSync(path.join(app, 'package.json'), 'utf8'));
  pkg.scripts = { ...pkg.scripts, build: 'esbuild index.js --bundle --outdir=dist' };
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify(pkg, null, 2));
  a = await openArchive(root, OPEN);
  assert.deepEqual(a.cruft('build-output').items.map((it) => [it.path, it.verified, it.reason]), [['app/dist', true, 'package.json with a build script beside']]);
});
