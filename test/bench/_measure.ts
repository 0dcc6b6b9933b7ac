// Shared measuring tools for the benchmark sections: whole-command timing
// (hyperfine), peak RSS (/usr/bin/time -v), medians, the machine's
// description and a markdown table writer.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A command to time, as an argv (no shell: nothing is added to its wall time). */
export interface Command {
  readonly name: string;
  readonly argv: readonly string[];
}

/** Wall times of one command, in milliseconds, and its CPU time (user + system, all threads and children). */
export interface Timing {
  readonly name: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: readonly number[];
  /** CPU milliseconds of each run, where measured. */
  readonly cpuRuns: readonly number[];
  /** Median CPU milliseconds; NaN where not measured (in-process timings). */
  readonly cpu: number;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export function timing(name: string, runs: readonly number[], cpuRuns: readonly number[] = []): Timing {
  return { name, median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs, cpuRuns, cpu: median(cpuRuns) };
}

/** Runs a command to the end and fails loudly if it fails: a benchmark of a broken command is worthless. */
export function run(argv: readonly string[], options: { cwd?: string; input?: string } = {}): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd: options.cwd, input: options.input, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.error !== undefined) throw r.error;
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return r.stdout;
}

/** POSIX single-quoting, which hyperfine's own word splitting understands with -N. */
export function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Times commands with hyperfine: `warmup` untimed runs first (warm page
 * cache), then exactly `runs` timed runs each, stdout to /dev/null.
 */
export function hyperfine(commands: readonly Command[], runs: number, warmup = 1, cwd?: string, style: 'basic' | 'none' = 'basic'): Timing[] {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rummage-hf-')), 'times.json');
  const argv = ['hyperfine', '-N', '--style', style, '--warmup', String(warmup), '--runs', String(runs), '--export-json', out];
  for (const c of commands) argv.push('--command-name', c.name, c.argv.map(quote).join(' '));
  // hyperfine's own report goes to stderr, so stdout holds only the tables.
  const r = spawnSync(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 2, 'inherit'] });
  if (r.status !== 0) throw new Error(`hyperfine exited with ${r.status}`);
  const json = JSON.parse(fs.readFileSync(out, 'utf8')) as { results: { command: string; times: number[]; user: number; system: number }[] };
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  // hyperfine gives the mean CPU time over the runs: exact for the one-run calls timeQuietly makes.
  return json.results.map((res, k) => timing(commands[k]!.name, res.times.map((s) => s * 1000), res.times.map(() => (res.user + res.system) * 1000)));
}

export interface QuietOptions {
  readonly cores: number;
  /** Largest share of the cores other processes may take during a run before it is done again. */
  readonly limit?: number;
  /** Tries per run; after the last, the least disturbed try is kept. */
  readonly attempts?: number;
  /** Seconds to wait before trying a disturbed run again, so the other work can pass. */
  readonly pause?: number;
}

/** A value measured by one run, and how much of the machine other processes took meanwhile. */
export interface QuietResult<T> {
  readonly value: T;
  /** Other processes' share of the cores during the kept try (0 to 1); NaN without /proc. */
  readonly other: number;
  /** True when even the kept try was disturbed. */
  readonly disturbed: boolean;
  /** Tries thrown away because other processes were busy. */
  readonly retried: number;
}

/**
 * Runs `fn` until other processes take at most `limit` of the cores while it
 * runs. The machine is shared: one busy core halves a two-thread scan but
 * barely touches single-threaded find, so a disturbed run is not comparable.
 */
