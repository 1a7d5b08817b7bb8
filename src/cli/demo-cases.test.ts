import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.js';
import { caseStages } from '../modules/cases/index.js';
import { verifyAuditChain } from '../platform/audit.js';
import { DAY, demoStageCounts, drawVictim, loadGeoWithNames, planHistory, Rng } from './demo-cases.js';
import { seedDemo } from './demo-seed.js';

describe('demo case distributions', () => {
  it('draws the same victims from the same seed, with realistic shares', async () => {
    const geo = await loadGeoWithNames();
    const at = Date.UTC(2024, 5, 1);
    const draw = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 4000 }, () => drawVictim(rng, geo, at));
    };
    const a = draw(7);
    expect(draw(7).map((v) => v.fullName)).toEqual(a.map((v) => v.fullName));
    const share = (f: (v: (typeof a)[number]) => boolean) => a.filter(f).length / a.length;
    expect(share((v) => v.female)).toBeGreaterThan(0.52);
    expect(share((v) => v.female)).toBeLessThan(0.68);
    expect(share((v) => v.isChild)).toBeGreaterThan(0.24);
    expect(share((v) => v.isChild)).toBeLessThan(0.36);
    expect(share((v) => v.provinceCode === '53')).toBeGreaterThan(0.15);
    // Online scam compounds: forced labour in information and communication (J) or support work (N).
    const scams = a.filter((v) => v.scenario === 'online_scam');
    expect(scams.length).toBeGreaterThan(100);
    for (const v of scams) {
      expect(v.exploitationTypes).toContain('ForcedLabour');
      expect(['J_InformationAndCommunication', 'N_AdministrativeAndSupportServiceActivities']).toContain(
        v.forcedLabourIndustry,
      );
      expect(['KH', 'MM', 'LA', 'PH']).toContain(v.destination.country);
    }
    const fishing = a.filter((v) => v.scenario === 'fishing_vessel');
    expect(fishing.every((v) => v.forcedLabourIndustry === 'A_AgricultureForestryAndFishing' && !v.female)).toBe(true);
    const ntt = a.filter((v) => v.provinceCode === '53').map((v) => v.fullName);
    expect(ntt.some((n) => /^(Maria|Yohana|Fransiska|Agustinus)\b/.test(n))).toBe(true);
    expect(a.some((v) => v.destination.country === 'ID' && v.destination.city === 'Batam')).toBe(true);
    for (const v of a.slice(0, 200)) {
      expect(v.events[0]!.type).toBe('Recruitment');
      expect(v.events.at(-1)!.type).toBe('Exploitation');
      expect(v.events.at(-1)!.endedOn! <= new Date(at).toISOString().slice(0, 10)).toBe(true);
    }
  });

  it('plans histories that never pass the present and keeps every stage in the demo', () => {
    const counts = demoStageCounts(30);
    expect([...counts.values()].reduce((s, n) => s + n, 0)).toBe(30);
    for (const stage of caseStages) expect(counts.get(stage)).toBeGreaterThanOrEqual(1);
    const rng = new Rng(3);
    const now = Date.UTC(2026, 0, 1);
    for (let i = 0; i < 500; i++) {
      const intake = now - rng.int(0, 900) * DAY;
      const h = planHistory(rng, intake, rng.pick(caseStages), now, { abroad: rng.chance(0.7) });
      for (const t of [h.screeningAt, h.decidedAt, h.approvedAt, h.protectionAt, h.closedAt]) {
        if (t !== undefined) expect(t).toBeLessThan(now);
      }
      if (h.closureReason === 'reintegrated') expect(h.followUps.at(-1)?.month).toBe(12);
    }
  });
});

describeEachDatabase(
  'demo seed with cases',
  (h) => {
    let stages: Map<string, number>;
    beforeAll(async () => {
      stages = (await seedDemo(h().operator(), { cases: 30 })).stages;
    }, 300_000);

    it('creates cases in every stage through the services, with a whole audit chain', async () => {
      const db = h().services.database.db;
      const rows = (
        await sql<{ stage: string; n: number | string }>`select stage, count(*) as n from cases group by stage`.execute(
          db,
        )
      ).rows;
      const byStage = new Map(rows.map((r) => [r.stage, Number(r.n)]));
      for (const stage of caseStages) expect(byStage.get(stage), stage).toBeGreaterThanOrEqual(1);
      expect([...byStage.values()].reduce((s, n) => s + n, 0)).toBe(30);
      expect(Object.fromEntries(byStage)).toEqual(Object.fromEntries(stages));
      const chain = await verifyAuditChain(db, h().services.database.adapter);
      expect(chain.ok).toBe(true);
      const actions = (await sql<{ action: string }>`select distinct action from audit_events`.execute(db)).rows.map(
        (r) => r.action,
      );
      expect(actions).toEqual(
        expect.arrayContaining([
          'cases.create',
          'screenings.create',
          'screenings.decide',
          'screenings.approve',
          'cases.transition',
          'services.request',
          'services.update',
          'assessments.create',
          'cases.close',
          'cases.approveClosure',
        ]),
      );
      // Audit time runs forward with the sequence (the history was played in time order).
      const times = (await sql<{ at: string }>`select at from audit_events order by seq`.execute(db)).rows.map((r) =>
        new Date(r.at).getTime(),
      );
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);
    });

    it('lets the demo users of each agency see their own cases, with timelines and alerts', async () => {
      const db = h().services.database.db;
      const leads = (
        await sql<{ username: string; n: number | string }>`
          select u.username, count(*) as n from case_members m join users u on u.id = m.user_id
          where m.role = 'lead' group by u.username`.execute(db)
      ).rows;
      const leadNames = leads.map((l) => l.username);
      expect(leadNames).toContain('caseworker.ntt');
      expect(leadNames.every((u) => /^caseworker\.(ntt|jabar|kalbar)$/.test(u))).toBe(true);
      const worker = await h().login('caseworker.ntt');
      const list = await worker.get('/api/cases?limit=200');
      expect(list.statusCode).toBe(200);
      const items = list.json().items as { id: string; regionCode: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((c) => c.regionCode.startsWith('53'))).toBe(true);
      const timeline = await worker.get(`/api/cases/${items[0]!.id}/timeline`);
      expect(timeline.statusCode).toBe(200);
      expect((timeline.json().items as { kind: string }[]).map((t) => t.kind)).toContain('case.created');
      const supervisor = await h().login('supervisor.ntt');
      const alerts = await supervisor.get('/api/alerts?limit=50');
      expect(alerts.statusCode).toBe(200);
      const late = Number(
        (await sql<{ n: number | string }>`select count(*) as n from cases where late_services > 0`.execute(db)).rows[0]
          ?.n,
      );
      const overdue = Number(
        (await sql<{ n: number | string }>`select count(*) as n from alerts where kind = 'service_overdue'`.execute(db))
          .rows[0]?.n,
      );
      expect(overdue > 0).toBe(late > 0);
    });
  },
  { seed: false },
);
