/**
 * Set-up for the legal tests: each test builds the proceeding it needs (its own three victims, its own
 * suspect) from these steps, so any test runs alone (`vitest -t`) and in any order.
 */
import { expect } from 'vitest';
import { type DueRow, selectDue } from '../../src/modules/legal/due.store.js';
import type { Client, Harness } from './harness.js';
import { provisionOnce } from './provision.js';

export const DAY = 86_400_000;
export const missingId = '01a22a15-0000-7000-8000-00000000abcd';

export type Alert = {
  kind: string;
  entityType: string | null;
  entityId: string | null;
  params: Record<string, unknown>;
  resolvedAt?: string | null;
};

export async function agencyId(client: Client, q: string): Promise<string> {
  const res = await client.get(`/api/agencies?q=${encodeURIComponent(q)}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items[0].id;
}

/** The caller's alerts of a kind about one entity (other tests' proceedings raise alerts of the same kind). */
export async function alertsOf(client: Client, kind: string, entityId: string): Promise<Alert[]> {
  const res = await client.get(`/api/alerts?limit=200&kind=${kind}&entityId=${entityId}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as Alert[]).filter((a) => a.kind === kind && a.entityId === entityId);
}

export async function timelineKinds(client: Client, caseId: string): Promise<string[]> {
  return (await client.get(`/api/cases/${caseId}/timeline?limit=200`))
    .json()
    .items.map((i: { kind: string }) => i.kind);
}

/** Field errors of a response in a language, as field → message. */
export function fieldMessages(res: { statusCode: number; body: string; json(): unknown }) {
  expect(res.statusCode, res.body).toBe(400);
  const errors = (res.json() as { errors?: { field: string; code: string; message: string }[] }).errors ?? [];
  return Object.fromEntries(errors.map((e) => [e.field, { code: e.code, message: e.message }]));
}

/** The user's saved language wins over Accept-Language. */
export async function speak(client: Client, locale: 'id' | 'en') {
  expect((await client.patch('/api/auth/me', { locale })).statusCode).toBe(200);
  client.locale = locale;
}

/**
 * The field messages of a refused request in Indonesian, then in English: the same request sent again with the
 * user's saved language switched to English, and switched back whatever happens.
 */
export async function fieldMessagesInBoth(client: Client, send: () => Promise<Parameters<typeof fieldMessages>[0]>) {
  const id = fieldMessages(await send());
  await speak(client, 'en');
  try {
    return { id, en: fieldMessages(await send()) };
  } finally {
    await speak(client, 'id');
  }
}

export const dateIn = (h: Harness, days: number) =>
  new Date(h.clock.now().getTime() + days * DAY).toISOString().slice(0, 10);

/**
 * Both ways of finding a due-list page — from the agency's proceedings (few) and from the due index in order
 * (many) — give the same rows, whole and page by page. Returns every agency's rows.
 */
export async function dueBothWays(h: Harness, agencyIds: string[]): Promise<DueRow[]> {
  const db = h.services.database;
  const all: DueRow[] = [];
  for (const agencyId of agencyIds) {
    const few = await selectDue(db, { agencyId, limit: 500 }, 1000);
    expect(await selectDue(db, { agencyId, limit: 500 }, 0)).toEqual(few);
    const paged: DueRow[] = [];
    for (const fewProceedings of [1000, 0]) {
      paged.length = 0;
      let after: { dueAt: string; id: string } | undefined;
      for (;;) {
        const [row] = await selectDue(db, { agencyId, limit: 1, after }, fewProceedings);
        if (!row) break;
        paged.push(row);
        after = { dueAt: row.due_at, id: row.id };
      }
      expect(paged).toEqual(few);
    }
    all.push(...few);
  }
  return all;
}

export interface LegalActors {
  cw: Client;
  police: Client;
  prosecutor: Client;
  lpsk: Client;
  /** Another agency's legal liaison: holds the legal permissions, but nothing of these cases is shared with it. */
  outsider: Client;
  policeAgency: string;
  prosecutorAgency: string;
  lpskAgency: string;
  uptdAgency: string;
}

