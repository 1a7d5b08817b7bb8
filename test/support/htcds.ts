/** Cases and consents for the HTCDS exchange tests (src/modules/exchange): made through the API as a user would. */
import { expect } from 'vitest';
import { htcdsFactGroups } from '../../src/modules/exchange/index.js';
import type { Client } from './harness.js';

/** Every fact group (no identity), as the mapping names them. */
export const allFacts: string[] = [...htcdsFactGroups];

/** A case with a full profile, identity and two events; `extra` replaces any top-level part of the body. */
export async function createCase(c: Client, fullName: string, extra: Record<string, unknown> = {}) {
  const res = await c.post('/api/cases', {
    referralSource: 'hotline',
    person: {
      sex: 'Feminine',
      birthYear: 1998,
      citizenship: 'ID',
      regionCode: '53.71',
      languages: ['id', 'jv'],
      maritalStatus: 'Married',
      education: 'LowerSecondaryEducation',
      childrenCount: 2,
    },
    identity: { fullName, aliases: ['Nona', 'Ursi'], nik: '5371014506980003', phones: ['081234567890'] },
    profile: {
      exploitationTypes: ['ForcedLabour', 'Servitude'],
      methodsOfControl: ['WithholdsDocuments', 'DebtBondage'],
      recruitmentMethods: ['ThroughFamilyOrFamilyEvents'],
      vulnerabilities: ['Poverty'],
      relationshipToTrafficker: 'Acquainted',
      forcedLabourIndustry: 'T_ActivitiesOfHouseholdsAsEmployers',
      exploitationCountry: 'MY',
      ageWhenTrafficked: 24,
    },
    events: [
      { type: 'Recruitment', countryCode: 'ID', regionCode: '53.71', city: 'Kupang', startedOn: '2022-03-01' },
      { type: 'Exploitation', countryCode: 'MY', city: 'Johor Bahru', startedOn: '2022-04-10' },
    ],
    ...extra,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** Records a consent of the purpose over the field groups; its id. */
export async function consent(c: Client, caseId: string, purpose: string, fieldGroups: string[]) {
  const res = await c.post(`/api/cases/${caseId}/consents`, {
    purpose,
    givenBy: 'victim',
    wordingVersion: 'v1',
    wordingLocale: 'id',
    fieldGroups,
    ...(purpose === 'international_sharing' ? { recipientName: 'IOM Counter Trafficking Data Collaborative' } : {}),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}
