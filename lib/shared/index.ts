// Small mechanisms every folder uses: printable results, the options check, the size and time parser, worker source.
export { printable, type Printable } from './printable.ts';
export { workerSource } from './worker-source.ts';
export { parseSize, parseTime } from './parse.ts';
export { checkOptions, describeOption, didYouMean, flagName, opt, parseFlag, type Given, type OptionDecl, type OptionSpec, type Settled } from './options.ts';
export { isJunk, JUNK_NAMES } from './junk.ts';
