// Small mechanisms every folder uses: printable results, the options check, the size and time parser, paths, progress, junk names, worker source.
export { printable, PrintableResult, type Printable } from './printable.ts';
export { workerSource } from './worker-source.ts';
export { lazyBuiltin } from './builtin.ts';
export { parseSize, parseTime } from './parse.ts';
export { checkOptions, describeOption, didYouMean, editDistance, flagName, opt, parseFlag, withDefaults, type Given, type OptionDecl, type OptionSpec, type Settled } from './options.ts';
export { displayPath, joinPath, pathJson, pathOf, rawPathJson, type PathJson } from './paths.ts';
export { defaultWorkers, ProgressLine } from './progress.ts';
export { isJunk, JUNK_NAMES } from './junk.ts';
