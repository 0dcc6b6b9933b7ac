// Partial and full hashing on workers, and the persistent hash cache.
export { Hasher, SMALL, type HashOptions, type HashStats } from './hasher.ts';
