import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { Client, describeEachDatabase } from '../../../test/support/harness.js';

const bearer = (c: Client, token: string, method: string, url: string, body?: string, type = 'application/json') =>
  c.request(method, url, body, { authorization: `Bearer ${token}`, ...(body ? { 'content-type': type } : {}) });

describeEachDatabase('service accounts and API tokens', (h) => {
  it('a partner token reaches only its operations and agencies, expires, is revoked, and every use is audited', async () => {
    const admin = await h().login('admin');
    const sup = await h().login('supervisor.ntt');
    const me = (await sup.get('/api/auth/me')).json();
    const ntt = (me.agencyId ?? me.agency?.id) as string;
    const elsewhere = (await sup.get(`/api/agencies?q=${encodeURIComponent('Rumah Aman Sahabat')}`)).json().items[0]
      .id as string;

    // A consented case of the NTT agency, so the export has something to carry.
    const kase = (
      await sup.post('/api/cases', {
        referralSource: 'hotline',
        person: { sex: 'Feminine', birthYear: 2000, regionCode: '53.71' },
        identity: { fullName: 'Maria Goreti Nahak' },
        profile: { exploitationTypes: ['ForcedLabour'] },
      })
    ).json();
    await sup.post(`/api/cases/${kase.id}/consents`, {
      purpose: 'statistics',
      givenBy: 'victim',
      wordingVersion: 'v1',
      wordingLocale: 'id',
      fieldGroups: ['sex', 'exploitation_types'],
    });

    // Only an administrator manages service accounts; bad input names the field.
    const body = {
      name: 'SIMFONI-PPA',
      agencyId: ntt,
      operations: ['exchange.htcds.export'],
      agencyIds: [ntt],
    };
    expect((await sup.post('/api/service-accounts', body)).statusCode).toBe(403);
    const bad = await admin.post('/api/service-accounts', { ...body, operations: ['cases.list'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('operations.0');
    const account = await admin.post('/api/service-accounts', body);
    expect(account.statusCode, account.body).toBe(201);
    const accountId = account.json().id as string;
    expect((await admin.post('/api/service-accounts', body)).json().errors[0].field).toBe('name');

    const issued = await admin.post(`/api/service-accounts/${accountId}/tokens`, { label: 'prod', expiresInDays: 30 });
    expect(issued.statusCode, issued.body).toBe(201);
    const { token, id: tokenId } = issued.json() as { token: string; id: string };
    expect(token).toMatch(/^pulih_sat_/);
    // Shown once: never listed again, stored only as a keyed hash.
    expect((await admin.get(`/api/service-accounts/${accountId}`)).body).not.toContain(token.split('.')[1]);
    const stored = (
      await sql<{ token_hash: string }>`select token_hash from service_account_tokens`.execute(h().services.database.db)
    ).rows[0]!;
    expect(stored.token_hash).not.toContain(token.split('.')[1]);

    // The partner calls with the token alone: no session, no CSRF token.
    const partner = new Client(h().app);
    const exported = await bearer(partner, token, 'GET', '/api/exchange/htcds/export');
    expect(exported.statusCode, exported.body).toBe(200);
    const records = JSON.parse(exported.body) as { org_Name: string; prs_FirstName?: string }[];
    expect(records.length).toBeGreaterThan(0);
    expect(exported.body).not.toContain('Nahak');
    // An agency outside the token answers like a missing one; an operation outside it is forbidden.
    const outside = await bearer(partner, token, 'GET', `/api/exchange/htcds/export?agencyId=${elsewhere}`);
    const missing = await bearer(
      partner,
      token,
      'GET',
      '/api/exchange/htcds/export?agencyId=0190a0a0-0000-7000-8000-000000000000',
    );
    expect(outside.statusCode).toBe(404);
    expect(outside.body).toBe(missing.body);
    const notScoped = await bearer(partner, token, 'GET', '/api/cases');
    expect(notScoped.statusCode).toBe(403);
    expect(notScoped.json().code).toBe('token_operation_denied');
    const importDenied = await bearer(partner, token, 'POST', '/api/exchange/htcds/imports', '[]');
    expect(importDenied.statusCode).toBe(403);
    // A token is never a browser session: the session endpoints refuse it too.
    expect((await bearer(partner, token, 'GET', '/api/auth/me')).statusCode).toBe(403);

    // An importing partner: records land in its agency's queue; its report is its own.
    const importer = await admin.post('/api/service-accounts', {
      name: 'IOM Indonesia',
      agencyId: ntt,
      operations: ['exchange.htcds.import', 'exchange.htcds.importReport'],
      agencyIds: [ntt],
    });
    const importToken = (
      await admin.post(`/api/service-accounts/${importer.json().id}/tokens`, { label: 'sync', expiresInDays: 1 })
    ).json().token as string;
    const csv = 'org_Name,prs_Gender,vic_TypeOfExploitation\nIOM Indonesia,Masculine,ForcedLabour;DebtBondage\n';
    const up = await bearer(partner, importToken, 'POST', '/api/exchange/htcds/imports', csv, 'text/csv');
    expect(up.statusCode, up.body).toBe(201);
    expect(up.json()).toMatchObject({ rowsRead: 1, rowsInvalid: 1 });
    expect((await bearer(partner, importToken, 'GET', `/api/exchange/htcds/imports/${up.json().id}`)).statusCode).toBe(
      200,
    );
    const own = await sup.request('POST', '/api/exchange/htcds/imports', csv, { 'content-type': 'text/csv' });
    expect(own.statusCode).toBe(201);
    expect((await bearer(partner, importToken, 'GET', `/api/exchange/htcds/imports/${own.json().id}`)).statusCode).toBe(
      404,
    );
    expect((await bearer(partner, importToken, 'GET', '/api/exchange/htcds/export')).statusCode).toBe(403);

    // Expired: 401. Revoked: 401 at once; a second revocation conflicts.
    h().clock.advance(2 * 86_400_000);
    const expired = await bearer(partner, importToken, 'GET', `/api/exchange/htcds/imports/${up.json().id}`);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('token_expired');
    // The administrator's session ended with the two days; a fresh one revokes.
    const admin2 = await h().login('admin');
    const revoked = await admin2.post(`/api/service-accounts/${accountId}/tokens/${tokenId}/revoke`);
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    expect((await admin2.post(`/api/service-accounts/${accountId}/tokens/${tokenId}/revoke`)).statusCode).toBe(409);
    expect((await bearer(partner, token, 'GET', '/api/exchange/htcds/export')).statusCode).toBe(401);
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await bearer(partner, forged, 'GET', '/api/exchange/htcds/export')).statusCode).toBe(401);
    expect((await bearer(partner, 'nonsense', 'GET', '/api/exchange/htcds/export')).statusCode).toBe(401);

    // Every use of a known token is audited with its operation and outcome.
    const uses = (
      await sql<{ entity_id: string; outcome: string; details: unknown }>`
        select entity_id, outcome, details from audit_events where action = 'serviceAccounts.tokens.use' order by seq`.execute(
        h().services.database.db,
      )
    ).rows;
    const outcomes = uses.filter((u) => u.entity_id === tokenId).map((u) => u.outcome);
    expect(outcomes).toEqual(['success', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied', 'denied']);
    expect(uses.filter((u) => u.entity_id !== tokenId).map((u) => u.outcome)).toEqual([
      'success',
      'success',
      'denied',
      'denied',
      'denied',
    ]);
    // The export the token made is audited as the service account's.
    const exportAudit = (
      await sql<{ actor_username: string }>`
        select actor_username from audit_events where action = 'exchange.htcds.export' order by seq`.execute(
        h().services.database.db,
      )
    ).rows;
    expect(exportAudit.map((r) => r.actor_username)).toContain('service:SIMFONI-PPA');
  });
});
