import { expect, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { demoPassword, expectAccessible, logout, pick, submitCredentials } from './helpers.js';

/**
 * The profile page's forms in Chromium, on both databases: a programme officer (no authenticator required for
 * her role) saves her time zone, and starting an authenticator asks for her password — left empty, the form
 * says so on the field; a wrong one, the server says so on the same field.
 */
test.describe.configure({ mode: 'serial', timeout: 5 * 60_000 });

test('a programme officer saves her time zone; the authenticator asks for her password, on its field', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'programme.jabar', demoPassword)).toBe('active');
  await page.goto('/profile');
  await expect(page.getByRole('heading', { level: 1, name: 'Profil' })).toBeVisible({ timeout: 60_000 });

  await pick(page, 'profile-time-zone', 'WITA (Asia/Makassar)');
  await page.getByTestId('profile-save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferensi disimpan.' })).toBeVisible();
  const me = await (await page.request.get('/api/auth/me')).json();
  expect(me.timeZone).toBe('Asia/Makassar');

  const password = page.getByTestId('profile-totp-password');
  await page.getByTestId('profile-totp-start').click();
  await expectFieldError(password, requiredMessage);
  await expect(password).toBeFocused();
  await password.fill('bukan-kata-sandinya');
  await page.getByTestId('profile-totp-start').click();
  await expectFieldError(password, 'Nilai tidak valid.');
  await expectAccessible(page, 'profile with a field error');
  // The right password starts the enrolment (it takes effect only once a code is verified: not done here).
  await password.fill(demoPassword);
  await page.getByTestId('profile-totp-start').click();
  // Checking the password and drawing the QR code take a while on a busy machine.
  await expect(page.getByTestId('totp-secret')).toBeVisible({ timeout: 60_000 });

  // Back to WIB, as the demo had it.
  await pick(page, 'profile-time-zone', /^WIB/);
  await page.getByTestId('profile-save').click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferensi disimpan.' })).toBeVisible();
  await logout(page);
});
