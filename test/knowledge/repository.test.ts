// The shipped knowledge base loads cleanly and holds every entry the product promises.
import { describe, expect, it } from 'vitest';
import { checkKnowledge } from '../../src/knowledge/load.js';
import { ROOT } from '../helpers.js';

const REQUIRED = [
  'invalid-m',
  'select-default-busy-loop',
  'listener-not-closed',
  'sync-pool-thread-bound-resource',
  'cgo-foreign-thread',
  'lockosthread-without-unlock',
  'internal-compiler-error',
  'scheduler-trace',
  'goroutine-leak',
  'nil-pointer-dereference',
  'index-out-of-range',
  'slice-bounds-out-of-range',
  'makeslice-out-of-range',
  'nil-map-assignment',
  'send-on-closed-channel',
  'close-of-closed-channel',
  'close-of-nil-channel',
  'interface-conversion',
  'divide-by-zero',
  'unhashable-type',
  'reflect-misuse',
  'duplicate-registration',
  'application-panic',
  'repanic',
  'http-handler-panic',
  'deadlock',
  'concurrent-map-access',
  'stack-overflow',
  'out-of-memory',
  'thread-exhaustion',
  'pthread-create-failed',
  'cgo-crash',
  'cgo-pointer-check',
  'checkptr',
  'memory-corruption',
  'unexpected-fault-address',
  'unlock-of-unlocked',
  'negative-waitgroup',
  'runtime-internal-throw',
  'data-race',
  'test-timeout',
  'goroutine-dump',
  'compile-error',
];

describe('knowledge/', () => {
  const { entries, problems } = checkKnowledge(`${ROOT}/knowledge`);

  it('has no problems', () => {
    expect(problems.map((p) => `${p.file}:${p.line}: ${p.message}`)).toEqual([]);
  });

  it('holds every required entry', () => {
    const ids = new Set(entries.map((e) => e.id));
    expect(REQUIRED.filter((id) => !ids.has(id))).toEqual([]);
  });

  it('gives every entry sources, fixes with code, workarounds and verify steps', () => {
    for (const entry of entries) {
      expect(entry.sources.length, entry.id).toBeGreaterThan(0);
      expect(
        entry.fixes.every((f) => f.before !== '' && f.after !== ''),
        entry.id,
      ).toBe(true);
      expect(entry.workarounds.length, entry.id).toBeGreaterThan(0);
      expect(entry.verify.length, entry.id).toBeGreaterThan(0);
    }
  });

  it('never repeats the fact-checked false claims of the seed article', () => {
    const FALSE_CLAIMS = [
      /cgoClearThreadLocalStorage/,
      /CL ?589221 (fixed|fixes)/i,
      /m\.helpgc/,
      /state=dead/,
    ];
    for (const entry of entries) {
      const text = [entry.summary, entry.symptoms, entry.cause, ...entry.verify].join('\n');
      for (const claim of FALSE_CLAIMS)
        expect(claim.test(text), `${entry.id}: ${claim}`).toBe(false);
    }
  });
});
