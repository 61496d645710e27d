// Generic numeric facts about a report that signatures can test with `fact:` conditions.
import type { Ranking } from '../report/rank.js';
import type { CrashReport, Frame } from '../report/types.js';
import { DUMP_FACT_NAMES, dumpFacts } from './dump-facts.js';

export const FACT_NAMES = [
  'goroutines',
  'waitingGoroutines',
  'maxWaitMinutes',
  'lockedGoroutines',
  'largestGroup',
  'goFrames',
  'cgoFrames',
  'signalDuringCgo',
  'nilAddress',
  'nilReceiver',
  'recoveredPanics',
  'panicLines',
  'loggedPanic',
  'races',
  'compileErrors',
  'compilerOom',
  'schedSamples',
  'schedThreadsGrowth',
  'schedMinIdleProcs',
  'schedMaxRunqueue',
  'schedRunqueueGrowth',
  'schedMaxLockedMs',
  'schedMaxIdleThreads',
  ...DUMP_FACT_NAMES,
] as const;

export type FactName = (typeof FACT_NAMES)[number];
export type Facts = Record<FactName, number>;
/** Paste lines that show a fact, quoted as evidence when a signature tests it. */
export type FactLines = Partial<Record<FactName, number[]>>;

const ACTIVE_STATES = new Set(['running', 'runnable', 'syscall', 'unknown']);

/** Computes every fact of a report once; signatures then only look them up. */
export function computeFacts(report: CrashReport, ranking: Ranking): Facts {
  const crashing = crashingFrames(report);
  const panics = report.headlines.filter((h) => h.form === 'panic');
  const sched = report.sched;
  const first = sched[0];
  const last = sched.at(-1);
  const counts = countGoroutines(report);

  return {
    goroutines: report.goroutines.length || report.profile.reduce((n, p) => n + p.count, 0),
    waitingGoroutines: counts.waiting,
    maxWaitMinutes: counts.maxWait,
    lockedGoroutines: counts.locked,
    largestGroup: maxOf(ranking.groups, (g) => g.count),
    goFrames: countFrames(report),
    cgoFrames: crashing.filter(isCgoFrame).length,
    signalDuringCgo: report.signal?.isDuringCgo ? 1 : 0,
    nilAddress: isNilAddress(report.signal?.addr) ? 1 : 0,
    nilReceiver: hasNilReceiver(crashing) ? 1 : 0,
    recoveredPanics: panics.filter((h) => h.isRecovered).length,
    panicLines: panics.length,
    loggedPanic:
      report.headline?.form === 'logged' || report.headline?.form === 'http-panic' ? 1 : 0,
    races: report.races.length,
    compileErrors: report.compileErrors.length,
    compilerOom: report.compilePackage && report.kind === 'throw' ? 1 : 0,
    schedSamples: sched.length,
    schedThreadsGrowth: first && last ? last.threads - first.threads : 0,
    schedMinIdleProcs: sched.reduce((min, s) => Math.min(min, s.idleprocs), first?.idleprocs ?? 0),
    schedMaxRunqueue: maxOf(sched, totalRunqueue),
    schedRunqueueGrowth: first && last ? totalRunqueue(last) - totalRunqueue(first) : 0,
    schedMaxLockedMs: maxOf(sched, (s) => s.lockedMs ?? 0),
    schedMaxIdleThreads: maxOf(sched, (s) => s.idlethreads),
    ...dumpFacts(report, ranking),
  };
}

/** One pass over the goroutines for every per-goroutine count. */
function countGoroutines(report: CrashReport): {
  waiting: number;
  maxWait: number;
  locked: number;
} {
  let waiting = 0;
  let maxWait = 0;
  let locked = 0;
  for (const g of report.goroutines) {
    if (!ACTIVE_STATES.has(g.state)) waiting++;
    if (g.waitMinutes !== undefined && g.waitMinutes > maxWait) maxWait = g.waitMinutes;
    if (g.isLockedToThread) locked++;
  }
  return { waiting, maxWait, locked };
}

/** Largest value, at least 0. A loop: `Math.max(...xs)` overflows the stack on 100k items. */
export function maxOf<T>(items: readonly T[], read: (item: T) => number): number {
  let max = 0;
  for (const item of items) {
    const v = read(item);
    if (v > max) max = v;
  }
  return max;
}

/** Frames of the goroutine that crashed, or of the only goroutine a fragment has. */
export function crashingFrames(report: CrashReport): Frame[] {
  const index = report.crashing ?? (report.goroutines.length === 1 ? 0 : undefined);
  return index === undefined ? [] : (report.goroutines[index]?.frames ?? []);
}

function countFrames(report: CrashReport): number {
  let n = 0;
  for (const g of report.goroutines) n += g.frames.length;
  for (const p of report.profile) n += p.frames.length;
  for (const race of report.races) for (const a of race.accesses) n += a.frames.length;
  return n;
}

function isCgoFrame(frame: Frame): boolean {
  return (
    frame.func.startsWith('runtime.cgocall') ||
    frame.func.startsWith('runtime.asmcgocall') ||
    frame.func.includes('._Cfunc_') ||
    frame.func.startsWith('_cgo_')
  );
}

function isNilAddress(addr: string | undefined): boolean {
  if (addr === undefined || !/^0x[0-9a-f]+$/i.test(addr)) return false;
  return Number.parseInt(addr, 16) < 0x1000;
}

/** `0x0` as the first argument of the top user frame means a nil receiver; `0x0?` may be stale. */
function hasNilReceiver(frames: Frame[]): boolean {
  const top = frames.find((f) => !f.isRuntime && !f.isStdlib) ?? frames.find((f) => !f.isRuntime);
  if (!top) return false;
  const firstArg = top.args.split(',')[0]?.trim().replace(/^\{/, '');
  return firstArg === '0x0';
}

function totalRunqueue(sample: { runqueue: number; localRunqueues: number[] }): number {
  return sample.runqueue + sample.localRunqueues.reduce((a, b) => a + b, 0);
}
