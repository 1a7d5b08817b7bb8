import { sql } from 'kysely';
import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase, totpCode } from '../../../test/support/harness.js';
import { transact } from '../../platform/context.js';
import { raiseAlerts } from './index.js';

const intake = {
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 2010, regionCode: '53.71', citizenship: 'ID' },
  identity: { fullName: 'Alert Lifecycle Person' },
  profile: { exploitationTypes: ['ForcedLabour'], ageWhenTrafficked: 15 },
};
const answers = { 'd4.excessive_working_hours': true, 'd4.low_or_no_salary': true };

interface Alert {
  id: string;
  kind: string;
  entityType: string | null;
  entityId: string | null;
  readAt: string | null;
  resolvedAt: string | null;
}

describeEachDatabase(
  'alerts: a lifecycle (resolved when the action is done), mark all read, only openable targets',
  (h) => {
    let cw: Client;
    let sup: Client;
    let sup2: Client;
    let caseId = '';
    const alerts = async (c: Client, q = '') => (await c.get(`/api/alerts?limit=200${q}`)).json().items as Alert[];
    const unread = async (c: Client) => (await c.get('/api/alerts/unread-count')).json().count as number;
    const userId = async (username: string) =>
      (await sql<{ id: string }>`select id from users where username = ${username}`.execute(h().services.database.db))
        .rows[0]!.id;

    // Per-test setup: fresh sessions and a case of its own for every test, so any test runs alone.
    let sup2Provisioned = false;
    beforeEach(async () => {
      cw = await h().login('caseworker.ntt');
      sup = await h().login('supervisor.ntt');
      sup2 = sup2Provisioned
        ? await h().login('supervisor2.ntt')
        : await h().provision('supervisor2.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['supervisor']);
      sup2Provisioned = true;
      const created = await cw.post('/api/cases', intake);
      expect(created.statusCode, created.body).toBe(201);
      caseId = created.json().id;
    });

    it("a supervisor's approval resolves the approval alert of every supervisor of the agency", async () => {
      const screening = await cw.post(`/api/cases/${caseId}/screenings`, {
        toolVersion: 1,
        answers,
        acts: ['recruitment', 'transport'],
      });
      expect(screening.statusCode, screening.body).toBe(201);
      const sid = screening.json().id;
      const decided = await cw.post(`/api/screenings/${sid}/decide`, {
        status: screening.json().recommendation,
        decidedByOrg: 'NonPoliceGovernmentalOrganization',
      });
      expect(decided.statusCode, decided.body).toBe(200);
      const waiting = async (c: Client) =>
        (await alerts(c, '&kind=screening_approval_needed')).filter((a) => a.entityId === caseId);
      for (const c of [sup, sup2]) {
        const [a] = await waiting(c);
        expect(a).toMatchObject({ entityType: 'case', readAt: null, resolvedAt: null });
      }
      const before = await unread(sup2);
      const approved = await sup.post(`/api/screenings/${sid}/approve`, { approve: true });
      expect(approved.statusCode, approved.body).toBe(200);
      for (const c of [sup, sup2]) {
        const [a] = await waiting(c);
        expect(a!.resolvedAt).not.toBeNull();
        expect(a!.readAt).not.toBeNull();
      }
      // The other supervisor did nothing, yet has one unread alert fewer.
      expect(await unread(sup2)).toBe(before - 1);
      // The decider hears the outcome (news: nothing to resolve).
      expect((await alerts(cw, '&kind=screening_approved')).find((a) => a.entityId === caseId)?.resolvedAt).toBeNull();
    });

    it('resolves a closure approval for every supervisor, whether approved or rejected', async () => {
      const close = await cw.post(`/api/cases/${caseId}/close`, {
        reason: 'lost_contact',
        openServicesReason: 'Korban tidak dapat dihubungi lagi',
      });
      expect(close.statusCode, close.body).toBe(200);
      const pending = async (c: Client) =>
        (await alerts(c, '&kind=closure_approval_needed')).filter((a) => a.entityId === caseId);
      expect((await pending(sup2))[0]!.resolvedAt).toBeNull();
      expect((await sup2.post(`/api/cases/${caseId}/approve-closure`, { approve: false })).statusCode).toBe(200);
      for (const c of [sup, sup2]) expect((await pending(c))[0]!.resolvedAt).not.toBeNull();
    });

    it('marks all read: one group (kind and target) or everything, only the caller’s own alerts', async () => {
      const ctx = h().operator();
      const cwId = await userId('caseworker.ntt');
      const supId = await userId('supervisor.ntt');
      await transact(ctx, async (tx) => {
        for (let i = 0; i < 3; i++)
          await raiseAlerts(tx, ctx, [cwId, supId], { kind: 'case_assigned', entityType: 'case', entityId: caseId });
        await raiseAlerts(tx, ctx, [cwId], { kind: 'consent_withdrawn', entityType: 'case', entityId: caseId });
      });
      const supUnread = await unread(sup);
      const bad = await cw.post('/api/alerts/read-all', { kind: 'case_assigned', who: 'everyone' });
      expect(bad.statusCode).toBe(400);
      expect(bad.headers['content-type']).toContain('application/problem+json');
      const badId = await cw.post('/api/alerts/read-all', { entityId: 'not-a-uuid' });
      expect(badId.json().errors.map((e: { field: string }) => e.field)).toEqual(['entityId']);
      const group = await cw.post('/api/alerts/read-all', { kind: 'case_assigned', entityId: caseId });
      expect(group.statusCode, group.body).toBe(200);
      expect(group.json().count).toBe(3);
      expect((await alerts(cw, `&kind=consent_withdrawn&entityId=${caseId}`))[0]!.readAt).toBeNull();
      const all = await cw.post('/api/alerts/read-all');
      expect(all.statusCode).toBe(200);
      expect(all.json().count).toBeGreaterThanOrEqual(1);
      expect(await unread(cw)).toBe(0);
      expect(await unread(sup)).toBe(supUnread);
      expect((await cw.post('/api/alerts/read-all', {})).json().count).toBe(0);
    });

    it('never raises an alert for a user who cannot open its target (or points them at a view they may see)', async () => {
      const ctx = h().operator();
      // Same agency but not on the case team (own scope), another agency's supervisor holding cases.read, a
      // police legal liaison (cases.read, agency scope), the shelter: none may open this case.
      const outsiderCw = await h().provision('caseworker2.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', [
        'case_worker',
      ]);
      const jabarSup = await h().provision('supervisor.jabar', 'UPTD PPA Provinsi Jawa Barat', ['supervisor']);
      const legal = await h().login('legal.ntt');
      const shelter = await h().login('provider.shelter');
      const ids = await Promise.all(
        [
          'caseworker.ntt',
          'supervisor.ntt',
          'caseworker2.ntt',
          'supervisor.jabar',
          'legal.ntt',
          'provider.shelter',
        ].map(userId),
      );
      const before = await Promise.all([outsiderCw, jabarSup, legal, shelter].map((c) => alerts(c)));
      await transact(ctx, (tx) =>
        raiseAlerts(tx, ctx, ids, { kind: 'service_overdue', entityType: 'case', entityId: caseId, params: {} }),
      );
      expect((await alerts(cw, '&kind=service_overdue')).some((a) => a.entityId === caseId)).toBe(true);
      expect((await alerts(sup, '&kind=service_overdue')).some((a) => a.entityId === caseId)).toBe(true);
      const after = await Promise.all([outsiderCw, jabarSup, legal, shelter].map((c) => alerts(c)));
      expect(after.map((l) => l.length)).toEqual(before.map((l) => l.length));
      // Each outsider indeed gets a 404 for the case: the test's premise.
      for (const c of [outsiderCw, jabarSup, legal, shelter])
        expect((await c.get(`/api/cases/${caseId}`)).statusCode).toBe(404);

      // With a fallback target, outsiders get the alert pointing there, insiders the case.
      const itemId = '0190c0de-0000-7000-8000-00000000a11e';
      await transact(ctx, (tx) =>
        raiseAlerts(tx, ctx, ids, {
          kind: 'action_item_assigned',
          entityType: 'case',
          entityId: caseId,
          params: { actionItemId: itemId },
          fallback: { entityType: 'conference_action_item', entityId: itemId },
        }),
      );
      const [legalAlert] = await alerts(legal, '&kind=action_item_assigned');
      expect(legalAlert).toMatchObject({ entityType: 'conference_action_item', entityId: itemId });
      const [cwAlert] = await alerts(cw, '&kind=action_item_assigned');
      expect(cwAlert).toMatchObject({ entityType: 'case', entityId: caseId });

      // A break-the-glass grant opens the case: then the alert reaches its holder. Break-the-glass works only
      // inside the holder's jurisdiction, so the holder is a supervisor of a Kupang shelter (TOTP enrolled).
      const kupangSup = await h().provision('supervisor.shelter.kupang', 'Rumah Aman Sahabat Perempuan Kupang', [
        'supervisor',
      ]);
      const kupangSupId = await userId('supervisor.shelter.kupang');
      const raiseReopened = () =>
        transact(ctx, (tx) =>
          raiseAlerts(tx, ctx, [kupangSupId], { kind: 'case_reopened', entityType: 'case', entityId: caseId }),
        );
      // Before the grant: not alerted (she cannot open the case).
      await raiseReopened();
      expect(await alerts(kupangSup, '&kind=case_reopened')).toEqual([]);
      h().clock.advance(30_000);
      const grant = await kupangSup.post('/api/access/break-glass', {
        entityType: 'case',
        entityId: caseId,
        reason: 'Korban dipindahkan ke wilayah kami, perlu koordinasi segera',
        totpCode: await totpCode(kupangSup.totpSecret!, h().clock),
      });
      expect(grant.statusCode, grant.body).toBe(201);
      await raiseReopened();
      expect((await alerts(kupangSup, '&kind=case_reopened')).map((a) => a.entityId)).toEqual([caseId]);
    });
  },
);