// Sessions kept per harness and user while the clock stands nearly still (a login hashes a password: on a
// busy machine, five logins per test add up). A session carries no state a test relies on.
const sessions = new WeakMap<Harness, Map<string, { client: Client; at: number }>>();
async function session(h: Harness, username: string, login: () => Promise<Client>): Promise<Client> {
  let byUser = sessions.get(h);
  if (!byUser) {
    byUser = new Map();
    sessions.set(h, byUser);
  }
  const now = h.clock.now().getTime();
  const kept = byUser.get(username);
  if (kept && now - kept.at < 5 * 60_000) {
    kept.at = now;
    return kept.client;
  }
  const client = await login();
  byUser.set(username, { client, at: now });
  return client;
}

/** Everyone logs in (again): sessions end after 12 hours, so a test that moved the clock calls this. */
export async function legalActors(h: Harness): Promise<LegalActors> {
  const outsider = await session(h, 'liaison.jabar', () =>
    provisionOnce(h, 'liaison.jabar', 'Unit PPA Polda Jawa Barat', ['legal_liaison']),
  );
  const cw = await session(h, 'caseworker.ntt', () => h.login('caseworker.ntt'));
  return {
    cw,
    police: await session(h, 'police.ntt', () => h.login('police.ntt')),
    prosecutor: await session(h, 'prosecutor.ntt', () => h.login('prosecutor.ntt')),
    lpsk: await session(h, 'lpsk.officer', () => h.login('lpsk.officer')),
    outsider,
    policeAgency: await agencyId(cw, 'Unit PPA Polda NTT'),
    prosecutorAgency: await agencyId(cw, 'Kejaksaan Tinggi'),
    lpskAgency: await agencyId(cw, 'Lembaga Perlindungan Saksi'),
    uptdAgency: await agencyId(cw, 'UPTD PPA Provinsi Nusa Tenggara Timur'),
  };
}

export interface Victims {
  /** Three cases of caseworker.ntt: an adult, a child (born 2012) and an adult never shared with the police. */
  cases: [string, string, string];
  /** The child's mother, her guardian. */
  guardianPersonId: string;
}

/** Three victims of one recruiter; the first two consent to the police receiving their legal data. */
export async function victimsSharedWithPolice(a: LegalActors): Promise<Victims> {
  const cases: string[] = [];
  for (const [name, birthYear] of [
    ['Korban Pertama', 1998],
    ['Korban Kedua', 2012],
    ['Korban Ketiga', 2000],
  ] as const) {
    const res = await a.cw.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear, regionCode: '53.71' },
      identity: { fullName: name },
    });
    expect(res.statusCode, res.body).toBe(201);
    cases.push(res.json().id);
  }
  const mother = await a.cw.post(`/api/cases/${cases[1]}/relatives`, {
    relationship: 'parent',
    person: { sex: 'Feminine' },
    identity: { fullName: 'Ibu Korban Kedua' },
  });
  expect(mother.statusCode, mother.body).toBe(201);
  const guardianPersonId = mother.json().personId as string;
  for (const caseId of cases.slice(0, 2)) {
    const res = await a.cw.post(`/api/cases/${caseId}/consents`, {
      purpose: 'referral',
      recipientAgencyId: a.policeAgency,
      serviceTypes: ['legal_aid'],
      fieldGroups: ['sex', 'legal'],
      givenBy: caseId === cases[1] ? 'guardian' : 'victim',
      ...(caseId === cases[1] ? { guardianRelationship: 'parent', guardianPersonId } : {}),
      wordingVersion: 'v1',
      wordingLocale: 'id',
    });
    expect(res.statusCode, res.body).toBe(201);
  }
  return { cases: cases as [string, string, string], guardianPersonId };
}

/** The police report naming the first two victims and one suspect, reported 30 days ago. */
export function proceedingBody(h: Harness, v: Victims) {
  return {
    reportNumber: 'LP/B/123/VI/2026/SPKT/POLDA NTT',
    policeUnit: 'Subdit IV Renakta Ditreskrimum Polda NTT',
    reportedOn: dateIn(h, -30),
    law: 'ptppo',
    exploitationType: 'ForcedLabour',
    victims: [
      { caseId: v.cases[0], role: 'reporter_witness', accompaniedBy: 'Pendamping UPTD PPA' },
      { caseId: v.cases[1], role: 'witness' },
    ],
    suspects: [
      {
        person: { sex: 'Masculine', identity: { fullName: 'Perekrut Satu', nik: '5371010101800001' } },
        rolesInProcess: ['RecruiterOrIntermediary'],
      },
    ],
    charges: [{ law: 'uu_21_2007', article: 'Pasal 2 ayat (1)', suspectIndex: 0 }],
  };
}

