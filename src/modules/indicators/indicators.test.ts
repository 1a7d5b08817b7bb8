import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { assignForeignCitizenships } from '../../../test/support/citizenship.js';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';
import { indicatorDimensions } from '../../contract/indicators.js';
import { refreshIndicatorFacts } from './index.js';

/*
 * The engine against an independent count: every figure checked here is recomputed in the test straight from
 * the modules' tables (SQL written apart from the engine), on a synthetic national dataset.
 */
const period = { from: '2024-01-01', to: '2024-12-31' };
// The year 2024 in the reporting zone (platform/time.ts): from 1 January 00:00 WIB, 17:00 UTC the day before.
const lo = '2023-12-31T17:00:00.000Z';
const hi = '2024-12-31T17:00:00.000Z';

describeEachDatabase('indicators: engine, scopes, drill-down', (h) => {
  let now = '';
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 1500, seed: 14 });
    await assignForeignCitizenships(h().services.database.db);
    now = h().clock.now().toISOString();
    const r = await refreshIndicatorFacts(h().operator());
    expect(r.skipped).toBe(false);
    expect(r.facts).toBeGreaterThan(1500);
  }, 300_000);

  const db = () => h().services.database.db;

  it('counts victims identified and services served late as the source tables say', async () => {
    const dpoLike = await h().login('supervisor.ntt');
    const agencyId = (await dpoLike.get('/api/auth/me')).json().agency.id as string;
    const identified = await sql<{ n: number }>`
      select count(*) as n from cases where trafficking_status = 'ActualVictimOfTrafficking'
      and intake_at >= ${lo} and intake_at < ${hi} and lead_agency_id = ${agencyId}`.execute(db());
    const late = await sql<{ n: number }>`
      select count(*) as n from service_requests s join cases c on c.id = s.case_id
      where s.due_at is not null and s.applied_at >= ${lo} and s.applied_at < ${hi} and c.lead_agency_id = ${agencyId}
      and ((s.delivered_at is not null and s.delivered_at > s.due_at)
        or (s.delivered_at is null and s.closed_at is null and s.due_at < ${now}))`.execute(db());
    const delivered = await sql<{ applied_at: string; delivered_at: string }>`
      select s.applied_at, s.delivered_at from service_requests s join cases c on c.id = s.case_id
      where s.due_at is not null and s.status = 'delivered' and s.applied_at >= ${lo} and s.applied_at < ${hi}
      and c.lead_agency_id = ${agencyId}`.execute(db());
    const days = delivered.rows
      .map((r) =>
        Math.round(
          (Date.parse(String(new Date(r.delivered_at).toISOString())) -
            Date.parse(new Date(r.applied_at).toISOString())) /
            86_400_000,
        ),
      )
      .sort((a, b) => a - b);
    const median =
      days.length % 2 ? days[(days.length - 1) / 2]! : (days[days.length / 2 - 1]! + days[days.length / 2]!) / 2;

    const res = await dpoLike.get(
      `/api/indicators/compute?keys=victims_identified,services_late,service_days_median&from=${period.from}&to=${period.to}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.scope).toBe('agency');
    expect(body.suppression).toBe(false);
    const fig = (k: string) => body.figures.find((f: { key: string }) => f.key === k);
    expect(Number(identified.rows[0]!.n)).toBeGreaterThan(0);
    expect(fig('victims_identified').value).toBe(Number(identified.rows[0]!.n));
    expect(Number(late.rows[0]!.n)).toBeGreaterThan(0);
    expect(fig('services_late').value).toBe(Number(late.rows[0]!.n));
    expect(fig('service_days_median').value).toBe(median);
    expect(fig('service_days_median').denominator).toBe(days.length);
  });

  it('breaks a figure down so that the cells add up to the total, and filters by a cell', async () => {
    const op = await h().login('supervisor.ntt');
    const res = (
      await op.get(`/api/indicators/compute?keys=victims_identified&by=sex&from=${period.from}&to=${period.to}`)
    ).json();
    const [f] = res.figures;
    expect(f.breakdown.length).toBeGreaterThan(1);
    expect(f.breakdown.reduce((s: number, c: { value: number }) => s + c.value, 0)).toBe(f.value);
    const cell = f.breakdown.find((c: { key: string | null }) => c.key !== null);
    const filtered = (
      await op.get(
        `/api/indicators/compute?keys=victims_identified&sex=${cell.key}&from=${period.from}&to=${period.to}`,
      )
    ).json();
    expect(filtered.figures[0].value).toBe(cell.value);
  });

  it('drills from "served late" down to exactly the cases behind the figure, with case numbers and no names', async () => {
    const op = await h().login('supervisor.ntt');
    const agencyId = (await op.get('/api/auth/me')).json().agency.id as string;
    const expected = await sql<{ case_number: string }>`
      select c.case_number from service_requests s join cases c on c.id = s.case_id
      where s.due_at is not null and s.applied_at >= ${lo} and s.applied_at < ${hi} and c.lead_agency_id = ${agencyId}
      and ((s.delivered_at is not null and s.delivered_at > s.due_at)
        or (s.delivered_at is null and s.closed_at is null and s.due_at < ${now}))`.execute(db());
    const seen: string[] = [];
    let cursor = '';
    for (let pages = 0; pages < 50; pages++) {
      const res = await op.get(
        `/api/indicators/services_late/drilldown?from=${period.from}&to=${period.to}&limit=7${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.total).toBe(expected.rows.length);
      for (const item of body.items) {
        expect(Object.keys(item).sort()).toEqual(
          ['agencyType', 'amount', 'caseId', 'caseNumber', 'onDate', 'province', 'regency', 'status'].sort(),
        );
        seen.push(item.caseNumber);
      }
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    expect(seen.sort()).toEqual(expected.rows.map((r) => r.case_number).sort());
    const audit = (await (await h().login('dpo')).get('/api/audit?action=indicators.drilldown')).json();
    expect(audit.items.length).toBeGreaterThan(0);
    expect(audit.items[0].details.key).toBe('services_late');
  });

  it('never gives an aggregate-only role (or a role without cases.read) a count below the threshold, from any endpoint', async () => {
    const min = h().config.smallCellMin;
    const keys = (await (await h().login('dpo')).get('/api/indicators'))
      .json()
      .items.map((i: { key: string }) => i.key);
    // Every dimension the API offers, citizenship included.
    const dims = [...indicatorDimensions];
    let suppressedSeen = 0;
    let shownSeen = 0;
    const checkCell = (
      c: { value: number | null; numerator: number | null; denominator: number | null; suppressed: boolean },
      aggregate: string,
    ) => {
      if (c.suppressed) {
        suppressedSeen++;
        expect(c.value).toBeNull();
        expect(c.numerator).toBeNull();
        expect(c.denominator).toBeNull();
        return;
      }
      shownSeen++;
      // A shown numerator, denominator or their difference is zero or at least the threshold.
      const parts = [
        c.numerator,
        c.denominator,
        c.numerator !== null && c.denominator !== null ? c.denominator - c.numerator : null,
      ];
      expect(parts.filter((n) => n !== null && n !== 0 && n < min)).toEqual([]);
      // So is a shown count of people.
      const counted = aggregate === 'count' || aggregate === 'distinctVictims';
      expect(!counted || !c.value || c.value >= min, `${aggregate} ${c.value}`).toBe(true);
    };
    const aggregateOf = new Map<string, string>(
      (await (await h().login('dpo')).get('/api/indicators'))
        .json()
        .items.map((i: { key: string; aggregate: string }) => [i.key, i.aggregate]),
    );
    for (const username of ['analyst.national', 'dpo', 'programme.jabar']) {
      const client = await h().login(username);
      for (const by of dims) {
        const res = await client.get(`/api/indicators/compute?by=${by}&from=2019-01-01&to=${now.slice(0, 10)}`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        expect(body.suppression).toBe(true);
        for (const f of body.figures) {
          checkCell(f, aggregateOf.get(f.key)!);
          for (const c of f.breakdown) checkCell(c, aggregateOf.get(f.key)!);
        }
      }
      for (const key of ['overview', 'agency', 'programme']) {
        const res = await client.get(`/api/dashboards/${key}?from=2019-01-01`);
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json();
        for (const f of body.figures) checkCell(f, aggregateOf.get(f.key)!);
        for (const p of body.panels) for (const c of p.figure.breakdown) checkCell(c, aggregateOf.get(p.indicator)!);
        const legal = (body.legal ?? []) as { key: string; value: number | null }[];
        expect(
          legal.filter(
            (l) => ['investigations', 'prosecutions', 'convictions'].includes(l.key) && l.value && l.value < min,
          ),
        ).toEqual([]);
        const awareness = (body.awareness ?? []) as { respondents: number | null }[];
        expect(awareness.filter((a) => a.respondents && a.respondents < min)).toEqual([]);
      }
      // Drill-downs of every regency's late services: a small cell lists nothing and tells no total.
      const regencies = (
        await client.get(`/api/indicators/compute?keys=services_late&by=regency&from=2019-01-01`)
      ).json().figures[0].breakdown;
      for (const cell of regencies.slice(0, 15)) {
        if (cell.key === null) continue;
        const d = (
          await client.get(`/api/indicators/services_late/drilldown?regency=${cell.key}&from=2019-01-01&limit=200`)
        ).json();
        if (d.suppressed) {
          expect(d.items).toEqual([]);
          expect(d.total).toBeNull();
        } else {
          expect(d.total).toBeGreaterThanOrEqual(min);
          for (const item of d.items) expect(item.caseId).toBeNull();
        }
      }
    }
    expect(keys.length).toBeGreaterThanOrEqual(12);
    expect(suppressedSeen).toBeGreaterThan(0);
    expect(shownSeen).toBeGreaterThan(0);
  }, 120_000);

  it("carries the victim's citizenship on every fact of the case, and counts by it as the source tables say", async () => {
    // A fact carries the person's ISO code (and nothing else of her): every case fact, and the facts hung off it.
    const mismatched = await sql<{ n: number }>`
      select count(*) as n from indicator_facts f join cases c on c.id = f.case_id join persons p on p.id = c.person_id
      where f.generation = (select max(generation) from indicator_refreshes where status = 'complete')
      and coalesce(f.citizenship, '-') <> coalesce(p.citizenship, '-')`.execute(db());
    expect(Number(mismatched.rows[0]!.n)).toBe(0);
    const carried = await sql<{ citizenship: string | null; n: number }>`
      select citizenship, count(*) as n from indicator_facts where kind = 'service' group by citizenship`.execute(db());
    expect(carried.rows.map((r) => r.citizenship).sort()).toEqual(expect.arrayContaining(['ID', 'MY', 'TL']));

    const client = await h().login('supervisor.ntt');
    const agencyId = (await client.get('/api/auth/me')).json().agency.id as string;
    const expected = await sql<{ citizenship: string | null; n: number }>`
      select p.citizenship, count(*) as n from cases c join persons p on p.id = c.person_id
      where c.trafficking_status = 'ActualVictimOfTrafficking' and c.intake_at >= ${lo} and c.intake_at < ${hi}
      and c.lead_agency_id = ${agencyId} group by p.citizenship`.execute(db());
    const res = await client.get(
      `/api/indicators/compute?keys=victims_identified&by=citizenship&from=${period.from}&to=${period.to}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const cells = new Map(
      res.json().figures[0].breakdown.map((c: { key: string | null; value: number }) => [c.key, c.value]),
    );
    expect(expected.rows.filter((r) => r.citizenship !== 'ID').length).toBeGreaterThan(0);
    for (const r of expected.rows) expect(cells.get(r.citizenship), String(r.citizenship)).toBe(Number(r.n));
    expect(cells.size).toBe(expected.rows.length);
    // A cell filters like any other dimension; a malformed code is refused naming the field.
    const my = Number(expected.rows.find((r) => r.citizenship === 'MY')?.n ?? 0);
    const filtered = await client.get(
      `/api/indicators/compute?keys=victims_identified&citizenship=MY&from=${period.from}&to=${period.to}`,
    );
    expect(filtered.json().figures[0].value).toBe(my);
    const bad = await client.get('/api/indicators/compute?citizenship=malaysia');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.citizenship');
  });

  it('keeps the scopes: a supervisor counts her agency, a case worker and an own-scope role get 403', async () => {
    const supervisor = (
      await (
        await h().login('supervisor.ntt')
      ).get(`/api/indicators/compute?keys=victims_identified&by=agency&from=2019-01-01`)
    ).json();
    const agencies = supervisor.figures[0].breakdown.map((c: { key: string }) => c.key);
    expect(agencies.length).toBe(1);
    const cw = await h().login('caseworker.ntt');
    expect((await cw.get('/api/indicators/compute')).statusCode).toBe(403);
    expect((await cw.get('/api/dashboards/overview')).statusCode).toBe(403);
    expect((await cw.get('/api/indicators/services_late/drilldown')).statusCode).toBe(403);
  });

  it('refuses bad input naming the field, in Indonesian and English', async () => {
    const c = await h().login('supervisor.ntt');
    const bad = await c.get('/api/indicators/compute?from=2024-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('query.from');
    const order = await c.get('/api/indicators/compute?from=2024-05-01&to=2024-01-01');
    expect(order.statusCode).toBe(400);
    expect(order.json().errors[0]).toMatchObject({ field: 'query.to', code: 'date_order' });
    c.locale = 'en';
    const key = await c.get('/api/indicators/compute?keys=victims_identified,nope');
    expect(key.statusCode).toBe(400);
    expect(key.json().errors[0].field).toMatch(/^query\.keys/);
    expect((await c.get('/api/indicators/nope/drilldown')).statusCode).toBe(400);
    expect((await c.get('/api/indicators/services_late/drilldown?province=5')).json().errors[0].field).toBe(
      'query.province',
    );
    expect((await c.get('/api/dashboards/elsewhere')).statusCode).toBe(400);
    expect((await c.get('/api/indicators/services_late/drilldown?cursor=xyz')).json().errors[0].field).toBe(
      'query.cursor',
    );
  });
});
