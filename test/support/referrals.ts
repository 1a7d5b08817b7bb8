/**
 * What the referral and consent tests share: a victim whose identity must never reach a recipient unless she
 * agrees, the strings of it that must never show, and small steps (a case, a service request, a consent).
 */
import { expect } from 'vitest';
import type { Client } from './harness.js';

export const DAY = 86_400_000;
export const missingId = '01a22a15-0000-7000-8000-00000000abcd';

/** An adult victim whose identity must never reach the shelter unless she agrees. */
export const identity = {
  fullName: 'Maria Ursula Lakapu',
  nik: '5371014506990003',
  phones: ['+62 812-3456-7890'],
  address: 'Jl. Timor Raya No. 12, Oesapa, Kupang',
};
export const adultIntake = {
  referralSource: 'hotline',
  person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71', languages: ['id'], citizenship: 'ID' },
  identity,
  summary: 'Recruited in Oesapa by Pak Yosef Lakapu with a false promise of work in a Malaysian restaurant',
  riskLevel: 'high',
  profile: { exploitationTypes: ['ForcedLabour'] },
};
export const childIntake = {
  referralSource: 'police',
  person: { sex: 'Feminine', birthYear: new Date().getUTCFullYear() - 15, regionCode: '53.71', languages: ['id'] },
  identity: { fullName: 'Yuliana Nenobais' },
};

/** Strings of the identity and of the case that the recipient must never see in a response body. */
export const secrets = [
  'Maria',
  'Ursula',
  'Lakapu',
  'M.U.L.',
  '5371014506990003',
  '3456',
  '7890',
  'Timor Raya',
  'Oesapa',
  'Yosef',
];

export async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

export async function newCase(
  client: Client,
  intake: object = adultIntake,
): Promise<{ id: string; personId: string; caseNumber: string }> {
  const res = await client.post('/api/cases', intake);
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.json().id, personId: res.json().personId, caseNumber: res.json().caseNumber };
}

export async function requestService(
  client: Client,
  caseId: string,
  type: string,
  providerAgencyId: string,
): Promise<string> {
  const res = await client.post(`/api/cases/${caseId}/services`, { type, applicant: 'victim', providerAgencyId });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

export async function consent(client: Client, caseId: string, body: object) {
  return client.post(`/api/cases/${caseId}/consents`, {
    givenBy: 'victim',
    wordingVersion: 'v1',
    wordingLocale: 'id',
    ...body,
  });
}

/**
 * A new case referred to an agency for one service, on the victim's referral consent for that agency and service
 * (covering `fieldGroups`): the case (from `intake`), the service request, the referral's answer and its id.
 */
export async function referredCase(
  client: Client,
  recipientAgencyId: string,
  {
    service = 'shelter',
    fieldGroups,
    urgency = 'normal',
    reason = 'AdditionalServicesRequired',
    intake = adultIntake,
  }: { service?: string; fieldGroups: string[]; urgency?: string; reason?: string; intake?: object },
) {
  const kase = await newCase(client, intake);
  const sr = await requestService(client, kase.id, service, recipientAgencyId);
  const given = await consent(client, kase.id, {
    purpose: 'referral',
    recipientAgencyId,
    serviceTypes: [service],
    fieldGroups,
  });
  expect(given.statusCode, given.body).toBe(201);
  const res = await client.post(`/api/cases/${kase.id}/referrals`, {
    recipientAgencyId,
    serviceRequestIds: [sr],
    urgency,
    reason,
  });
  expect(res.statusCode, res.body).toBe(201);
  return { kase, sr, res, rid: res.json().id as string, consentId: given.json().id as string };
}

export async function alertKinds(
  client: Client,
): Promise<{ kind: string; entityId: string | null; params: Record<string, unknown> }[]> {
  const res = await client.get('/api/alerts?limit=100');
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}