export interface Proceeding extends Victims {
  proceedingId: string;
  defendantId: string;
  suspectPersonId: string;
}

/** The police open the proceeding (stage `report`). */
export async function openProceeding(h: Harness, a: LegalActors): Promise<Proceeding> {
  const v = await victimsSharedWithPolice(a);
  const res = await a.police.post('/api/legal/proceedings', proceedingBody(h, v));
  expect(res.statusCode, res.body).toBe(201);
  const p = res.json();
  return { ...v, proceedingId: p.id, defendantId: p.defendants[0].id, suspectPersonId: p.defendants[0].personId };
}

/** report → investigation → file complete; the prosecutor and LPSK join as parties; then prosecution. */
export async function atProsecution(h: Harness, a: LegalActors): Promise<Proceeding> {
  const p = await openProceeding(h, a);
  const advance = async (client: Client, from: string, to: string, on: number) => {
    const res = await client.post(`/api/legal/proceedings/${p.proceedingId}/stage`, { from, to, on: dateIn(h, on) });
    expect(res.statusCode, res.body).toBe(200);
  };
  await advance(a.police, 'report', 'investigation', -20);
  await advance(a.police, 'investigation', 'file_complete', -15);
  const current = (await a.police.get(`/api/legal/proceedings/${p.proceedingId}`)).json();
  const updated = await a.police.patch(`/api/legal/proceedings/${p.proceedingId}`, {
    version: current.version,
    courtName: 'Pengadilan Negeri Kupang',
    addParties: [
      { agencyId: a.prosecutorAgency, role: 'prosecutor' },
      { agencyId: a.lpskAgency, role: 'lpsk' },
    ],
  });
  expect(updated.statusCode, updated.body).toBe(200);
  await advance(a.prosecutor, 'file_complete', 'prosecution', -10);
  return p;
}

/** The claim of the first victim (Rp 10 million), as LPSK assessed it (Rp 9 million). */
export async function fileAssessedClaim(h: Harness, a: LegalActors, p: Proceeding): Promise<string> {
  const claim = await a.cw.post(`/api/legal/proceedings/${p.proceedingId}/claims`, {
    caseId: p.cases[0],
    filedOn: dateIn(h, -8),
    components: [
      { kind: 'lost_income_property', amount: 6_000_000 },
      { kind: 'suffering', amount: 3_000_000 },
      { kind: 'medical_psychological', amount: 1_000_000 },
    ],
  });
  expect(claim.statusCode, claim.body).toBe(201);
  const claimId = claim.json().claims[0].id as string;
  const assessed = await a.lpsk.post(`/api/restitution/claims/${claimId}/assessment`, {
    assessedOn: dateIn(h, -6),
    amount: 9_000_000,
  });
  expect(assessed.statusCode, assessed.body).toBe(200);
  return claimId;
}

/** A first-instance verdict, final today: convicted, restitution of Rp 9 million ordered. */
export function verdictBody(h: Harness, p: Proceeding, decidedOn = -2) {
  return {
    defendantId: p.defendantId,
    instance: 'first_instance',
    decidedOn: dateIn(h, decidedOn),
    outcome: 'convicted',
    sentenceMonths: 60,
    fineAmount: 120_000_000,
    restitutionOrdered: true,
    restitutionAmount: 9_000_000,
    finalOn: dateIn(h, 0),
  };
}

/** Prosecution, an assessed claim and the final verdict ordering restitution (payment due in 14 days). */
export async function restitutionOrdered(h: Harness, a: LegalActors): Promise<Proceeding & { claimId: string }> {
  const p = await atProsecution(h, a);
  const claimId = await fileAssessedClaim(h, a, p);
  const res = await a.prosecutor.post(`/api/legal/proceedings/${p.proceedingId}/verdicts`, verdictBody(h, p));
  expect(res.statusCode, res.body).toBe(201);
  return { ...p, claimId };
}
