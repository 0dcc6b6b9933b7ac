// Run by the scale section in a fresh process: builds an index of N entries
// in memory, rows generated rather than read from disk, in the shape of the
// synthetic archive (drives of Python and node projects with venvs, git
// objects and camera dumps), then measures its memory, count(), find() and
// groupDupes()' shape pass. Prints JSON.
// Usage: node --expose-gc --import tsx test/bench/_synthetic.ts N
import { performance } from 'node:perf_hooks';
import { Catalog } from '../../lib/catalog/catalog.ts';
import { Columns } from '../../lib/catalog/columns.ts';
import { NameTable } from '../../lib/catalog/names.ts';
import { find } from '../../lib/query/index.ts';
import { shapes } from '../../lib/dupes/signature.ts';
import { DIR, FILE } from '../../lib/types.ts';

export interface SyntheticResult {
  readonly entries: number;
  readonly uniqueNames: number;
  readonly buildMs: number;
  /** Bytes of the index's typed-array columns (every row's fields, subtree totals, removal marks). */
  readonly columnBytes: number;
  /** JS heap the index added (the names and their lookup table), after a full GC. */
  readonly heapBytes: number;
  /** Resident memory the build added, after a full GC. */
  readonly rssDelta: number;
  /** Resident memory of the whole process after a full GC, Node and tsx included. */
  readonly rss: number;
  readonly countMs: number;
  readonly findGlobMs: number;
  readonly findGlobFound: number;
  readonly findExtMs: number;
  readonly shapeMs: number;
  readonly shapeGroups: number;
}

interface Node {
  readonly name: string;
  readonly kind: number;
  readonly size: number;
  readonly kids?: () => Node[];
}

const file = (name: string, size: number): Node => ({ name, kind: FILE, size });
const dir = (name: string, kids: () => Node[]): Node => ({ name, kind: DIR, size: 4096, kids });
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

const PY = ['__init__.py', 'models.py', 'views.py', 'utils.py', 'config.py', 'cli.py', 'tests.py'];
const LIBS = ['requests', 'urllib3', 'idna', 'chardet', 'certifi', 'six', 'pytz', 'dateutil', 'jinja2', 'markupsafe'];

function python(seed: number): Node[] {
  const venv = `project_${seed}_env`;
  return [
    file('setup.py', 300), file('README.md', 1200),
    dir('pkg', () => [...PY.map((f, i) => file(f, 200 + ((seed * 31 + i * 97) % 3000))), dir('__pycache__', () => PY.map((f, i) => file(f.replace('.py', '.cpython-38.pyc'), 300 + ((seed + i * 13) % 2000))))]),
    dir(venv, () => [file('pyvenv.cfg', 120), dir('bin', () => [file('activate', 2100)]), dir('lib', () => [dir('python3.8', () => [dir('site-packages', () => LIBS.map((lib) => dir(lib, () => [
      ...range(40, (i) => file(`mod${i}.py`, 400 + ((i * 131) % 4000))),
      dir('__pycache__', () => range(40, (i) => file(`mod${i}.cpython-38.pyc`, 300 + ((i * 71) % 3000)))),
    ])))])])]),
    git(seed),
  ];
}

function git(seed: number): Node {
  const buckets = new Map<string, Node[]>();
  for (let i = 0; i < 60; i++) {
    const b = ((seed * 37 + i * 11) % 256).toString(16).padStart(2, '0');
    if (!buckets.has(b)) buckets.set(b, []);
    buckets.get(b)!.push(file((seed * 1_000_003 + i).toString(16).padStart(38, '0'), 150 + ((i * 37) % 900)));
  }
  return dir('.git', () => [file('HEAD', 23), file('config', 92), dir('objects', () => [...buckets].map(([b, fs]) => dir(b, () => fs)))]);
}

function nodeProject(): Node[] {
  return [file('package.json', 400), file('index.js', 1500), dir('node_modules', () => range(30, (p) => dir(`pkg-${p}`, () => [file('package.json', 500), ...range(8, (i) => file(`file${i}.js`, 200 + i * 300))])))];
}

