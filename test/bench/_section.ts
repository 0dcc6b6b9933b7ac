// What a benchmark section is. run.ts runs the sections it lists, in order,
// and writes each one's block in RESULTS.md, leaving the others' blocks alone.
import type { Machine } from './_measure.ts';
import type { SynthInfo } from './synth.ts';

export interface BenchContext {
  /** The synthetic archive, built or reused by run.ts. */
  readonly archive: SynthInfo;
  /** Timed runs per measurement; every figure is the median of these. */
  readonly runs: number;
  readonly machine: Machine;
  /** The repository root: commands run from here. */
  readonly repo: string;
  /** Progress for the person waiting, on stderr. */
  log(message: string): void;
}

export interface SectionResult {
  /** Markdown for this section's block in RESULTS.md: tables and notes. */
  readonly markdown: string;
  /** One line per missed target; empty when every target is met. */
  readonly missed: readonly string[];
}

export interface Section {
  /** Used by `--only NAME` and as the block name in RESULTS.md. */
  readonly name: string;
  /** The heading of the block. */
  readonly title: string;
  run(ctx: BenchContext): Promise<SectionResult>;
}
