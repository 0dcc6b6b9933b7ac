// Paths as rummage holds and shows them: joined as strings, or as Buffers
// when a name is not valid UTF-8; in JSON with their exact bytes beside them;
// on screen as `<archive name>/relative/path`.

const SLASH = Buffer.from('/');

/** `dir/name`: a string when both are strings, else the exact bytes. */
export function joinPath(dir: string, name: string): string;
export function joinPath(dir: Buffer, name: string | Buffer): Buffer;
export function joinPath(dir: string | Buffer, name: Buffer): Buffer;
export function joinPath(dir: string | Buffer, name: string | Buffer): string | Buffer;
export function joinPath(dir: string | Buffer, name: string | Buffer): string | Buffer {
  if (typeof dir === 'string' && typeof name === 'string') return `${dir}/${name}`;
  return Buffer.concat([typeof dir === 'string' ? Buffer.from(dir) : dir, SLASH, typeof name === 'string' ? Buffer.from(name) : name]);
}

/** The JSON form of a path: `{path}`, plus `pathBytes` (the exact bytes, base64) when they are not valid UTF-8; `path` then holds U+FFFD for them. */
export interface PathJson {
  readonly path: string;
  readonly pathBytes?: string;
}

/** `{path, pathBytes}` for a path's raw bytes that are not valid UTF-8. */
export function rawPathJson(raw: Buffer): Required<PathJson> {
  return { path: raw.toString('utf8'), pathBytes: raw.toString('base64') };
}

/** `{path}` for bytes that are valid UTF-8, else `{path, pathBytes}`: the JSON form of any path's bytes. */
export function pathJson(bytes: Buffer): PathJson {
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? { path: text } : rawPathJson(bytes);
}

/** A record's path fields alone (a journal line's, an item's): `{path}` or `{path, pathBytes}`. */
export function pathOf(x: PathJson): PathJson {
  return x.pathBytes === undefined ? { path: x.path } : { path: x.path, pathBytes: x.pathBytes };
}

/** `<archive name>/relative/path`, as every result shows paths; the name alone for the root. */
export function displayPath(archiveName: string, rel: string): string {
  return rel === '' ? archiveName : `${archiveName}/${rel}`;
}
