// How many image and video files do I have? (the seed's "Found 26,000 files", and the unique names)
import { snippet } from '../lib/index.ts';

const { archive, flags, print } = await snippet(import.meta, {
  about: 'Counts files by extension in images, videos, audio, documents and other: files, unique names, bytes.',
  options: { ext: { type: 'string', multiple: true } },
});

// --ext .jpg --ext .mp4, or --ext .jpg,.mp4,.xcf,.avi
const ext = (flags.extra.ext as string[] | undefined)?.flatMap((e) => e.split(','));
const m = archive.media(ext === undefined ? {} : { ext });
print(() => m.json(), () => String(m));
