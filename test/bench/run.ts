// `npm run bench`: builds (or reuses) the synthetic archive, runs each
// section, prints its tables and writes its block of test/bench/RESULTS.md.
// Usage: npm run bench -- [--entries N] [--runs N] [--only NAME]...
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cpuSnapshot, describeMachine, describeNoise, machine, replaceBlock } from './_measure.ts';
import type { BenchContext, Section } from './_section.ts';
import { synthArchive } from './synth.ts';

// The sections, in order: each is test/bench/<name>.ts with a default export.
const SECTIONS = ['startup', 'scan', 'real', 'reopen', 'scale', 'dupes', 'remove'] as const;

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '../..');
const RESULTS = path.join(HERE, 'RESULTS.md');

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

function positiveInt(v: string | undefined, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < 1) fail(`${flag} '${v}' is not a positive whole number; e.g. ${flag} ${fallback}`);
  return n;
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      entries: { type: 'string' },
      runs: { type: 'string' },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
} catch (e) {
  fail(`${(e as Error).message.split('.')[0]}; usage: npm run bench -- [--entries N] [--runs N] [--only ${SECTIONS.join('|')}]`);
}
if (parsed.values.help) {
  console.log(`usage: npm run bench -- [--entries N] [--runs N] [--only ${SECTIONS.join('|')}]\n` +
    'Times rummage on a synthetic archive (default 1,000,000 entries, 3 runs) and writes test/bench/RESULTS.md.');
  process.exit(0);
}
const entries = positiveInt(parsed.values.entries, '--entries', 1_000_000);
const runs = positiveInt(parsed.values.runs, '--runs', 3);
const only = parsed.values.only ?? [];
for (const name of only) {
  if (!(SECTIONS as readonly string[]).includes(name)) fail(`--only '${name}' is not a section; the sections are ${SECTIONS.join(', ')}`);
}
if (runs < 3) process.stderr.write(`bench: --runs ${runs} is below the 3 runs the figures are meant to be medians of\n`);

const log = (message: string): void => void process.stderr.write(`bench: ${message}\n`);
const load = os.loadavg()[0]!;
if (load > 0.5 * os.cpus().length) log(`the 1-minute load is ${load.toFixed(2)}: other work is running and the figures will be noisy`);

// The removal section builds a tree of its own (it changes what it measures); the others share the synthetic archive.
const OWN_TREE = new Set(['remove']);
const needsSynth = SECTIONS.some((n) => (only.length === 0 || only.includes(n)) && !OWN_TREE.has(n));
if (needsSynth) log(`building or reusing the synthetic archive of ${entries.toLocaleString('en-US')} entries`);
const archive = needsSynth ? synthArchive(entries) : (undefined as unknown as ReturnType<typeof synthArchive>);
const ctx: BenchContext = { archive, runs, machine: machine(REPO), repo: REPO, log };

const missed: string[] = [];
for (const name of SECTIONS) {
  if (only.length > 0 && !only.includes(name)) continue;
  const section = ((await import(`./${name}.ts`)) as { default: Section }).default;
  log(`section ${section.name}: ${section.title}`);
  const before = cpuSnapshot();
  const result = await section.run(ctx);
  const noise = describeNoise(before, cpuSnapshot(), ctx.machine.cores);
  const block = [`## ${section.title}`, '', describeMachine(ctx.machine), noise, `- Command: \`npm run bench -- --entries ${entries} --runs ${runs} --only ${section.name}\``, '', result.markdown].join('\n');
  console.log(`\n${block}\n`);
  replaceBlock(RESULTS, section.name, block);
  for (const m of result.missed) missed.push(`${section.name}: ${m}`);
}
log(`wrote ${path.relative(REPO, RESULTS)}`);
if (missed.length > 0) log(`targets missed:\n  ${missed.join('\n  ')}`);
