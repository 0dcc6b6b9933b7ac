// What kinds of files the archive holds: images, videos, audio, documents and
// the rest, by extension, and the largest files.
import { checkOptions, opt, printable, type Printable, type Given } from '../shared/index.ts';
import type { Catalog } from '../catalog/index.ts';
import { checkCancel, UsageError } from '../errors.ts';
import { find, FIND_OPTIONS, suffix } from '../query/index.ts';
import { num, size, table } from '../format.ts';
import { defineHelper, type ArchiveCore } from '../registry.ts';
import { Selection } from '../query/index.ts';

export type MediaCategory = 'images' | 'videos' | 'audio' | 'documents' | 'other';
export const MEDIA_CATEGORIES: readonly MediaCategory[] = ['images', 'videos', 'audio', 'documents', 'other'];

// Camera raw formats and editors' own formats (.xcf, .psd) count as images:
// the seed's list was ['.jpg', '.mp4', '.xcf', '.avi'].
const BY_CATEGORY: Readonly<Record<Exclude<MediaCategory, 'other'>, readonly string[]>> = {
  images: ['jpg', 'jpeg', 'jpe', 'png', 'gif', 'bmp', 'tif', 'tiff', 'webp', 'heic', 'heif', 'avif', 'jxl', 'svg', 'ico', 'xcf', 'psd', 'raw', 'cr2', 'cr3', 'crw', 'nef', 'nrw', 'arw', 'orf', 'rw2', 'dng', 'raf', 'srw', 'pef', 'x3f'],
  videos: ['mp4', 'm4v', 'mov', 'avi', 'mkv', 'wmv', 'flv', 'webm', 'mpg', 'mpeg', 'm2ts', 'mts', '3gp', '3g2', 'vob', 'ogv', 'dv', 'asf'],
  audio: ['mp3', 'wav', 'flac', 'aac', 'm4a', 'ogg', 'oga', 'opus', 'wma', 'aif', 'aiff', 'alac', 'mid', 'midi', 'amr', 'ape'],
  documents: ['pdf', 'doc', 'docx', 'odt', 'rtf', 'txt', 'md', 'tex', 'xls', 'xlsx', 'ods', 'csv', 'ppt', 'pptx', 'odp', 'pages', 'numbers', 'key', 'epub', 'djvu'],
};

const CATEGORY_OF = new Map<string, MediaCategory>();
for (const [cat, exts] of Object.entries(BY_CATEGORY)) for (const e of exts) CATEGORY_OF.set(`.${e}`, cat as MediaCategory);

/** The category of an extension such as `.JPG` (case-insensitive); `other` when unknown. */
export function mediaCategory(ext: string): MediaCategory {
  return CATEGORY_OF.get(ext.toLowerCase()) ?? 'other';
}

/** media()'s and biggest()'s options: what MEDIA_OPTIONS declares. */
export type MediaOptions = Given<typeof MEDIA_OPTIONS>;

/** media()'s and biggest()'s options, declared once (find()'s own, so both read the same). */
export const MEDIA_OPTIONS = {
  ext: FIND_OPTIONS.ext,
  under: FIND_OPTIONS.under,
  exclude: opt.strings("globs left out with everything below them: ['.git']"),
};

/** Files, unique base names (a lower bound on unique files) and bytes. */
export interface MediaCount {
  readonly files: number;
  readonly uniqueNames: number;
  readonly bytes: number;
}

export interface MediaRow extends MediaCount {
  readonly category: MediaCategory;
}

export interface MediaExtRow extends MediaRow {
  /** Lower-cased, with the dot; '' for files without one. */
  readonly ext: string;
}

export interface MediaData {
  readonly total: MediaCount;
  /** One row per category, in the order images, videos, audio, documents, other; empty ones left out. */
  readonly categories: readonly MediaRow[];
  /** One row per extension, most files first. */
  readonly extensions: readonly MediaExtRow[];
}

/** What media() returns: the data, a table when printed, and `json()` for --json. */
export type MediaResult = Printable<MediaData, MediaData>;

/** Rows of the by-extension table the human view shows. */
const EXT_ROWS = 15;

class Tally {
  files = 0;
  bytes = 0;
  readonly names = new Set<number>();
  add(nameId: number, bytes: number): void {
    this.files++;
    this.bytes += bytes;
    this.names.add(nameId);
  }
  count(): MediaCount {
    return { files: this.files, uniqueNames: this.names.size, bytes: this.bytes };
  }
}

