import { type Kysely, sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../test/support/harness.js';
import { caseStages, minorAt } from '../modules/cases/index.js';
import { verifyAuditChain } from '../platform/audit-verify.js';
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
    let reintegrated = 0;
    for (let i = 0; i < 500; i++) {
      const intake = now - rng.int(0, 900) * DAY;
      const h = planHistory(rng, intake, rng.pick(caseStages), now, { abroad: rng.chance(0.7) });
      const times = [h.screeningAt, h.decidedAt, h.approvedAt, h.protectionAt, h.closedAt];
      expect(times.filter((t) => t !== undefined && t >= now)).toEqual([]);
      // Closed as reintegrated only after the 12-month follow-up.
      if (h.closureReason === 'reintegrated') reintegrated++;
      expect(h.closureReason !== 'reintegrated' || h.followUps.at(-1)?.month === 12).toBe(true);
    }
    expect(reintegrated).toBeGreaterThan(0);
  });
});

/** Cases the demo's community seed made from public tips (tips.convertToCase names them in its audit details). */
async function tipCaseIds(db: Kysely<unknown>): Promise<Set<string>> {
  const rows = (
    await sql<{ details: unknown }>`select details from audit_events where action = 'tips.convertToCase'`.execute(db)
  ).rows;
  return new Set(
    rows
      .map((r) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { caseId: string })
      .map((d) => d.caseId),
  );
}

