// Reads the trend across GODEBUG=schedtrace lines (threads, idle Ps, run queues, locked Ms)
// and says what it points at, and what a scheduler trace cannot show.
import type { SchedSample } from './types.js';

/** First, last, smallest and largest value of one field across the samples. */
export interface Series {
  first: number;
  last: number;
  min: number;
  max: number;
}

export type SchedFinding =
  | 'locked-thread-growth'
  | 'thread-exit'
  | 'thread-growth'
  | 'saturated'
  | 'busy'
  | 'idle';

export interface SchedTrend {
  samples: number;
  spanMs: number;
  gomaxprocs: number;
  threads: Series;
  idleThreads: Series;
  spinning: Series;
  idleProcs: Series;
  /** Global plus per-P run queues. */
  runqueue: Series;
  globalRunqueue: Series;
  /** Locked Ms parked with nothing to run (scheddetail's SCHED line), when printed. */
  nmidlelocked: Series | undefined;
  /** scheddetail M lines with `lockedg` set, when printed. */
  lockedMs: Series | undefined;
  blockedMs: Series | undefined;
  /** Largest fall of `threads=` below its running peak: Ms that exited. */
  threadsDrop: number;
  /** Goroutines running in two consecutive scheddetail samples (G lines, status 2). */
  steadyRunners: number;
  findings: SchedFinding[];
}

/** Summarises a report's SCHED samples; undefined when it has none. Linear in samples. */
export function analyzeSched(samples: readonly SchedSample[]): SchedTrend | undefined {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return undefined;

  let peak = 0;
  let threadsDrop = 0;
  for (const s of samples) {
    peak = Math.max(peak, s.threads);
    threadsDrop = Math.max(threadsDrop, peak - s.threads);
  }

  const trend: SchedTrend = {
    samples: samples.length,
    spanMs: last.ms - first.ms,
    gomaxprocs: last.gomaxprocs,
    threads: series(samples, (s) => s.threads),
    idleThreads: series(samples, (s) => s.idlethreads),
    spinning: series(samples, (s) => s.spinningthreads),
    idleProcs: series(samples, (s) => s.idleprocs),
    runqueue: series(samples, totalRunqueue),
    globalRunqueue: series(samples, (s) => s.runqueue),
    nmidlelocked: optionalSeries(samples, (s) => s.nmidlelocked),
    lockedMs: optionalSeries(samples, (s) => s.lockedMs ?? (s.pStatus ? 0 : undefined)),
    blockedMs: optionalSeries(samples, (s) => s.blockedMs ?? (s.pStatus ? 0 : undefined)),
    threadsDrop,
    steadyRunners: steadyRunners(samples),
    findings: [],
  };
  trend.findings = findingsOf(trend, samples);
  return trend;
}

export function totalRunqueue(sample: SchedSample): number {
  let n = sample.runqueue;
  for (const q of sample.localRunqueues) n += q;
  return n;
}

function findingsOf(t: SchedTrend, samples: readonly SchedSample[]): SchedFinding[] {
  const findings: SchedFinding[] = [];
  const growth = t.threads.max - t.threads.first;
  const locked = Math.max(t.nmidlelocked?.max ?? 0, t.lockedMs?.max ?? 0);

  if (growth >= 20 && locked >= Math.min(10, growth / 2)) findings.push('locked-thread-growth');
  // The runtime never frees an idle M; `threads=` only falls when a thread exits, and a thread
  // exits when its goroutine exits while locked to it.
  if (t.threadsDrop >= 5) findings.push('thread-exit');
  if (growth >= 20 && !findings.includes('locked-thread-growth')) findings.push('thread-growth');

  const noIdleP = samples.every((s) => s.idleprocs === 0);
  const queued = samples.every((s) => totalRunqueue(s) > 0);
  if (noIdleP && queued) findings.push('saturated');

  const someBusy = samples.every((s) => s.idleprocs < s.gomaxprocs);
  const empty = samples.every((s) => totalRunqueue(s) === 0);
  const steady = t.steadyRunners > 0 || !samples.some((s) => s.runningGs);
  if (samples.length >= 2 && someBusy && empty && steady && growth <= 0) findings.push('busy');

  const lastFew = samples.slice(-Math.min(samples.length, 3));
  if (lastFew.every((s) => s.idleprocs === s.gomaxprocs && totalRunqueue(s) === 0)) {
    findings.push('idle');
  }
  return findings;
}

/** Goroutines seen running in consecutive detailed samples: they never gave up their P. */
function steadyRunners(samples: readonly SchedSample[]): number {
  const steady = new Set<number>();
  let previous: Set<number> | undefined;
  for (const s of samples) {
    if (!s.runningGs) {
      previous = undefined;
      continue;
    }
    for (const id of s.runningGs) if (previous?.has(id)) steady.add(id);
    previous = new Set(s.runningGs);
  }
  return steady.size;
}

