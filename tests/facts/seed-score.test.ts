// The extractor on the real seed chapter against the hand-labelled list
// (tests/fixtures/facts/seed-labels.json). `npx tsx tests/facts/score-seed.ts` prints the details.
import { describe, expect, it } from 'vitest';
import { formatScore, scoreFacts, scoreSeed } from '../support/fact-score.ts';

describe('figures of the seed chapter', () => {
  it('finds the hand-labelled figures, and nothing else', async () => {
    const score = await scoreSeed();
    console.log(formatScore(score));
    expect(score.expected).toBe(68);
    expect(score.recall).toBeGreaterThanOrEqual(0.97);
    expect(score.precision).toBeGreaterThanOrEqual(0.97);
    expect(score.labelAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(score.approximateAccuracy).toBe(1);
  });

  it('scores by entry, value and unit, and labels separately', () => {
    const fact = { max: null, text: '', approximate: false, subentry: null, sentence: 's', context: '' };
    const score = scoreFacts(
      [
        { entry: 'a', value: 1, unit: '人', label: 'x' },
        { entry: 'a', value: 2, unit: '人', label: 'y' },
      ],
      [
        { ...fact, entry: 'a', value: 1, unit: '人', label: 'z' },
        { ...fact, entry: 'a', value: 3, unit: '人', label: 'y' },
      ],
    );
    expect(score).toMatchObject({ matched: 1, recall: 0.5, precision: 0.5, labelAccuracy: 0 });
    expect(score.missed.map((m) => m.value)).toEqual([2]);
    expect(score.extra.map((f) => f.value)).toEqual([3]);
  });
});