export function quietly<T>(fn: () => T, o: QuietOptions): QuietResult<T> {
  // RUMMAGE_BENCH_ATTEMPTS=1 keeps every first try (on a machine that is never quiet), and says so in each section's notes.
  const { cores, limit = 0.05, attempts = Number(process.env.RUMMAGE_BENCH_ATTEMPTS ?? 4), pause = 10 } = o;
  let best: { value: T; other: number; disturbed: boolean } | undefined;
  let retried = 0;
  for (let k = 0; k < attempts; k++) {
    if (k > 0) {
      retried++;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pause * 1000);
    }
    const a = cpuSnapshot();
    const value = fn();
    const b = cpuSnapshot();
    if (a === undefined || b === undefined) return { value, other: NaN, disturbed: false, retried };
    const wall = (b.at - a.at) / 1000;
    const seconds = Math.max(0, b.machine - a.machine - (b.ours - a.ours));
    // /proc counts in 10 ms ticks: a few ticks of a daemon during a 50 ms run are no disturbance.
    const disturbed = seconds > Math.max(TICKS_IGNORED / HZ, limit * wall * cores);
    const other = seconds / (wall * cores);
    if (best === undefined || other < best.other) best = { value, other, disturbed };
    if (!disturbed) break;
  }
  return { ...best!, retried };
}

/** Wall times of several commands, run in turn (one run of each per round) and each run kept only when undisturbed. */
export interface QuietTimings {
  readonly timings: Timing[];
  /** Runs that had to be done again. */
  readonly retried: number;
  /** Kept runs that were still disturbed after every try. */
  readonly disturbed: number;
}

/**
 * Times commands with hyperfine one run at a time, rounds interleaved so that
 * slow drifts of the machine hit every command alike. No warm-up here: do a
 * warm-up pass first.
 */
export function timeQuietly(commands: readonly Command[], runs: number, o: QuietOptions & { cwd?: string }): QuietTimings {
  const times: number[][] = commands.map(() => []);
  const cpus: number[][] = commands.map(() => []);
  let retried = 0;
  let disturbed = 0;
  for (let r = 0; r < runs; r++) {
    for (const [k, c] of commands.entries()) {
      const q = quietly(() => hyperfine([c], 1, 0, o.cwd, 'none')[0]!, o);
      times[k]!.push(q.value.runs[0]!);
      cpus[k]!.push(q.value.cpuRuns[0]!);
      retried += q.retried;
      if (q.disturbed) disturbed++;
    }
  }
  return { timings: commands.map((c, k) => timing(c.name, times[k]!, cpus[k]!)), retried, disturbed };
}

