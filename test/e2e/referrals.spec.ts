import { expect, type Page, test } from '@playwright/test';
import { expectFieldError } from './fields.js';
import { apiOk, csrfOf, expectAccessible, loginWithTotp, openTab, pick, submitCredentials } from './helpers.js';

/**
 * Issue 4's journey in Chromium, on both databases: a case worker of UPTD PPA NTT refers a woman to an NGO
 * shelter for shelter and psychosocial counselling, under a consent to share age band, sex, languages and
 * needs but not identity. The shelter sees the referral in its inbox without name, NIK, phone or address,
 * accepts it and records the counselling it gave; the case worker sees that on the case. The consent is
 * withdrawn, and the shelter's view of the referral is gone (404, as for any record out of reach).
 */
test.describe.configure({ mode: 'serial', timeout: 12 * 60_000 });

const shelterName = 'Rumah Aman Sahabat Perempuan Kupang';
const victim = {
  fullName: 'Maria Goreti Seran',
  nik: '5371016107000004',
  phone: '+62 813-3900-1234',
  address: 'Jl. Cak Doko No. 7, Oebobo, Kupang',
};
const identityValues = [victim.fullName, victim.nik, victim.phone, victim.address, 'Goreti', '3900-1234'];

let caseUrl = '';
let referralId = '';

/** axe, and no i18n key left untranslated on the page. */
async function check(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(
    /\b(?:cases|consents|referrals|alert|alerts|nav|common)\.[A-Za-z_]+/,
  );
}

/**
 * The server's time as a datetime-local value in WIB (the browser's zone in these tests), rounded down to the
 * minute or up to the next one. An earlier spec may have moved the server's test clock ahead of this machine's.
 */
async function serverTimeInput(page: Page, round: 'down' | 'up'): Promise<string> {
  const { now } = await apiOk<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 0 } }),
    'server clock',
  );
  const minute = 60_000;
  const ms = Date.parse(now);
  const rounded = round === 'down' ? Math.floor(ms / minute) * minute : Math.ceil(ms / minute) * minute;
  return new Date(rounded + 7 * 3_600_000).toISOString().slice(0, 16);
}

async function expectNoIdentity(page: Page, where: string) {
  const text = ((await page.locator('main').textContent()) ?? '').toLowerCase();
  for (const value of identityValues) expect(text, `${where} shows "${value}"`).not.toContain(value.toLowerCase());
}

test('1. the case worker takes in a woman who needs shelter and counselling (set up through the API)', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  const agencies = await apiOk<{ items: { id: string; name: string }[] }>(
    await page.request.get('/api/agencies', { params: { q: 'Rumah Aman', limit: 20 } }),
    'agency search',
  );
  const shelter = agencies.items.find((a) => a.name === shelterName);
  expect(shelter, shelterName).toBeTruthy();
  const created = await apiOk<{ id: string }>(
    await page.request.post('/api/cases', {
      headers,
      data: {
        person: { sex: 'Feminine', birthYear: 2001, citizenship: 'ID', regionCode: '53.71', languages: ['id'] },
        identity: { fullName: victim.fullName, nik: victim.nik, phones: [victim.phone], address: victim.address },
        referralSource: 'police',
        riskLevel: 'high',
        summary: 'Returned from Malaysia after forced domestic work; needs a safe place and counselling.',
        profile: { exploitationTypes: ['ForcedLabour'], exploitationCountry: 'MY' },
      },
    }),
    'intake',
  );
  for (const type of ['shelter', 'psychosocial_counselling']) {
    await apiOk(
      await page.request.post(`/api/cases/${created.id}/services`, {
        headers,
        data: { type, applicant: 'victim', providerAgencyId: shelter!.id },
      }),
      `service request ${type}`,
    );
  }
  caseUrl = `/cases/${created.id}`;
});

test('2. she consents to share age band, sex, languages and needs with the shelter; the referral is sent', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.goto(caseUrl);
  await openTab(page, 'consents');
  await expect(page.getByText('Belum ada persetujuan yang dicatat.')).toBeVisible();
  await page.getByTestId('consent-new').click();
  const form = page.getByTestId('consent-form');
  await expect(form.getByTestId('consent-wording')).toContainText('versi v1');
  await pick(page, 'consent-recipient', shelterName, 'Rumah Aman');
  await pick(page, 'consent-services', 'Penampungan sementara');
  await pick(page, 'consent-services', 'Konseling psikososial');
  // The default groups are exactly the non-identifying four; identity stays unticked.
  for (const group of ['age_band', 'sex', 'languages', 'needs']) {
    await expect(page.getByTestId(`consent-group-${group}`)).toBeChecked();
  }
  for (const group of ['identity_name', 'identity_contact', 'case_summary']) {
    await expect(page.getByTestId(`consent-group-${group}`)).not.toBeChecked();
  }
  // The wording read to her names the shelter, the services and the data.
  await expect(form.getByTestId('consent-wording')).toContainText(shelterName);
  await page.getByTestId('consent-given-at').fill(await serverTimeInput(page, 'down'));
  await expect(form.getByTestId('consent-wording')).toContainText('Konseling psikososial');
  await check(page, 'consent form');
  await page.getByTestId('consent-save').click();
  const consent = page.getByTestId('consent-item').first();
  await expect(consent).toHaveAttribute('data-status', 'active');
  await expect(consent).toContainText(shelterName);
  await expect(consent).toContainText('Kelompok usia, Jenis kelamin, Bahasa, Kebutuhan layanan');

  await openTab(page, 'referrals');
  await page.getByTestId('referral-new').click();
  await pick(page, 'referral-recipient', shelterName, 'Rumah Aman');
  await pick(page, 'referral-services', /^Penampungan sementara · /, 'Penampungan');
  await pick(page, 'referral-services', /^Konseling psikososial · /, 'Konseling');
  await check(page, 'referral form');
  await page.getByTestId('referral-send').click();
  const sent = page.getByTestId('referral-item').first();
  await expect(sent).toHaveAttribute('data-status', 'sent');
  await expect(sent).toContainText(shelterName);
  referralId = (await sent.getAttribute('data-id')) ?? '';
  expect(referralId).toMatch(/^[0-9a-f-]{36}$/);
  await check(page, 'case referrals tab');
});

