// Every fixture in INDEX.tsv gets an accepted top diagnosis and the expected autoreply.
import { describe, expect, it } from 'vitest';
import { fixture, realDiagnoser, tsvRows } from '../helpers.js';

/**
 * Fixtures whose expected answer cannot be given honestly from the paste alone, with the
 * answer we give instead and why. Each is a known disagreement, listed in the README.
 */
const DISAGREEMENTS: Record<string, { top: string; autoreply: boolean; why: string }> = {
  'chat/046-index-out-of-range-starts-at-goroutine-header.txt': {
    top: 'none',
    autoreply: false,
    why: 'the paste starts at the goroutine header; the index panic is known only from the PR title, so we ask for the first line instead of guessing',
  },
  'reported/148-concurrent-map-writes.txt': {
    top: 'none',
    autoreply: false,
    why: 'the paste was trimmed to two goroutines, neither showing a map write; the fatal error line is not in it, so we ask for it instead of guessing',
  },
  'chat/025-go-build-declared-and-not-used.txt': {
    top: 'compile-error',
    autoreply: true,
    why: 'the same compiler output as generated/compile-unused-variable.txt, which expects compile-error; one kind gets one answer',
  },
};

describe('fixtures in INDEX.tsv', () => {
  const diagnoser = realDiagnoser();

  for (const [file = '', expected = '', autoreply = ''] of tsvRows('INDEX.tsv')) {
    const disagreement = DISAGREEMENTS[file];
    it(`${file} → ${disagreement ? `${disagreement.top} (known disagreement)` : expected}`, () => {
      const diagnosis = diagnoser.diagnoseSync(fixture(file));
      const top = diagnosis.candidates[0]?.entry.id ?? 'none';

      if (disagreement) {
        expect(top).toBe(disagreement.top);
        expect(diagnosis.autoreply).toBe(disagreement.autoreply);
        return;
      }
      expect(expected.split(',')).toContain(top);
      expect(diagnosis.autoreply).toBe(autoreply === 'yes');
    });
  }

  it('never answers with high confidence when the expected answer is none', () => {
    for (const [file = '', expected = ''] of tsvRows('INDEX.tsv')) {
      if (expected !== 'none' || DISAGREEMENTS[file]) continue;
      const diagnosis = diagnoser.diagnoseSync(fixture(file));
      expect(
        diagnosis.candidates.filter((c) => c.confidence === 'high'),
        file,
      ).toEqual([]);
    }
  });
});
