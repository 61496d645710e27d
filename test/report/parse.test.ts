// The parser reads each paste form into the right report, fields and original line numbers.
import { describe, expect, it } from 'vitest';
import { readPaste } from '../../src/report/index.js';
import type { CrashReport } from '../../src/report/types.js';
import { fixture } from '../helpers.js';

function reportsOf(paste: string): CrashReport[] {
  const result = readPaste(paste);
  if (!result.ok) throw new Error(`no reports: ${result.notice}`);
  return result.reports;
}

describe('parseReports', () => {
  it('reads a panic: headline, crashing goroutine, frames with files and lines', () => {
    const [report] = reportsOf(fixture('generated/nil-map-assignment.txt'));
    expect(report?.kind).toBe('panic');
    expect(report?.headline).toMatchObject({
      form: 'panic',
      text: 'assignment to entry in nil map',
      line: 1,
    });
    const frames = report?.goroutines[0]?.frames ?? [];
    expect(frames.map((f) => f.func)).toEqual(['main.(*Registry).Register', 'main.main']);
    expect(frames[0]).toMatchObject({ fileLine: 14, line: 4, pkg: 'main', isRuntime: false });
  });

  it('reads a fatal error with the signal line and every goroutine', () => {
    const [report] = reportsOf(fixture('generated/cgo-null-deref.txt'));
    expect(report?.kind).toBe('throw');
    expect(report?.headline?.text).toBe('unexpected signal during runtime execution');
    expect(report?.signal?.name).toBe('SIGSEGV');
    expect(report?.goroutines.length).toBeGreaterThan(1);
  });

  it('keeps nested panics and their [recovered] marks in order', () => {
    const [report] = reportsOf(
      'panic: first [recovered]\n\tpanic: second\n\ngoroutine 1 [running]:\nmain.main()\n\t/x/main.go:3 +0x1\n',
    );
    expect(report?.headlines.map((h) => [h.text, h.isRecovered])).toEqual([
      ['first', true],
      ['second', false],
    ]);
    expect(report?.headline?.text).toBe('first');
  });

  it('reads go1.25 [recovered, repanicked] as one recovered, repanicked headline', () => {
    const [report] = reportsOf(
      'panic: boom [recovered, repanicked]\n\ngoroutine 1 [running]:\nmain.main()\n',
    );
    expect(report?.headline).toMatchObject({ text: 'boom', isRecovered: true, isRepanicked: true });
  });

  it('makes the unwinding index panic the main headline under a later unlock fatal', () => {
    const [report] = reportsOf(fixture('reported/072-sync-unlock-of-unlocked-mutex.txt'));
    expect(report?.headline).toMatchObject({
      form: 'inferred',
      text: 'runtime error: index out of range',
    });
    expect(report?.headlines[1]?.text).toBe('sync: unlock of unlocked mutex');
  });

  it('reads goroutine header states, wait minutes and locked to thread', () => {
    const paste =
      'goroutine 7 [chan receive, 61 minutes, locked to thread]:\nmain.worker()\n\t/x/w.go:9 +0x1\n\ngoroutine 8 gp=0xc000 m=nil [select]:\nmain.loop()\n';
    const [report] = reportsOf(paste);
    expect(report?.kind).toBe('dump');
    expect(report?.goroutines[0]).toMatchObject({
      id: 7,
      state: 'chan receive',
      waitMinutes: 61,
      isLockedToThread: true,
    });
    expect(report?.goroutines[1]).toMatchObject({ id: 8, state: 'select' });
  });

  it('reads created by with and without the go1.21 goroutine id', () => {
    const [report] = reportsOf(
      'goroutine 9 [running]:\nmain.f()\n\t/x/a.go:1 +0x1\ncreated by main.g in goroutine 1\n\t/x/a.go:2 +0x1\n\ngoroutine 10 [sleep]:\nmain.h()\ncreated by main.k\n',
    );
    expect(report?.goroutines[0]?.createdBy).toMatchObject({ func: 'main.g', parentId: 1 });
    expect(report?.goroutines[1]?.createdBy).toMatchObject({ func: 'main.k' });
    expect(report?.goroutines[0]?.frames).toHaveLength(1);
  });

  it('reads a race report with both accesses and creators', () => {
    const [report] = reportsOf(fixture('generated/data-race.txt'));
    expect(report?.kind).toBe('race');
    const race = report?.races[0];
    expect(race?.accesses.map((a) => [a.op, a.isPrevious, a.goroutine])).toEqual([
      ['read', false, 7],
      ['write', true, 8],
    ]);
    expect(race?.creators.map((c) => c.goroutine)).toEqual([7, 8]);
  });

  it('reads schedtrace samples and scheddetail M lines', () => {
    const [report] = reportsOf(fixture('generated/schedtrace-locked-threads.txt'));
    expect(report?.kind).toBe('schedtrace');
    expect(report?.sched[0]).toMatchObject({ ms: 0, gomaxprocs: 4, threads: 5 });
    expect(report?.sched.length).toBeGreaterThan(2);
  });

  it('reads pprof debug=1 groups with their counts', () => {
    const [report] = reportsOf(fixture('generated/goroutine-leak-pprof-debug1.txt'));
    expect(report?.kind).toBe('pprof');
    expect(report?.profile[0]).toMatchObject({ count: 1000 });
    expect(report?.profile[0]?.frames[0]?.func).toBe('main.(*Subscriber).consume');
  });

  it('reads compiler output only after a # package line', () => {
    expect(reportsOf(fixture('generated/compile-syntax-error.txt'))[0]?.kind).toBe('compile');
    expect(reportsOf('./main.go:3:1: something vet-like said this\n')).toEqual([]);
  });

  it('finds several reports in one paste, crashes in order', () => {
    const paste = `${fixture('generated/data-race.txt')}\n${fixture('generated/nil-map-assignment.txt')}`;
    expect(reportsOf(paste).map((r) => r.kind)).toEqual(['race', 'panic']);
  });

  it('turns a paste with no Go output into no reports', () => {
    expect(reportsOf(fixture('chat/004-kotlin-npe-exception-in-thread-main.txt'))).toEqual([]);
    expect(reportsOf('level=panic recovered=OMG')).toEqual([]);
  });
});

describe('chat mangling', () => {
  const original = fixture('generated/nil-pointer-deref.txt');
  const expected = reportsOf(original)[0];

  const variants: [name: string, paste: string][] = [
    ['CRLF line endings', original.replace(/\n/g, '\r\n')],
    ['tabs turned into spaces', original.replace(/\t/g, '        ')],
    ['a code fence with prose around it', `got this:\n\`\`\`\n${original}\`\`\`\nany idea?`],
    ['> quoting', original.replace(/^/gm, '> ')],
    [
      'Slack entity escaping',
      original.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    ],
    ['a timestamped log prefix', original.replace(/^/gm, '2024-05-01T10:00:00.123Z stderr F ')],
  ];

  for (const [name, paste] of variants) {
    it(`reads the same report through ${name}`, () => {
      const report = reportsOf(paste).find((r) => r.kind === 'panic');
      expect(report?.headline?.text).toBe(expected?.headline?.text);
      expect(report?.goroutines[0]?.frames.map((f) => f.func)).toEqual(
        expected?.goroutines[0]?.frames.map((f) => f.func),
      );
    });
  }

  it('keeps line numbers of the original paste behind a fence and prose', () => {
    const [report] = reportsOf(`hello\nthere\n\`\`\`\n${original}`);
    expect(report?.headline?.line).toBe(4);
  });
});
