// The index: scan and walk a root into compact columns.
export { Catalog, escapeName } from './catalog.ts';
export { scan } from './scan.ts';
