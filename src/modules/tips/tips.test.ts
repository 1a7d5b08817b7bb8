import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { describeEachDatabase, type Harness } from '../../../test/support/harness.js';
import { provisionOnce } from '../../../test/support/provision.js';
import { PortalLimiter } from '../../platform/window-limiter.js';
import { leadingZeroBits, solveChallenge } from './portal.service.js';
import { urgencyOf } from './tips.rules.js';
import { similarity } from './tips.service.js';

type H = () => Harness;
let address = 0;
/** Each public call comes from its own address unless a test says otherwise (the limits are per address). */
async function publicCall(h: H, method: 'GET' | 'POST', url: string, body?: unknown, from?: string) {
  address += 1;
  return h().app.inject({
    method,
    url,
    remoteAddress: from ?? `10.9.${Math.floor(address / 250)}.${address % 250}`,
    headers: { 'accept-language': 'id', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
  });
}

async function solvedPow(h: H, from?: string) {
  const form = await publicCall(h, 'GET', '/api/public/tips/form', undefined, from);
  expect(form.statusCode, form.body).toBe(200);
  const { challenge, difficulty } = form.json().challenge;
  return { challenge, nonce: solveChallenge(challenge, difficulty) };
}

const tipBody = (extra: Record<string, unknown> = {}) => ({
  description: 'Tetangga saya, anak perempuan 15 tahun, dijemput calo untuk kerja di Malaysia tanpa paspor.',
  regionCode: '53.04',
  happenedOn: '2026-01-10',
  involvesChild: true,
  heldNow: false,
  indicators: ['unregistered_recruiter', 'child_sent_away'],
  ...extra,
});

async function submit(h: H, extra: Record<string, unknown> = {}, from?: string) {
  const pow = await solvedPow(h, from);
  return publicCall(h, 'POST', '/api/public/tips', { ...tipBody(extra), pow }, from);
}

async function tipIds(h: H): Promise<Set<string>> {
  const rows = await sql<{ id: string }>`select id from tips`.execute(h().services.database.db);
  return new Set(rows.rows.map((r) => r.id));
}

/**
 * Submits a tip and returns its reporter's code and its id (the one tip that was not there before: tests in a
 * file run one after another, and each makes the tips it works on, so any test runs alone and in any order).
 */
async function submitted(h: H, extra: Record<string, unknown> = {}) {
  const before = await tipIds(h);
  const res = await submit(h, extra);
  expect(res.statusCode, res.body).toBe(201);
  const added = [...(await tipIds(h))].filter((id) => !before.has(id));
  expect(added).toHaveLength(1);
  return { code: res.json().code as string, tipId: added[0]! };
}

describe('tip rules', () => {
  it('rates someone held now urgent, a child or a border place high', () => {
    expect(urgencyOf({ child: false, heldNow: true, nearBorder: false })).toBe('urgent');
    expect(urgencyOf({ child: true, heldNow: false, nearBorder: true })).toBe('urgent');
    expect(urgencyOf({ child: true, heldNow: false, nearBorder: false })).toBe('high');
    expect(urgencyOf({ child: false, heldNow: false, nearBorder: true })).toBe('high');
    expect(urgencyOf({ child: false, heldNow: false, nearBorder: false })).toBe('normal');
  });
  it('scores tips with shared signs as alike', () => {
    const a = { indicators: ['a', 'b'], isChild: true, heldNow: false, happenedOn: '2026-01-01' };
    expect(similarity(a, { ...a })).toBe(0.9);
    expect(similarity(a, { indicators: ['c'], isChild: false, heldNow: false, happenedOn: null })).toBe(0.3);
  });
  it('counts leading zero bits and solves a challenge', () => {
    expect(leadingZeroBits(Buffer.from([0, 0x0f]))).toBe(12);
    expect(leadingZeroBits(Buffer.from([0x80]))).toBe(0);
    expect(solveChallenge('x', 4)).toMatch(/^[0-9a-z]+$/);
  });
  it('limits per address and overall in fixed windows', () => {
    const l = new PortalLimiter({ max: 2, windowMs: 1000 }, { max: 3, windowMs: 1000 });
    expect(l.take('a', 0)).toBeNull();
    expect(l.take('a', 1)).toBeNull();
    expect(l.take('a', 2)).toBe(1);
    expect(l.take('b', 3)).toBeNull();
    expect(l.take('c', 4)).toBe(1); // overall
    expect(l.take('a', 1001)).toBeNull(); // next window
  });
});

describeEachDatabase(
  'tips: public portal and triage',
  (h) => {
    const intakeOfficer = () => h().login('intake.ntt');
    /** A tip triaged once by the intake officer (version 2, in review). */
    const triaged = async () => {
      const intake = await intakeOfficer();
      const tip = await submitted(h);
      const res = await intake.post(`/api/tips/${tip.tipId}/triage`, { version: 1, urgency: 'urgent' });
      expect(res.statusCode, res.body).toBe(200);
      return { intake, ...tip };
    };
    const alertAbout = async (client: Awaited<ReturnType<typeof intakeOfficer>>, kind: string, id: string) =>
      ((await client.get(`/api/alerts?limit=200&entityId=${id}`)).json().items as { kind: string }[]).some(
        (a) => a.kind === kind,
      );

    it('takes an anonymous tip, returns a long code once and keeps no address or plaintext', async () => {
      const intake = await intakeOfficer();
      const { code, tipId } = await submitted(h, { contact: { name: 'Ibu Pelapor', phone: '+62 812 3456 7890' } });
      expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
      const list = await intake.get('/api/tips?open=true&limit=100');
      expect(list.statusCode, list.body).toBe(200);
      const item = list.json().items.find((t: { id: string }) => t.id === tipId);
      expect(item).toMatchObject({ status: 'new', urgency: 'urgent', isChild: true, nearBorder: true });
      const db = h().services.database.db;
      const raw = await sql<Record<string, string>>`select * from tips where id = ${tipId}`.execute(db);
      const row = raw.rows[0]!;
      expect(JSON.stringify(row)).not.toContain('calo');
      expect(JSON.stringify(row)).not.toContain(code.replace(/-/g, ''));
      // The contact went into the identity vault, encrypted.
      const person = await sql<Record<string, string>>`
        select * from person_identities where person_id = ${row.reporter_person_id}`.execute(db);
      expect(JSON.stringify(person.rows[0])).not.toContain('Pelapor');
      expect(JSON.stringify(person.rows[0])).not.toContain('3456');
      const audit = await sql<{ ip: string | null; details: unknown }>`
        select ip, details from audit_events where action = 'tips.submit' and entity_id = ${tipId}`.execute(db);
      expect(audit.rows).toHaveLength(1);
      expect(audit.rows[0]!.ip).toBeNull();
    });

    it('answers the status by code in the body: received, nothing else', async () => {
      const { code } = await submitted(h);
      const res = await publicCall(h, 'POST', '/api/public/tips/status', { code: code.toLowerCase() });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ status: 'received', messages: [], canReply: true });
      const unknown = await publicCall(h, 'POST', '/api/public/tips/status', { code: 'ABCDE-ABCDE-ABCDE-ABCDE' });
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().code).toBe('tip_code_unknown');
      const bad = await publicCall(h, 'POST', '/api/public/tips/status', { code: '123' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field: 'code', code: 'code_invalid' });
    });

    it('refuses bots and replays: honeypot, a wrong or reused proof of work, an oversize body', async () => {
      const count = async () =>
        Number((await sql<{ n: number }>`select count(*) as n from tips`.execute(h().services.database.db)).rows[0]!.n);
      const before = await count();
      const honeypot = await submit(h, { website: 'http://spam.example' });
      expect(honeypot.statusCode).toBe(400);
      const pow = await solvedPow(h);
      const wrong = await publicCall(h, 'POST', '/api/public/tips', { ...tipBody(), pow: { ...pow, nonce: 'zz-no' } });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors[0].field).toBe('pow');
      const forged = await publicCall(h, 'POST', '/api/public/tips', {
        ...tipBody(),
        pow: { challenge: `${Date.now()}.00.ff`, nonce: '1' },
      });
      expect(forged.statusCode).toBe(400);
      const first = await publicCall(h, 'POST', '/api/public/tips', { ...tipBody({ regionCode: '32.73' }), pow });
      expect(first.statusCode, first.body).toBe(201);
      const replay = await publicCall(h, 'POST', '/api/public/tips', { ...tipBody({ regionCode: '32.73' }), pow });
      expect(replay.statusCode).toBe(400);
      const huge = await publicCall(h, 'POST', '/api/public/tips', {
        ...tipBody({ description: 'x'.repeat(20_000) }),
        pow,
      });
      expect(huge.statusCode).toBe(413);
      expect(await count()).toBe(before + 1);
    });

    it('throttles one address: tips per hour and code lookups', async () => {
      const from = '10.77.0.1';
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await submit(h, { regionCode: '61.71' }, from)).statusCode);
      // PULIH_PORTAL_SUBMITS_PER_HOUR=3; the form request counts against lookups, not submits.
      expect(statuses).toEqual([201, 201, 201, 429]);
      const limited = await submit(h, {}, from);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBeDefined();
      expect(limited.json().code).toBe('rate_limited');
      const lookups: number[] = [];
      for (let i = 0; i < 25; i++)
        lookups.push(
          (await publicCall(h, 'POST', '/api/public/tips/status', { code: 'ABCDE-ABCDE-ABCDE-ABCD1' }, '10.77.0.2'))
            .statusCode,
        );
      expect(lookups.filter((s) => s === 404)).toHaveLength(20);
      expect(lookups.filter((s) => s === 429)).toHaveLength(5);
    });

    it('hides a tip from another agency with the same permission (404, same body as a missing tip)', async () => {
      const { tipId } = await submitted(h);
      const outsider = await provisionOnce(h(), 'intake.jabar.tips', 'UPTD PPA Jabar', ['intake_officer']);
      const res = await outsider.get(`/api/tips/${tipId}`);
      const missing = await outsider.get('/api/tips/01a22a15-0000-7000-8000-00000000abcd');
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(missing.body);
      const triage = await outsider.post(`/api/tips/${tipId}/triage`, { version: 1, urgency: 'normal' });
      expect(triage.statusCode).toBe(404);
      expect((await outsider.get('/api/tips?limit=100')).json().items.map((t: { id: string }) => t.id)).not.toContain(
        tipId,
      );
      const programme = await h().login('programme.jabar');
      expect((await programme.get('/api/tips')).statusCode).toBe(403);
    });

    it('triage is a conditional update: of two officers at the same version one wins, the loser gets 409', async () => {
      const intake = await intakeOfficer();
      const { tipId } = await submitted(h);
      const [a, b] = await Promise.all([
        intake.post(`/api/tips/${tipId}/triage`, { version: 1, urgency: 'urgent' }),
        intake.post(`/api/tips/${tipId}/triage`, { version: 1, urgency: 'high' }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().code).toBe('tip_changed');
      const events = await sql<{ n: number }>`
        select count(*) as n from audit_events where action = 'tips.triage' and entity_id = ${tipId}`.execute(
        h().services.database.db,
      );
      expect(Number(events.rows[0]!.n)).toBe(1);
      const tip = (await intake.get(`/api/tips/${tipId}`)).json();
      expect(tip).toMatchObject({ status: 'in_review', version: 2 });
      expect(tip.firstResponseAt).not.toBeNull();
    });

    it('asks the reporter, who answers by code; the status page shows only the conversation', async () => {
      const { intake, tipId, code } = await triaged();
      const asked = await intake.post(`/api/tips/${tipId}/questions`, {
        version: 2,
        question: 'Apakah anak itu masih di rumah penampungan calo?',
      });
      expect(asked.statusCode, asked.body).toBe(200);
      expect(asked.json().awaitingReply).toBe(true);
      const status = (await publicCall(h, 'POST', '/api/public/tips/status', { code })).json();
      expect(status.status).toBe('being_handled');
      expect(status.messages).toEqual([
        { from: 'staff', body: 'Apakah anak itu masih di rumah penampungan calo?', at: expect.any(String) },
      ]);
      const reply = await publicCall(h, 'POST', '/api/public/tips/reply', {
        code,
        message: 'Ya, di rumah dekat terminal Atambua.',
      });
      expect(reply.statusCode, reply.body).toBe(200);
      expect(reply.json().messages).toHaveLength(2);
      const tip = (await intake.get(`/api/tips/${tipId}`)).json();
      expect(tip.awaitingReply).toBe(false);
      expect(tip.messages.map((m: { from: string }) => m.from)).toEqual(['staff', 'reporter']);
      expect(await alertAbout(intake, 'tip_reporter_replied', tipId)).toBe(true);
    });

    it('groups tips that look like the same situation', async () => {
      const { intake, tipId } = await triaged();
      const { tipId: otherId } = await submitted(h, {
        description: 'Ada anak-anak dari desa kami dibawa calo ke perbatasan Motaain.',
      });
      const tip = (await intake.get(`/api/tips/${tipId}`)).json();
      // Other tests' tips may look alike too: this one must be among those offered.
      expect(tip.similar.map((x: { id: string }) => x.id)).toContain(otherId);
      const grouped = await intake.post(`/api/tips/${tipId}/triage`, { version: tip.version, groupWith: otherId });
      expect(grouped.statusCode, grouped.body).toBe(200);
      expect(grouped.json().group.map((g: { id: string }) => g.id)).toEqual([otherId]);
      const closed = await intake.post(`/api/tips/${otherId}/close`, {
        version: (await intake.get(`/api/tips/${otherId}`)).json().version,
        reason: 'duplicate',
        note: 'Situasi yang sama dengan laporan lain.',
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(closed.json()).toMatchObject({ status: 'closed', closureReason: 'duplicate' });
    });

    it('becomes a case with the facts carried over; the reporter sees only that it is being handled', async () => {
      const { intake, tipId, code } = await triaged();
      const tip = (await intake.get(`/api/tips/${tipId}`)).json();
      expect(tip.caseDraft).toMatchObject({ referralSource: 'community', person: { regionCode: '53.04' } });
      const res = await intake.post(`/api/tips/${tipId}/convert`, {
        version: tip.version,
        case: {
          ...tip.caseDraft,
          person: { ...tip.caseDraft.person, sex: 'Feminine', birthYear: 2011 },
          identity: { fullName: 'Anak Tanpa Nama Tips' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const { caseId } = res.json();
      expect(res.json().tip).toMatchObject({ status: 'converted', caseId });
      const kase = (await intake.get(`/api/cases/${caseId}`)).json();
      expect(kase.summary).toBe(tip.description);
      expect(kase.referralSource).toBe('community');
      expect(kase.isChild).toBe(true);
      const again = await intake.post(`/api/tips/${tipId}/close`, { version: res.json().tip.version, reason: 'other' });
      expect(again.statusCode).toBe(409);
      const status = (await publicCall(h, 'POST', '/api/public/tips/status', { code })).json();
      expect(status.status).toBe('being_handled');
      expect(JSON.stringify(status)).not.toContain(caseId);
      expect(JSON.stringify(status)).not.toContain(kase.caseNumber);
    });

    it('refers a tip to the police, who may then read it', async () => {
      const intake = await intakeOfficer();
      const sent = await submitted(h, { regionCode: '53.71', involvesChild: false, heldNow: true });
      const queue = (await intake.get('/api/tips?status=new&limit=100')).json().items;
      const t = queue.find((x: { id: string }) => x.id === sent.tipId);
      expect(t.urgency).toBe('urgent');
      const agencies = (await intake.get('/api/agencies?q=Polda%20NTT')).json().items;
      const res = await intake.post(`/api/tips/${t.id}/refer`, {
        version: t.version,
        agencyId: agencies[0].id,
        note: 'Korban disekap sekarang: mohon tindakan segera.',
      });
      expect(res.statusCode, res.body).toBe(200);
      const police = await h().login('legal.ntt');
      const seen = await police.get(`/api/tips/${t.id}`);
      expect(seen.statusCode, seen.body).toBe(200);
      expect(seen.json().status).toBe('referred');
      // Reading is all the police may do with it.
      expect(
        (await police.post(`/api/tips/${t.id}/close`, { version: seen.json().version, reason: 'other' })).statusCode,
      ).toBe(404);
    });

    it('alerts once about tips past their response-time target', async () => {
      let intake = await intakeOfficer();
      const sup = await h().login('supervisor.ntt');
      const targets = await sup.request('PUT', '/api/tip-settings/response-targets', {
        urgent: 2,
        high: 12,
        normal: 48,
      });
      expect(targets.statusCode, targets.body).toBe(200);
      expect(
        (await intake.request('PUT', '/api/tip-settings/response-targets', { urgent: 1, high: 1, normal: 1 }))
          .statusCode,
      ).toBe(403);
      const sent = await submitted(h, { regionCode: '53.71', involvesChild: false, heldNow: false, nearBorder: false });
      const fresh = (await intake.get('/api/tips?status=new&limit=100'))
        .json()
        .items.find((x: { id: string }) => x.id === sent.tipId);
      expect(fresh.urgency).toBe('normal');
      expect(Date.parse(fresh.dueAt) - Date.parse(fresh.createdAt)).toBe(48 * 3_600_000);
      h().clock.advance(49 * 3_600_000);
      const { checkOverdueTips } = await import('./tips.service.js');
      const n = await checkOverdueTips(h().operator());
      expect(n).toBeGreaterThanOrEqual(1);
      expect(await checkOverdueTips(h().operator())).toBe(0);
      // Sessions ended while the clock moved on.
      intake = await intakeOfficer();
      const supervisor = await h().login('supervisor.ntt');
      const overdue = (await intake.get('/api/tips?overdue=true&limit=100'))
        .json()
        .items.map((x: { id: string }) => x.id);
      expect(overdue).toContain(fresh.id);
      expect(await alertAbout(supervisor, 'tip_overdue', fresh.id)).toBe(true);
    });
  },
  { env: { PULIH_PORTAL_SUBMITS_PER_HOUR: '3', PULIH_PORTAL_LOOKUPS_PER_10_MIN: '20', PULIH_PORTAL_POW_BITS: '10' } },
);
