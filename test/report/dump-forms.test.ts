// Every way Go prints all goroutines parses into the right report kind with every goroutine,
// and a go test timeout names the test that was running and what it waited on.
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/render/reply.js';
import { readPaste } from '../../src/report/index.js';
import { runningTest } from '../../src/report/test-run.js';
import type { CrashReport } from '../../src/report/types.js';
import { fixture, realDiagnoser } from '../helpers.js';

function reportsOf(path: string): CrashReport[] {
  const read = readPaste(fixture(path));
  if (!read.ok) throw new Error(read.notice);
  return read.reports;
}

/** Goroutine headers in the file, counted independently of the parser. */
function headers(path: string): number {
  return fixture(path)
    .split('\n')
    .filter((l) => /^\s*goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[/.test(l)).length;
}

const FORMS: [path: string, kind: CrashReport['kind']][] = [
  ['generated/goroutine-leak-panic-all.txt', 'panic'],
  ['generated/nil-deref-gotraceback-all.txt', 'panic'],
  ['generated/nil-deref-gotraceback-system.txt', 'panic'],
  ['generated/nil-deref-gotraceback-crash.txt', 'panic'],
  ['generated/goroutine-leak-sigquit.txt', 'dump'],
  ['generated/goroutine-leak-sigquit-61s.txt', 'dump'],
  ['generated/goroutine-leak-pprof-debug2.txt', 'dump'],
  ['generated/goroutine-leak-writeto.txt', 'dump'],
  ['generated/listener-leak-sigquit.txt', 'dump'],
  ['generated/test-timeout.txt', 'test-timeout'],
  ['reported/096-sigquit-dump.txt', 'dump'],
  ['reported/101-goroutine-leak-semacquire.txt', 'dump'],
  ['reported/104-test-timeout.txt', 'test-timeout'],
];

describe('goroutine dump forms', () => {
  for (const [path, kind] of FORMS) {
    it(`${path} is one ${kind} report holding all ${headers(path)} goroutines`, () => {
      const reports = reportsOf(path);
      expect(reports[0]?.kind).toBe(kind);
      expect(reports.reduce((n, r) => n + r.goroutines.length, 0)).toBe(headers(path));
    });
  }

  it('reads GOTRACEBACK=crash as the dump, then one report per thread after -----', () => {
    const path = 'generated/goroutine-leak-sigquit-crash.txt';
    const [main, ...threads] = reportsOf(path);
    expect(main).toMatchObject({ kind: 'dump' });
    expect(main?.goroutines).toHaveLength(1091);
    expect(threads.length).toBe(8);
    expect(threads.every((r) => r.kind === 'dump' && r.goroutines.length === 1)).toBe(true);
  });

  it('reads pprof debug=1 as counted groups', () => {
    const [report] = reportsOf('generated/goroutine-leak-pprof-debug1.txt');
    expect(report?.kind).toBe('pprof');
    expect(report?.profile.reduce((n, p) => n + p.count, 0)).toBe(1091);
  });

  it('reads goleak output cut below its headline as a goleak report (reported/099)', () => {
    const [report] = reportsOf('reported/099-goroutine-leak.txt');
    expect(report?.kind).toBe('goleak');
    expect(report?.goroutines.map((g) => g.id)).toEqual([179341, 179778]);
  });

  it('reads goleak output with its headline and bracketed first stack', () => {
    const paste = [
      'goleak: Errors on successful test run: found unexpected goroutines:',
      '[Goroutine 12 in state chan receive, with main.worker on top of the stack:',
      'goroutine 12 [chan receive]:',
      'main.worker(0xc000012345)',
      '\t/app/worker.go:8 +0x2d',
      'created by main.start in goroutine 7',
      '\t/app/worker.go:3 +0x1f',
      ']',
    ].join('\n');
    const read = readPaste(paste);
    const report = read.ok ? read.reports[0] : undefined;
    expect(report?.kind).toBe('goleak');
    expect(report?.goroutines).toHaveLength(1);
  });
});

describe('go test timeouts', () => {
  it('names the test and what it and its helper goroutine waited on', () => {
    const [report] = reportsOf('generated/test-timeout.txt');
    const test = report && runningTest(report);
    expect(test?.name).toBe('TestPushPop');
    expect(test?.goroutine).toMatchObject({ id: 18, state: 'chan receive' });
    expect(test?.helpers.map((g) => [g.id, g.state])).toEqual([[19, 'sync.Cond.Wait']]);

    const reply = renderReply(realDiagnoser().diagnoseSync(fixture('generated/test-timeout.txt')));
    expect(reply.context).toContain('**Running test:** `TestPushPop`');
    expect(reply.context).toContain(
      '**It waited:** goroutine 18 in `chan receive` in `example.com/app.TestPushPop` (main_test.go:14)',
    );
    expect(reply.context).toContain(
      '**A goroutine it started waited:** goroutine 19 in `sync.Cond.Wait` in `example.com/app.(*Queue).Pop` (main.go:31)',
    );
  });

  it('names the deepest running subtest from the go1.21+ `running tests:` list', () => {
    const [report] = reportsOf('reported/104-test-timeout.txt');
    const test = report && runningTest(report);
    expect(test).toMatchObject({
      name: 'TestKubernetesClusterHappyPath/happy-path',
      duration: '10m0s',
    });
  });
});
