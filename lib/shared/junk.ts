// Files a Mac or Windows drops into any folder it browses: never content,
// never a sign of life. The duplicate finders ignore them; age() too.

/** Junk names, compared case-insensitively, plus AppleDouble `._*` files. */
export const JUNK_NAMES: ReadonlySet<string> = new Set(['.ds_store', 'thumbs.db', 'desktop.ini']);

export function isJunk(name: string): boolean {
  return name.startsWith('._') || JUNK_NAMES.has(name.toLowerCase());
}
