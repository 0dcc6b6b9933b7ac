// Contents for the demo archive: deterministic bytes that look like the real
// thing to anything that sniffs a header (JPEG, .pyc, .class, Thumbs.db, …),
// and a minimal git object store for machines without git.
import { createCipheriv, createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { lazyBuiltin } from '../shared/index.ts';

const zlib = lazyBuiltin<typeof import('node:zlib')>('node:zlib');

/** `n` pseudo-random bytes, always the same for the same seed (AES-CTR over zeros). */
export function noise(seed: string, n: number): Buffer {
  const key = createHash('sha256').update(seed).digest().subarray(0, 16);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(n));
}

/** A number in [min, max) derived from the seed. */
export function pick(seed: string, min: number, max: number): number {
  return min + (createHash('sha256').update(seed).digest().readUInt32BE(0) % (max - min));
}

/**
 * A JPEG-looking picture of `size` bytes: SOI, a JFIF/EXIF header naming the
 * camera, `body` bytes, EOI. Two pictures with the same camera and size but
 * different bodies differ only in the middle (the camera-dump trap).
 */
export function jpeg(camera: string, body: string, size: number): Buffer {
  const head = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe1]),
    Buffer.from(`Exif\0\0MM\0*${camera}\0`, 'latin1'),
    noise(`header ${camera}`, 480),
  ]);
  const tail = Buffer.from([0xff, 0xd9]);
  return Buffer.concat([head, noise(body, Math.max(0, size - head.length - tail.length)), tail]);
}

/** A CPython 3.x .pyc (magic for 3.11) or, with `py2`, a 2.7 one. */
export function pyc(seed: string, py2 = false): Buffer {
  const magic = py2 ? Buffer.from([0x03, 0xf3, 0x0d, 0x0a]) : Buffer.from([0xa7, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0]);
  return Buffer.concat([magic, noise(`pyc ${seed}`, pick(seed, 300, 2400))]);
}

/** A Java .class file header and body. */
export function javaClass(seed: string): Buffer {
  return Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), noise(`class ${seed}`, pick(seed, 600, 3000))]);
}

/** A zip-looking archive (a .jar). */
export function jar(seed: string, size: number): Buffer {
  return Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise(`jar ${seed}`, size - 4)]);
}

/** Windows' thumbnail cache: an OLE compound file header and noise. */
export function thumbsDb(seed: string): Buffer {
  return Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(`thumbs ${seed}`, pick(seed, 4000, 12000))]);
}

/** Finder's folder settings: the "Bud1" buddy-allocator header and noise. */
export function dsStore(seed: string): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]), noise(`ds ${seed}`, 6136)]);
}

/** Plausible Python source for a module. */
export function pythonSource(module: string): string {
  const n = pick(module, 2, 6);
  const fns = Array.from({ length: n }, (_, k) => `def ${module.replace(/\W/g, '_')}_${k}(value, *args, **kwargs):\n    """Step ${k} of ${module}."""\n    return value\n`);
  return `"""${module}"""\nimport os\nimport sys\n\n\n${fns.join('\n\n')}`;
}

/** The base64url sha256 that pip writes in a dist-info RECORD. */
export function recordHash(data: string | Buffer): string {
  return `sha256=${createHash('sha256').update(data).digest('base64url')}`;
}

function gitObject(objects: string, type: string, body: Buffer): Buffer {
  const data = Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body]);
  const id = createHash('sha1').update(data).digest();
  const hex = id.toString('hex');
  const file = path.join(objects, hex.slice(0, 2), hex.slice(2));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, zlib().deflateSync(data));
  return id;
}

/**
 * Writes `.git` for `dir` by hand: loose blob, tree and commit objects for the
 * given files, and `main` pointing at the commit. Used when git is not
 * installed; `git log` and `git fsck` accept the result.
 */
export function writeGitStore(dir: string, files: readonly string[], message: string, when: Date): void {
  const git = path.join(dir, '.git');
  const objects = path.join(git, 'objects');
  type Tree = Map<string, Tree | Buffer>;
  const root: Tree = new Map();
  for (const rel of files) {
    const parts = rel.split('/');
    let at = root;
    for (const p of parts.slice(0, -1)) {
      if (!at.has(p)) at.set(p, new Map());
      at = at.get(p) as Tree;
    }
    at.set(parts.at(-1)!, gitObject(objects, 'blob', fs.readFileSync(path.join(dir, rel))));
  }
  const writeTree = (t: Tree): Buffer => {
    // git sorts tree entries by name, with a folder compared as `name/`.
    const entries = [...t].map(([name, v]) => ({ name, v, key: v instanceof Map ? `${name}/` : name }));
    entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const body = Buffer.concat(entries.map(({ name, v }) => {
      const id = v instanceof Map ? writeTree(v) : v;
      return Buffer.concat([Buffer.from(`${v instanceof Map ? '40000' : '100644'} ${name}\0`), id]);
    }));
    return gitObject(objects, 'tree', body);
  };
  const tree = writeTree(root).toString('hex');
  const stamp = `${Math.floor(when.getTime() / 1000)} +0000`;
  const who = 'Sam Archivist <sam@example.com>';
  const commit = gitObject(objects, 'commit', Buffer.from(`tree ${tree}\nauthor ${who} ${stamp}\ncommitter ${who} ${stamp}\n\n${message}\n`));
  fs.mkdirSync(path.join(git, 'refs', 'heads'), { recursive: true });
  fs.mkdirSync(path.join(git, 'refs', 'tags'), { recursive: true });
  fs.mkdirSync(path.join(git, 'info'), { recursive: true });
  fs.writeFileSync(path.join(git, 'HEAD'), 'ref: refs/heads/main\n');
  fs.writeFileSync(path.join(git, 'config'), '[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n');
  fs.writeFileSync(path.join(git, 'description'), "Unnamed repository; edit this file 'description' to name the repository.\n");
  fs.writeFileSync(path.join(git, 'info', 'exclude'), '# git ls-files --others --exclude-from=.git/info/exclude\n');
  fs.writeFileSync(path.join(git, 'refs', 'heads', 'main'), `${commit.toString('hex')}\n`);
}
