// The demo archive: a small, messy copy of "fifteen years of old drives",
// built once in the OS temp dir and reused. `npm start` with no root opens it,
// and the tests of every feature use it, so each trap below is there on purpose.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { joinPath, lazyBuiltin } from '../shared/index.ts';
import { dsStore, jar, javaClass, jpeg, noise, pick, pyc, pythonSource, recordHash, thumbsDb, writeGitStore } from './files.ts';

const childProcess = lazyBuiltin<typeof import('node:child_process')>('node:child_process');

/** The demo root's folder name, and so its display name. */
export const DEMO_NAME = 'old_hdd_backups';

// Bump when the layout changes, so an old demo in the temp dir is not reused.
const DEMO_VERSION = 2;

/**
 * Where each trap lives, relative to the demo root, so tests need not spell paths.
 * The comments in `layout()` say what each one is for.
 */
export const DEMO_PLACES = {
  /** Python 3 project; its `tutorial_host_env` is a modern venv (pyvenv.cfg). */
  tutorialHost: 'projects/tutorial_host',
  modernVenv: 'projects/tutorial_host/tutorial_host_env',
  /** Python 2.7 project; its venv predates pyvenv.cfg (orig-prefix.txt, .Python). */
  standardsProject: 'projects/standards_project',
  legacyVenv: 'projects/standards_project/standards_project_venv',
  /** Decoys: named like venvs, hold notes and documents. */
  venvNotes: 'projects/venv_notes',
  workEnv: 'projects/work_env',
  /** Node project with node_modules beside package.json. */
  webapp: 'projects/webapp',
  nodeModules: 'projects/webapp/node_modules',
  /** Maven project with a build output. */
  inventory: 'projects/inventory',
  javaTarget: 'projects/inventory/target',
  /** Decoy: archery pictures in a folder named target, no build file beside it. */
  archeryTarget: 'hobbies/archery/target',
  /** Decoy: a build/ folder with no marker beside it. */
  unmarkedBuild: 'archive/other/projects_archive_from_12.04/build',
  /** Two camera dumps: the same file names and sizes, different pictures. */
  cameraDumps: ['photos/camera_dumps/2008-07 canon', 'photos/camera_dumps/2009-03 canon'],
  /** One photo folder in three places under different parents (and one own name). */
  christmasCopies: ['old_photos/Christmas 2008', 'pangolin_archive/photos/Christmas 2008', 'misc/xmas08'],
  /** A folder and its near-copy: two pictures missing, one changed. */
  summer: 'photos/Summer 2010',
  summerNearCopy: 'backup_of_laptop/Pictures/Summer 2010',
  /** Same name and size, the same first 64 KiB, a different tail. */
  videoTwins: ['videos/2011/VID00001.MP4', 'videos/2012/VID00001.MP4'],
  /** A hardlink to a camera-dump picture. */
  hardlink: 'photos/favourites/IMG_0005.JPG',
  /** A backed-up Linux system: etc/ and var/. */
  linuxBackup: 'linux_box_2012',
  /** An empty file and an empty folder. */
  emptyFile: 'projects/webapp/.env',
  emptyDir: 'archive/other/projects_archive_from_12.04/empty_folder',
} as const;

export interface DemoOptions {
  /** Build a private copy below this folder (for tests that change it) instead of reusing the shared one. */
  readonly dir?: string;
  /** Make the repositories with the git command when it is installed (default true); false writes `.git` by hand. */
  readonly git?: boolean;
}

/**
 * The demo archive's root: built once in the OS temp dir and reused, or a
 * fresh private copy below `options.dir`.
 * @example const root = demoArchive(); const archive = await openArchive(root)
 */
export function demoArchive(options: DemoOptions = {}): string {
  const useGit = options.git !== false && hasGit();
  if (options.dir !== undefined) {
    const root = path.join(options.dir, DEMO_NAME);
    if (fs.existsSync(root)) throw new Error(`${root} already exists; give an empty folder for the demo copy`);
    build(root, useGit);
    return root;
  }
  const home = path.join(os.tmpdir(), `rummage-demo-v${DEMO_VERSION}-${process.getuid?.() ?? os.userInfo().username}`);
  const root = path.join(home, DEMO_NAME);
  if (fs.existsSync(root)) return root;
  // A demo folder whose archive was deleted by hand is rebuilt.
  fs.rmSync(home, { recursive: true, force: true });
  // Build beside it and rename into place: a reader never sees half a demo,
  // and two processes building at once both end up with the same one.
  const staging = `${home}.${process.pid}.${Date.now()}`;
  try {
    build(path.join(staging, DEMO_NAME), useGit);
    fs.renameSync(staging, home);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(code === 'EEXIST' || code === 'ENOTEMPTY') || !fs.existsSync(root)) throw e;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return root;
}

