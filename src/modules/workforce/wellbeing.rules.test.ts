import { describe, expect, it } from 'vitest';
import { checkAnswers, score, summaryBand } from './wellbeing.rules.ts';

const all = (n: number, v: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), v]));

describe('ProQOL 5', () => {
  it('reverses burnout items 1, 4, 15, 17, 29 and sums each scale of 10', () => {
    // Every answer 3: reversal of 3 is 3, so each sum is 30 (moderate).
    expect(score('proqol-5', all(30, 3)).map((s) => [s.code, s.score, s.band])).toEqual([
      ['compassion-satisfaction', 30, 'moderate'],
      ['burnout', 30, 'moderate'],
      ['secondary-traumatic-stress', 30, 'moderate'],
    ]);
    // Every answer 5: burnout = 5 normal items x5 + 5 reversed x1 = 30; CS and STS 50 (high).
    const fives = score('proqol-5', all(30, 5));
    expect(fives.find((s) => s.code === 'burnout')!.score).toBe(30);
    expect(fives.find((s) => s.code === 'compassion-satisfaction')).toMatchObject({ score: 50, band: 'high' });
  });
  it('bands at 22/23 and 41/42', () => {
    const sts = (total: number) => {
      const a = all(30, 1);
      const items = [2, 5, 7, 9, 11, 13, 14, 23, 25, 28];
      let left = total - 10;
      for (const i of items) {
        const add = Math.min(4, left);
        a[String(i)] = 1 + add;
        left -= add;
      }
      return score('proqol-5', a).find((s) => s.code === 'secondary-traumatic-stress')!;
    };
    expect(sts(22)).toMatchObject({ score: 22, band: 'low' });
    expect(sts(23)).toMatchObject({ score: 23, band: 'moderate' });
    expect(sts(41)).toMatchObject({ score: 41, band: 'moderate' });
    expect(sts(42)).toMatchObject({ score: 42, band: 'high' });
  });
  it('refuses a missing or out-of-range answer naming the item', () => {
    const a = all(30, 3);
    delete a['7'];
    a['8'] = 6;
    expect(checkAnswers('proqol-5', { ...a, '31': 2 }).map((p) => p.field)).toEqual(['answers.7', 'answers.8', 'answers.31']);
  });
});

describe('Copenhagen Burnout Inventory', () => {
  it('is the mean of each scale, item 13 reversed, 50 or more high', () => {
    const a = all(19, 50);
    expect(score('cbi', a).map((s) => [s.code, s.score, s.band])).toEqual([
      ['personal', 50, 'high'],
      ['work', 50, 'high'],
      ['client', 50, 'high'],
    ]);
    const b = { ...all(19, 25), '13': 100 };
    // Work: six items at 25 and item 13 reversed (100 -> 0): 150 / 7.
    expect(score('cbi', b).find((s) => s.code === 'work')!.score).toBe(21.43);
    expect(checkAnswers('cbi', { ...all(19, 25), '2': 30 })).toEqual([{ field: 'answers.2', message: 'Use 100, 75, 50, 25 or 0' }]);
  });
});

describe('pulse and the shared band', () => {
  it('reads 1-2 as high strain, 3 moderate, 4-5 low; the shared band is the highest strain, compassion satisfaction aside', () => {
    expect(score('pulse', { '1': 2 })[0]!.band).toBe('high');
    expect(summaryBand([{ instrument: 'pulse', scores: score('pulse', { '1': 4 }) }])).toBe('low');
    expect(summaryBand([{ instrument: 'proqol-5', scores: score('proqol-5', all(30, 5)) }])).toBe('high');
    expect(summaryBand([])).toBeNull();
  });
});
