import { randomUUID } from 'node:crypto';
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { demoPassword, expectAccessible, loginWithTotp, logout, pick, submitCredentials } from './helpers.js';

/**
 * Working with partner agencies, on both databases: the Kupang shelter (an NGO) lists its shelter in the
 * service directory and a case worker finds it; a supervisor of UPTD PPA NTT records a case conference that
 * gives the shelter an action item and marks it done; the administrator trusts a signer on the referral
 * packages page, and a case worker sees tampered and unknown-signer packages refused with a clear reason.
 * axe runs on every page and form visited.
 */
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 });

const shelterAgency = 'Rumah Aman Sahabat Perempuan Kupang';
const uptdNtt = 'UPTD PPA Provinsi Nusa Tenggara Timur';
let caseUrl = '';

/** axe (no serious or critical WCAG 2.1 AA violation) and no untranslated i18n key left on the page. */
async function check(page: Page, where: string) {
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(
    /\b(?:directory|conferences|exchange|cases|htcds|common|nav)\.[A-Za-z_]+/,
  );
}

async function csrfOf(context: BrowserContext): Promise<string> {
  const csrf = (await context.cookies()).find((c) => c.name === 'pulih_csrf')?.value;
  expect(csrf, 'CSRF cookie').toBeTruthy();
  return csrf as string;
}

async function apiOk<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/**
 * A calendar date n days from the server's today in WIB (as the server's due dates are). An earlier spec may
 * have moved the server's test clock ahead of this machine's, so the server is asked for its time.
 */
async function dayFromToday(page: Page, days: number): Promise<string> {
  const { now } = await apiOk<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 0 } }),
    'server clock',
  );
  return new Date(Date.parse(now) + 7 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** A referral package of the right shape, signed by nobody in particular. */
function fakePackage(keyId: string, today: string) {
  return {
    format: 'pulih.referral-package/1',
    packageId: randomUUID(),
    issuedAt: new Date().toISOString(),
    issuer: { keyId, instance: 'https://pulih.example.org', org_Name: 'UPTD PPA Contoh', org_Type: 'Other' },
    recipient: { org_Name: uptdNtt },
    referral: {
      cas_ReasonForOutgoingReferral: 'AdditionalServicesRequired',
      cas_OutgoingReferralDate: today,
      urgency: 'normal',
      services: ['shelter'],
    },
    person: { prs_Gender: 'Feminine' },
    victim: {},
    extensions: {},
    signature: Buffer.from('not a signature at all, just bytes of the right kind').toString('base64'),
  };
}

async function uploadPackage(page: Page, name: string, content: string) {
  await page.locator('[data-testid="exchange-import"] input[type="file"]').setInputFiles({
    name,
    mimeType: 'application/json',
    buffer: Buffer.from(content),
  });
  await page.getByTestId('exchange-import-submit').click();
}

test('1. the Kupang shelter lists its shelter in the directory (a field error first)', async ({ page }) => {
  expect(await submitCredentials(page, 'provider.shelter', demoPassword)).toBe('active');
  await page.getByTestId('nav-directory').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Direktori layanan' })).toBeVisible();
  await expect(page).toHaveTitle('Direktori layanan · Pulih');
  await expect(page.getByTestId('directory-own-empty')).toBeVisible();
  await check(page, 'directory (empty)');

  await page.getByTestId('directory-own-add').click();
  const form = page.getByTestId('directory-form');
  await expect(form).toBeVisible();
  // No type yet: the form's rule names the field before anything is sent.
  await page.getByTestId('directory-form-submit').click();
  await expectFieldError(page.getByTestId('directory-form-type'), 'Pilih jenis layanan.');
  await pick(page, 'directory-form-type', 'Penampungan sementara', 'Penampungan');
  await pick(page, 'directory-form-languages', 'Bahasa Inggris', 'Inggris');
  await pick(page, 'directory-form-sexes', 'Perempuan');
  await page.getByTestId('directory-form-age-min').fill('12');
  await page.getByTestId('directory-form-counted').check();
  await page.getByTestId('directory-form-total').fill('12');
  // More free places than places: the server names the field, and the form shows it there.
  await page.getByTestId('directory-form-free').fill('15');
  await page.getByTestId('directory-form-hours').fill('Setiap hari, 24 jam (WITA)');
  await page.getByTestId('directory-form-phone').fill('+62 380 821 000');
  await page.getByTestId('directory-form-urgent').check();
  await page.getByTestId('directory-form-submit').click();
  await expectFieldError(
    page.getByTestId('directory-form-free'),
    'Tempat kosong tidak boleh melebihi jumlah seluruhnya.',
  );
  await check(page, 'directory form with a field error');

  await page.getByTestId('directory-form-free').fill('3');
  await page.getByTestId('directory-form-submit').click();
  await expect(page.getByTestId('directory-own-saved')).toContainText('Penampungan sementara');
  const own = page.getByTestId('directory-own').getByTestId('directory-service');
  await expect(own).toHaveCount(1);
  await expect(own).toContainText('3 dari 12 tempat kosong');
  await expect(own).toContainText('Darurat 24/7');
  await expect(own).toContainText('Bahasa Inggris');
  await check(page, 'directory with our service');

  // Editing keeps the type and shows the saved values.
  await own.getByTestId('directory-own-edit').click();
  await expect(page.getByTestId('directory-form-total')).toHaveValue('12');
  await page.getByTestId('directory-form-free').fill('2');
  await page.getByTestId('directory-form-submit').click();
  await expect(own).toContainText('2 dari 12 tempat kosong');
  await logout(page);
});

test('2. a case worker finds the shelter by type, region and eligibility', async ({ page }) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.getByTestId('nav-directory').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Direktori layanan' })).toBeVisible();
  // A case worker holds no directory.manage: no "our agency's services" section.
  await expect(page.getByTestId('directory-own')).toHaveCount(0);
  await pick(page, 'directory-type', 'Penampungan sementara', 'Penampungan');
  await pick(page, 'directory-region-province', 'Nusa Tenggara Timur', 'Nusa Tenggara Timur');
  await pick(page, 'directory-region-regency', 'Kota Kupang', 'Kota Kupang');
  await page.getByTestId('directory-age').fill('16');
  await pick(page, 'directory-sex', 'Perempuan');
  await page.getByTestId('directory-available').check();
  await page.getByTestId('directory-submit').click();
  const result = page.getByTestId('directory-service').filter({ hasText: shelterAgency });
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('Kabupaten/kota yang sama');
  await expect(result).toContainText('2 dari 12 tempat kosong');
  await expect(result).toContainText('+62 380 821 000');
  await check(page, 'directory search results');

  // A man is not eligible: nothing is found, and the page says so.
  await pick(page, 'directory-sex', 'Laki-laki');
  await page.getByTestId('directory-submit').click();
  await expect(page.getByTestId('directory-empty')).toBeVisible();
  await check(page, 'directory search without results');

  // In English too.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByRole('heading', { level: 1, name: 'Service directory' })).toBeVisible();
  await page.getByTestId('language-switch').selectOption('id');
  await logout(page);
});

