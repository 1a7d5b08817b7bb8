import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { expectAccessible, loginWithTotp, logout, pick } from './helpers.js';

/**
 * Issue 10's DPO journey in Chromium, on both databases: the data protection officer records and answers an
 * access request, sees an erasure request refused while a legal hold needs the record, opens the
 * break-the-glass review queue, and records a breach whose 3×24-hour clock shows.
 */
test.describe.configure({ mode: 'serial', timeout: 8 * 60_000 });

const personIds: string[] = [];

async function ok<T>(response: APIResponse, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

async function check(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(/\bprivacy\.[A-Za-z_.]+/);
}

test('1. the case worker takes in two victims', async ({ page }, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'pulih_csrf')?.value ?? '';
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
  await expect(page.getByTestId('request-action-problem')).toContainText('legal_hold');
  await check(page, 'privacy office: erasure refused');
});

test('3. the DPO opens the emergency-access review and records a breach whose clock shows', async ({ page }, info) => {
  await loginWithTotp(page, info, 'dpo');
  // The review queue (grants are created with a step-up TOTP code; their review is tested on both databases in
  // src/modules/privacy/privacy.test.ts): the page itself must be accessible.
  await page.goto('/privacy?tab=grants');
  await expect(page.getByTestId('grant-queue')).toBeVisible();
  await check(page, 'privacy office: grants');

  await page.getByRole('tab', { name: 'Insiden' }).click();
  await page.getByLabel('Apa yang terjadi').fill('Laptop kantor hilang');
  await page
    .getByLabel('Rincian dan penanganan')
    .fill('Laptop berisi ekspor daftar kasus hilang dalam perjalanan dinas.');
  // The pills input of a Mantine MultiSelect sits over its field: open it with a forced click.
  await page.getByTestId('breach-categories').click({ force: true });
  await page.getByRole('option', { name: 'Identitas', exact: true }).click();
  await page.keyboard.press('Escape');
  await page.getByLabel('Jumlah orang terdampak').fill('12');
  await page.getByRole('button', { name: 'Catat insiden' }).click();
  await expect(page.getByTestId('breach-clock').first()).toContainText(/sisa (71|72) jam/);
  await check(page, 'privacy office: breaches');
  await page.getByRole('button', { name: 'Beri tahu lembaga' }).first().click();
  await expect(page.locator('pre')).toContainText('UU 27/2022 Pasal 46');
  for (const tab of ['Retensi', 'Log akses', 'Titik periksa']) {
    await page.getByRole('tab', { name: tab }).click();
    await check(page, `privacy office: ${tab}`);
  }
  await logout(page);
});