test('3. the shelter sees it in its inbox without identity, accepts, and records the counselling given', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'provider.shelter');
  await expect(page.getByTestId('alerts-bell')).toBeVisible();
  await page.getByTestId('nav-referrals').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rujukan masuk' })).toBeVisible();
  const item = page.locator(`[data-testid="inbox-item"][data-id="${referralId}"]`);
  await expect(item).toContainText('UPTD PPA Provinsi Nusa Tenggara Timur');
  await expect(item).toContainText('Kelompok usia: 24–26 tahun');
  await expectNoIdentity(page, 'the inbox');
  await check(page, 'referral inbox');

  await item.getByTestId('inbox-link').click();
  await expect(page).toHaveURL(new RegExp(`/referrals/${referralId}$`));
  const shared = page.getByTestId('shared-view');
  await expect(shared.getByTestId('shared-age-band')).toHaveText('24–26 tahun');
  await expect(shared.getByTestId('shared-languages')).toContainText('Indonesia');
  await expect(shared.getByTestId('shared-needs')).toHaveText('Penampungan sementara, Konseling psikososial');
  await expect(shared.getByTestId('shared-no-identity')).toBeVisible();
  await expect(shared.getByTestId('shared-identity')).toHaveCount(0);
  await expectNoIdentity(page, 'the shared view');
  await check(page, 'referral (recipient, sent)');

  await page.getByTestId('referral-accept').click();
  await expect(page.getByTestId('referral-status')).toHaveText('Diterima');
  const form = page.getByTestId('delivered-form');
  await pick(page, 'delivered-service', 'Konseling psikososial');
  // A time to come: the server names the item's field, and the form shows it on the time.
  await form.getByTestId('delivered-at').fill('2099-01-01T10:00');
  await form.getByTestId('delivered-save').click();
  await expectFieldError(form.getByTestId('delivered-at'), 'Waktu ini berada di masa depan.');
  await expect(page.getByTestId('referral-status')).toHaveText('Diterima');
  await form.getByTestId('delivered-at').fill(await serverTimeInput(page, 'up'));
  await form.getByTestId('delivered-note').fill('Two counselling sessions with the shelter psychologist.');
  await form.getByTestId('delivered-save').click();
  await expect(page.getByTestId('referral-status')).toHaveText('Sedang berjalan');
  const counselling = page.locator('[data-testid="referral-service"][data-type="psychosocial_counselling"]');
  await expect(counselling.getByTestId('referral-service-state')).toContainText('Diberikan');
  await expectNoIdentity(page, 'the referral after accepting');
  await check(page, 'referral (recipient, in progress)');
});

test('4. the case worker sees the counselling delivered on the case, then the consent is withdrawn', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.goto(caseUrl);
  await openTab(page, 'referrals');
  const sent = page.locator(`[data-testid="referral-item"][data-id="${referralId}"]`);
  await expect(sent).toHaveAttribute('data-status', 'in_progress');
  await expect(sent).toContainText('Konseling psikososial (Diberikan');
  // The referral page shows the team what the shelter sees, and lets it revoke or export the package.
  await sent.getByTestId('referral-link').click();
  await expect(page.getByTestId('shared-view')).toContainText(`Yang dilihat ${shelterName}`);
  await expect(page.getByTestId('referral-revoke')).toBeVisible();
  await check(page, 'referral (sender)');
  await page.goto(caseUrl);
  await openTab(page, 'referrals');
  await openTab(page, 'services');
  const service = page.locator('[data-testid="service-row"][data-type="psychosocial_counselling"]');
  await expect(service).toHaveAttribute('data-status', 'delivered');
  await check(page, 'case services after delivery');

  await openTab(page, 'consents');
  const consent = page.locator('[data-testid="consent-item"][data-purpose="referral"]').first();
  await consent.getByTestId('consent-withdraw').click();
  await page
    .getByTestId('consent-withdraw-reason')
    .fill('She asked by phone that the shelter no longer hold her data.');
  await check(page, 'consent withdrawal dialog');
  await page.getByTestId('consent-withdraw-confirm').click();
  await expect(consent).toHaveAttribute('data-status', 'withdrawn');

  await openTab(page, 'referrals');
  await expect(sent).toContainText('Persetujuan untuk rujukan ini telah ditarik');
});

