import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { expectAccessible, loginWithTotp, pick } from './helpers.js';

/**
 * A victim whose age nobody recorded is presumed a child until her age is assessed (Law 35/2014): the case
 * shows her as a child and her consent asks for a parent or guardian. When her birth certificate shows she is
 * 19, the case worker records the date of birth; she is then an adult and consents herself (Law 27/2022 Art. 25:
 * her age when she consents decides).
 */
test.describe.configure({ mode: 'serial', timeout: 6 * 60_000 });

async function csrfOf(context: BrowserContext): Promise<string> {
  return (await context.cookies()).find((c) => c.name === 'pulih_csrf')?.value ?? '';
}

async function apiOk<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function openTab(page: Page, tab: string) {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
}

test('a victim with no recorded age is a child whose guardian consents; at 19 by her birth certificate she consents herself', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  const created = await apiOk<{ id: string }>(
    await page.request.post('/api/cases', {
      headers,
      data: {
        person: { sex: 'Feminine', citizenship: 'ID', regionCode: '53.71', languages: ['id'] },
        identity: { fullName: 'Maria Goreti Bano' },
        referralSource: 'community',
        summary: 'Found at a bus terminal in Kupang; no documents; age unknown.',
      },
    }),
    'intake without an age',
  );
  await page.goto(`/cases/${created.id}`);

  // Shown as a child, and why.
  await expect(page.getByTestId('overview-child')).toContainText('Ya');
  await expect(page.getByTestId('overview-child')).toContainText('dianggap anak');

  // Her consent asks for a parent or guardian, named from the case's family.
  await openTab(page, 'consents');
  await page.getByTestId('consent-new').click();
  const form = page.getByTestId('consent-form');
  await expect(page.getByTestId('consent-given-by')).toHaveValue('Orang tua atau wali (untuk anak)');
  await expect(form).toContainText('dianggap anak sampai usianya dinilai');
  await expect(page.getByTestId('consent-relationship')).toBeVisible();
  await expect(page.getByTestId('consent-guardian-person')).toBeVisible();
  await expectAccessible(page, 'consent form for a presumed child');
  // Recorded as given by herself, the consent is refused: a guardian is required.
  await pick(page, 'consent-purpose', 'Penanganan kasus');
  await pick(page, 'consent-given-by', 'Korban sendiri');
  await expect(page.getByTestId('consent-guardian-person')).toHaveCount(0);
  await page.getByTestId('consent-save').click();
  await expect(form).toContainText('persetujuan harus diberikan oleh orang tua atau wali');
  await form.getByRole('button', { name: 'Batal' }).click();

  // Her birth certificate arrives: she was born 19 years and a few months ago.
  await openTab(page, 'overview');
  await page.getByTestId('age-open').click();
  const now = new Date();
  const dob = new Date(Date.UTC(now.getUTCFullYear() - 19, now.getUTCMonth(), 1) - 40 * 86_400_000)
    .toISOString()
    .slice(0, 10);
  await page.getByTestId('age-date-of-birth').fill(dob);
  await page.getByTestId('age-purpose').fill('Akta kelahiran diperoleh dari Dukcapil Kota Kupang');
  await expectAccessible(page, 'age correction');
  await page.getByTestId('age-submit').click();
  await expect(page.getByTestId('age-form')).toHaveCount(0);
  await expect(page.getByTestId('overview-child')).toHaveText('Tidak');
  // The date of birth itself is never shown.
  await expect(page.locator('main')).not.toContainText(dob);

  // She now consents herself.
  await openTab(page, 'consents');
  await page.getByTestId('consent-new').click();
  await expect(page.getByTestId('consent-given-by')).toHaveValue('Korban sendiri');
  await expect(page.getByTestId('consent-guardian-person')).toHaveCount(0);
  await pick(page, 'consent-purpose', 'Penanganan kasus');
  await page.getByTestId('consent-save').click();
  const consent = page.getByTestId('consent-item').first();
  await expect(consent).toHaveAttribute('data-status', 'active');
  await expect(consent).toContainText('Korban sendiri');
});
