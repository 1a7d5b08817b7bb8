import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';
import { computeFigure } from './indicators.compute.js';
import { type IndicatorDimension, indicatorDefinitions } from './indicators.definitions.js';
import { refreshIndicatorFacts } from './indicators.facts.js';
import { rollupDimensions } from './indicators.rollup.js';
import type { FactQuery } from './indicators.store.js';

/*
 * The rollup (indicators.rollup.ts) against the facts it is made of: every indicator, in total and by every
 * dimension, over periods on and off month boundaries, gives the same figure read from the rollup as counted
 * from the facts; and the national figures of whole months need no fact at all.
 */
describeEachDatabase('indicators: the rollup equals a count from the facts', (h) => {
  let generation = 0;
  let today = '';
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 400, seed: 41 });
    const r = await refreshIndicatorFacts(h().operator());
    generation = r.generation!;
    today = h().clock.now().toISOString().slice(0, 10);
  }, 300_000);
  const db = () => h().services.database.db;
  const national = (period: { from: string; to: string }, filter: FactQuery['filter'] = {}): FactQuery => ({
    generation,
    ...period,
    scope: { kind: 'all' },
    filter,
  });

  it('holds every fact of the generation once in each grouping set (each exploitation type once)', async () => {
    const facts = await sql<{ kind: string; n: number }>`
      select kind, count(*) as n from indicator_facts where generation = ${generation} group by kind`.execute(db());
    const typed = await sql<{ kind: string; n: number }>`
      select f.kind, count(*) as n from indicator_facts f
      join indicator_exploitation x on x.case_id = f.case_id and x.generation = f.generation
      where f.generation = ${generation} group by f.kind`.execute(db());
    const rolled = await sql<{ kind: string; dim: string; n: number }>`
      select kind, dim, sum(n) as n from indicator_rollup where generation = ${generation} and province is null
      group by kind, dim`.execute(db());
    // Within each province: every fact that has a province, once per dimension's set.
    const located = await sql<{ kind: string; province: string; n: number }>`
      select kind, province, count(*) as n from indicator_facts where generation = ${generation}
      and province is not null group by kind, province`.execute(db());
    const provincial = await sql<{ kind: string; province: string; n: number }>`
      select kind, province, sum(n) as n from indicator_rollup where generation = ${generation}
      and province is not null and dim = 'sex' group by kind, province`.execute(db());
    expect(provincial.rows.length).toBe(located.rows.length);
    for (const { kind, province, n } of located.rows) {
      const got = provincial.rows.find((r) => r.kind === kind && r.province === province)?.n;
      expect(Number(got ?? 0), `${kind} in ${province}`).toBe(Number(n));
    }
    expect(facts.rows.length).toBeGreaterThan(3);
    for (const { kind, n } of facts.rows) {
      for (const dim of ['', ...rollupDimensions]) {
        const expected = dim === 'exploitationType' ? typed.rows.find((t) => t.kind === kind)?.n : n;
        const got = rolled.rows.find((r) => r.kind === kind && r.dim === dim)?.n;
        expect(Number(got ?? 0), `${kind} by ${dim || 'none'}`).toBe(Number(expected ?? 0));
      }
    }
  });

  it('answers every indicator, in total and by every dimension, as the facts do, on and off month boundaries', async () => {
    const periods = [
      { from: '2024-01-01', to: '2024-12-31' },
      { from: '2023-03-15', to: '2024-08-20' },
      { from: '2019-01-01', to: today },
      { from: '2024-05-02', to: '2024-05-20' },
    ];
    const every: (IndicatorDimension | undefined)[] = [undefined, ...rollupDimensions, 'status', 'year', 'month'];
    // Every breakdown over whole months; off the boundaries (partial months from the facts) a few suffice.
    const some: (IndicatorDimension | undefined)[] = [undefined, 'sex', 'month', 'exploitationType'];
    for (const def of indicatorDefinitions)
      for (const [i, period] of periods.entries())
        for (const by of i === 0 ? every : some) {
          const q = national(period);
          const fromFacts = await computeFigure(db(), def, q, by, null);
          const fromRollup = await computeFigure(db(), def, { ...q, rollup: true }, by, null);
          expect(fromRollup, `${def.key} ${period.from}..${period.to} by ${by}`).toEqual(fromFacts);
        }
  }, 300_000);

  it('filters by one dimension, a year or a status as the facts do, and falls back to them for two', async () => {
    const year = { from: '2019-01-01', to: today };
    const bySex = await computeFigure(db(), indicatorDefinitions[2]!, national(year), 'sex', null);
    const sex = bySex.breakdown!.find((c) => c.key !== null)!.key!;
    const cases: [FactQuery['filter'], IndicatorDimension | undefined][] = [
      [{ sex }, undefined],
      [{ sex }, 'month'],
      [{ year: '2024' }, 'province'],
      [{ month: '2024-03' }, undefined],
      [{ child: 'child' }, 'status'],
      [{ status: 'delivered' }, 'agencyType'],
      [{ sex, province: '32' }, undefined],
      [{ exploitationType: 'ForcedLabour' }, 'sex'],
    ];
    for (const def of indicatorDefinitions)
      for (const [filter, by] of cases) {
        const q = national(year, filter);
        const fromFacts = await computeFigure(db(), def, q, by, null);
        expect(
          await computeFigure(db(), def, { ...q, rollup: true }, by, null),
          `${def.key} ${JSON.stringify(filter)}`,
        ).toEqual(fromFacts);
      }
  }, 300_000);

  it("answers a provincial task force's figures as the facts do, with and without its agency's cases elsewhere", async () => {
    const [top] = (
      await sql<{ province: string }>`select province from indicator_facts where generation = ${generation}
        and province is not null group by province order by count(*) desc limit 1`.execute(db())
    ).rows;
    const province = top!.province;
    // An agency leading cases outside the province (the scope includes them), and one leading none.
    const [elsewhere] = (
      await sql<{ id: string }>`select lead_agency_id as id from indicator_facts where generation = ${generation}
        and kind = 'case' and (province is null or province <> ${province})
        group by lead_agency_id order by count(*) desc limit 1`.execute(db())
    ).rows;
    const agencies = [elsewhere!.id, '00000000-0000-7000-8000-000000000000'];
    const periods = [
      { from: '2024-01-01', to: '2024-12-31' },
      { from: '2019-01-01', to: today },
      { from: '2023-03-15', to: '2024-08-20' },
    ];
    const every: (IndicatorDimension | undefined)[] = [undefined, ...rollupDimensions, 'status', 'year', 'month'];
    const some: (IndicatorDimension | undefined)[] = [undefined, 'sex', 'province', 'month'];
    const filters: FactQuery['filter'][] = [{}, { province }, { citizenship: 'ID' }, { year: '2024' }];
    for (const agencyId of agencies)
      for (const def of indicatorDefinitions)
        for (const [i, period] of periods.entries())
          for (const by of i === 0 ? every : some)
            for (const [j, filter] of (i === 0 && by === undefined ? filters : [{}]).entries()) {
              const q: FactQuery = {
                ...national(period, filter),
                scope: { kind: 'jurisdiction', regionCode: province, agencyId },
              };
              const min = (j + (by?.length ?? 0)) % 2 === 0 ? null : 5;
              const fromFacts = await computeFigure(db(), def, q, by, min);
              const fromRollup = await computeFigure(db(), def, { ...q, rollup: true }, by, min);
              expect(fromRollup, `${def.key} ${period.from}..${period.to} by ${by} in ${province}/${agencyId}`).toEqual(
                fromFacts,
              );
            }
  }, 600_000);

  it('gives the national and provincial figures of whole months from the rollup alone, small cells suppressed', async () => {
    const year = { from: '2024-01-01', to: '2024-12-31' };
    const before = [];
    for (const def of indicatorDefinitions)
      for (const by of [undefined, 'province', 'sex', 'month'] as const)
        before.push(await computeFigure(db(), def, national(year), by, 5));
    // A provincial task force whose agency leads no case: its province's cells alone.
    const [top] = (
      await sql<{ province: string }>`select province from indicator_facts where generation = ${generation}
        and province is not null group by province order by count(*) desc limit 1`.execute(db())
    ).rows;
    const provincial = (): FactQuery => ({
      ...national(year),
      scope: { kind: 'jurisdiction', regionCode: top!.province, agencyId: '00000000-0000-7000-8000-000000000000' },
    });
    for (const def of indicatorDefinitions)
      for (const by of [undefined, 'sex', 'month'] as const)
        before.push(await computeFigure(db(), def, provincial(), by, 5));
    expect(before.some((f) => f.breakdown?.some((c) => c.suppressed))).toBe(true);
    // The last test of the suite: the facts go, the rollup stays.
    await sql`delete from indicator_facts where generation = ${generation}`.execute(db());
    const after = [];
    for (const def of indicatorDefinitions)
      for (const by of [undefined, 'province', 'sex', 'month'] as const)
        after.push(await computeFigure(db(), def, { ...national(year), rollup: true }, by, 5));
    for (const def of indicatorDefinitions)
      for (const by of [undefined, 'sex', 'month'] as const)
        after.push(await computeFigure(db(), def, { ...provincial(), rollup: true }, by, 5));
    expect(after).toEqual(before);
  }, 300_000);
});
