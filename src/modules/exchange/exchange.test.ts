import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../../../test/support/harness.js';
import { loginOn, secondInstance } from '../../../test/support/instances.js';
import { referredCase } from '../../../test/support/referrals.js';

describeEachDatabase('cross-instance referral packages', (h) => {
  let other: Awaited<ReturnType<typeof secondInstance>> | undefined;
  afterAll(async () => {
    await other?.app.close();
    await other?.services.database.close();
    await other?.drop();
  });

  it('exports a signed package of consented fields that imports on another instance; one changed byte is refused', async () => {
    // Instance A: a case, a service request for the partner, consent without identity, a referral.
    const cw = await h().login('caseworker.ntt');
    const partner = (await cw.get(`/api/agencies?q=${encodeURIComponent('Rumah Aman Sahabat')}`)).json().items[0].id;
    const { kase, rid, consentId } = await referredCase(cw, partner, {
      intake: {
        referralSource: 'hotline',
        person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71', languages: ['id'] },
        identity: { fullName: 'Maria Ursula Lakapu', nik: '5371014506990003', phones: ['081234567890'] },
        profile: {
          exploitationTypes: ['ForcedLabour'],
          methodsOfControl: ['DebtBondage'],
          forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
          ageWhenTrafficked: 26,
        },
        events: [{ type: 'Exploitation', countryCode: 'MY', city: 'Kuching', startedOn: '2024-02-01' }],
      },
      fieldGroups: ['age_band', 'sex', 'languages', 'needs', 'exploitation_types'],
      urgency: 'urgent',
      reason: 'MigrationOrChangeOfLocation',
    });
    const exported = await cw.post(`/api/referrals/${rid}/package`);
    expect(exported.statusCode, exported.body).toBe(200);
    const pkg = exported.json();
    expect(pkg).toMatchObject({
      format: 'pulih.referral-package/1',
      // HTCDS 2.0: languages ISO 639-2, services as spl_Type, a valid org_Type, the victim context, the consent.
      person: { prs_Gender: 'Feminine', prs_PrimaryLanguage: 'ind' },
      referral: { urgency: 'urgent', services: ['shelter'], spl_Type: ['SocialCare'] },
      issuer: { org_Type: 'LocalGovernmentOrganisation' },
      victim: {
        vic_TypeOfExploitation: ['ForcedLabour'],
        vic_MethodsOfControl: ['DebtBondage'],
        vic_ForcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
        vic_AgeWhenTrafficked: 26,
        HistoricTraffickingEvents: [
          { hte_Type: 'Exploitation', hte_Country: 'MY', hte_City: 'Kuching', hte_Date: '2024-02-01' },
        ],
      },
      consent: { con_Consent: true, purpose: 'referral' },
    });
    // The person's identity was not consented: no name field at all.
    expect(pkg.person.prs_FirstName).toBeUndefined();
    expect(pkg.extensions.ctdc_ageBroad).toBeTruthy();
    for (const secret of ['Maria', 'Lakapu', '5371014506990003', '081234567890', kase.id])
      expect(exported.body).not.toContain(secret);

    // Instance B: before trusting A, the package is refused; after trusting A's published key it imports.
    other = await secondInstance(h().dialect);
    const keys = (await new Client(h().app).get('/.well-known/pulih/keys')).json();
    expect(keys.keys[0]).toMatchObject({ algorithm: 'Ed25519', keyId: pkg.issuer.keyId });
    const receiver = await loginOn(other.app, other.clock, 'provider.shelter');
    const unknown = await receiver.post('/api/exchange/referral-packages', pkg);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('package_unknown_signer');
    const admin = await loginOn(other.app, other.clock, 'admin');
    expect(
      (
        await admin.post('/api/exchange/trusted-signers', {
          publicKey: keys.keys[0].publicKey,
          instanceName: 'Pulih NTT',
        })
      ).statusCode,
    ).toBe(201);

    // One changed byte: the signature no longer matches.
    const tampered = JSON.parse(JSON.stringify(pkg).replace('"Feminine"', '"Masculine"'));
    const bad = await receiver.post('/api/exchange/referral-packages', tampered);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('package_bad_signature');
    expect(bad.json().errors[0].field).toBe('signature');

    const imported = await receiver.post('/api/exchange/referral-packages', pkg);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({
      status: 'received',
      signer: 'Pulih NTT',
      urgency: 'urgent',
      services: ['shelter'],
      incomingReferral: {
        cas_ReferringOrganisation: pkg.issuer.org_Name,
        cas_IncomingReferralDate: pkg.referral.cas_OutgoingReferralDate,
        cas_ReasonForIncomingReferral: 'MigrationOrChangeOfLocation',
      },
    });
    expect((await receiver.post('/api/exchange/referral-packages', pkg)).json().code).toBe('package_duplicate');
    const incoming = (await receiver.get('/api/exchange/incoming')).json();
    expect(incoming).toHaveLength(1);
    const alerts = (await receiver.get('/api/alerts')).json().items;
    expect(alerts.some((a: { kind: string }) => a.kind === 'referral_received')).toBe(true);
    // Stored encrypted on B; audited on both sides.
    const stored = (
      await sql<{ payload_enc: string }>`select payload_enc from incoming_packages`.execute(other.services.database.db)
    ).rows[0];
    expect(stored?.payload_enc).not.toContain('Feminine');
    const exportedAudit = (
      await sql<{
        n: number;
      }>`select count(*) as n from audit_events where action = 'exchange.referralPackage.export'`.execute(
        h().services.database.db,
      )
    ).rows[0];
    expect(Number(exportedAudit?.n)).toBe(1);
    const importAudit = (
      await sql<{
        outcome: string;
      }>`select outcome from audit_events where action = 'exchange.referralPackage.import' order by seq`.execute(
        other.services.database.db,
      )
    ).rows;
    expect(importAudit.map((r) => r.outcome)).toEqual(['denied', 'success']);

    // Withdrawing the consent stops further exports.
    const withdrawn = await cw.post(`/api/consents/${consentId}/withdraw`, {
      reason: 'The victim changed her mind',
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect((await cw.post(`/api/referrals/${rid}/package`)).statusCode).toBe(409);
  });
});
