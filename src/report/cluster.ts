// Groups goroutines whose stacks are the same once arguments, addresses and ids are ignored.
import type { CrashReport, Goroutine } from './types.js';

/** One bucket of goroutines with the same stack and state. */
export interface Group {
  count: number;
  state: string;
  /** Smallest and largest `N minutes` seen, or undefined when none printed a wait time. */
  waitMinutes: [number, number] | undefined;
  lockedToThread: number;
  /** Top frame that is not in the runtime, or the top frame. */
  top: string;
  createdBy: string | undefined;
  /** Paste line of the first goroutine in the group, for evidence. */
  line: number;
  goroutines: Goroutine[];
}

/** Groups a report's goroutines (or its pprof debug=1 groups), largest first. */
export function clusterGoroutines(report: CrashReport): Group[] {
  if (report.profile.length > 0) return profileGroups(report);

  const byKey = new Map<string, Group>();
  for (const g of report.goroutines) {
    const key = `${g.state}|${g.frames.map((f) => f.func).join('|')}`;
    let group = byKey.get(key);
    if (!group) {
      group = newGroup(g);
      byKey.set(key, group);
    }
    add(group, g);
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count);
}

function newGroup(g: Goroutine): Group {
  const top = g.frames.find((f) => !f.isRuntime) ?? g.frames[0];
  return {
    count: 0,
    state: g.state,
    waitMinutes: undefined,
    lockedToThread: 0,
    top: top?.func ?? '(no frames)',
    createdBy: g.createdBy?.func,
    line: g.line,
    goroutines: [],
  };
}

function add(group: Group, g: Goroutine): void {
  group.count++;
  if (g.isLockedToThread) group.lockedToThread++;
  if (g.waitMinutes !== undefined) {
    const [lo, hi] = group.waitMinutes ?? [g.waitMinutes, g.waitMinutes];
    group.waitMinutes = [Math.min(lo, g.waitMinutes), Math.max(hi, g.waitMinutes)];
  }
  group.goroutines.push(g);
}

function profileGroups(report: CrashReport): Group[] {
  return report.profile
    .map((p) => {
      const top = p.frames.find((f) => !f.isRuntime) ?? p.frames[0];
      return {
        count: p.count,
        state: 'unknown',
        waitMinutes: undefined,
        lockedToThread: 0,
        top: top?.func ?? '(no frames)',
        createdBy: undefined,
        line: p.line,
        goroutines: [],
      };
    })
    .sort((a, b) => b.count - a.count);
}