test('5. the shelter now gets 404 for the shared view; the referral has left its inbox', async ({ page }, info) => {
  await loginWithTotp(page, info, 'provider.shelter');
  const response = await page.request.get(`/api/referrals/${referralId}`);
  expect(response.status()).toBe(404);
  const unknown = await page.request.get('/api/referrals/00000000-0000-4000-8000-000000000000');
  const { title, detail, code } = (await unknown.json()) as Record<string, unknown>;
  expect(await response.json()).toMatchObject({ title, detail, code });

  await page.goto(`/referrals/${referralId}`);
  await expect(page.getByTestId('referral-not-found')).toBeVisible();
  await expect(page.getByTestId('shared-view')).toHaveCount(0);
  await check(page, 'referral gone');
  await page.getByTestId('nav-referrals').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rujukan masuk' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  await expect(page.locator(`[data-testid="inbox-item"][data-id="${referralId}"]`)).toHaveCount(0);
});

test('6. the lead agency moves to UPTD PPA Jawa Barat only when its supervisor accepts', async ({ page }, info) => {
  const jabar = 'UPTD PPA Provinsi Jawa Barat';
  const supervisor = { username: 'supervisor.jabar.e2e', password: 'Gedung-Sate-Bandung-Hujan-2026' };
  // The administrator gives UPTD PPA Jawa Barat a supervisor (who changes the password and enrols TOTP).
  await loginWithTotp(page, info, 'admin');
  const agencies = await apiOk<{ items: { id: string; name: string }[] }>(
    await page.request.get('/api/agencies', { params: { q: 'Jawa Barat', limit: 50 } }),
    'agency search',
  );
  const jabarId = agencies.items.find((a) => a.name === jabar)?.id;
  expect(jabarId, jabar).toBeTruthy();
  const created = await apiOk<{ temporaryPassword: string }>(
    await page.request.post('/api/users', {
      headers: { 'x-csrf-token': await csrfOf(page.context()) },
      data: {
        username: supervisor.username,
        displayName: 'Rina Supervisor Jabar',
        agencyId: jabarId,
        roles: ['supervisor'],
        locale: 'id',
        timeZone: 'Asia/Jakarta',
      },
    }),
    'supervisor',
  );
  await page.getByTestId('logout').click();
  expect(await submitCredentials(page, supervisor.username, created.temporaryPassword)).toBe('password_change');
  await page.getByTestId('password-current').fill(created.temporaryPassword);
  await page.getByTestId('password-new').fill(supervisor.password);
  await page.getByTestId('password-confirm').fill(supervisor.password);
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('login-card')).toHaveAttribute('data-stage', 'totp_enroll');
  await page.context().clearCookies();

  // The case worker asks for the transfer.
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.goto(`${caseUrl}?tab=referrals`);
  const card = page.getByTestId('lead-transfer');
  await card.getByTestId('lead-transfer-open').click();
  await pick(page, 'lead-transfer-agency', jabar, 'Jawa Barat');
  await card.getByTestId('lead-transfer-reason').fill('She moves to her sister in Bandung; Jawa Barat will lead.');
  await check(page, 'lead transfer request');
  const requested = page.waitForResponse((r) => r.url().endsWith('/transfer-lead') && r.request().method() === 'POST');
  await card.getByTestId('lead-transfer-send').click();
  const transferId = ((await (await requested).json()) as { id: string }).id;
  await expect(card.getByTestId('lead-transfer-requested')).toBeVisible();
  await page.getByTestId('logout').click();

  // Every transfer is approved by the sending agency's supervisor before the receiving agency sees it.
  await loginWithTotp(page, info, 'supervisor.ntt');
  await apiOk(
    await page.request.post(`/api/lead-transfers/${transferId}/approve`, {
      headers: { 'x-csrf-token': await csrfOf(page.context()) },
    }),
    'approve the transfer',
  );
  await page.getByTestId('logout').click();

  // The Jawa Barat supervisor sees a summary without identity and accepts.
  await loginWithTotp(page, info, supervisor.username, supervisor.password);
  await page.getByTestId('nav-referrals').click();
  const incoming = page.getByTestId('lead-transfers-incoming');
  const item = incoming.getByTestId('lead-transfer-item').first();
  await expect(item).toContainText('UPTD PPA Provinsi Nusa Tenggara Timur');
  await expect(item).toContainText('Bandung');
  await expectNoIdentity(page, 'the incoming transfer');
  await check(page, 'incoming lead transfers');
  await item.getByTestId('lead-transfer-accept').click();
  await incoming.getByRole('link', { name: 'Buka kasus' }).click();
  await expect(page).toHaveURL(new RegExp(`${caseUrl}$`));
  await expect(page.getByText(`· ${jabar}`)).toBeVisible();
});