describeEachDatabase(
  'demo seed with cases',
  (h) => {
    let stages: Map<string, number>;
    let seededAt: string;
    beforeAll(async () => {
      stages = (await seedDemo(h().operator(), { cases: 30 })).stages;
      seededAt = new Date().toISOString();
    }, 300_000);

    it('creates cases in every stage through the services, with a whole audit chain', async () => {
      const db = h().services.database.db;
      // The community seed turns one public tip into a case: only the played histories are counted here.
      const fromTips = await tipCaseIds(db);
      expect(fromTips.size).toBe(1);
      const cases = (await sql<{ id: string; stage: string }>`select id, stage from cases`.execute(db)).rows;
      const byStage = new Map<string, number>();
      for (const c of cases) if (!fromTips.has(c.id)) byStage.set(c.stage, (byStage.get(c.stage) ?? 0) + 1);
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
          'directory.services.upsert',
          'consents.create',
          'referrals.create',
          'referrals.accept',
          'referrals.servicesDelivered',
          'conferences.create',
          'shelter.admit',
          'shelter.exit',
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
        await sql<{ username: string; case_id: string }>`
          select u.username, m.case_id from case_members m join users u on u.id = m.user_id
          where m.role = 'lead'`.execute(db)
      ).rows;
      const fromTips = await tipCaseIds(db);
      const leadNames = [...new Set(leads.filter((l) => !fromTips.has(l.case_id)).map((l) => l.username))];
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

    it('records shelter stays at the shelters a shelter service was delivered by, none open on a closed case', async () => {
      const db = h().services.database.db;
      const stays = (
        await sql<{
          id: string;
          case_id: string;
          stage: string;
          facility_agency_id: string;
          admitted_at: string;
          planned_exit_at: string;
          extended_count: number | string;
          exit_at: string | null;
          exit_reason: string | null;
          shelter_offers: number | string;
          deliveries: number | string;
        }>`select s.id, s.case_id, k.stage, s.facility_agency_id, s.admitted_at, s.planned_exit_at, s.extended_count,
             s.exit_at, s.exit_reason,
             (select count(*) from directory_services d
               where d.agency_id = s.facility_agency_id and d.service_type = 'shelter') as shelter_offers,
             (select count(*) from service_requests r
               where r.case_id = s.case_id and r.type = 'shelter' and r.status = 'delivered'
                 and r.provider_agency_id = s.facility_agency_id) as deliveries
           from shelter_stays s join cases k on k.id = s.case_id`.execute(db)
      ).rows;
      expect(stays.length).toBeGreaterThan(0);
      const time = (t: string) => new Date(t).getTime();
      for (const s of stays) {
        // At an agency that runs a shelter (it publishes shelter beds), which delivered the case's shelter service.
        expect(Number(s.shelter_offers), s.id).toBe(1);
        expect(Number(s.deliveries), s.id).toBeGreaterThanOrEqual(1);
        expect(time(s.planned_exit_at)).toBeGreaterThan(time(s.admitted_at));
        expect(time(s.admitted_at)).toBeLessThanOrEqual(time(seededAt));
        expect(s.exit_reason === null).toBe(s.exit_at === null);
        // An exit lies between the admission and the seeding.
        const exit = s.exit_at === null ? null : time(s.exit_at);
        expect(exit === null || (exit >= time(s.admitted_at) && exit <= time(seededAt)), s.id).toBe(true);
        // A closed case has no one left in a shelter.
        expect(s.stage !== 'closed' || s.exit_at !== null, s.id).toBe(true);
      }
      expect(stays.some((s) => s.exit_at !== null)).toBe(true);
      // The case team sees them on the case, with whether anyone is past the planned exit.
      const open = stays.find((s) => s.exit_at === null) ?? stays[0]!;
      const lead = (
        await sql<{ username: string }>`select u.username from case_members m join users u on u.id = m.user_id
          where m.case_id = ${open.case_id} and m.role = 'lead'`.execute(db)
      ).rows[0]!.username;
      const worker = await h().login(lead);
      const listed = await worker.get(`/api/cases/${open.case_id}/shelter-stays`);
      expect(listed.statusCode).toBe(200);
      const item = (
        listed.json().items as { id: string; open: boolean; overstay: boolean; plannedExitAt: string }[]
      ).find((i) => i.id === open.id);
      expect(item?.open).toBe(open.exit_at === null);
      expect(item?.overstay).toBe(open.exit_at === null && time(open.planned_exit_at) < Date.now());
      const chain = await verifyAuditChain(db, h().services.database.adapter);
      expect(chain.ok).toBe(true);
    });

    it('publishes the directory and refers cases under consents, with conferences, all consistent', async () => {
      const db = h().services.database.db;
      const count = async (query: ReturnType<typeof sql<{ n: number | string }>>) =>
        Number((await query.execute(db)).rows[0]?.n ?? 0);

      // The directory: a search for a shelter in Kota Kupang finds the Kupang shelter, with free beds.
      const shelter = await h().login('provider.shelter');
      const found = await shelter.get('/api/directory/services?type=shelter&region=53.71&available=true');
      expect(found.statusCode).toBe(200);
      const offers = found.json().items as { agency: { name: string }; capacity: { free: number } | null }[];
      const kupang = offers.find((o) => o.agency.name === 'Rumah Aman Sahabat Perempuan Kupang');
      expect(kupang?.capacity?.free).toBeGreaterThan(0);
      // Unit PPA, UPTD PPA and LPSK give legal aid; IOM brings victims home from abroad.
      const published = { legal_aid: 7, social_rehabilitation: 3, repatriation_from_abroad: 1, shelter: 3 };
      for (const [type, n] of Object.entries(published)) {
        expect(await count(sql`select count(*) as n from directory_services where service_type = ${type}`), type).toBe(
          n,
        );
      }

      // The Kupang shelter's inbox: referrals, some still waiting for an answer, each with its shared view.
      const inbox = await shelter.get('/api/referrals/inbox?limit=200');
      expect(inbox.statusCode).toBe(200);
      const items = inbox.json().items as { status: string; sharedView: { fieldGroups: string[] } | null }[];
      expect(items.length).toBeGreaterThan(0);
      const waiting = items.filter((r) => r.status === 'sent');
      expect(waiting.length).toBeGreaterThan(0);
      for (const r of waiting) expect(r.sharedView?.fieldGroups).toEqual(expect.arrayContaining(['age_band', 'sex']));

      // Every referral shares under a referral consent of its own case for its recipient; a withdrawn consent
      // has ended it for the recipient, an active one has not.
      const referrals = (
        await sql<{
          purpose: string | null;
          consent_status: string | null;
          same_case: number | boolean;
          same_recipient: number | boolean;
          consent_withdrawn_at: string | null;
        }>`select c.purpose, c.status as consent_status, c.case_id = r.case_id as same_case,
             c.recipient_agency_id = r.recipient_agency_id as same_recipient, r.consent_withdrawn_at
           from referrals r left join consents c on c.id = r.consent_id`.execute(db)
      ).rows;
      expect(referrals.length).toBeGreaterThan(0);
      for (const r of referrals) {
        expect(r.purpose).toBe('referral');
        expect(Boolean(r.same_case) && Boolean(r.same_recipient)).toBe(true);
        expect(r.consent_status === 'withdrawn').toBe(r.consent_withdrawn_at !== null);
      }
      // A child's consent comes from a parent or guardian (Law 27/2022 Art. 25), judged by her age when she gave
      // it: a child victim who has turned 18 consents herself. A guardian other than the state is a relative of
      // the case.
      const givers = (
        await sql<{
          given_by: string;
          given_at: string | Date;
          birth_year: number;
          guardian_relationship: string | null;
          guardian_is_relative: number | boolean;
        }>`select c.given_by, c.given_at, p.birth_year, c.guardian_relationship,
             exists (select 1 from case_relatives r where r.case_id = c.case_id and r.person_id = c.guardian_person_id)
               as guardian_is_relative
           from consents c join cases k on k.id = c.case_id join persons p on p.id = k.person_id`.execute(db)
      ).rows;
      expect(givers.some((g) => g.given_by === 'guardian')).toBe(true);
      expect(givers.some((g) => g.given_by === 'victim')).toBe(true);
      for (const g of givers) {
        const minor = minorAt({ birthYear: g.birth_year }, new Date(g.given_at)).minor;
        expect(g.given_by, JSON.stringify(g)).toBe(minor ? 'guardian' : 'victim');
        // A guardian other than the state is a relative recorded on the case.
        expect(
          g.given_by !== 'guardian' || g.guardian_relationship === 'state_guardian' || Boolean(g.guardian_is_relative),
          JSON.stringify(g),
        ).toBe(true);
      }
      // A referred request is delivered through its referral, never also by the case team.
      const referred = (
        await sql<{ referral_delivered: string | null; status: string; delivered_at: string | null }>`
          select rs.delivered_at as referral_delivered, s.status, s.delivered_at
          from referral_services rs join service_requests s on s.id = rs.service_request_id`.execute(db)
      ).rows;
      for (const s of referred) {
        // Delivered exactly when (and at the time) its referral delivered it.
        expect(s.status === 'delivered', JSON.stringify(s)).toBe(s.referral_delivered !== null);
        expect(s.delivered_at === null ? null : new Date(s.delivered_at).getTime(), JSON.stringify(s)).toBe(
          s.referral_delivered === null ? null : new Date(s.referral_delivered).getTime(),
        );
      }
      expect(referred.some((s) => s.referral_delivered !== null)).toBe(true);
      // Nothing happens to a closed case after it was closed.
      expect(
        await count(sql`select count(*) as n from referrals r join cases k on k.id = r.case_id
          where k.stage = 'closed' and r.status in ('sent', 'accepted', 'in_progress')`),
      ).toBe(0);

      // Case conferences with action items; the assigned agencies were alerted.
      expect(await count(sql`select count(*) as n from case_conferences`)).toBeGreaterThan(0);
      expect(await count(sql`select count(*) as n from conference_action_items`)).toBeGreaterThan(0);
      expect(await count(sql`select count(*) as n from alerts where kind = 'action_item_assigned'`)).toBeGreaterThan(0);
      expect(await count(sql`select count(*) as n from alerts where kind = 'referral_received'`)).toBeGreaterThan(0);
      // Overdue alerts match what is overdue now (the jobs ran once at the end of the seed).
      const overdueReferrals = await count(
        sql`select count(*) as n from referrals
          where status = 'sent' and due_at < ${seededAt} and consent_withdrawn_at is null`,
      );
      expect((await count(sql`select count(*) as n from alerts where kind = 'referral_overdue'`)) > 0).toBe(
        overdueReferrals > 0,
      );
    });

    it('plays law enforcement through the legal services: proceedings, restitution, protection, victims told', async () => {
      const police = await h().login('police.ntt');
      const list = await police.get('/api/legal/proceedings?limit=100');
      expect(list.statusCode, list.body).toBe(200);
      const items = list.json().items as { id: string; stage: string }[];
      expect(items.length).toBeGreaterThan(0);
      // The first plan a small demo keeps is a final verdict whose restitution was paid in full.
      expect(items.map((i) => i.stage)).toContain('final');
      const final = (await police.get(`/api/legal/proceedings/${items.find((i) => i.stage === 'final')!.id}`)).json();
      expect(final.defendants[0].status).toBe('convicted');
      expect(final.claims.length).toBeGreaterThan(0);
      const lpsk = await h().login('lpsk.officer');
      const measures = (await lpsk.get('/api/protection/measures')).json().items as { status: string }[];
      expect(measures.map((m) => m.status).sort()).toEqual(['granted', 'requested']);
      const chain = await verifyAuditChain(h().services.database.db, h().services.database.adapter);
      expect(chain.ok).toBe(true);
    });
  },
  { seed: false },
);
