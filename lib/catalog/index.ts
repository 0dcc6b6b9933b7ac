// The index: scan and walk a root into compact columns.
export { Catalog } from './catalog.ts';
export { escapeName } from './names.ts';
export { scan } from './scan.ts';
