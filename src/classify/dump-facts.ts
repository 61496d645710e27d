// Facts about goroutine groups, races and scheduler traces that signatures can test: what
// the ranking (report/rank.ts) and the trend reader (report/sched.ts) concluded, as numbers.

import type { Group } from '../report/cluster.js';
import { distinctRaces } from '../report/race.js';
import { isBlockedState, type Ranking } from '../report/rank.js';
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

/**
 * Where the paste shows each fact: the header of the groups behind it, the first and last
 * SCHED lines, the race banners. Three lines at most per fact.
 */
export function dumpFactLines(
  report: CrashReport,
  ranking: Ranking,
): Partial<Record<DumpFactName | 'largestGroup' | 'lockedGoroutines', number[]>> {
  const groups = ranking.groups;
  const blocked = groups.filter((g) => g.role !== 'normal' && isBlockedState(g.state));
  const bySize = [...blocked].sort((a, b) => b.count - a.count);
  const byWait = [...blocked].sort((a, b) => (b.waitMinutes?.[1] ?? 0) - (a.waitMinutes?.[1] ?? 0));
  const waiters = groups.filter((g) => g.note?.startsWith('waiting for a lock'));
  const samples = report.sched;
  const sched = [samples[0]?.line, samples.at(-1)?.line].filter((n) => n !== undefined);
  return {
    suspectGroups: lines(groups.filter((g) => g.role === 'suspect')),
    largestBlockedGroup: lines(bySize.slice(0, 1)),
    blockedGoroutines: lines(bySize),
    maxBlockedWaitMinutes: lines(byWait.slice(0, 1)),
    lockWaiters: lines(waiters),
    lockHolder: lines(groups.filter((g) => g.role === 'lock-holder')),
    largestGroup: lines([...groups].sort((a, b) => b.count - a.count).slice(0, 1)),
    lockedGoroutines: lines(groups.filter((g) => g.lockedToThread > 0)),
    distinctRaces: report.races.slice(0, 3).map((r) => r.line),
    schedThreadsPeakGrowth: sched,
    schedThreadsDrop: sched,
    schedMaxNmidlelocked: sched,
    schedLockedThreadGrowth: sched,
    schedBusy: sched,
    schedSaturated: sched,
    schedIdle: sched,
  };
}

function lines(groups: Group[]): number[] {
  return groups.slice(0, 3).map((g) => g.line);
}
