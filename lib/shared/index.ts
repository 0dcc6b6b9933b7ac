// Small mechanisms every folder uses: printable results and worker source.
export { printable, type Printable } from './printable.ts';
export { workerSource } from './worker-source.ts';