let gitInstalled: boolean | undefined;
function hasGit(): boolean {
  gitInstalled ??= childProcess().spawnSync('git', ['--version'], { stdio: 'ignore' }).status === 0;
  return gitInstalled;
}

/** Writes files and remembers what date each part of the tree should carry. */
class Builder {
  private readonly stamps: [string, number][] = [];
  private readonly repos: { dir: string; files: string[]; message: string; when: Date }[] = [];

  constructor(readonly root: string) {
    fs.mkdirSync(root, { recursive: true });
  }

  /** Everything at or below `rel` is dated `when` (the last stamp that matches wins). */
  stamp(rel: string, when: string): void {
    this.stamps.push([rel, Date.parse(when)]);
  }

  file(rel: string, content: string | Buffer, when?: string): void {
    const p = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    if (when !== undefined) this.stamp(rel, when);
  }

  dir(rel: string): void {
    fs.mkdirSync(path.join(this.root, rel), { recursive: true });
  }

  link(rel: string, target: string): void {
    const p = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.symlinkSync(target, p);
  }

  hardlink(rel: string, existing: string): void {
    const p = path.join(this.root, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.linkSync(path.join(this.root, existing), p);
  }

  /** A repository over `files` (relative to `dir`), committed on `when`. */
  repo(dir: string, files: string[], message: string, when: string): void {
    this.repos.push({ dir, files, message, when: new Date(when) });
  }

  finish(useGit: boolean): void {
    for (const r of this.repos) {
      const abs = path.join(this.root, r.dir);
      if (useGit) commitWithGit(abs, r.files, r.message, r.when);
      else writeGitStore(abs, r.files, r.message, r.when);
    }
    this.date('', Date.parse('2012-01-01'));
  }

  /** Dates every entry below `rel`; a folder gets its newest child's time, as after a copy. */
  private date(rel: string, inherited: number, abs: Buffer = Buffer.from(this.root)): number {
    let when = inherited;
    for (const [prefix, t] of this.stamps) if (rel === prefix || rel.startsWith(`${prefix}/`)) when = t;
    // Buffers, not strings: one name in the demo is not valid UTF-8.
    const st = fs.lstatSync(abs);
    if (st.isDirectory()) {
      let newest = 0;
      for (const name of fs.readdirSync(abs, { encoding: 'buffer' })) {
        const child = joinPath(abs, name) as Buffer;
        newest = Math.max(newest, this.date(rel === '' ? name.toString() : `${rel}/${name.toString()}`, when, child));
      }
      when = newest === 0 ? when : newest;
    }
    const t = new Date(when);
    if (st.isSymbolicLink()) fs.lutimesSync(abs, t, t);
    else fs.utimesSync(abs, t, t);
    return when;
  }
}

function commitWithGit(dir: string, files: string[], message: string, when: Date): void {
  const date = `${Math.floor(when.getTime() / 1000)} +0000`;
  // A fixed identity and no user or system config, so every machine builds the same history.
  const env = {
    ...process.env,
    GIT_CONFIG_GLOBAL: os.devNull,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Sam Archivist',
    GIT_AUTHOR_EMAIL: 'sam@example.com',
    GIT_COMMITTER_NAME: 'Sam Archivist',
    GIT_COMMITTER_EMAIL: 'sam@example.com',
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_DATE: date,
  };
  const git = (...args: string[]): void => {
    const r = childProcess().spawnSync('git', args, { cwd: dir, env, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args[0]} in ${dir} failed: ${r.stderr}`);
  };
  git('-c', 'init.defaultBranch=main', 'init', '-q');
  git('add', '--', ...files);
  git('-c', 'commit.gpgsign=false', 'commit', '-q', '-m', message);
}

function build(root: string, useGit: boolean): void {
  const b = new Builder(root);
  layout(b);
  b.finish(useGit);
}

/** A package in site-packages: modules, their bytecode, and pip's dist-info. */
function sitePackage(b: Builder, site: string, pkg: string, version: string, modules: readonly string[], py2: boolean): void {
  const record: string[] = [];
  for (const m of modules) {
    const rel = `${pkg}/${m}`;
    const src = pythonSource(`${pkg}.${m.replace(/\.py$/, '').replace(/\//g, '.')}`);
    b.file(`${site}/${rel}`, src);
    record.push(`${rel},${recordHash(src)},${Buffer.byteLength(src)}`);
    const dir = path.posix.dirname(rel);
    const base = path.posix.basename(m, '.py');
    // Python 2 wrote .pyc beside the source; Python 3 writes them into __pycache__.
    if (py2) b.file(`${site}/${dir}/${base}.pyc`, pyc(`${site}/${rel}`, true));
    else b.file(`${site}/${dir}/__pycache__/${base}.cpython-311.pyc`, pyc(`${site}/${rel}`));
  }
  const info = `${site}/${pkg}-${version}.dist-info`;
  b.file(`${info}/INSTALLER`, 'pip\n');
  b.file(`${info}/METADATA`, `Metadata-Version: 2.1\nName: ${pkg}\nVersion: ${version}\n`);
  b.file(`${info}/WHEEL`, `Wheel-Version: 1.0\nGenerator: bdist_wheel\nRoot-Is-Purelib: true\nTag: py${py2 ? 2 : 3}-none-any\n`);
  b.file(`${info}/top_level.txt`, `${pkg}\n`);
  b.file(`${info}/RECORD`, `${record.join('\n')}\n${pkg}-${version}.dist-info/RECORD,,\n`);
}

const PIP = ['__init__.py', '__main__.py', '_internal/__init__.py', '_internal/build_env.py', '_internal/cache.py', '_internal/configuration.py', '_internal/exceptions.py', '_internal/main.py', '_internal/cli/__init__.py', '_internal/cli/base_command.py', '_internal/cli/cmdoptions.py', '_internal/cli/parser.py', '_internal/commands/__init__.py', '_internal/commands/install.py', '_internal/commands/uninstall.py', '_internal/commands/freeze.py', '_internal/utils/__init__.py', '_internal/utils/misc.py', '_internal/utils/logging.py', '_vendor/__init__.py', '_vendor/six.py', '_vendor/requests/__init__.py', '_vendor/requests/api.py', '_vendor/requests/models.py', '_vendor/requests/sessions.py', '_vendor/urllib3/__init__.py', '_vendor/urllib3/connection.py', '_vendor/urllib3/poolmanager.py'];
const FLASK = ['__init__.py', 'app.py', 'blueprints.py', 'cli.py', 'config.py', 'ctx.py', 'globals.py', 'helpers.py', 'json/__init__.py', 'json/provider.py', 'logging.py', 'sessions.py', 'signals.py', 'templating.py', 'testing.py', 'views.py', 'wrappers.py'];
const JINJA2 = ['__init__.py', 'bccache.py', 'compiler.py', 'defaults.py', 'environment.py', 'exceptions.py', 'filters.py', 'lexer.py', 'loaders.py', 'nodes.py', 'parser.py', 'runtime.py', 'sandbox.py', 'utils.py'];
const WERKZEUG = ['__init__.py', 'datastructures.py', 'exceptions.py', 'formparser.py', 'http.py', 'local.py', 'routing/__init__.py', 'routing/map.py', 'routing/rules.py', 'security.py', 'serving.py', 'test.py', 'urls.py', 'utils.py', 'wrappers/__init__.py', 'wrappers/request.py', 'wrappers/response.py', 'wsgi.py'];
const DJANGO = ['__init__.py', 'conf/__init__.py', 'conf/global_settings.py', 'core/__init__.py', 'core/handlers/__init__.py', 'core/handlers/wsgi.py', 'db/__init__.py', 'db/models/__init__.py', 'db/models/base.py', 'db/models/fields/__init__.py', 'http/__init__.py', 'http/request.py', 'http/response.py', 'template/__init__.py', 'template/base.py', 'utils/__init__.py', 'utils/encoding.py', 'views/__init__.py', 'views/generic/__init__.py'];
const SETUPTOOLS = ['__init__.py', 'command/__init__.py', 'command/install.py', 'command/develop.py', 'dist.py', 'extension.py', 'sandbox.py'];

const ACTIVATE = (venv: string): string => `# This file must be used with "source bin/activate" *from bash*
# you cannot run it directly

deactivate () {
    # reset old environment variables
    if [ -n "\${_OLD_VIRTUAL_PATH:-}" ] ; then
        PATH="\${_OLD_VIRTUAL_PATH:-}"
        export PATH
        unset _OLD_VIRTUAL_PATH
    fi
    if [ -n "\${_OLD_VIRTUAL_PS1:-}" ] ; then
        PS1="\${_OLD_VIRTUAL_PS1:-}"
        export PS1
        unset _OLD_VIRTUAL_PS1
    fi
    unset VIRTUAL_ENV
    if [ ! "\${1:-}" = "nondestructive" ] ; then
        unset -f deactivate
    fi
}

# unset irrelevant variables
deactivate nondestructive

VIRTUAL_ENV="${venv}"
export VIRTUAL_ENV

_OLD_VIRTUAL_PATH="$PATH"
PATH="$VIRTUAL_ENV/bin:$PATH"
export PATH

if [ -z "\${VIRTUAL_ENV_DISABLE_PROMPT:-}" ] ; then
    _OLD_VIRTUAL_PS1="\${PS1:-}"
    PS1="(${path.posix.basename(venv)}) \${PS1:-}"
    export PS1
fi
`;

/** A Python 3 venv as `python3 -m venv` leaves it: pyvenv.cfg, bin/, lib/python3.11/site-packages. */
function modernVenv(b: Builder, venv: string, home: string): void {
  b.file(`${venv}/pyvenv.cfg`, `home = /usr/local/bin\ninclude-system-site-packages = false\nversion = 3.11.4\nexecutable = /usr/local/bin/python3.11\ncommand = /usr/local/bin/python3 -m venv ${home}\n`);
  b.file(`${venv}/bin/activate`, ACTIVATE(home));
  b.file(`${venv}/bin/activate.csh`, `# This file must be used with "source bin/activate.csh" *from csh*.\nsetenv VIRTUAL_ENV "${home}"\n`);
  b.file(`${venv}/bin/activate.fish`, `# This file must be used with "source <venv>/bin/activate.fish" *from fish*\nset -gx VIRTUAL_ENV "${home}"\n`);
  for (const tool of ['pip', 'pip3', 'flask']) b.file(`${venv}/bin/${tool}`, `#!${home}/bin/python3\nimport sys\nfrom ${tool === 'flask' ? 'flask.cli' : 'pip._internal.cli.main'} import main\nsys.exit(main())\n`);
  // The interpreter links point outside the archive, as they did on the old laptop.
  b.link(`${venv}/bin/python3`, '/usr/local/bin/python3.11');
  b.link(`${venv}/bin/python`, 'python3');
  b.link(`${venv}/bin/python3.11`, 'python3');
  b.link(`${venv}/lib64`, 'lib');
  b.dir(`${venv}/include/python3.11`);
  const site = `${venv}/lib/python3.11/site-packages`;
  sitePackage(b, site, 'pip', '23.2.1', PIP, false);
  sitePackage(b, site, 'flask', '2.3.2', FLASK, false);
  sitePackage(b, site, 'jinja2', '3.1.2', JINJA2, false);
  sitePackage(b, site, 'werkzeug', '2.3.6', WERKZEUG, false);
  b.file(`${site}/distutils-precedence.pth`, "import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os.environ.get(var, 'local') == 'local'\n");
}

/** A virtualenv from before 2020: no pyvenv.cfg; orig-prefix.txt, .Python and links into the system stdlib. */
function legacyVenv(b: Builder, venv: string, home: string): void {
  b.file(`${venv}/bin/activate`, ACTIVATE(home));
  b.file(`${venv}/bin/activate_this.py`, '"""By using execfile(this_file, dict(__file__=this_file)) you will\nactivate this virtualenv environment."""\n');
  b.file(`${venv}/bin/pip`, `#!${home}/bin/python\nimport sys\nfrom pip import main\nsys.exit(main())\n`);
  b.file(`${venv}/bin/easy_install`, `#!${home}/bin/python\nimport sys\nfrom setuptools.command.easy_install import main\nsys.exit(main())\n`);
  b.file(`${venv}/bin/python`, Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), noise('python2.7 binary', 8400)]));
  b.link(`${venv}/bin/python2.7`, 'python');
  b.link(`${venv}/.Python`, '/System/Library/Frameworks/Python.framework/Versions/2.7/Python');
  b.file(`${venv}/lib/python2.7/orig-prefix.txt`, '/System/Library/Frameworks/Python.framework/Versions/2.7');
  b.file(`${venv}/lib/python2.7/no-global-site-packages.txt`, '');
  for (const m of ['os.py', 're.py', 'codecs.py', 'fnmatch.py', 'types.py']) b.link(`${venv}/lib/python2.7/${m}`, `/System/Library/Frameworks/Python.framework/Versions/2.7/lib/python2.7/${m}`);
  b.file(`${venv}/lib/python2.7/site.py`, pythonSource('virtualenv.site'));
  b.file(`${venv}/lib/python2.7/site.pyc`, pyc(`${venv}/site`, true));
  const site = `${venv}/lib/python2.7/site-packages`;
  sitePackage(b, site, 'pip', '1.5.6', PIP.slice(0, 14), true);
  sitePackage(b, site, 'setuptools', '3.6', SETUPTOOLS, true);
  sitePackage(b, site, 'django', '1.6.5', DJANGO, true);
  b.file(`${site}/easy-install.pth`, './setuptools-3.6-py2.7.egg\n');
}

const BOOTSTRAP_CSS = `/*!\n * Bootstrap v3.0.0\n * Copyright 2013 Twitter, Inc\n */\n${Array.from({ length: 400 }, (_, k) => `.col-${k}{position:relative;min-height:1px;padding-left:15px;padding-right:15px}`).join('\n')}\n`;

function layout(b: Builder): void {
  b.file('.DS_Store', dsStore('root'), '2016-02-01');

  // --- A Python 3 web tutorial, 2014: a git repo, __pycache__, and a venv named the seed's way.
  const th = DEMO_PLACES.tutorialHost;
  b.stamp(th, '2014-05-10');
  b.file(`${th}/README.md`, '# Tutorial host\n\nA small Flask app from the 2014 tutorial.\n\n    source tutorial_host_env/bin/activate\n    flask run\n');
  b.file(`${th}/app.py`, pythonSource('tutorial_host.app'));
  b.file(`${th}/models.py`, pythonSource('tutorial_host.models'));
  b.file(`${th}/requirements.txt`, 'flask==2.3.2\njinja2==3.1.2\nwerkzeug==2.3.6\n');
  b.file(`${th}/.gitignore`, 'tutorial_host_env/\n__pycache__/\n*.pyc\n');
  // The same Bootstrap file in two repositories: their .git object folders match (the seed's 3,200 false duplicates).
  b.file(`${th}/static/bootstrap.min.css`, BOOTSTRAP_CSS);
  b.file(`${th}/templates/index.html`, '<!doctype html>\n<link rel="stylesheet" href="/static/bootstrap.min.css">\n<h1>{{ title }}</h1>\n');
  b.file(`${th}/__pycache__/app.cpython-311.pyc`, pyc('tutorial_host.app'));
  b.file(`${th}/__pycache__/models.cpython-311.pyc`, pyc('tutorial_host.models'));
  modernVenv(b, DEMO_PLACES.modernVenv, `/Users/sam/projects/tutorial_host/tutorial_host_env`);
  b.repo(th, ['README.md', 'app.py', 'models.py', 'requirements.txt', '.gitignore', 'static/bootstrap.min.css', 'templates/index.html'], 'Tutorial app', '2014-05-10');
  b.link('projects/current', 'tutorial_host');

  // --- A Python 2.7 project, 2011: pre-2020 virtualenv, .pyc beside the sources, an install log.
  const sp = DEMO_PLACES.standardsProject;
  b.stamp(sp, '2011-09-20');
  b.file(`${sp}/setup.py`, "from setuptools import setup\n\nsetup(name='standards', version='0.3', packages=['standards'])\n");
  b.file(`${sp}/README.txt`, 'Standards checker. Python 2.7.\n');
  b.file(`${sp}/.gitignore`, 'standards_project_venv/\n*.pyc\n__pycache__/\n*.log\n');
  b.file(`${sp}/standards/__init__.py`, '');
  b.file(`${sp}/standards/core.py`, pythonSource('standards.core'));
  b.file(`${sp}/standards/rules.py`, pythonSource('standards.rules'));
  // Stray bytecode outside __pycache__, as Python 2 left it.
  b.file(`${sp}/standards/__init__.pyc`, pyc('standards.__init__', true));
  b.file(`${sp}/standards/core.pyc`, pyc('standards.core', true));
  b.file(`${sp}/standards/rules.pyc`, pyc('standards.rules', true));
  b.file(`${sp}/tests/test_core.py`, pythonSource('tests.test_core'));
  b.file(`${sp}/tests/__pycache__/test_core.cpython-311.pyc`, pyc('tests.test_core'));
  b.file(`${sp}/static/bootstrap.min.css`, BOOTSTRAP_CSS);
  b.file(`${sp}/install.log`, 'running install\nrunning build\nrunning build_py\ncopying standards/core.py -> build/lib/standards\n');
  legacyVenv(b, DEMO_PLACES.legacyVenv, '/Users/sam/projects/standards_project/standards_project_venv');
  b.repo(sp, ['setup.py', 'README.txt', '.gitignore', 'standards/__init__.py', 'standards/core.py', 'standards/rules.py', 'tests/test_core.py', 'static/bootstrap.min.css'], 'Standards checker 0.3', '2011-09-20');

  // --- Decoys named like venvs: notes about venvs, and documents in a *_env folder. Neither is a venv.
  b.stamp(DEMO_PLACES.venvNotes, '2015-03-02');
  b.file(`${DEMO_PLACES.venvNotes}/virtualenv-cheatsheet.md`, '# virtualenv\n\n    virtualenv env\n    source env/bin/activate\n');
  b.file(`${DEMO_PLACES.venvNotes}/why-not-back-up-venvs.txt`, 'Venvs are disposable: recreate them from requirements.txt.\n');
  b.stamp(DEMO_PLACES.workEnv, '2013-11-11');
  b.file(`${DEMO_PLACES.workEnv}/budget.ods`, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise('budget', 9000)]));
  b.file(`${DEMO_PLACES.workEnv}/letter.odt`, Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise('letter', 7000)]));

  // --- A node project, 2016: node_modules beside package.json, a debug log, an empty .env.
  const wa = DEMO_PLACES.webapp;
  b.stamp(wa, '2016-08-14');
  b.file(`${wa}/package.json`, '{\n  "name": "webapp",\n  "version": "0.1.0",\n  "main": "index.js",\n  "dependencies": {\n    "express": "^4.14.0",\n    "left-pad": "^1.1.1"\n  }\n}\n');
  b.file(`${wa}/index.js`, "const express = require('express');\nconst app = express();\napp.get('/', (req, res) => res.send('hi'));\napp.listen(3000);\n");
  b.file(`${wa}/public/index.html`, '<!doctype html><title>webapp</title>\n');
  b.file(`${wa}/npm-debug.log`, '0 info it worked if it ends with ok\n1 verbose cli [ \'node\', \'npm\', \'install\' ]\n2 error code ELIFECYCLE\n');
  b.file(DEMO_PLACES.emptyFile, '');
  const nm = DEMO_PLACES.nodeModules;
  const modules: Record<string, readonly string[]> = {
    express: ['index.js', 'lib/application.js', 'lib/express.js', 'lib/request.js', 'lib/response.js', 'lib/utils.js', 'lib/view.js', 'lib/router/index.js', 'lib/router/layer.js', 'lib/router/route.js', 'lib/middleware/init.js', 'lib/middleware/query.js', 'History.md', 'LICENSE', 'Readme.md'],
    'body-parser': ['index.js', 'lib/read.js', 'lib/types/json.js', 'lib/types/raw.js', 'lib/types/text.js', 'lib/types/urlencoded.js', 'LICENSE'],
    debug: ['src/index.js', 'src/browser.js', 'src/node.js', 'src/debug.js', 'LICENSE'],
    ms: ['index.js', 'license.md', 'readme.md'],
    mime: ['cli.js', 'mime.js', 'types.json', 'LICENSE'],
    'left-pad': ['index.js', 'index.d.ts', 'README.md', 'COPYING'],
  };
  for (const [name, files] of Object.entries(modules)) {
    b.file(`${nm}/${name}/package.json`, `{\n  "name": "${name}",\n  "version": "${pick(name, 1, 5)}.${pick(`${name}.`, 0, 20)}.0",\n  "license": "MIT"\n}\n`);
    for (const f of files) b.file(`${nm}/${name}/${f}`, f.endsWith('.js') ? `'use strict';\n// ${name}/${f}\nmodule.exports = function ${name.replace(/\W/g, '_')}() {};\n${noise(`${name}/${f}`, pick(f, 200, 3000)).toString('base64')}\n` : `${name} ${f}\n`);
  }
  b.link(`${nm}/.bin/mime`, '../mime/cli.js');
  b.file(`${nm}/.package-lock.json`, '{\n  "name": "webapp",\n  "lockfileVersion": 2\n}\n');
  b.file(`${wa}/package-lock.json`, '{\n  "name": "webapp",\n  "version": "0.1.0",\n  "lockfileVersion": 2\n}\n');

  // --- A Maven project, 2013: target/ beside pom.xml is a build output.
  const inv = DEMO_PLACES.inventory;
  b.stamp(inv, '2013-04-03');
  b.file(`${inv}/pom.xml`, '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.example</groupId>\n  <artifactId>inventory</artifactId>\n  <version>1.0</version>\n</project>\n');
  const classes = ['App', 'Item', 'Inventory', 'Report'];
  for (const c of classes) {
    b.file(`${inv}/src/main/java/com/example/inventory/${c}.java`, `package com.example.inventory;\n\npublic class ${c} {\n    public static void main(String[] args) {\n        System.out.println("${c}");\n    }\n}\n`);
    b.file(`${DEMO_PLACES.javaTarget}/classes/com/example/inventory/${c}.class`, javaClass(c));
  }
  b.file(`${inv}/src/test/java/com/example/inventory/AppTest.java`, 'package com.example.inventory;\n\npublic class AppTest {}\n');
  b.file(`${DEMO_PLACES.javaTarget}/test-classes/com/example/inventory/AppTest.class`, javaClass('AppTest'));
  b.file(`${DEMO_PLACES.javaTarget}/inventory-1.0.jar`, jar('inventory', 14000));
  b.file(`${DEMO_PLACES.javaTarget}/maven-archiver/pom.properties`, 'version=1.0\ngroupId=com.example\nartifactId=inventory\n');
  b.file(`${DEMO_PLACES.javaTarget}/maven-status/maven-compiler-plugin/compile/default-compile/createdFiles.lst`, classes.map((c) => `com/example/inventory/${c}.class`).join('\n'));

  // --- Old archive folder (the seed's projects_archive_from_12.04): backup-editor leftovers,
  // a build/ with no marker (decoy), an empty folder, and a name that is not UTF-8.
  const old = 'archive/other/projects_archive_from_12.04';
  b.stamp(old, '2012-04-26');
  b.file(`${old}/notes.txt`, 'Things to keep from the 12.04 laptop:\n- thesis drafts\n- scripts\n');
  b.file(`${old}/notes.txt~`, 'Things to keep from the 12.04 laptop:\n- thesis drafts\n');
  b.file(`${old}/scripts/backup.sh`, '#!/bin/sh\nrsync -a ~/ /media/usb/backup/\n');
  b.file(`${old}/scripts/.backup.sh.swp`, noise('swap', 4096));
  b.file(`${DEMO_PLACES.unmarkedBuild}/thesis-draft-3.pdf`, Buffer.concat([Buffer.from('%PDF-1.4\n'), noise('thesis', 30000)]));
  b.dir(DEMO_PLACES.emptyDir);
  try {
    // Latin-1 "résumé.txt", as an old Windows or FTP copy left it. Some file systems refuse such names.
    fs.writeFileSync(Buffer.concat([Buffer.from(`${b.root}/${old}/r`), Buffer.from([0xe9]), Buffer.from('sum'), Buffer.from([0xe9]), Buffer.from('.txt')]), 'CV, 2012\n');
  } catch { /* not on this file system */ }

  // --- Photos. Two camera dumps with the same names and sizes, different pictures (the seed's
  // name-only method calls them duplicates; they are not).
  const [dumpA, dumpB] = DEMO_PLACES.cameraDumps;
  for (let k = 1; k <= 12; k++) {
    const name = `IMG_${String(k).padStart(4, '0')}.JPG`;
    const size = pick(`dump ${k}`, 30_000, 60_000);
    b.file(`${dumpA}/${name}`, jpeg('Canon PowerShot A570 IS', `2008-07 ${k}`, size), `2008-07-${String(k).padStart(2, '0')}T10:00:00Z`);
    b.file(`${dumpB}/${name}`, jpeg('Canon PowerShot A570 IS', `2009-03 ${k}`, size), `2009-03-${String(k).padStart(2, '0')}T10:00:00Z`);
  }
  b.file(`${dumpA}/._IMG_0001.JPG`, Buffer.concat([Buffer.from([0, 5, 0x16, 7]), noise('appledouble', 4092)]));
  b.hardlink(DEMO_PLACES.hardlink, `${dumpA}/IMG_0005.JPG`);

  // One holiday in three places: two under different parents, one under its own name.
  // Only the first has a .DS_Store (a copy browsed on a Mac); otherwise identical.
  const christmas = Array.from({ length: 8 }, (_, k) => ({
    name: `DSC0${String(1201 + k)}.JPG`,
    bytes: jpeg('NIKON D40', `christmas ${k}`, pick(`christmas ${k}`, 40_000, 70_000)),
    when: `2008-12-${String(24 + (k % 3)).padStart(2, '0')}T18:00:00Z`,
  }));
  for (const dir of DEMO_PLACES.christmasCopies) for (const p of christmas) b.file(`${dir}/${p.name}`, p.bytes, p.when);
  b.file(`${DEMO_PLACES.christmasCopies[0]}/.DS_Store`, dsStore('christmas'), '2010-01-05');

  // A folder and its near-copy on the laptop backup: two pictures missing, one edited.
  const summer = Array.from({ length: 10 }, (_, k) => ({
    name: `P10${String(100 + k)}.JPG`,
    bytes: jpeg('Panasonic DMC-TZ5', `summer ${k}`, pick(`summer ${k}`, 35_000, 65_000)),
    when: `2010-07-${String(10 + k).padStart(2, '0')}T12:00:00Z`,
  }));
  for (const p of summer) b.file(`${DEMO_PLACES.summer}/${p.name}`, p.bytes, p.when);
  b.file(`${DEMO_PLACES.summer}/Thumbs.db`, thumbsDb('summer'), '2011-01-02');
  for (const [k, p] of summer.entries()) {
    if (k === 3 || k === 7) continue;
    const edited = k === 5 ? jpeg('Panasonic DMC-TZ5', 'summer 5 cropped', p.bytes.length - 4_000) : p.bytes;
    b.file(`${DEMO_PLACES.summerNearCopy}/${p.name}`, edited, k === 5 ? '2011-02-14T20:00:00Z' : p.when);
  }

  // Decoy: a folder named target/ that is archery, not a build output.
  for (let k = 1; k <= 4; k++) b.file(`${DEMO_PLACES.archeryTarget}/target_${k}.jpg`, jpeg('Canon PowerShot A570 IS', `archery ${k}`, pick(`archery ${k}`, 20_000, 40_000)), '2015-06-20');
  b.file('hobbies/archery/scores.csv', 'date,arrows,score\n2015-06-20,36,301\n', '2015-06-21');

  // Two videos with the same name and size and the same first 64 KiB: only a full hash tells them apart.
  const head = noise('video head', 64 * 1024);
  const [vidA, vidB] = DEMO_PLACES.videoTwins;
  b.file(vidA, Buffer.concat([head, noise('video 2011', 150_000)]), '2011-08-01');
  b.file(vidB, Buffer.concat([head, noise('video 2012', 150_000)]), '2012-08-01');

  // --- A backed-up Linux system: etc/ and var/ are cruft to report, never to remove by default.
  const lx = DEMO_PLACES.linuxBackup;
  b.stamp(lx, '2012-10-01');
  b.file(`${lx}/etc/passwd`, 'root:x:0:0:root:/root:/bin/bash\nsam:x:1000:1000:Sam,,,:/home/sam:/bin/bash\n');
  b.file(`${lx}/etc/fstab`, 'UUID=1234-abcd / ext4 errors=remount-ro 0 1\n');
  b.file(`${lx}/etc/hosts`, '127.0.0.1\tlocalhost\n127.0.1.1\tpangolin\n');
  b.file(`${lx}/var/log/syslog`, 'Oct  1 09:00:01 pangolin CRON[1234]: (root) CMD (run-parts /etc/cron.hourly)\n');
  b.file(`${lx}/var/log/dpkg.log`, '2012-09-30 12:00:00 startup archives unpack\n');
  b.file(`${lx}/var/lib/dpkg/status`, 'Package: bash\nStatus: install ok installed\n');
}
