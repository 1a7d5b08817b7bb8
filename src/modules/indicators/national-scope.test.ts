import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';
import { refreshIndicatorFacts } from './index.js';

/*
 * The national task-force analyst (analyst.national, a taskforce_analyst of the national secretariat, which has
 * no one region) sees the whole country's aggregates; the provincial one (analyst.ntt) sees NTT (53). Both are
 * aggregate-only: no cell below the small-cell threshold, no case id or name in a figure or a drill-down.
 */
describeEachDatabase('indicators: the national task force sees every province, aggregated', (h) => {
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 600, seed: 1405 });
    await refreshIndicatorFacts(h().operator());
  }, 300_000);

  const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

  const provincesShown = async (username: string) => {
    const client = await h().login(username);
    const to = h().clock.now().toISOString().slice(0, 10);
    const res = await client.get(
      `/api/indicators/compute?keys=victims_identified&by=province&from=2019-01-01&to=${to}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.suppression).toBe(true);
    expect(res.body).not.toMatch(uuid);
    const min = h().config.smallCellMin;
    const figure = body.figures[0];
    const cells = [figure, ...figure.breakdown] as { suppressed: boolean; value: number | null }[];
    // A suppressed cell tells no value; a shown one is zero or at least the threshold.
    expect(cells.filter((c) => c.suppressed && c.value !== null)).toEqual([]);
    expect(cells.filter((c) => !c.suppressed && c.value !== null && c.value !== 0 && c.value < min)).toEqual([]);
    // A drill-down lists no identity (no case id, no name field) for an aggregate-only viewer.
    const d = await client.get(`/api/indicators/victims_identified/drilldown?from=2019-01-01&limit=50`);
    expect(d.statusCode, d.body).toBe(200);
    for (const item of d.json().items) {
      expect(item.caseId).toBeNull();
      expect(Object.keys(item)).not.toContain('name');
    }
    return {
      scope: body.scope as string,
      provinces: (figure.breakdown as { key: string | null; suppressed: boolean }[])
        .filter((c) => c.key !== null && !c.suppressed)
        .map((c) => c.key!),
    };
  };

  it('gives analyst.national the national scope: shown cells from more than one province', async () => {
    const national = await provincesShown('analyst.national');
    expect(national.scope).toBe('all');
    expect(new Set(national.provinces).size).toBeGreaterThan(1);
  });

  it('keeps analyst.ntt to its province', async () => {
    const ntt = await provincesShown('analyst.ntt');
    expect(ntt.scope).toBe('jurisdiction');
    for (const p of ntt.provinces) expect(p).toBe('53');
  });
});
