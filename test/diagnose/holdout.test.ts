// Real pastes from public issues, gathered apart from the main fixtures: the accuracy bar.
// Both sets were collected blind and then used to find generic parser gaps, so they now guard
// against regressions; an honest estimate needs a fresh set (see README).
import { describe, expect, it } from 'vitest';
import { fixture, realDiagnoser, tsvRows } from '../helpers.js';

const MIN_TOP1 = 0.9;

describe.each(['holdout', 'holdout2', 'holdout3'])('held-out pastes (test/fixtures/%s)', (dir) => {
  const diagnoser = realDiagnoser();
  const rows = tsvRows(`${dir}/INDEX.tsv`);
  const results = rows.map(([file = '', expected = '']) => {
    const diagnosis = diagnoser.diagnoseSync(fixture(`${dir}/${file}`));
    const top = diagnosis.candidates[0];
    return {
      file,
      accepted: expected.split(','),
      top: top?.entry.id ?? 'none',
      confidence: top?.confidence,
    };
  });

  it(`diagnoses at least ${MIN_TOP1 * 100}% of them right at top-1`, () => {
    const misses = results.filter((r) => !r.accepted.includes(r.top));
    const top1 = (results.length - misses.length) / results.length;
    expect(top1, misses.map((m) => `${m.file}: ${m.top}`).join('\n')).toBeGreaterThanOrEqual(
      MIN_TOP1,
    );
  });

  it('never gives a wrong answer with high confidence', () => {
    const wrongHigh = results.filter((r) => r.confidence === 'high' && !r.accepted.includes(r.top));
    expect(wrongHigh).toEqual([]);
  });

  it('never diagnoses the pastes that are not Go crashes', () => {
    const notGo = results.filter((r) => r.accepted.includes('none'));
    expect(notGo.length).toBeGreaterThan(0);
    expect(notGo.filter((r) => r.top !== 'none')).toEqual([]);
  });
});
