// The cruft rules with their markers, matching, results, and backup excludes.
export { CRUFT_KINDS, CRUFT_RULES, cruftKinds, type CruftKind, type CruftRule } from './rules.ts';
export { type CruftItem } from './match.ts';
export { CruftResult, type CruftJsonItem, type KindSummary } from './result.ts';
export { cruft, cruftHelpers, venvs } from './cruft.ts';
export { excludes, excludesHelpers, type ExcludeFormat, type ExcludeMode, type ExcludesOptions, type ExcludesResult } from './excludes.ts';
