// The index: scan and walk a root into compact columns.
export { Catalog, escapeName } from './catalog.ts';
export { scan } from './scan.ts';
export { openIndex, saveIndex, trySave, describeIndex, indexFile, INDEX_VERSION, CLOCK_SLACK_MS, type IndexInfo, type IndexOptions } from './saved.ts';
