// A synthetic archive for the benchmarks: old drives holding Python projects
// (with venvs and __pycache__), node projects, git repositories and camera
// dumps, some of them copied onto two or three drives. Deterministic for a
// given entry count, and reused when it already exists.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface SynthInfo {
  readonly root: string;
  readonly entries: number;
  readonly files: number;
  readonly bytes: number;
}

// Perf: one random pool, sliced per file; a content id in the first bytes
// makes contents differ, and the same id always gives the same bytes.
const POOL = Buffer.alloc(1 << 22);
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
{
  const r = mulberry32(7);
  for (let i = 0; i < POOL.length; i += 4) POOL.writeUInt32LE((r() * 4294967296) >>> 0, i);
}

function content(id: number, size: number): Buffer {
  const off = (id * 7919) % (POOL.length - size - 16);
  const b = Buffer.allocUnsafe(size);
  POOL.copy(b, 0, off, off + size);
  if (size >= 8) b.writeDoubleLE(id, 0);
  return b;
}

class Writer {
  entries = 0;
  files = 0;
  bytes = 0;
  constructor(readonly budget: number) {}
  get full(): boolean { return this.entries >= this.budget; }
  dir(p: string): void {
    fs.mkdirSync(p, { recursive: true });
    this.entries++;
  }
  file(p: string, id: number, size: number): void {
    fs.writeFileSync(p, content(id, size));
    this.entries++;
    this.files++;
    this.bytes += size;
  }
}

const PY_FILES = ['__init__.py', 'models.py', 'views.py', 'utils.py', 'config.py', 'cli.py', 'tests.py'];

function pythonProject(w: Writer, dir: string, seed: number, rnd: () => number): void {
  w.dir(dir);
  w.file(path.join(dir, 'setup.py'), seed * 100 + 1, 300);
  w.file(path.join(dir, 'README.md'), seed * 100 + 2, 1200);
  const pkg = path.join(dir, 'pkg');
  w.dir(pkg);
  const cache = path.join(pkg, '__pycache__');
  w.dir(cache);
  for (const [i, f] of PY_FILES.entries()) {
    w.file(path.join(pkg, f), seed * 100 + 10 + i, 200 + Math.floor(rnd() * 3000));
    w.file(path.join(cache, f.replace('.py', '.cpython-38.pyc')), seed * 100 + 30 + i, 300 + Math.floor(rnd() * 2000));
  }
  // A backed-up virtualenv: the bulk of every old project.
  const venv = path.join(dir, `${path.basename(dir)}_env`);
  w.dir(venv);
  w.file(path.join(venv, 'pyvenv.cfg'), 5, 120);
  w.dir(path.join(venv, 'bin'));
  w.file(path.join(venv, 'bin', 'activate'), 6, 2100);
  const site = path.join(venv, 'lib', 'python3.8', 'site-packages');
  w.dir(path.join(venv, 'lib'));
  w.dir(path.join(venv, 'lib', 'python3.8'));
  w.dir(site);
  const libs = ['requests', 'urllib3', 'idna', 'chardet', 'certifi', 'six', 'pytz', 'dateutil', 'jinja2', 'markupsafe'];
  for (const lib of libs) {
    if (w.full) return;
    const ld = path.join(site, lib);
    w.dir(ld);
    const lc = path.join(ld, '__pycache__');
    w.dir(lc);
    // Library files are the same in every venv: duplicate files across projects.
    for (let i = 0; i < 40; i++) {
      const id = 1_000_000 + lib.length * 1000 + i;
      w.file(path.join(ld, `mod${i}.py`), id, 400 + ((i * 131) % 4000));
      w.file(path.join(lc, `mod${i}.cpython-38.pyc`), id + 500, 300 + ((i * 71) % 3000));
    }
  }
}