function series(samples: readonly SchedSample[], read: (s: SchedSample) => number): Series {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    const v = read(s);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const first = samples[0];
  const last = samples.at(-1);
  return { first: first ? read(first) : 0, last: last ? read(last) : 0, min, max };
}

function optionalSeries(
  samples: readonly SchedSample[],
  read: (s: SchedSample) => number | undefined,
): Series | undefined {
  const known = samples.filter((s) => read(s) !== undefined);
  return known.length > 0 ? series(known, (s) => read(s) ?? 0) : undefined;
}

/** One sentence per finding, for the reply; facts the trend shows, then what they mean. */
export function describeSched(t: SchedTrend): { trend: string; readings: string[] } {
  const span = t.spanMs >= 1000 ? `${(t.spanMs / 1000).toFixed(1)} s` : `${t.spanMs} ms`;
  const parts = [
    `threads ${range(t.threads)}`,
    `idle Ps ${range(t.idleProcs)} of ${t.gomaxprocs}`,
    `run queue ${range(t.runqueue)}`,
  ];
  if (t.spinning.max > 0) parts.push(`spinning threads up to ${t.spinning.max}`);
  if (t.nmidlelocked) parts.push(`idle locked Ms (nmidlelocked) ${range(t.nmidlelocked)}`);
  if (t.lockedMs) parts.push(`Ms with lockedg ${range(t.lockedMs)}`);
  if (t.blockedMs && t.blockedMs.max > 0) parts.push(`blocked Ms ${range(t.blockedMs)}`);
  const samples = t.samples === 1 ? 'one sample' : `${t.samples} samples over ${span}`;
  const trend = `${samples}: ${parts.join('; ')}`;
  return { trend, readings: t.findings.map((f) => READINGS[f](t)) };
}

const READINGS: Record<SchedFinding, (t: SchedTrend) => string> = {
  'locked-thread-growth': (t) =>
    `Threads grew from ${t.threads.first} to ${t.threads.max} while up to ${lockedPeak(t)} Ms ` +
    'stayed locked to goroutines: goroutines call runtime.LockOSThread and then block or ' +
    'never unlock, so each holds a thread of its own.',
  'thread-exit': (t) =>
    `Threads fell by ${t.threadsDrop} from their peak. The runtime does not end idle threads: ` +
    '`threads=` falls when goroutines exit while locked to their thread (LockOSThread ' +
    'without UnlockOSThread) and take the thread with them.',
  'thread-growth': (t) =>
    `Threads grew from ${t.threads.first} to ${t.threads.max}: goroutines blocked in system ` +
    'calls or cgo calls each hold a thread. Run with scheddetail=1 to see which Ms are ' +
    'locked (lockedg) or blocked.',
  saturated: (t) =>
    `No P was ever idle and up to ${t.runqueue.max} goroutines waited to run: the CPU is ` +
    `saturated (more runnable work than GOMAXPROCS=${t.gomaxprocs}), or goroutines spin.`,
  busy: (t) =>
    `${busyPs(t)} stayed busy with nothing queued${steady(t)}: a few goroutines run without ` +
    'blocking, as a busy loop (for example select with default) or a long computation does.',
  idle: () =>
    'Every P is idle with nothing queued: if the program hangs, it is waiting on I/O, a lock, ' +
    'a channel or a timer, not on CPU.',
};

/** What no scheduler trace can tell, said every time one is diagnosed. */
export const SCHED_LIMITS =
  'A scheduler trace only counts threads, Ps and queued goroutines at each interval: it ' +
  'cannot show which goroutine runs or waits, on what, or where in the code, nor anything ' +
  'shorter than the interval, nor memory or GC (use GODEBUG=gctrace=1).';

function lockedPeak(t: SchedTrend): number {
  return Math.max(t.nmidlelocked?.max ?? 0, t.lockedMs?.max ?? 0);
}

function steady(t: SchedTrend): string {
  return t.steadyRunners > 0
    ? ` and ${t.steadyRunners} goroutine(s) ran in consecutive samples`
    : '';
}

function busyPs(t: SchedTrend): string {
  const [low, high] = [t.gomaxprocs - t.idleProcs.max, t.gomaxprocs - t.idleProcs.min];
  return low === high ? `${low} of ${t.gomaxprocs} Ps` : `${low} to ${high} of ${t.gomaxprocs} Ps`;
}

function range(s: Series): string {
  if (s.min === s.max) return String(s.min);
  if (s.first === s.min && s.last === s.max) return `${s.first} → ${s.last}`;
  return `${s.first} → ${s.last} (${s.min}–${s.max})`;
}
