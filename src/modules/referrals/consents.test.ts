import { join } from 'node:path';
import { beforeEach, expect, it } from 'vitest';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { scopeOutsiders } from '../../../test/support/outsiders.js';
import {
  agencyId,
  alertKinds,
  childIntake,
  consent,
  DAY,
  identity,
  missingId,
  newCase,
} from '../../../test/support/referrals.js';

describeEachDatabase('consents: purposes, givers, children and wording', (h) => {
  let cw: Client;
  let shelter = '';
  // Every test starts from its own login and case: none depends on another having run first.
  beforeEach(async () => {
    cw = await h().login('caseworker.ntt');
    shelter = await agencyId(cw, 'Rumah Aman Sahabat Perempuan Kupang');
  });

  it('requires a parent or guardian, a named relative of the case, for a child (Law 27/2022 Art. 25)', async () => {
    const child = await newCase(cw, childIntake);
    expect((await cw.get(`/api/cases/${child.id}`)).json()).toMatchObject({ isChild: true, childBasis: 'birth_year' });
    const body = {
      purpose: 'referral',
      recipientAgencyId: shelter,
      serviceTypes: ['shelter'],
      fieldGroups: ['age_band', 'sex', 'needs'],
    };
    const byChild = await consent(cw, child.id, body);
    expect(byChild.statusCode).toBe(400);
    expect(byChild.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);
    const noRelationship = await consent(cw, child.id, { ...body, givenBy: 'guardian' });
    expect(noRelationship.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianRelationship', code: 'required' }),
    ]);
    // Who the guardian is must be on record: a relative of the case.
    const unnamed = await consent(cw, child.id, { ...body, givenBy: 'guardian', guardianRelationship: 'parent' });
    expect(unnamed.json().errors).toEqual([expect.objectContaining({ field: 'guardianPersonId', code: 'required' })]);
    const stranger = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: child.personId,
    });
    expect(stranger.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_not_relative' }),
    ]);
    const mother = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'parent',
      person: { sex: 'Feminine' },
      identity: { fullName: 'Martha Nenobais' },
    });
    expect(mother.statusCode, mother.body).toBe(201);
    const byMother = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: mother.json().personId,
    });
    expect(byMother.statusCode, byMother.body).toBe(201);
    expect(byMother.json()).toMatchObject({
      givenBy: 'guardian',
      guardianRelationship: 'parent',
      guardianPersonId: mother.json().personId,
    });
    // A state guardian (an official) is not a relative of the case.
    const byState = await consent(cw, child.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'state_guardian',
    });
    expect(byState.statusCode, byState.body).toBe(201);
  });

  it('refuses a guardian recorded as a suspect or as related to the trafficker', async () => {
    const child = await newCase(cw, childIntake);
    const body = {
      purpose: 'case_management',
      fieldGroups: ['age_band', 'needs'],
      givenBy: 'guardian',
      guardianRelationship: 'parent',
    };
    const father = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'parent',
      person: { sex: 'Masculine' },
      identity: { fullName: 'Yakob Nenobais' },
      suspect: true,
    });
    expect(father.json()).toMatchObject({ suspect: true, relatedToTrafficker: false });
    const bySuspect = await consent(cw, child.id, { ...body, guardianPersonId: father.json().personId });
    expect(bySuspect.statusCode).toBe(400);
    expect(bySuspect.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_suspect' }),
    ]);
    // An uncle who consented is later found to be the recruiter's brother: from then on he cannot consent.
    const uncle = await cw.post(`/api/cases/${child.id}/relatives`, {
      relationship: 'other_family',
      person: { sex: 'Masculine' },
      identity: { fullName: 'Markus Nenobais' },
    });
    const uncleId = uncle.json().personId as string;
    const before = await consent(cw, child.id, {
      ...body,
      guardianRelationship: 'other_relative',
      guardianPersonId: uncleId,
    });
    expect(before.statusCode, before.body).toBe(201);
    const learned = await cw.patch(`/api/cases/${child.id}/relatives/${uncleId}`, { relatedToTrafficker: true });
    expect(learned.statusCode, learned.body).toBe(200);
    expect(learned.json()).toMatchObject({ personId: uncleId, relatedToTrafficker: true });
    const after = await consent(cw, child.id, {
      ...body,
      guardianRelationship: 'other_relative',
      guardianPersonId: uncleId,
    });
    expect(after.statusCode).toBe(400);
    expect(after.json().errors).toEqual([
      expect.objectContaining({ field: 'guardianPersonId', code: 'guardian_related_to_trafficker' }),
    ]);
    // A relative of another case is a 404 to update here, like a missing one.
    const missing = await cw.patch(`/api/cases/${child.id}/relatives/${missingId}`, { suspect: true });
    expect(missing.statusCode).toBe(404);
  });

  it('a victim with no recorded age is presumed a child until her date of birth shows otherwise (Law 35/2014)', async () => {
    const kase = await newCase(cw, {
      referralSource: 'hotline',
      person: { sex: 'Feminine', regionCode: '53.71' },
      identity: { fullName: 'Agustina Seran' },
    });
    const detail = (await cw.get(`/api/cases/${kase.id}`)).json();
    expect(detail).toMatchObject({ isChild: true, childBasis: 'presumed', ageNow: { minor: true, basis: 'unknown' } });
    const body = { purpose: 'case_management', fieldGroups: ['age_band', 'needs'] };
    const herself = await consent(cw, kase.id, body);
    expect(herself.statusCode).toBe(400);
    expect(herself.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);

    // Her birth certificate arrives: she is 19.
    const now = h().clock.now();
    const dob = new Date(Date.UTC(now.getUTCFullYear() - 19, now.getUTCMonth(), 1) - 40 * DAY)
      .toISOString()
      .slice(0, 10);
    const corrected = await cw.patch(`/api/persons/${kase.personId}/age`, {
      dateOfBirth: dob,
      purpose: 'Akta kelahiran diperoleh dari Dukcapil Kupang',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    expect(corrected.json()).toMatchObject({ dateOfBirthRecorded: true, birthYear: Number(dob.slice(0, 4)) });
    expect(corrected.body).not.toContain(dob);
    const after = (await cw.get(`/api/cases/${kase.id}`)).json();
    expect(after).toMatchObject({ isChild: false, childBasis: 'date_of_birth', ageNow: { minor: false } });
    const timeline = (await cw.get(`/api/cases/${kase.id}/timeline`)).json().items as {
      kind: string;
      params: object;
    }[];
    expect(timeline.find((e) => e.kind === 'case.child_status')?.params).toEqual({
      isChild: false,
      basis: 'date_of_birth',
    });
    expect((await consent(cw, kase.id, body)).statusCode).toBe(201);
    const byGuardian = await consent(cw, kase.id, {
      ...body,
      givenBy: 'guardian',
      guardianRelationship: 'state_guardian',
    });
    expect(byGuardian.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'victim_is_adult' })]);
  });

  it('the guardian rule follows her age when she consents, not the child flag at intake', async () => {
    const year = h().clock.now().getUTCFullYear();
    // Trafficked at 16, now (certainly) 19: a child victim's case, and she consents herself.
    const grown = await newCase(cw, {
      referralSource: 'police',
      person: { sex: 'Feminine', birthYear: year - 20, regionCode: '53.71' },
      identity: { fullName: 'Ferderika Tlonaen' },
      profile: { ageWhenTrafficked: 16 },
    });
    expect((await cw.get(`/api/cases/${grown.id}`)).json()).toMatchObject({
      isChild: true,
      childBasis: 'age_when_trafficked',
      ageNow: { minor: false, basis: 'birth_year' },
    });
    const body = { purpose: 'case_management', fieldGroups: ['age_band', 'needs'] };
    expect((await consent(cw, grown.id, body)).statusCode).toBe(201);

    // She turned 18 three months ago: a consent dated six months back needed a guardian; today's is hers.
    const now = h().clock.now();
    const dob = new Date(Date.UTC(now.getUTCFullYear() - 18, now.getUTCMonth(), now.getUTCDate()) - 90 * DAY)
      .toISOString()
      .slice(0, 10);
    const turned = await newCase(cw, {
      referralSource: 'police',
      person: { sex: 'Feminine', regionCode: '53.71' },
      identity: { fullName: 'Oktovina Bani', dateOfBirth: dob },
    });
    expect((await cw.get(`/api/cases/${turned.id}`)).json()).toMatchObject({
      isChild: false,
      childBasis: 'date_of_birth',
    });
    const back = new Date(now.getTime() - 180 * DAY).toISOString();
    const then = await consent(cw, turned.id, { ...body, givenAt: back });
    expect(then.json().errors).toEqual([expect.objectContaining({ field: 'givenBy', code: 'guardian_required' })]);
    expect((await consent(cw, turned.id, body)).statusCode).toBe(201);

    // An age estimate is an assessment too: estimated 16 → a guardian; re-estimated 25 → herself.
    const estimated = await newCase(cw, {
      referralSource: 'community',
      person: { sex: 'Feminine', ageEstimated: 16, regionCode: '53.71' },
      identity: { fullName: 'Yulita Nitbani' },
    });
    expect((await cw.get(`/api/cases/${estimated.id}`)).json()).toMatchObject({
      isChild: true,
      childBasis: 'age_estimate',
    });
    expect((await consent(cw, estimated.id, body)).json().errors[0].code).toBe('guardian_required');
    const reassessed = await cw.patch(`/api/persons/${estimated.personId}/age`, {
      ageEstimated: 25,
      purpose: 'Pemeriksaan usia oleh dokter forensik RSUD',
    });
    expect(reassessed.statusCode, reassessed.body).toBe(200);
    expect((await cw.get(`/api/cases/${estimated.id}`)).json()).toMatchObject({
      isChild: false,
      childBasis: 'age_estimate',
    });
    expect((await consent(cw, estimated.id, body)).statusCode).toBe(201);
  });

  it('refuses a bad age correction with the field named, and keeps it out of reach of other agencies', async () => {
    const kase = await newCase(cw);
    const future = await cw.patch(`/api/persons/${kase.personId}/age`, {
      dateOfBirth: '2999-01-01',
      purpose: 'Salah ketik pada formulir',
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().errors).toEqual([expect.objectContaining({ field: 'dateOfBirth', code: 'in_future' })]);
    const empty = await cw.patch(`/api/persons/${kase.personId}/age`, { purpose: 'Tidak ada yang diubah' });
    expect(empty.statusCode).toBe(400);
    // Another agency's case worker holds persons.identity.update, but not for this person.
    const other = await h().provision('caseworker.jabar.age', 'UPTD PPA Provinsi Jawa Barat', ['case_worker']);
    const hidden = await other.patch(`/api/persons/${kase.personId}/age`, {
      birthYear: 1990,
      purpose: 'Mencoba mengubah data orang lain',
    });
    const missingRes = await other.patch(`/api/persons/${missingId}/age`, {
      birthYear: 1990,
      purpose: 'Mencoba mengubah data orang lain',
    });
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(missingRes.body);
    expect((await cw.get(`/api/cases/${kase.id}`)).json().person.birthYear).toBe(1999);
  });

  it('checks recipients, services and groups per purpose', async () => {
    const kase = await newCase(cw);
    const iom = await agencyId(cw, 'IOM Indonesia');
    const cases: [object, string[]][] = [
      [{ purpose: 'referral', fieldGroups: ['needs'] }, ['recipientAgencyId:required', 'serviceTypes:required']],
      [
        { purpose: 'case_management', recipientAgencyId: shelter, serviceTypes: ['shelter'], fieldGroups: ['sex'] },
        ['recipientAgencyId:not_applicable', 'serviceTypes:not_applicable'],
      ],
      [{ purpose: 'statistics', fieldGroups: ['sex', 'identity_name'] }, ['fieldGroups:identity_not_allowed']],
      [
        { purpose: 'international_sharing', recipientAgencyId: shelter, fieldGroups: ['sex'] },
        ['recipientAgencyId:agency_not_international'],
      ],
      [{ purpose: 'cross_border_transfer', fieldGroups: ['sex'] }, ['recipientAgencyId:recipient_one_of']],
      [
        { purpose: 'cross_border_transfer', recipientAgencyId: iom, fieldGroups: ['sex'] },
        ['recipientAgencyId:agency_not_foreign'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], wordingVersion: 'v0' },
        ['wordingVersion:wording_version_unknown'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], guardianRelationship: 'parent' },
        ['guardianRelationship:not_applicable'],
      ],
      [
        { purpose: 'statistics', fieldGroups: ['sex'], givenAt: new Date(Date.now() + 2 * DAY).toISOString() },
        ['givenAt:in_future'],
      ],
    ];
    for (const [body, expected] of cases) {
      const res = await consent(cw, kase.id, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(
        res.json().errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`),
        JSON.stringify(body),
      ).toEqual(expected);
    }
    const intl = await consent(cw, kase.id, {
      purpose: 'international_sharing',
      recipientAgencyId: iom,
      fieldGroups: ['age_band', 'nationality'],
    });
    expect(intl.statusCode, intl.body).toBe(201);
    const abroad = await consent(cw, kase.id, {
      purpose: 'cross_border_transfer',
      recipientName: 'Pusat Perlindungan Mangsa, Kota Kinabalu',
      fieldGroups: ['age_band', 'sex', 'needs'],
      wordingLocale: 'en',
    });
    expect(abroad.statusCode, abroad.body).toBe(201);
    expect(abroad.json()).toMatchObject({
      recipientAgency: null,
      recipientName: 'Pusat Perlindungan Mangsa, Kota Kinabalu',
    });
    const listed = await cw.get(`/api/cases/${kase.id}/consents?purpose=cross_border_transfer`);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([abroad.json().id]);
  });

  it('accepts an evidence attachment uploaded through the attachments module', async () => {
    const kase = await newCase(cw);
    const pdf = Buffer.from('%PDF-1.4\n% signed consent form\n');
    const boundary = '----pulihconsent';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nconsent_evidence\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="consent.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const res = await h().app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/attachments`,
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        cookie: Object.entries(cw.cookies)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
        'x-csrf-token': cw.csrf!,
      },
      payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = await consent(cw, kase.id, {
      purpose: 'case_management',
      fieldGroups: ['case_summary', 'identity_name'],
      evidenceAttachmentId: res.json().id,
    });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().evidenceAttachmentId).toBe(res.json().id);
  });

  it('serves the wording of every purpose in Indonesian and English; unknown versions are refused', async () => {
    for (const purpose of [
      'case_management',
      'referral',
      'international_sharing',
      'statistics',
      'cross_border_transfer',
    ]) {
      const res = await cw.get(`/api/consents/wording?purpose=${purpose}`);
      expect(res.statusCode, res.body).toBe(200);
      const w = res.json();
      expect(w.paragraphs.id).toHaveLength(w.paragraphs.en.length);
      expect(w.paragraphs.id.join(' ')).toContain('Pelindungan Data Pribadi');
      expect(w.fieldGroups).toHaveLength(12);
    }
    const old = await cw.get('/api/consents/wording?purpose=referral&version=v0');
    expect(old.statusCode).toBe(400);
    expect(old.json().errors[0]).toMatchObject({ field: 'query.version', code: 'wording_version_unknown' });
    expect((await cw.get('/api/consents/wording?purpose=gossip')).statusCode).toBe(400);
  });

  it('lets only the case team record and withdraw consents (404 outside scope)', async () => {
    const kase = await newCase(cw);
    const c = (await consent(cw, kase.id, { purpose: 'statistics', fieldGroups: ['sex'] })).json();
    // The shelter holds no consent permission; the three outsiders hold consents.manage but not the scope.
    const ngo = { label: 'shelter without consents.manage', client: await h().login('provider.shelter') };
    const outsiders = await scopeOutsiders(h(), ['consents.manage']);
    for (const { label, client } of [ngo, ...outsiders]) {
      expect((await consent(client, kase.id, { purpose: 'statistics', fieldGroups: ['sex'] })).statusCode, label).toBe(
        404,
      );
      const withdraw = await client.post(`/api/consents/${c.id}/withdraw`, { reason: 'not mine' });
      expect(withdraw.statusCode, label).toBe(404);
      const hidden = await client.get(`/api/cases/${kase.id}/consents`);
      expect(hidden.statusCode, label).toBe(404);
      expect(hidden.body, label).toBe((await client.get(`/api/cases/${missingId}/consents`)).body);
    }
    // Nothing was written: still one consent, still active.
    expect((await cw.get(`/api/cases/${kase.id}/consents`)).json().items).toEqual([
      expect.objectContaining({ id: c.id, status: 'active' }),
    ]);
    // The colleague, once on the team, may record one (the own scope is what kept her out).
    const colleague = outsiders.find((o) => o.username === 'scope.caseworker2.ntt')!;
    expect(
      (await cw.post(`/api/cases/${kase.id}/members`, { userId: colleague.userId, role: 'member' })).statusCode,
    ).toBe(200);
    expect(
      (await consent(colleague.client, kase.id, { purpose: 'statistics', fieldGroups: ['age_band'] })).statusCode,
    ).toBe(201);
    const supervisor = await h().login('supervisor.ntt');
    const withdrawn = await supervisor.post(`/api/consents/${c.id}/withdraw`, { reason: 'Victim asked at the office' });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await alertKinds(cw)).some((a) => a.kind === 'consent_withdrawn' && a.entityId === kase.id)).toBe(true);
  });
});
