import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import {
  agencyId,
  atProsecution,
  dateIn,
  fieldMessages,
  fieldMessagesInBoth,
  legalActors,
  missingId,
  openProceeding,
  proceedingBody,
  restitutionOrdered,
  timelineKinds,
  victimsSharedWithPolice,
} from '../../../test/support/legal.js';

describeEachDatabase('legal: proceedings, their parties and who sees them', (h) => {
  it('police open a proceeding for two victims of one recruiter, only for cases shared with them by consent', async () => {
    const a = await legalActors(h());
    const v = await victimsSharedWithPolice(a);
    const { cases } = v;
    const body = proceedingBody(h(), v);
    // The third case was never shared with the police: refused like a case that does not exist.
    const refused = await a.police.post('/api/legal/proceedings', {
      ...body,
      victims: [
        { caseId: cases[2], role: 'witness' },
        { caseId: missingId, role: 'witness' },
      ],
    });
    const errors = fieldMessages(refused);
    expect(errors['victims.0.caseId']?.code).toBe('case_not_shared');
    expect(errors['victims.1.caseId']?.code).toBe('case_not_shared');

    const shared = await a.police.get('/api/legal/shared-cases?limit=100');
    expect(shared.statusCode, shared.body).toBe(200);
    // Of this test's three cases, the police find exactly the two shared with them (other tests share others).
    expect(
      shared
        .json()
        .items.map((i: { caseId: string }) => i.caseId)
        .filter((id: string) => cases.includes(id))
        .sort(),
    ).toEqual(cases.slice(0, 2).sort());
    expect((await a.cw.get('/api/legal/shared-cases')).statusCode).toBe(403);
    const res = await a.police.post('/api/legal/proceedings', body);
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.stage).toBe('report');
    expect(p.victims.map((x: { caseId: string }) => x.caseId)).toEqual(cases.slice(0, 2));
    expect(p.victims[1].isChild).toBe(true);
    expect(p.victims[0].accompaniedBy).toBe('Pendamping UPTD PPA');
    expect(p.parties).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'police', agency: expect.objectContaining({ id: a.policeAgency }) }),
        expect.objectContaining({ role: 'victim_service' }),
      ]),
    );
    expect(p.defendants).toHaveLength(1);
    expect(p.defendants[0].rolesInProcess).toEqual(['RecruiterOrIntermediary']);
    const suspectPersonId = p.defendants[0].personId;
    // Identity lives in the vault: never in the proceeding, readable only by an audited reveal.
    expect(res.body).not.toContain('Perekrut Satu');
    expect(res.body).not.toContain('5371010101800001');
    const reveal = await a.police.post(`/api/persons/${suspectPersonId}/identity/reveal`, {
      purpose: 'Pemanggilan tersangka untuk pemeriksaan',
      fields: ['fullName'],
    });
    expect(reveal.statusCode, reveal.body).toBe(200);
    expect(reveal.json().fullName).toBe('Perekrut Satu');
    const stored = await sql<{
      n: number;
    }>`select count(*) as n from audit_events where action = 'persons.identity.reveal' and entity_id = ${suspectPersonId}`.execute(
      h().services.database.db,
    );
    expect(Number(stored.rows[0]!.n)).toBe(1);
    expect(await timelineKinds(a.cw, cases[0])).toContain('legal.proceeding_opened');
  });

  it("another agency's legal liaison gets the same 404 as for a missing proceeding; the case worker sees it", async () => {
    const a = await legalActors(h());
    const { proceedingId, cases } = await openProceeding(h(), a);
    const { outsider, cw, police } = a;
    const missing = await outsider.get(`/api/legal/proceedings/${missingId}`);
    const forbidden = await outsider.get(`/api/legal/proceedings/${proceedingId}`);
    expect(missing.statusCode).toBe(404);
    expect(forbidden.statusCode).toBe(404);
    expect(forbidden.body).toBe(missing.body);
    expect((await outsider.get('/api/legal/proceedings')).json().items).toEqual([]);
    expect((await outsider.get(`/api/cases/${cases[0]}/legal`)).statusCode).toBe(404);
    const hearing = await outsider.post(`/api/legal/proceedings/${proceedingId}/hearings`, {
      heldOn: dateIn(h(), -1),
      court: 'PN Kupang',
    });
    expect(hearing.statusCode).toBe(404);
    expect(hearing.body).toBe(missing.body);
    // The victim's case worker sees the proceeding through her case (not as a party with legal powers).
    const seen = await cw.get(`/api/legal/proceedings/${proceedingId}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().abilities).toEqual({ manage: false, recordRestitution: true, inform: true });
    expect(
      (await police.get('/api/legal/proceedings?limit=100')).json().items.map((i: { id: string }) => i.id),
    ).toContain(proceedingId);
  });

  it('stages advance from the stage the caller saw (the loser gets 409); the prosecutor joins as a party', async () => {
    const a = await legalActors(h());
    const { proceedingId } = await openProceeding(h(), a);
    const { police, prosecutor } = a;
    const advance = (client: Client, from: string, to: string, on = dateIn(h(), -20)) =>
      client.post(`/api/legal/proceedings/${proceedingId}/stage`, { from, to, on });
    expect((await advance(police, 'report', 'prosecution')).json().errors[0].code).toBe('stage_not_allowed');
    expect((await advance(police, 'report', 'investigation')).statusCode).toBe(200);
    const loser = await advance(police, 'report', 'investigation');
    expect(loser.statusCode).toBe(409);
    expect(loser.json().code).toBe('stage_changed');
    expect((await advance(police, 'investigation', 'file_complete', dateIn(h(), -15))).statusCode).toBe(200);
    // Not yet a party: the prosecutor cannot see it.
    expect((await prosecutor.get(`/api/legal/proceedings/${proceedingId}`)).statusCode).toBe(404);
    const current = (await police.get(`/api/legal/proceedings/${proceedingId}`)).json();
    const updated = await police.patch(`/api/legal/proceedings/${proceedingId}`, {
      version: current.version,
      courtName: 'Pengadilan Negeri Kupang',
      addParties: [
        { agencyId: a.prosecutorAgency, role: 'prosecutor' },
        { agencyId: a.lpskAgency, role: 'lpsk' },
      ],
    });
    expect(updated.statusCode, updated.body).toBe(200);
    const stale = await police.patch(`/api/legal/proceedings/${proceedingId}`, {
      version: current.version,
      courtName: 'PN lain',
    });
    expect(stale.statusCode).toBe(409);
    expect((await advance(prosecutor, 'file_complete', 'prosecution', dateIn(h(), -10))).statusCode).toBe(200);
    const p = (await prosecutor.get(`/api/legal/proceedings/${proceedingId}`)).json();
    expect(p.stage).toBe('prosecution');
    expect(p.defendants[0].status).toBe('defendant');
    expect(p.stageHistory.map((s: { stage: string }) => s.stage)).toEqual([
      'report',
      'investigation',
      'file_complete',
      'prosecution',
    ]);
  });

  it('a child victim never testifies in person in open court (Art. 38–40), in both languages', async () => {
    const a = await legalActors(h());
    const { proceedingId, cases } = await atProsecution(h(), a);
    const { prosecutor } = a;
    const body = { heldOn: dateIn(h(), -5), court: 'PN Kupang', caseId: cases[1], testimonyMode: 'in_person' };
    const { id, en } = await fieldMessagesInBoth(prosecutor, () =>
      prosecutor.post(`/api/legal/proceedings/${proceedingId}/hearings`, body),
    );
    expect(id.testimonyMode?.code).toBe('child_testimony_mode');
    expect(id.testimonyMode?.message).toContain('Pasal 38–40');
    expect(en.testimonyMode?.message).toContain('Art. 38–40');
    const ok = await prosecutor.post(`/api/legal/proceedings/${proceedingId}/hearings`, {
      ...body,
      testimonyMode: 'audio_visual',
      accompaniedBy: 'Pekerja sosial UPTD PPA',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().hearings).toEqual([
      expect.objectContaining({ testimonyMode: 'audio_visual', accompaniedBy: 'Pekerja sosial UPTD PPA' }),
    ]);
  });

  it('legal data reaches a referral recipient only while a consent covers it; withdrawal hides it at once', async () => {
    const a = await legalActors(h());
    const { cw } = a;
    // The first victim's claim is ordered, the child has a protection measure: the shelter serving the child
    // sees her proceeding and her measure, never the other victim or the other victim's claim.
    const { proceedingId, cases, guardianPersonId } = await restitutionOrdered(h(), a);
    const measure = await cw.post('/api/protection/measures', {
      caseId: cases[1],
      proceedingId,
      type: 'lpsk_physical',
      agencyId: a.lpskAgency,
      threatLevel: 'high',
    });
    expect(measure.statusCode, measure.body).toBe(201);
    const shelter = await h().login('provider.shelter');
    const shelterAgency = await agencyId(cw, 'Rumah Aman Kupang');
    const missing = await shelter.get(`/api/cases/${missingId}/legal`);
    expect((await shelter.get(`/api/cases/${cases[1]}/legal`)).body).toBe(missing.body);
    const consent = await cw.post(`/api/cases/${cases[1]}/consents`, {
      purpose: 'referral',
      recipientAgencyId: shelterAgency,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'legal'],
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId,
      wordingVersion: 'v1',
      wordingLocale: 'id',
    });
    expect(consent.statusCode, consent.body).toBe(201);
    const shared = await shelter.get(`/api/cases/${cases[1]}/legal`);
    expect(shared.statusCode, shared.body).toBe(200);
    expect(shared.json().proceedings.map((p: { id: string }) => p.id)).toEqual([proceedingId]);
    expect(shared.json().measures.map((m: { id: string }) => m.id)).toEqual([measure.json().id]);
    const view = (await shelter.get(`/api/legal/proceedings/${proceedingId}`)).json();
    // Only her victim: the other victim is counted, never shown; no claim of the other victim.
    expect(view.victims.map((x: { caseId: string }) => x.caseId)).toEqual([cases[1]]);
    expect(view.otherVictims).toBe(1);
    expect(view.claims).toEqual([]);
    expect(view.abilities).toEqual({ manage: false, recordRestitution: false, inform: false });

    const withdrawn = await cw.post(`/api/consents/${consent.json().id}/withdraw`, { reason: 'Korban menarik izin' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const after = await shelter.get(`/api/cases/${cases[1]}/legal`);
    expect(after.statusCode).toBe(404);
    expect(after.body).toBe(missing.body);
    const gone = await shelter.get(`/api/legal/proceedings/${proceedingId}`);
    expect(gone.statusCode).toBe(404);
  });
});
