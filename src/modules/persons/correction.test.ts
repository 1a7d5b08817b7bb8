import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { auditPurpose } from '../../platform/audit.js';

/**
 * Issue 10 item 8: a victim's right to have her data corrected (Law 27/2022 Art. 6) goes through the vault like
 * any identity change — with a purpose, inside the caller's scope, audited, and re-indexed so that the old NIK
 * no longer finds her and the new one does.
 */

const OLD_NIK = '5371014709980011';
const NEW_NIK = '5371014709980012';
const missingId = '01a22a15-0000-7000-8000-00000000abcd';
const PURPOSE = 'Correction asked by the victim through the DPO';

describeEachDatabase('correction of identity through the vault', (h) => {
  it('corrects with a purpose, re-indexes, audits, and answers an outsider like a missing record', async () => {
    const cw = await h().login('caseworker.ntt');
    const created = await cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1998, regionCode: '53.71' },
      identity: { fullName: 'Yohana Bani Salah', nik: OLD_NIK },
    });
    expect(created.statusCode, created.body).toBe(201);
    const personId = created.json().personId as string;
    const dpo = await h().login('dpo');
    const request = await dpo.post('/api/dsr/requests', {
      personId,
      kind: 'correction',
      channel: 'through_case_worker',
    });
    expect(request.statusCode, request.body).toBe(201);

    // No purpose: told so, nothing changed.
    const noPurpose = await cw.patch(`/api/persons/${personId}/identity`, { fullName: 'Yohana Bani Salu' });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().errors[0].field).toBe('purpose');
    // Another agency's staff: the same 404 as for a person who does not exist.
    const police = await h().login('legal.ntt');
    const body = { fullName: 'Someone Else Entirely', purpose: PURPOSE };
    const hidden = await police.patch(`/api/persons/${personId}/identity`, body);
    const missing = await police.patch(`/api/persons/${missingId}/identity`, body);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missing.body);

    const fixed = await cw.patch(`/api/persons/${personId}/identity`, {
      fullName: 'Yohana Bani Salu',
      nik: NEW_NIK,
      purpose: PURPOSE,
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    expect(fixed.body).not.toContain('Salu');
    expect(fixed.body).not.toContain(NEW_NIK);
    const revealed = await cw.post(`/api/persons/${personId}/identity/reveal`, {
      purpose: 'Checking the corrected record',
      fields: ['fullName', 'nik'],
    });
    expect(revealed.json()).toEqual({ fullName: 'Yohana Bani Salu', nik: NEW_NIK });
    expect((await cw.get(`/api/persons/${personId}`)).json().initials).toBe('Y.B.S.');

    // Re-indexed: the new NIK finds her, the old one no longer does.
    const byNew = await cw.post('/api/persons/duplicates/check', { nik: NEW_NIK });
    expect(JSON.stringify(byNew.json())).toContain(personId);
    const byOld = await cw.post('/api/persons/duplicates/check', { nik: OLD_NIK });
    expect(JSON.stringify(byOld.json())).not.toContain(personId);

    // Audited once, with the purpose encrypted at rest and no value in the trail.
    const audit = (
      await sql<{
        id: string;
        purpose: string;
        details: unknown;
      }>`select id, purpose, details from audit_events where action = 'persons.identity.update' and entity_id = ${personId}`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]!.purpose).not.toContain('victim');
    expect(auditPurpose(h().services.keyring, audit[0]!)).toBe(PURPOSE);
    expect(JSON.stringify(audit[0]!.details)).not.toContain(NEW_NIK);

    const done = await dpo.post(`/api/dsr/requests/${request.json().id}/complete`, { outcome: 'fulfilled' });
    expect(done.statusCode, done.body).toBe(200);
  });
});
