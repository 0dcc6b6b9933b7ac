// Fresh temp trees for filesystem tests, described as plain objects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

/**
 * A tree spec: a string is a file's content, a Buffer its exact bytes, an
 * object a folder, `{symlink: target}` a link (never followed by rummage).
 */
export type Spec = { readonly [name: string]: string | Buffer | Spec | { readonly symlink: string } };

function isLink(v: unknown): v is { symlink: string } {
  return typeof v === 'object' && v !== null && !Buffer.isBuffer(v) && typeof (v as { symlink?: unknown }).symlink === 'string' && Object.keys(v).length === 1;
}

/** Writes `spec` under `dir`. */
export function write(dir: string, spec: Spec): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const [name, v] of Object.entries(spec)) {
    const p = path.join(dir, name);
    if (typeof v === 'string' || Buffer.isBuffer(v)) {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, v);
    } else if (isLink(v)) fs.symlinkSync(v.symlink, p);
    else write(p, v as Spec);
  }
}

/** A new temp folder holding `spec`, removed after the test file's tests. */
export function tree(spec: Spec = {}, prefix = 'rummage-test-'): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  write(root, spec);
  // Retries: a browser or child process may still be writing its last files there.
  after(() => fs.rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }));
  return root;
}

/** Every entry below `root` with kind, bytes (sha-free, exact), mode, mtime and link target: for byte-identical checks. */
export function snapshot(root: string | Buffer): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: Buffer, rel: string): void => {
    for (const name of fs.readdirSync(dir, { encoding: 'buffer' })) {
      const p = Buffer.concat([dir, Buffer.from('/'), name]);
      const r = rel === '' ? name.toString('latin1') : `${rel}/${name.toString('latin1')}`;
      const st = fs.lstatSync(p);
      const meta = `${st.mode.toString(8)} ${Math.floor(st.mtimeMs)}`;
      if (st.isSymbolicLink()) out.set(r, `link ${fs.readlinkSync(p, { encoding: 'buffer' }).toString('latin1')} ${meta}`);
      else if (st.isDirectory()) {
        out.set(r, `dir ${meta}`);
        walk(p, r);
      } else if (st.isFile()) out.set(r, `file ${fs.readFileSync(p).toString('base64')} ${meta}`);
      else out.set(r, `other ${meta}`);
    }
  };
  walk(Buffer.isBuffer(root) ? root : Buffer.from(root), '');
  return out;
}
