// The drive as a whole: media, du, age, compare, reveal.
export { compare, compareHelpers, type CompareOptions, type CompareResult } from './compare.ts';
export { age, bar, du, duHelpers, type AgeOptions, type AgeResult, type DuOptions, type DuResult } from './du.ts';
export { biggest, media, mediaCategory, mediaHelpers, type MediaCategory, type MediaData, type MediaOptions, type MediaResult } from './media.ts';
export { reveal, revealHelpers, type RevealOptions, type RevealResult, type RevealTarget } from './reveal.ts';