/** Counts files by extension, sorted into images, videos, audio, documents and other (examples: the registry entry below). */
export function media(cat: Catalog, archiveName: string, options: MediaOptions = {}, signal?: AbortSignal): MediaResult {
  checkOptions('media', MEDIA_OPTIONS, options);
  const files = find(cat, archiveName, { ...options, files: true, signal });
  const byCat = new Map<MediaCategory, Tally>();
  const byExt = new Map<string, Tally>();
  const total = new Tally();
  // Perf: an extension per name id, worked out once; a million files share far fewer names.
  const extOf: (string | undefined)[] = new Array(cat.names.length);
  const { indices } = files;
  for (let k = 0; k < indices.length; k++) {
    if ((k & 0xffff) === 0) checkCancel(signal);
    const i = indices[k]!;
    const id = cat.nameId[i]!;
    const ext = (extOf[id] ??= suffix(cat.names[id]!).toLowerCase());
    const bytes = cat.size[i]!;
    let t = byExt.get(ext);
    if (t === undefined) byExt.set(ext, (t = new Tally()));
    t.add(id, bytes);
    const c = mediaCategory(ext);
    let ct = byCat.get(c);
    if (ct === undefined) byCat.set(c, (ct = new Tally()));
    ct.add(id, bytes);
    total.add(id, bytes);
  }
  const categories = MEDIA_CATEGORIES.flatMap((c) => {
    const t = byCat.get(c);
    return t === undefined ? [] : [{ category: c, ...t.count() }];
  });
  const extensions = [...byExt].map(([ext, t]) => ({ ext, category: mediaCategory(ext), ...t.count() }))
    .sort((a, b) => b.files - a.files || b.bytes - a.bytes || (a.ext < b.ext ? -1 : 1));
  return printable({ total: total.count(), categories, extensions }, showMedia, (d) => ({ ...d }));
}

function showMedia(r: MediaData): string {
  if (r.total.files === 0) return 'No files match.';
  const cats = table(
    [...r.categories.map((c) => [c.category, c.files, c.uniqueNames, size(c.bytes)]), ['total', r.total.files, r.total.uniqueNames, size(r.total.bytes)]],
    { head: ['category', 'files', 'unique names', 'bytes'], right: [1, 2, 3] },
  );
  const exts = table(
    r.extensions.slice(0, EXT_ROWS).map((e) => [e.ext === '' ? '(none)' : e.ext, e.category, e.files, e.uniqueNames, size(e.bytes)]),
    { head: ['extension', 'category', 'files', 'unique names', 'bytes'], right: [2, 3, 4] },
  );
  const more = r.extensions.length > EXT_ROWS ? `\n… and ${num(r.extensions.length - EXT_ROWS)} more extensions` : '';
  return `${cats}\n${exts}${more}`;
}

export type BiggestOptions = MediaOptions;

/** The `n` largest regular files, largest first (examples: the registry entry below). */
export function biggest(cat: Catalog, archiveName: string, n = 10, options: BiggestOptions = {}, signal?: AbortSignal): Selection {
  checkOptions('biggest', MEDIA_OPTIONS, options);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`biggest(n): n must be a whole number of files such as 20, not ${JSON.stringify(n)}`);
  const files = find(cat, archiveName, { ...options, files: true, signal });
  const { indices } = files;
  const sizes = cat.size;
  // Perf: keep only a sorted top-n (smallest last) instead of sorting every file.
  const top: number[] = [];
  let floor = -1;
  for (let k = 0; k < indices.length; k++) {
    if ((k & 0xffff) === 0) checkCancel(signal);
    const i = indices[k]!;
    const s = sizes[i]!;
    if (top.length === n && s <= floor) continue;
    let at = top.length;
    while (at > 0 && sizes[top[at - 1]!]! < s) at--;
    top.splice(at, 0, i);
    if (top.length > n) top.pop();
    floor = sizes[top[top.length - 1]!]!;
  }
  return new Selection(cat, Uint32Array.from(top), archiveName);
}

/** media() and biggest(), bound to an archive. */
export const mediaHelpers = [
  defineHelper({
    name: 'media',
    group: 'look',
    summary: 'how many image, video, audio and document files: files, unique names and bytes by extension',
    example: "media()  media({ext: ['.jpg', '.mp4', '.xcf', '.avi']})",
    options: MEDIA_OPTIONS,
    bind: (a: ArchiveCore) => (options?: MediaOptions): MediaResult => media(a.catalog, a.name, options, a.signal),
  }),
  defineHelper({
    name: 'biggest',
    group: 'look',
    summary: 'the largest files, largest first',
    example: "biggest(20)  biggest(10, {ext: ['.mp4']})",
    args: { '(n)': 'how many files (default 10)' },
    options: MEDIA_OPTIONS,
    bind: (a: ArchiveCore) => (n?: number, options?: BiggestOptions): Selection => biggest(a.catalog, a.name, n, options, a.signal),
  }),
] as const;
