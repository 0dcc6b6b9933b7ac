// The index: scan and walk a root into compact columns.
export { Catalog } from './catalog.ts';
export { escapeName } from './names.ts';
export { scan } from './scan.ts';
export { openIndex, saveIndex, trySave, describeIndex, indexFile, INDEX_VERSION, CLOCK_SLACK_MS, type IndexInfo, type IndexOptions } from './saved.ts';