test('3. a supervisor records a case conference with an action item and marks it done', async ({ page }, info) => {
  // A case of UPTD PPA NTT, taken in through the API by its case worker.
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  const created = await apiOk<{ id: string; caseNumber: string }>(
    await page.request.post('/api/cases', {
      headers: { 'x-csrf-token': await csrfOf(page.context()) },
      data: {
        person: { sex: 'Feminine', birthYear: 2004, citizenship: 'ID', regionCode: '53.71' },
        identity: { fullName: 'Maria Goreti Konferensi' },
        referralSource: 'hotline',
        profile: { exploitationTypes: ['ForcedLabour'], exploitationCountry: 'MY' },
      },
    }),
    'intake',
  );
  caseUrl = `/cases/${created.id}`;
  await logout(page);

  await loginWithTotp(page, info, 'supervisor.ntt');
  await page.goto(`${caseUrl}?tab=conferences`);
  await expect(page.getByTestId('tab-conferences')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('conferences-empty')).toBeVisible();
  await check(page, 'conferences tab (empty)');

  await page.getByTestId('conference-new').click();
  await expect(page.getByTestId('conference-form')).toBeVisible();
  await pick(page, 'conference-agencies', shelterAgency, 'Rumah Aman');
  await page.getByTestId('conference-decisions-input').fill('Korban tinggal di rumah aman selama pemeriksaan.');
  await page.getByTestId('conference-item-add').click();
  await pick(page, 'conference-item-agency-0', shelterAgency, 'Rumah Aman');
  await page.getByTestId('conference-item-due-0').fill(await dayFromToday(page, 7));
  // Without a description the server says so next to that item's field.
  await page.getByTestId('conference-submit').click();
  await expect(page.getByTestId('conference-item-description-0')).toHaveAttribute('aria-invalid', 'true');
  await check(page, 'conference form with a field error');
  await page.getByTestId('conference-item-description-0').fill('Siapkan kamar dan pendamping untuk korban.');
  await page.getByTestId('conference-submit').click();
  await expect(page.getByTestId('conference-saved')).toBeVisible();

  const conference = page.getByTestId('conference');
  await expect(conference).toHaveCount(1);
  await expect(conference.getByTestId('conference-agency')).toHaveText([uptdNtt, shelterAgency]);
  await expect(conference.getByTestId('conference-decisions')).toHaveText(
    'Korban tinggal di rumah aman selama pemeriksaan.',
  );
  const item = conference.getByTestId('action-item');
  await expect(item).toHaveAttribute('data-status', 'open');
  await expect(item).toContainText('Siapkan kamar dan pendamping untuk korban.');
  await check(page, 'conference recorded');

  await item.getByTestId('action-item-complete').click();
  await expect(page.getByRole('dialog')).toBeVisible();
  await check(page, 'mark action item done (confirmation)');
  await page.getByTestId('confirm-action').click();
  await expect(item).toHaveAttribute('data-status', 'done');
  await expect(item.getByTestId('action-item-complete')).toHaveCount(0);

  // The timeline tells it too.
  await page.getByTestId('tab-timeline').click();
  await expect(page.locator('[data-testid="timeline-item"][data-kind="conference.held"]')).toHaveCount(1);
  await logout(page);
});

