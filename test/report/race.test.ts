// Race reports: both accesses, their goroutines' origins, the variable, several races in one
// paste counted once per pair of code locations, and stacks the detector lost.
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../src/render/reply.js';
import { readPaste } from '../../src/report/index.js';
import { describeRaces, distinctRaces } from '../../src/report/race.js';
import type { CrashReport } from '../../src/report/types.js';
import { fixture, realDiagnoser } from '../helpers.js';

function raceReport(paste: string): CrashReport {
  const read = readPaste(paste);
  const report = read.ok ? read.reports.find((r) => r.kind === 'race') : undefined;
  if (!report) throw new Error('no race report');
  return report;
}

const BAR = '==================';

// What `go test -race` prints: the same two lines racing in two tests, then another pair
// whose earlier access the detector no longer remembers.
const PASTE = [
  BAR,
  'WARNING: DATA RACE',
  'Write at 0x00c00001c0f8 by goroutine 7:',
  '  main.incr()',
  '      /app/counter.go:20 +0x44',
  '  main.main.func1()',
  '      /app/main.go:12 +0x2f',
  '',
  'Previous read at 0x00c00001c0f8 by goroutine 8:',
  '  main.report()',
  '      /app/counter.go:30 +0x3a',
  '  main.main.func2()',
  '      /app/main.go:15 +0x2f',
  '',
  'Global var main.hits of size 8 at 0x00c00001c0f8 declared at /app/counter.go:9',
  '',
  'Goroutine 7 (running) created at:',
  '  main.main()',
  '      /app/main.go:11 +0x7d',
  '',
  'Goroutine 8 (finished) created at:',
  '  main.main()',
  '      /app/main.go:14 +0xb6',
  BAR,
  BAR,
  'WARNING: DATA RACE',
  'Read at 0x00c00001c0f8 by goroutine 9:',
  '  main.report()',
  '      /app/counter.go:30 +0x3a',
  '',
  'Previous write at 0x00c00001c0f8 by main goroutine:',
  '  main.incr()',
  '      /app/counter.go:20 +0x44',
  '  main.main()',
  '      /app/main.go:22 +0x1d',
  BAR,
  BAR,
  'WARNING: DATA RACE',
  'Write at 0x00c0000b4010 by goroutine 12:',
  '  main.(*Cache).Put()',
  '      /app/cache.go:44 +0x7a',
  '',
  'Previous write at 0x00c0000b4010 by goroutine 11:',
  '  [failed to restore the stack]',
  '',
  'Heap block of size 16 at 0x00c0000b4000 allocated by main goroutine:',
  '  main.NewCache()',
  '      /app/cache.go:12 +0x3c',
  '',
  'Goroutine 12 (running) created at:',
  '  main.serve()',
  '      /app/server.go:31 +0x55',
  BAR,
  'Found 3 data race(s)',
].join('\n');

describe('race reports', () => {
  it('counts each pair of code locations once, in either order', () => {
    const races = distinctRaces(raceReport(PASTE));
    expect(races).toHaveLength(2);
    expect(races[0]?.count).toBe(2);
    expect(races[0]?.sides.map((s) => [s.op, s.frame?.func, s.frame?.fileLine])).toEqual([
      ['write', 'main.incr', 20],
      ['read', 'main.report', 30],
    ]);
    expect(races[1]?.count).toBe(1);
  });

  it('reads where each goroutine was created and where the variable lives', () => {
    const [first, second] = distinctRaces(raceReport(PASTE));
    expect(first?.sides.map((s) => s.createdAt?.fileLine)).toEqual([11, 14]);
    expect(first?.location).toMatchObject({
      kind: 'global',
      name: 'main.hits',
      size: 8,
      fileLine: 9,
    });
    expect(second?.location).toMatchObject({ kind: 'heap', size: 16, goroutine: undefined });
    expect(second?.location?.frames.map((f) => f.func)).toEqual(['main.NewCache']);
  });

  it('marks the access whose stack the detector failed to restore', () => {
    const report = raceReport(PASTE);
    expect(report.races[2]?.hasFailedStack).toBe(true);
    expect(report.races[2]?.accesses[1]).toMatchObject({ hasFailedStack: true, frames: [] });
    expect(distinctRaces(report)[1]?.sides[1]?.hasFailedStack).toBe(true);
  });

  it('describes both sides in user code, the variable and the duplicates', () => {
    const lines = describeRaces(raceReport(PASTE));
    expect(lines).toContain(
      '**Race:** write in `main.incr` (counter.go:20) vs earlier read in `main.report` (counter.go:30) (reported 2 times)',
    );
    expect(lines).toContain('**Variable:** global `main.hits` (8 bytes) declared at counter.go:9');
    expect(lines).toContain(
      '**Variable:** a 16-byte heap object allocated by the main goroutine in `main.NewCache` (cache.go:12)',
    );
    expect(lines.some((l) => l.includes('GORACE=history_size=7'))).toBe(true);
    expect(lines.at(-1)).toBe('**Races in this paste:** 3 reports, 2 distinct pairs of locations');
  });

  it('reads the pre-go1.3 form without addresses (reported/110)', () => {
    const report = raceReport(fixture('reported/110-data-race.txt'));
    expect(report.races[0]?.accesses.map((a) => [a.op, a.isPrevious, a.goroutine])).toEqual([
      ['read', false, 13],
      ['write', true, 8],
    ]);
  });

  it('puts the race line in the reply of a real report', () => {
    const reply = renderReply(realDiagnoser().diagnoseSync(fixture('generated/data-race.txt')));
    expect(reply.entryId).toBe('data-race');
    expect(reply.context).toContain(
      '**Race:** read in `main.main.func1` (main.go:20) vs earlier write in `main.main.func1` (main.go:20)',
    );
  });
});
