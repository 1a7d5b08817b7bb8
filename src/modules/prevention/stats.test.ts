import { describe, expect, it } from 'vitest';
import { awarenessChange, moments, momentsFromSums, pairedChange, welchChange } from './stats.js';

describe('awareness change statistics', () => {
  it('gives the paired t interval computed by hand', () => {
    // Differences 2, 4, 6: mean 4, sd 2, se 2/√3 = 1.154701, t(0.975, 2) = 4.302653 → ± 4.968275.
    const r = pairedChange([
      [10, 12],
      [10, 14],
      [10, 16],
    ]);
    expect(r.change).toBe(4);
    expect(r.ciLow).toBeCloseTo(4 - 4.968275, 5);
    expect(r.ciHigh).toBeCloseTo(4 + 4.968275, 5);
    expect(r.df).toBe(2);
  });

  it("gives Welch's interval computed by hand", () => {
    // Before 1,2,3 (mean 2, var 1); after 4,6,8 (mean 6, var 4): se = √(1/3 + 4/3) = 1.290994;
    // df = (5/3)² / ((1/3)²/2 + (4/3)²/2) = 2.777778/0.944444 = 2.941176; t(0.975, 2.941176) = 3.218, ± 4.1544.
    const r = welchChange(moments([1, 2, 3]), moments([4, 6, 8]));
    expect(r.change).toBe(4);
    expect(r.df).toBeCloseTo(2.941176, 5);
    expect(r.ciHigh! - 4).toBeCloseTo(3.218 * 1.290994, 2);
  });

  it('matches moments from sums with moments from values', () => {
    const xs = [30, 40, 55, 70, 90];
    const sum = xs.reduce((a, b) => a + b, 0);
    const sq = xs.reduce((a, b) => a + b * b, 0);
    expect(momentsFromSums(xs.length, sum, sq).variance).toBeCloseTo(moments(xs).variance, 9);
  });

  it('pairs by participant code when most answers are paired, else compares groups', () => {
    const before = [
      { code: 'A', score: 10 },
      { code: 'B', score: 20 },
      { code: 'C', score: 30 },
    ];
    const after = [
      { code: 'A', score: 20 },
      { code: 'B', score: 40 },
      { code: 'C', score: 40 },
    ];
    expect(awarenessChange(before, after).method).toBe('paired');
    const anonymous = before.map((r) => ({ ...r, code: null }));
    expect(awarenessChange(anonymous, after).method).toBe('welch');
    expect(awarenessChange([], after).change).toBeNull();
  });
});