/** Peak resident set size of a whole process tree's main process, in bytes (GNU time's maximum RSS). */
export function peakRss(argv: readonly string[], cwd?: string): number {
  const r = spawnSync('/usr/bin/time', ['-v', ...argv], { cwd, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no 'Maximum resident set size' from /usr/bin/time -v ${argv[0]}`);
  return Number(m[1]) * 1024;
}

/** Median peak RSS over `runs` runs, in bytes. */
export function medianRss(argv: readonly string[], runs: number, cwd?: string): { median: number; runs: number[] } {
  const xs: number[] = [];
  for (let k = 0; k < runs; k++) xs.push(peakRss(argv, cwd));
  return { median: median(xs), runs: xs };
}

export interface Machine {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly memory: number;
  readonly os: string;
  readonly node: string;
  readonly find: string;
  readonly python: string;
  readonly hyperfine: string;
  /** 1-minute load average when the run started: the machine is shared, so noise is expected. */
  readonly load: number;
  /** The commit measured, and whether lib/ or snippets/ had uncommitted changes. */
  readonly code: string;
}

function version(argv: readonly string[]): string {
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim().split('\n')[0] ?? 'unknown';
}

function commit(repo: string): string {
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repo, encoding: 'utf8' });
  if (head.status !== 0) return 'unknown (not a git checkout)';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'lib', 'snippets'], { cwd: repo, encoding: 'utf8' }).stdout.trim() !== '';
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in lib/ or snippets/' : ''}`;
}

export function machine(repo: string): Machine {
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    memory: os.totalmem(),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    find: version(['find', '--version']),
    python: version(['python3', '--version']),
    hyperfine: version(['hyperfine', '--version']),
    load: os.loadavg()[0]!,
    code: commit(repo),
  };
}

export function describeMachine(m: Machine): string {
  return [
    `- Date: ${m.date}`,
    `- Machine: ${m.cores} cores (${m.cpu}), ${mb(m.memory)} memory, ${m.os}, 1-minute load ${m.load.toFixed(2)} at the start`,
    `- Tools: Node ${m.node}, ${m.find}, ${m.python}, ${m.hyperfine}`,
    `- Code: ${m.code}`,
  ].join('\n');
}

/** CPU seconds used on the whole machine, and by this process with its waited-for children, so far. */
export interface CpuSnapshot {
  readonly at: number;
  readonly machine: number;
  readonly ours: number;
}

const HZ = 100; // USER_HZ: /proc reports CPU time in these ticks on Linux.
const TICKS_IGNORED = 3;

/** Reads /proc; undefined where there is none. */
export function cpuSnapshot(): CpuSnapshot | undefined {
  try {
    const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!;
    const self = fs.readFileSync('/proc/self/stat', 'utf8');
    const f = self.slice(self.lastIndexOf(')') + 2).split(' ').map(Number);
    // Fields 14-17 of proc(5): utime, stime, cutime, cstime (children count once waited for).
    const ours = f[11]! + f[12]! + f[13]! + f[14]!;
    return { at: Date.now(), machine: busy / HZ, ours: ours / HZ };
  } catch {
    return undefined;
  }
}

/** How much CPU other processes took between two snapshots: the noise in a figure. */
export function describeNoise(a: CpuSnapshot | undefined, b: CpuSnapshot | undefined, cores: number): string {
  if (a === undefined || b === undefined) return '- Other processes: not measured (no /proc)';
  const wall = (b.at - a.at) / 1000;
  const other = Math.max(0, b.machine - a.machine - (b.ours - a.ours));
  return `- Other processes used ${other.toFixed(1)} CPU-seconds during the ${wall.toFixed(0)} s of this section (${((100 * other) / (wall * cores)).toFixed(1)}% of the ${cores} cores)`;
}

export const ms = (x: number): string => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(x < 10 ? 1 : 0)} ms`);
// Powers of 1000, as lib/format.ts size() and the issue's targets count.
export const mb = (bytes: number, digits = 1): string => (bytes >= 1e9 ? `${(bytes / 1e9).toFixed(digits)} GB` : `${(bytes / 1e6).toFixed(digits)} MB`);
export const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;
/** CPU seconds (user + system) beside a wall time: rummage uses threads, most peers do not. */
export const cpuCell = (t: { cpu: number }): string => (Number.isFinite(t.cpu) ? `${(t.cpu / 1000).toFixed(2)} s` : 'in-process');

/** Drops the page cache (root only): true when done, false when this process may not. */
export function dropCaches(): boolean {
  try {
    spawnSync('sync');
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** A markdown table with padded columns, readable as plain text too. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${widths.map((w, c) => (cells[c] ?? '').padEnd(w)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * Replaces what lies between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
 * in a file, leaving every other section's block as it was.
 */
export function replaceBlock(file: string, name: string, body: string): void {
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  const block = `${open}\n${body.trim()}\n${close}`;
  const next = a >= 0 && b > a ? `${text.slice(0, a)}${block}${text.slice(b + close.length)}` : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, next);
}

/** Times each command `runs` times, the page cache dropped before every run. */
export function timeCold(commands: readonly Command[], runs: number, cwd: string): Timing[] {
  const times: number[][] = commands.map(() => []);
  const cpus: number[][] = commands.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (const [k, c] of commands.entries()) {
      dropCaches();
      const t = hyperfine([c], 1, 0, cwd, 'none')[0]!;
      times[k]!.push(t.runs[0]!);
      cpus[k]!.push(t.cpuRuns[0]!);
    }
  }
  return commands.map((c, k) => timing(c.name, times[k]!, cpus[k]!));
}
