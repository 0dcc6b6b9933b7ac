// How many image and video files do I have? (the seed's "Found 26,000 files", and the unique names)
import { snippet } from '../lib/index.ts';

const { archive, options, print } = await snippet(import.meta, {
  about: 'Counts files by extension in images, videos, audio, documents and other: files, unique names, bytes.',
  helpers: ['media'],
});

// --ext .jpg --ext .mp4, or --ext .jpg,.mp4,.xcf,.avi
const m = archive.media(options.media);
print(() => m.json(), () => String(m));
