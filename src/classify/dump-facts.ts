// Facts about goroutine groups, races and scheduler traces that signatures can test: what
// the ranking (report/rank.ts) and the trend reader (report/sched.ts) concluded, as numbers.
import { distinctRaces } from '../report/race.js';
import type { Ranking } from '../report/rank.js';
import { analyzeSched, type SchedFinding } from '../report/sched.js';
import type { CrashReport } from '../report/types.js';

export const DUMP_FACT_NAMES = [
  /** Groups the ranking calls leak or lock suspects. */
  'suspectGroups',
  /** Size of the largest group blocked on a channel, select, lock or I/O, normal ones aside. */
  'largestBlockedGroup',
  /** Goroutines blocked on something, normal ones aside. */
  'blockedGoroutines',
  /** Longest `N minutes` wait among those. */
  'maxBlockedWaitMinutes',
  /** Goroutines waiting to acquire a sync.Mutex or sync.RWMutex. */
  'lockWaiters',
  /** 1 when a likely holder of the awaited lock is visible. */
  'lockHolder',
  /** Goroutines named as normal (idle keep-alive, runtime workers, test runners, …). */
  'normalGoroutines',
  /** Races once each pair of code locations is counted once. */
  'distinctRaces',
  'schedThreadsPeakGrowth',
  /** How far `threads=` fell below its peak: threads that exited. */
  'schedThreadsDrop',
  'schedMaxNmidlelocked',
  'schedMaxBlockedMs',
  /** Goroutines seen running in consecutive scheddetail samples. */
  'schedSteadyRunners',
  /** 1 when the trend reads as a busy loop / saturation / all idle / locked-thread growth. */
  'schedBusy',
  'schedSaturated',
  'schedIdle',
  'schedLockedThreadGrowth',
] as const;

type DumpFactName = (typeof DUMP_FACT_NAMES)[number];

export function dumpFacts(report: CrashReport, ranking: Ranking): Record<DumpFactName, number> {
  const trend = analyzeSched(report.sched);
  const has = (finding: SchedFinding) => (trend?.findings.includes(finding) ? 1 : 0);
  return {
    suspectGroups: ranking.suspectGroups,
    largestBlockedGroup: ranking.largestBlockedGroup,
    blockedGoroutines: ranking.blockedGoroutines,
    maxBlockedWaitMinutes: ranking.maxBlockedWaitMinutes,
    lockWaiters: ranking.lockWaiters,
    lockHolder: ranking.holder ? 1 : 0,
    normalGoroutines: ranking.normalGoroutines,
    distinctRaces: report.races.length > 0 ? distinctRaces(report).length : 0,
    schedThreadsPeakGrowth: trend ? trend.threads.max - trend.threads.first : 0,
    schedThreadsDrop: trend?.threadsDrop ?? 0,
    schedMaxNmidlelocked: trend?.nmidlelocked?.max ?? 0,
    schedMaxBlockedMs: trend?.blockedMs?.max ?? 0,
    schedSteadyRunners: trend?.steadyRunners ?? 0,
    schedBusy: has('busy'),
    schedSaturated: has('saturated'),
    schedIdle: has('idle'),
    schedLockedThreadGrowth: has('locked-thread-growth'),
  };
}