function drive(d: number): Node {
  return dir(`drive_${String(d).padStart(2, '0')}`, () => [
    dir('projects', () => range(12, (p) => {
      const seed = d * 100 + p;
      return dir(`project_${seed}`, () => (p % 3 === 2 ? [...nodeProject(), git(seed)] : python(seed)));
    })),
    dir('photos', () => range(6, (k) => {
      const own = d * 2 + (k % 2);
      const id = k < 2 ? own : Math.max(0, own - 2 - (k % 3));
      return dir(k < 2 ? `dump_${id}` : `copy of dump_${id} (${k})`, () => [dir('DCIM', () => [dir('100CANON', () => range(150, (i) => file(`IMG_${String(i + 1).padStart(4, '0')}.JPG`, 8000 + (((i + 1) * 7717) % 32000))))])]);
    })),
  ]);
}

/** Lays the generated tree into columns as a scan would: each folder's children in one block, parents first. */
export function buildSynthetic(entries: number): Catalog {
  const cols = new Columns();
  const names = new NameTable();
  cols.alloc(1);
  cols.kind[0] = DIR;
  const stack: { row: number; kids: () => Node[] }[] = [{ row: 0, kids: () => range(Math.ceil(entries / 5_000) + 1, drive) }];
  let left = entries;
  const t0 = 1.6e12;
  while (stack.length > 0 && left > 0) {
    const { row, kids } = stack.pop()!;
    const all = kids();
    const list = all.length > left ? all.slice(0, left) : all;
    left -= list.length;
    const base = cols.alloc(list.length);
    cols.firstChild[row] = base;
    cols.childCount[row] = list.length;
    for (let k = 0; k < list.length; k++) {
      const node = list[k]!;
      const i = base + k;
      cols.parent[i] = row;
      cols.kind[i] = node.kind;
      cols.size[i] = node.size;
      cols.mtime[i] = t0 + i * 1000;
      cols.ctime[i] = t0 + i * 1000;
      cols.dev[i] = 1;
      cols.ino[i] = i + 2;
      cols.nlink[i] = 1;
      cols.nameId[i] = names.id(node.name);
      if (node.kids !== undefined) stack.push({ row: i, kids: node.kids });
    }
  }
  return new Catalog('/synthetic', cols, names, []);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1_000_000);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('run with node --expose-gc');
  gc();
  const m0 = process.memoryUsage();
  let t = performance.now();
  const cat = buildSynthetic(n);
  const buildMs = performance.now() - t;
  gc();
  const m1 = process.memoryUsage();
  const time = <T>(f: () => T): [T, number] => {
    const s = performance.now();
    const v = f();
    return [v, performance.now() - s];
  };
  const [, countMs] = time(() => cat.counts());
  const [glob, findGlobMs] = time(() => find(cat, 'synthetic', '**/*.JPG'));
  const [, findExtMs] = time(() => find(cat, 'synthetic', { ext: ['.jpg', '.mp4'] }));
  // groupDupes()' first pass: shape signatures from the index alone, then folders grouped by them.
  t = performance.now();
  const sh = shapes(cat, new Uint8Array(cat.length));
  const groups = new Map<string, number>();
  for (let i = 1; i < cat.length; i++) {
    if (cat.kind[i] !== DIR || sh.files[i] === 0) continue;
    const key = `${sh.a[i]}:${sh.b[i]}`;
    groups.set(key, (groups.get(key) ?? 0) + 1);
  }
  let shapeGroups = 0;
  for (const v of groups.values()) if (v > 1) shapeGroups++;
  const shapeMs = performance.now() - t;
  const result: SyntheticResult = {
    entries: cat.length - 1,
    uniqueNames: cat.names.length,
    buildMs,
    columnBytes: [cat.parent, cat.kind, cat.size, cat.mtime, cat.ctime, cat.dev, cat.ino, cat.nlink, cat.nameId, cat.firstChild, cat.childCount, cat.subBytes, cat.subEntries, cat.gone].reduce((s, a) => s + a.byteLength, 0),
    heapBytes: m1.heapUsed - m0.heapUsed,
    rssDelta: m1.rss - m0.rss,
    rss: m1.rss,
    countMs,
    findGlobMs,
    findGlobFound: glob.length,
    findExtMs,
    shapeMs,
    shapeGroups,
  };
  console.log(JSON.stringify(result));
}
