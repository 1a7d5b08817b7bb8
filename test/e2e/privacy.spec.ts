import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { expectAccessible, loginWithTotp, logout, pick } from './helpers.js';

/**
 * Issue 10's DPO journey in Chromium, on both databases: the data protection officer records and answers an
 * access request, sees an erasure request refused while a legal hold needs the record, and another refused
 * while a criminal proceeding in which the victim takes part is open (the police open it in this spec), opens
 * the break-the-glass review queue, and records a breach whose 3×24-hour clock shows.
 */
test.describe.configure({ mode: 'serial', timeout: 8 * 60_000 });

/** Two victims for the DPO's requests, and a third whose case goes to a criminal proceeding. */
const personIds: string[] = [];
let witnessCaseId = '';
let witnessPseudonym = '';
const reportNumber = `LP/B/${Date.now() % 100_000}/XII/2026/SPKT/POLDA NTT/PRIVASI`;

async function csrfOf(page: Page): Promise<string> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'pulih_csrf')?.value;
  expect(csrf, 'CSRF cookie').toBeTruthy();
  return csrf as string;
}

/** The server's calendar date in WIB (an earlier spec may have moved its clock ahead). */
async function serverToday(page: Page): Promise<string> {
  const { now } = await ok<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 0 } }),
    'server clock',
  );
  return new Date(Date.parse(now) + 7 * 3_600_000).toISOString().slice(0, 10);
}

async function ok<T>(response: APIResponse, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function check(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(/\bprivacy\.[A-Za-z_.]+/);
}

test('1. the case worker takes in three victims and shares the third with the police for legal matters', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const csrf = await csrfOf(page);
  for (const name of ['Yuliana Bria Privasi', 'Martha Seran Privasi']) {
    const created = await ok<{ personId: string }>(
      await page.request.post('/api/cases', {
        headers: { 'x-csrf-token': csrf },
        data: {
          referralSource: 'family',
          person: { sex: 'Feminine', birthYear: 1999, regionCode: '53.71' },
          identity: { fullName: name },
        },
      }),
      'case',
    );
    personIds.push(created.personId);
  }
  const witness = await ok<{ id: string; personId: string }>(
    await page.request.post('/api/cases', {
      headers: { 'x-csrf-token': csrf },
      data: {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 2000, regionCode: '53.71' },
        identity: { fullName: 'Agustina Nope Privasi' },
      },
    }),
    'case of the witness',
  );
  witnessCaseId = witness.id;
  witnessPseudonym = (
    await ok<{ pseudonym: string }>(await page.request.get(`/api/persons/${witness.personId}`), 'person')
  ).pseudonym;
  personIds.push(witness.personId);
  // Her consent lets the police see the case for legal matters (what opening a proceeding with her needs).
  const police = await ok<{ items: { id: string }[] }>(
    await page.request.get('/api/agencies', { params: { q: 'Unit PPA Polda Nusa Tenggara', limit: 5 } }),
    'police agency',
  );
  await ok(
    await page.request.post(`/api/cases/${witnessCaseId}/consents`, {
      headers: { 'x-csrf-token': csrf },
      data: {
        purpose: 'referral',
        recipientAgencyId: police.items[0]!.id,
        serviceTypes: ['legal_aid'],
        fieldGroups: ['sex', 'legal'],
        givenBy: 'victim',
        wordingVersion: 'v1',
        wordingLocale: 'id',
      },
    }),
    'consent for the police',
  );
  await logout(page);
});

test('2. the DPO answers an access request and is refused an erasure while a legal hold stands', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'dpo');
  await page.getByTestId('nav-privacy').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kantor pelindungan data pribadi');
  await check(page, 'privacy office: requests');

  const requests = page.getByTestId('dsr-requests');
  await page.getByLabel('ID orang').first().fill(personIds[0]!);
  await page.getByRole('button', { name: 'Catat permohonan' }).click();
  await expect(requests.getByRole('row')).toHaveCount(2);
  // The export the person asked for holds her identity (the button downloads the same document).
  const exported = await ok<{ identity: { fullName: string } }>(
    await page.request.get(`/api/persons/${personIds[0]}/export?format=json`),
    'export',
  );
  expect(exported.identity.fullName).toBe('Yuliana Bria Privasi');
  await requests.getByRole('button', { name: 'Dipenuhi' }).click();
  await expect(requests).toContainText('Dipenuhi');

  // A legal hold on the second person, then her erasure request.
  const holdForm = page.getByRole('form', { name: 'Penahanan hukum (legal hold)' });
  await holdForm.getByLabel('ID orang').fill(personIds[1]!);
  await holdForm.getByLabel('Alasan').fill('Permintaan penyidik Polda NTT untuk perkara berjalan');
  await holdForm.getByRole('button', { name: 'Tetapkan penahanan' }).click();
  await expect(page.getByText('Penahanan hukum ditetapkan.')).toBeVisible();
  await page.getByLabel('ID orang').first().fill(personIds[1]!);
  await pick(page, 'dsr-kind', 'Penghapusan');
  await page.getByRole('button', { name: 'Catat permohonan' }).click();
  await expect(requests.getByRole('row')).toHaveCount(3);
  await requests.getByRole('button', { name: 'Hapus identitas' }).click();
  await expect(page.getByTestId('request-action-problem')).toContainText('Penghapusan belum diperbolehkan');
  await expect(page.getByTestId('request-action-problem')).toContainText(
    'karena penahanan hukum (legal hold) yang ditetapkan petugas pelindungan data',
  );
  await check(page, 'privacy office: erasure refused');
});

