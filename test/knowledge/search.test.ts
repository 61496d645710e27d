// Free-text questions find their entry first, as worded in search.tsv and worded otherwise.
import { describe, expect, it } from 'vitest';
import { realDiagnoser, tsvRows } from '../helpers.js';

const REWORDED: [query: string, id: string][] = [
  ['what does invalid m mean', 'invalid-m'],
  ['runtime.LockOSThread never unlocked threads keep growing', 'lockosthread-without-unlock'],
  ['for select default loop uses 100% cpu', 'select-default-busy-loop'],
  ['how do I read GODEBUG schedtrace output', 'scheduler-trace'],
  ['fatal error: concurrent map read and map write', 'concurrent-map-access'],
  ['assignment to entry in nil map', 'nil-map-assignment'],
  ['all goroutines are asleep', 'deadlock'],
  ['thousands of goroutines stuck in chan receive', 'goroutine-leak'],
  ['goroutine count keeps growing', 'goroutine-leak'],
  ['sql driver registered twice', 'duplicate-registration'],
  ['mutex unlocked twice', 'unlock-of-unlocked'],
  ['panic in http handler', 'http-handler-panic'],
  ['WARNING: DATA RACE', 'data-race'],
  ['sync: negative WaitGroup counter', 'negative-waitgroup'],
];

describe('knowledge search', () => {
  const diagnoser = realDiagnoser();

  for (const [query = '', expected = ''] of tsvRows('search.tsv')) {
    it(`"${query}" finds ${expected} first`, () => {
      expect(diagnoser.search(query, 3)[0]?.entry.id).toBe(expected);
    });
  }

  for (const [query, expected] of REWORDED) {
    it(`reworded "${query}" finds ${expected} first`, () => {
      expect(diagnoser.search(query, 3)[0]?.entry.id).toBe(expected);
    });
  }

  it('returns nothing for an empty or symbol-only query', () => {
    expect(diagnoser.search('')).toEqual([]);
    expect(diagnoser.search('!!! ??? ***')).toEqual([]);
  });

  it('orders matches best first with scores between 0 and 1', () => {
    const scores = diagnoser.search('nil pointer', 5).map((m) => m.score);
    expect(scores.length).toBeGreaterThan(0);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(0);
    for (const s of scores) expect(s).toBeLessThanOrEqual(1);
  });
});
