// A page to look at: the treemap, cruft, duplicate folders and media, in one HTML file.
import { opt, snippet } from '../lib/index.ts';

const { archive, flags, options, print } = await snippet(import.meta, {
  about: 'Writes one self-contained HTML report (treemap, cruft, duplicate groups, media) and prints its path.',
  helpers: ['report'],
  flags: { open: opt.flag('show it in the browser (or print the path where there is no desktop)', false) },
});

const page = await archive.report(options.report);
print(() => page.json(), () => String(page));
// --open shows it in the browser (or prints the path where there is no desktop).
if (flags.open) archive.reveal(page);
