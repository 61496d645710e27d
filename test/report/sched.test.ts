// Scheduler traces: the trend across SCHED lines, what it points at, and what it cannot show.
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/render/reply.js';
import { readPaste } from '../../src/report/index.js';
import { analyzeSched, type SchedTrend } from '../../src/report/sched.js';
import { fixture, realDiagnoser } from '../helpers.js';

function trendOf(path: string): SchedTrend {
  const read = readPaste(fixture(path));
  const report = read.ok ? read.reports.find((r) => r.kind === 'schedtrace') : undefined;
  const trend = report && analyzeSched(report.sched);
  if (!trend) throw new Error(`no scheduler trace in ${path}`);
  return trend;
}

describe('scheduler trace trends', () => {
  it('sees threads growing with locked Ms (200 goroutines LockOSThread and block)', () => {
    const trend = trendOf('generated/schedtrace-locked-threads.txt');
    expect(trend.threads).toMatchObject({ first: 5, max: 204 });
    expect(trend.nmidlelocked?.max).toBe(200);
    expect(trend.lockedMs?.max).toBe(200);
    expect(trend.findings).toContain('locked-thread-growth');
  });

  it('reads threads that exited as goroutines exiting while locked', () => {
    const trend = trendOf('generated/locked-goroutine-exit.txt');
    expect(trend.threads).toMatchObject({ first: 5, max: 44, last: 8 });
    expect(trend.threadsDrop).toBe(36);
    expect(trend.findings).toContain('thread-exit');
  });

  it('sees Ps kept busy with empty queues by the same goroutines (busy select loop)', () => {
    const detailed = trendOf('generated/schedtrace-busy-select.txt');
    expect(detailed.findings).toContain('busy');
    expect(detailed.steadyRunners).toBe(2);
    expect(detailed.findings).not.toContain('saturated');
    expect(trendOf('generated/schedtrace-busy-select-summary.txt').findings).toContain('busy');
  });

  it('sees a saturated scheduler: no idle P and long run queues (reported/122)', () => {
    const trend = trendOf('reported/122-schedtrace.txt');
    expect(trend.gomaxprocs).toBe(56);
    expect(trend.idleProcs.max).toBe(0);
    expect(trend.globalRunqueue.min).toBeGreaterThanOrEqual(48);
    expect(trend.findings).toEqual(['saturated']);
  });

  it('reads all Ps idle as a program waiting on I/O or a lock, not CPU (reported/124)', () => {
    const trend = trendOf('reported/124-scheddetail.txt');
    expect(trend.findings).toEqual(['idle']);
    expect(trend.blockedMs?.max).toBeGreaterThan(0);
  });

  it('exposes the trend as facts the knowledge entries use', () => {
    const diagnoser = realDiagnoser();
    const locked = diagnoser.diagnoseSync(fixture('generated/schedtrace-locked-threads.txt'));
    expect(locked.details[0]?.facts).toMatchObject({
      schedLockedThreadGrowth: 1,
      schedMaxNmidlelocked: 200,
      schedThreadsPeakGrowth: 199,
    });
    expect(locked.candidates[0]?.entry.id).toBe('lockosthread-without-unlock');
    const exited = diagnoser.diagnoseSync(fixture('generated/locked-goroutine-exit.txt'));
    expect(exited.details[0]?.facts.schedThreadsDrop).toBe(36);
    expect(exited.candidates.map((c) => c.entry.id)).toContain('lockosthread-without-unlock');
  });

  it('says in the reply what the trend shows and what a trace cannot show', () => {
    const reply = renderReply(
      realDiagnoser().diagnoseSync(fixture('reported/124-scheddetail.txt')),
    );
    const context = reply.context.join('\n');
    expect(context).toContain('**Trend:** one sample: threads 9; idle Ps 8 of 8');
    expect(context).toContain('waiting on I/O, a lock, a channel or a timer, not on CPU');
    expect(context).toContain('**What it cannot show:**');
    expect(reply.nextSteps[0]).toContain('kill -QUIT');
  });
});