test('3. the police open a proceeding for the third victim; the DPO is refused her erasure, and told why', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'police.ntt');
  const proceeding = await ok<{ id: string; victims: { caseId: string }[] }>(
    await page.request.post('/api/legal/proceedings', {
      headers: { 'x-csrf-token': await csrfOf(page) },
      data: {
        reportNumber,
        policeUnit: 'Unit PPA Polda NTT',
        reportedOn: await serverToday(page),
        law: 'ptppo',
        victims: [{ caseId: witnessCaseId, role: 'witness' }],
      },
    }),
    'proceeding',
  );
  expect(proceeding.victims.map((v) => v.caseId)).toEqual([witnessCaseId]);
  await logout(page);

  await loginWithTotp(page, info, 'dpo');
  await page.goto('/privacy');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Kantor pelindungan data pribadi');
  const requests = page.getByTestId('dsr-requests');
  await expect(requests.getByRole('row')).toHaveCount(3);
  await page.getByLabel('ID orang').first().fill(personIds[2]!);
  await pick(page, 'dsr-kind', 'Penghapusan');
  await page.getByRole('button', { name: 'Catat permohonan' }).click();
  await expect(requests.getByRole('row')).toHaveCount(4);
  const row = requests.getByRole('row').filter({ hasText: witnessPseudonym });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: 'Hapus identitas' }).click();
  const problem = page.getByTestId('request-action-problem');
  await expect(problem).toContainText('Penghapusan belum diperbolehkan');
  await expect(problem).toContainText('karena proses pidana yang masih berjalan');
  await expect(problem).toContainText('UU 27/2022 Pasal 16 ayat 2');
  // Nothing was destroyed: her export still holds her name, and the request stays open.
  const exported = await ok<{ identity: { fullName: string } }>(
    await page.request.get(`/api/persons/${personIds[2]}/export?format=json`),
    'export',
  );
  expect(exported.identity.fullName).toBe('Agustina Nope Privasi');
  await expect(row).toContainText('Terbuka');
  await check(page, 'privacy office: erasure refused for an open proceeding');
  await logout(page);
});

test('4. the DPO opens the emergency-access review and records a breach whose clock shows', async ({ page }, info) => {
  await loginWithTotp(page, info, 'dpo');
  // The review queue (grants are created with a step-up TOTP code; their review is tested on both databases in
  // src/modules/privacy/privacy.test.ts): the page itself must be accessible.
  await page.goto('/privacy?tab=grants');
  await expect(page.getByTestId('grant-queue')).toBeVisible();
  await check(page, 'privacy office: grants');

  await page.getByRole('tab', { name: 'Insiden' }).click();
  // Nothing filled in: the form's rule names the first field; then a description too short, named by the server.
  await page.getByRole('button', { name: 'Catat insiden' }).click();
  await expectFieldError(page.getByLabel('Apa yang terjadi'), requiredMessage);
  await expect(page.getByLabel('Apa yang terjadi')).toBeFocused();
  await page.getByLabel('Apa yang terjadi').fill('Laptop kantor hilang');
  const details = page.getByLabel('Rincian dan penanganan');
  await details.fill('Hilang');
  await page.getByRole('button', { name: 'Catat insiden' }).click();
  await expectFieldError(details, 'Minimal 10 karakter.');
  await details.fill('Laptop berisi ekspor daftar kasus hilang dalam perjalanan dinas.');
  await pick(page, 'breach-categories', 'Identitas');
  await page.getByLabel('Jumlah orang terdampak').fill('12');
  await page.getByRole('button', { name: 'Catat insiden' }).click();
  await expect(page.getByTestId('breach-clock').first()).toContainText(/sisa (71|72) jam/);
  await check(page, 'privacy office: breaches');
  await page.getByRole('button', { name: 'Beri tahu lembaga' }).first().click();
  await expect(page.locator('pre')).toContainText('UU 27/2022 Pasal 46');
  // The access log of one person: an identifier that is none is named on its field by the server.
  await page.getByRole('tab', { name: 'Log akses' }).click();
  const person = page.getByTestId('access-log-person');
  await person.fill('bukan-id');
  await page.getByTestId('access-log-search').click();
  await expectFieldError(person, 'Harus berupa pengenal yang valid.');
  await person.fill(personIds[0]!);
  await page.getByTestId('access-log-search').click();
  await expect(page.getByTestId('access-log')).toBeVisible();
  await expect(person).not.toHaveAttribute('aria-invalid', 'true');
  for (const tab of ['Retensi', 'Log akses', 'Titik periksa']) {
    await page.getByRole('tab', { name: tab }).click();
    await check(page, `privacy office: ${tab}`);
  }
  await logout(page);
});
