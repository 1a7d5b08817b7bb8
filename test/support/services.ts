/** What the service tests share: a case of the Kupang case worker and the shelter that provides services. */
import { expect } from 'vitest';
import type { Client, Harness } from './harness.js';

export const DAY = 86_400_000;
export const intake = {
  referralSource: 'family',
  person: { sex: 'Feminine', birthYear: 2010, regionCode: '53.71' },
  identity: { fullName: 'Test Person' },
};
export const missingId = '01a22a15-0000-7000-8000-00000000abcd';

export async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

export async function newCase(client: Client): Promise<string> {
  const res = await client.post('/api/cases', intake);
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function timelineKinds(client: Client, caseId: string): Promise<string[]> {
  return (await client.get(`/api/cases/${caseId}/timeline?limit=200`))
    .json()
    .items.map((i: { kind: string }) => i.kind);
}

/**
 * What each test starts from: a case worker logged in now (an earlier test may have moved the clock past her
 * last session), a new case of her own and the shelter that provides services. Tests share the database but
 * none relies on what another left behind.
 */
export async function fixture(h: () => Harness): Promise<{ cw: Client; caseId: string; provider: string }> {
  const cw = await h().login('caseworker.ntt');
  return { cw, caseId: await newCase(cw), provider: await agencyId(cw, 'Rumah Aman Kupang') };
}