test('4. the packages page shares the public key; tampered and unknown packages are refused', async ({
  page,
}, info) => {
  const published = (await (await page.request.get('/.well-known/pulih/keys')).json()) as {
    keys: { keyId: string; publicKey: string }[];
  };
  const own = published.keys[0];
  expect(own?.keyId).toMatch(/^[0-9a-f]{32}$/);

  // The administrator sees the key and trusts it (as a partner would, from this instance's address).
  await loginWithTotp(page, info, 'admin');
  await page.getByTestId('nav-exchange').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Paket rujukan' })).toBeVisible();
  await expect(page.getByTestId('exchange-public-key')).toHaveText(own!.publicKey);
  await expect(page.getByTestId('exchange-key-id')).toHaveText(own!.keyId);
  // An administrator neither sends nor receives referrals: no import here.
  await expect(page.getByTestId('exchange-import')).toHaveCount(0);
  await check(page, 'packages page (administrator)');
  // Nothing entered: the form's rules name both required fields; a key that is not one: the server names it.
  await page.getByTestId('exchange-trust-submit').click();
  await expectFieldError(page.getByTestId('exchange-trust-name'), requiredMessage);
  await expectFieldError(page.getByTestId('exchange-trust-key'), requiredMessage);
  await page.getByTestId('exchange-trust-name').fill('Pulih instans ini');
  await page.getByTestId('exchange-trust-key').fill('bukan-kunci-publik-yang-sah-sama-sekali');
  await page.getByTestId('exchange-trust-submit').click();
  await expectFieldError(page.getByTestId('exchange-trust-key'), /.+/);
  await expect(page.getByTestId('exchange-trust-name')).not.toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('exchange-trust-key').fill(own!.publicKey);
  await page.getByTestId('exchange-trust-submit').click();
  await expect(page.getByTestId('exchange-trusted')).toContainText(own!.keyId);
  await check(page, 'trusted signer added');
  await logout(page);

  // A case worker imports: not JSON, an unknown signer, then a trusted signer's key with a forged signature.
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.getByTestId('nav-exchange').click();
  await expect(page.getByTestId('exchange-public-key')).toHaveText(own!.publicKey);
  await expect(page.getByTestId('exchange-incoming-empty')).toBeVisible();
  await expect(page.getByTestId('exchange-trust')).toHaveCount(0);
  await check(page, 'packages page (case worker)');

  const problem = page.getByTestId('exchange-import-problem');
  await uploadPackage(page, 'rusak.json', '{"format": "pulih.referral-package/1", ');
  await expect(problem).toContainText('Berkas tidak dapat dibaca');
  await uploadPackage(
    page,
    'asing.json',
    JSON.stringify(fakePackage('0123456789abcdef0123456789abcdef', await dayFromToday(page, 0))),
  );
  await expect(problem).toContainText('Pengirim tidak dikenal');
  await check(page, 'package from an unknown signer refused');
  await uploadPackage(page, 'diubah.json', JSON.stringify(fakePackage(own!.keyId, await dayFromToday(page, 0))));
  await expect(problem).toContainText('Tanda tangan tidak cocok');
  await expect(page.getByTestId('exchange-incoming-empty')).toBeVisible();
  await logout(page);
});
