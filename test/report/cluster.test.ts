// Goroutine grouping: the same stack once arguments and ids are ignored, then merged down to
// the first user frame; counts, states, wait ranges, locked counts and creators per group.
import { describe, expect, it } from 'vitest';
import type { Group } from '../../src/report/cluster.js';
import { clusterGoroutines, mergeGroups } from '../../src/report/cluster.js';
import { readPaste } from '../../src/report/index.js';
import type { CrashReport } from '../../src/report/types.js';
import { fixture, realDiagnoser } from '../helpers.js';

function groupsOf(path: string): Group[] {
  const diagnosis = realDiagnoser().diagnoseSync(fixture(path));
  return diagnosis.details[0]?.groups ?? [];
}

function byTop(groups: Group[], top: string): Group | undefined {
  return groups.find((g) => g.top === top);
}

function reportOf(paste: string): CrashReport {
  const read = readPaste(paste);
  if (!read.ok || !read.reports[0]) throw new Error('no report');
  return read.reports[0];
}

// The program behind these dumps (go-programs/goroutine-leak) starts 1000 receivers, 50
// selects, 20 goroutines on a mutex main never unlocks, 10 Accept loops and 5 locked ones.
const FULL_DUMPS = [
  'generated/goroutine-leak-sigquit.txt',
  'generated/goroutine-leak-sigquit-61s.txt',
  'generated/goroutine-leak-sigquit-crash.txt',
  'generated/goroutine-leak-panic-all.txt',
  'generated/goroutine-leak-pprof-debug2.txt',
  'generated/goroutine-leak-writeto.txt',
];

describe('goroutine groups of the leak dumps', () => {
  for (const path of FULL_DUMPS) {
    it(`${path} has the five leaks with their counts, states and lock state`, () => {
      const groups = groupsOf(path);
      expect(byTop(groups, 'main.(*Subscriber).consume')).toMatchObject({
        count: 1000,
        state: 'chan receive',
        lockedToThread: 0,
        createdBy: 'main.main',
        role: 'suspect',
      });
      expect(byTop(groups, 'main.pollWithTimeout')).toMatchObject({ count: 50, state: 'select' });
      expect(byTop(groups, 'main.(*Ledger).append')).toMatchObject({
        count: 20,
        state: 'semacquire',
        call: 'sync.(*Mutex).Lock',
      });
      expect(byTop(groups, 'main.serve')).toMatchObject({
        count: 10,
        state: 'IO wait',
        call: 'net.(*TCPListener).Accept',
      });
      expect(byTop(groups, 'main.pinned')).toMatchObject({ count: 5, lockedToThread: 5 });
    });
  }

  it('keeps the wait-time range printed as `, 1 minutes`', () => {
    const groups = groupsOf('generated/goroutine-leak-sigquit-61s.txt');
    expect(byTop(groups, 'main.(*Subscriber).consume')?.waitMinutes).toEqual([1, 1]);
    expect(byTop(groups, 'main.pinned')?.waitMinutes).toEqual([1, 1]);
  });

  it('reads the same counts from pprof debug=1, with the states its frames show', () => {
    const groups = groupsOf('generated/goroutine-leak-pprof-debug1.txt');
    expect(byTop(groups, 'main.(*Subscriber).consume')).toMatchObject({
      count: 1000,
      state: 'unknown',
    });
    expect(byTop(groups, 'main.pollWithTimeout')?.count).toBe(50);
    expect(byTop(groups, 'main.(*Ledger).append')).toMatchObject({
      count: 20,
      state: 'semacquire',
      isStateInferred: true,
    });
    expect(byTop(groups, 'main.serve')).toMatchObject({ count: 10, state: 'IO wait' });
    expect(byTop(groups, 'main.pinned')?.count).toBe(5);
  });

  it('finds the 300 listeners of the listener leak in one Accept group', () => {
    const groups = groupsOf('generated/listener-leak-sigquit.txt');
    expect(groups[0]).toMatchObject({
      count: 300,
      state: 'IO wait',
      call: 'net.(*TCPListener).Accept',
      role: 'suspect',
    });
  });
});

describe('clusterGoroutines and mergeGroups', () => {
  const paste = [
    'goroutine 5 [chan receive, 3 minutes]:',
    'runtime.gopark(0x1?, 0x2?)',
    '\t/usr/local/go/src/runtime/proc.go:398 +0xce',
    'main.worker(0xc000010000)',
    '\t/app/main.go:20 +0x3c',
    'main.startA()',
    '\t/app/main.go:30 +0x1d',
    'created by main.main in goroutine 1',
    '\t/app/main.go:40 +0x25',
    '',
    'goroutine 6 [chan receive, 61 minutes, locked to thread]:',
    'runtime.gopark(0x9?, 0x8?)',
    '\t/usr/local/go/src/runtime/proc.go:398 +0xce',
    'main.worker(0xc000020000)',
    '\t/app/main.go:20 +0x3c',
    'main.startB()',
    '\t/app/main.go:50 +0x1d',
    'created by main.other in goroutine 1',
    '\t/app/main.go:60 +0x25',
    '',
    'goroutine 7 [chan receive]:',
    'runtime.gopark(0x3?, 0x4?)',
    '\t/usr/local/go/src/runtime/proc.go:398 +0xce',
    'main.worker(0xc000030000)',
    '\t/app/main.go:20 +0x3c',
    'main.startA()',
    '\t/app/main.go:30 +0x1d',
    'created by main.main in goroutine 1',
    '\t/app/main.go:40 +0x25',
  ].join('\n');

  it('groups identical stacks whatever their arguments, ids and offsets', () => {
    const groups = clusterGoroutines(reportOf(paste));
    expect(groups.map((g) => g.count)).toEqual([2, 1]);
    expect(groups[0]).toMatchObject({ top: 'main.worker', waitMinutes: [3, 3], stacks: 1 });
  });

  it('merges stacks that agree down to the first user frame, callers aside', () => {
    const [merged, ...rest] = mergeGroups(clusterGoroutines(reportOf(paste)));
    expect(rest).toEqual([]);
    expect(merged).toMatchObject({
      count: 3,
      stacks: 2,
      state: 'chan receive',
      waitMinutes: [3, 61],
      lockedToThread: 1,
      top: 'main.worker',
      createdBy: 'main.main',
    });
  });

  it('names a goroutine without user code by its entry function', () => {
    const report = reportOf(
      'goroutine 2 [force gc (idle)]:\nruntime.gopark(0x0?)\n\t/go/src/runtime/proc.go:398 +0xce\nruntime.forcegchelper()\n\t/go/src/runtime/proc.go:322 +0xb3\nruntime.goexit()\n\t/go/src/runtime/asm_amd64.s:1650 +0x1\n\ngoroutine 3 [IO wait]:\ninternal/poll.runtime_pollWait(0x1, 0x72)\n\t/go/src/runtime/netpoll.go:343 +0x85\nnet/http.(*conn).serve(0xc0001)\n\t/go/src/net/http/server.go:2044 +0x5c8\n',
    );
    expect(clusterGoroutines(report).map((g) => g.top)).toEqual([
      'runtime.forcegchelper',
      'net/http.(*conn).serve',
    ]);
  });
});