function gitRepo(w: Writer, dir: string, seed: number): void {
  const g = path.join(dir, '.git');
  w.dir(g);
  w.file(path.join(g, 'HEAD'), 9, 23);
  w.file(path.join(g, 'config'), 10, 92);
  const objects = path.join(g, 'objects');
  w.dir(objects);
  for (let i = 0; i < 60 && !w.full; i++) {
    const od = path.join(objects, ((seed * 37 + i * 11) % 256).toString(16).padStart(2, '0'));
    if (!fs.existsSync(od)) w.dir(od);
    w.file(path.join(od, `${(seed * 1_000_003 + i).toString(16).padStart(38, '0')}`), 2_000_000 + seed * 100 + i, 150 + ((i * 37) % 900));
  }
}

function cameraDump(w: Writer, dir: string, dumpId: number, photos: number): void {
  w.dir(dir);
  for (let i = 1; i <= photos && !w.full; i++) {
    const name = `IMG_${String(i).padStart(4, '0')}.JPG`;
    // Sizes repeat across dumps so that names and sizes alone can mislead.
    w.file(path.join(dir, name), 3_000_000 + dumpId * 10_000 + i, 8_000 + ((i * 7717) % 32_000));
  }
}

function nodeProject(w: Writer, dir: string, seed: number): void {
  w.dir(dir);
  w.file(path.join(dir, 'package.json'), seed * 100 + 3, 400);
  w.file(path.join(dir, 'index.js'), seed * 100 + 4, 1500);
  const nm = path.join(dir, 'node_modules');
  w.dir(nm);
  for (let p = 0; p < 30 && !w.full; p++) {
    const pd = path.join(nm, `pkg-${p}`);
    w.dir(pd);
    w.file(path.join(pd, 'package.json'), 4_000_000 + p * 10, 500);
    for (let i = 0; i < 8; i++) w.file(path.join(pd, `file${i}.js`), 4_000_000 + p * 10 + i + 1, 200 + i * 300);
  }
}

function fill(w: Writer, root: string): void {
  const rnd = mulberry32(42);
  let drive = 0;
  while (!w.full) {
    const d = path.join(root, `drive_${String(drive).padStart(2, '0')}`);
    w.dir(d);
    for (let p = 0; p < 12 && !w.full; p++) {
      const seed = drive * 100 + p;
      const proj = path.join(d, 'projects', `project_${seed}`);
      if (p === 0) w.dir(path.join(d, 'projects'));
      if (p % 3 === 2) nodeProject(w, proj, seed);
      else pythonProject(w, proj, seed, rnd);
      if (!w.full) gitRepo(w, proj, seed);
    }
    if (!w.full) w.dir(path.join(d, 'photos'));
    for (let k = 0; k < 6 && !w.full; k++) {
      // Every drive holds two dumps of its own and copies of the previous drive's dumps.
      const own = drive * 2 + (k % 2);
      const dumpId = k < 2 ? own : Math.max(0, own - 2 - (k % 3));
      const name = k < 2 ? `dump_${dumpId}` : `copy of dump_${dumpId} (${k})`;
      cameraDump(w, path.join(d, 'photos', name, 'DCIM', '100CANON'), dumpId, 150);
      w.entries += 2; // the two parent dirs made by mkdir -p above
    }
    drive++;
  }
}

/** Builds (or reuses) the synthetic archive of about `entries` entries. */
export function synthArchive(entries: number, base = os.tmpdir()): SynthInfo {
  const root = path.join(base, `rummage-bench-${entries}`);
  const stamp = path.join(base, `rummage-bench-${entries}.json`);
  if (fs.existsSync(stamp)) return JSON.parse(fs.readFileSync(stamp, 'utf8')) as SynthInfo;
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const w = new Writer(entries);
  fill(w, root);
  const info: SynthInfo = { root, entries: w.entries, files: w.files, bytes: w.bytes };
  fs.writeFileSync(stamp, JSON.stringify(info));
  return info;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const t = Date.now();
  console.log(synthArchive(n), `${((Date.now() - t) / 1000).toFixed(1)} s`);
}
