// A page to look at: the treemap, cruft, duplicate folders and media, in one HTML file.
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Writes one self-contained HTML report (treemap, cruft, duplicate groups, media) and prints its path.',
  options: { out: { type: 'string' }, 'no-dupes': { type: 'boolean', default: false }, open: { type: 'boolean', default: false } },
});

const { out } = flags.extra as { out?: string };
const page = await archive.report({ ...(out === undefined ? {} : { out }), dupes: flags.extra['no-dupes'] !== true });
print(() => page.json(), () => String(page));
// --open shows it in the browser (or prints the path where there is no desktop).
if (flags.extra.open === true) archive.reveal(page);
