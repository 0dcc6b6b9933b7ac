// The cruft rules with their markers, matching, results, and backup excludes.
export { CRUFT_KINDS, CRUFT_RULES, CruftResult, cruft, cruftHelpers, cruftKinds, venvs, type CruftItem, type CruftJsonItem, type CruftKind, type CruftRule, type KindSummary } from './cruft.ts';
export { excludes, excludesHelpers, type ExcludeFormat, type ExcludeMode, type ExcludesOptions, type ExcludesResult } from './excludes.ts';
