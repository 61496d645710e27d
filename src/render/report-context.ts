// Context lines and next steps that depend on the report's form: who holds the lock in a
// dump, both sides of a race, the trend of a scheduler trace, the test a timeout killed.
import type { Diagnosis } from '../diagnose/types.js';
import type { Group } from '../report/cluster.js';
import { lockSite } from '../report/holder.js';
import { describeRaces } from '../report/race.js';
import { isBlockedState } from '../report/rank.js';
import { analyzeSched, describeSched, SCHED_LIMITS } from '../report/sched.js';
import { describeRunningTest } from '../report/test-run.js';
import type { CrashReport } from '../report/types.js';

export interface ReportContext {
  context: string[];
  /** Steps that come before the entry's own Verify steps. */
  nextSteps: string[];
}

const DUMP_STEP =
  'Take a goroutine dump while it happens: `kill -QUIT <pid>`, or ' +
  '`curl -s "localhost:6060/debug/pprof/goroutine?debug=2"` with net/http/pprof';

/** What to add to the reply for this report; empty for forms that need nothing more. */
export function reportContext(diagnosis: Diagnosis, report: CrashReport): ReportContext {
  const index = diagnosis.reports.indexOf(report);
  const groups = diagnosis.details[index]?.groups ?? [];
  const context: string[] = [];
  const nextSteps: string[] = [];

  if (report.kind === 'test-timeout') context.push(...describeRunningTest(report));
  if (report.races.length > 0) context.push(...describeRaces(report));
  if (report.sched.length > 0) addSched(report, context, nextSteps);
  if (groups.length > 0 && (report.goroutines.length > 1 || report.profile.length > 0)) {
    addGroups(report, groups, context);
  }
  return { context, nextSteps };
}

function addSched(report: CrashReport, context: string[], nextSteps: string[]): void {
  const trend = analyzeSched(report.sched);
  if (!trend) return;
  const { trend: summary, readings } = describeSched(trend);
  context.push(`**Trend:** ${summary}`);
  for (const reading of readings) context.push(`**Reading:** ${reading}`);
  context.push(`**What it cannot show:** ${SCHED_LIMITS}`);
  nextSteps.push(DUMP_STEP);
}

function addGroups(report: CrashReport, groups: Group[], context: string[]): void {
  const total = groups.reduce((n, g) => n + g.count, 0);
  const suspects = groups.filter((g) => g.role === 'suspect');
  const normal = groups.filter((g) => g.role === 'normal');
  const inSuspects = suspects.reduce((n, g) => n + g.count, 0);
  const parts = [`${total} in ${plural(groups.length, 'group')}`];
  if (suspects.length > 0) {
    parts.push(`${inSuspects} in ${plural(suspects.length, 'suspect group')}`);
  }
  if (normal.length > 0) {
    const kinds = [...new Set(normal.map((g) => (g.note ?? '').replace(/^normal: /, '')))];
    const n = normal.reduce((sum, g) => sum + g.count, 0);
    parts.push(`${n} normal (${kinds.slice(0, 3).join(', ')}${kinds.length > 3 ? ', …' : ''})`);
  }
  // A short panic with two goroutines needs no census; a dump or anything suspect does.
  if (total >= 10 || suspects.length > 0) context.push(`**Goroutines:** ${parts.join('; ')}`);

  const holder = groups.find((g) => g.role === 'lock-holder');
  const waiters = suspects.filter((g) => g.note?.startsWith('waiting for a lock'));
  const waiting = waiters.reduce((n, g) => n + g.count, 0);
  if (holder) {
    context.push(
      `**Lock holder:** ${holder.note?.replace(/^likely lock holder /, 'likely ')}, ` +
        `while ${waiting} wait for the lock`,
    );
  } else if (waiting >= 2) {
    const site = waiters[0] && lockSite(waiters[0]);
    const where = site ? ` in \`${site.func}\`` : '';
    context.push(
      `**Lock:** ${waiting} goroutines wait for a lock${where}, and no goroutine in this ` +
        'paste is visibly inside that code: the lock was never unlocked (an Unlock skipped ' +
        'by an early return or a panic), its holder went on to block elsewhere, or the ' +
        'holder is not in the paste',
    );
  }

  if (report.kind === 'pprof') {
    context.push(
      '**States:** `?debug=1` prints no goroutine states, wait times or locked threads; ' +
        'those shown were read from the frames. `?debug=2` prints them all',
    );
  }
  const blockedLong = groups.filter(
    (g) => isBlockedState(g.state) && (g.waitMinutes?.[1] ?? 0) >= 60,
  );
  if (blockedLong.length > 0 && !holder) {
    const longest = Math.max(...blockedLong.map((g) => g.waitMinutes?.[1] ?? 0));
    context.push(`**Blocked longest:** ${formatMinutes(longest)}`);
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function formatMinutes(minutes: number): string {
  if (minutes < 120) return `${minutes} minutes`;
  if (minutes < 2880) return `${Math.round(minutes / 60)} hours`;
  return `${Math.round(minutes / 1440)} days`;
}
