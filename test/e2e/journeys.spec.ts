import { expect, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import {
  currentStage,
  demoPassword,
  expectAccessible,
  loginWithTotp,
  logout,
  pick,
  submitCredentials,
} from './helpers.js';

// The journeys build on each other within one server run (journey 3 audits what journey 2 did).
test.describe.configure({ mode: 'serial' });

const agencyName = 'UPTD PPA Kota Kupang (uji e2e)';
const newUser = { username: 'pekerja.kupang', displayName: 'Maria Pekerja Kasus' };
const strongPassword = 'Sasando-Kupang-Matahari-2026';

test('1. administrator enrols TOTP, switches language and sees translated navigation', async ({ page }, info) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(page).toHaveTitle(/Masuk · Pulih/);
  await expectAccessible(page, 'login page (id)');

  // The language switch works before login too, and is kept on this device.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await expectAccessible(page, 'login page (en)');
  await page.getByTestId('language-switch').selectOption('id');
  await expect(page.getByRole('heading', { level: 1, name: 'Masuk' })).toBeVisible();

  await loginWithTotp(page, info, 'admin');
  await expect(page.getByTestId('welcome-card')).toContainText('Administrator sistem');
  await expect(page.getByTestId('current-user')).toBeVisible();
  await expectAccessible(page, 'home (id)');

  const nav = page.getByRole('navigation');
  for (const label of ['Beranda', 'Lembaga', 'Pengguna', 'Peran', 'Audit', 'Peringatan', 'Profil']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }

  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const label of ['Home', 'Agencies', 'Users', 'Roles', 'Audit', 'Alerts', 'Profile']) {
    await expect(nav.getByRole('link', { name: label, exact: true })).toBeVisible();
  }
  await expect(page.getByTestId('welcome-card')).toContainText('System administrator');
  await expect(page).toHaveTitle('Today · Pulih');
  await expectAccessible(page, 'home (en)');

  // The choice is saved on the user: it survives a reload.
  await page.reload();
  await expect(nav.getByRole('link', { name: 'Agencies', exact: true })).toBeVisible();

  await page.getByTestId('language-switch').selectOption('id');
  await expect(page.locator('html')).toHaveAttribute('lang', 'id');
  await expect(nav.getByRole('link', { name: 'Lembaga', exact: true })).toBeVisible();

  // Every page of the shell passes axe.
  const pages = [
    ['nav-agencies', 'agencies-table', 'Lembaga'],
    ['nav-users', 'users-table', 'Pengguna'],
    ['nav-roles', 'roles-table', 'Peran'],
    ['nav-audit', 'audit-table', 'Jejak audit'],
    ['nav-alerts', null, 'Peringatan'],
    ['nav-profile', null, 'Profil'],
  ] as const;
  for (const [link, table, title] of pages) {
    await page.getByTestId(link).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page).toHaveTitle(`${title} · Pulih`);
    if (table) await expect(page.getByTestId(table).locator('tbody tr').first()).toBeVisible();
    await expectAccessible(page, title);
  }
  await expect(page.getByTestId('roles-table')).toHaveCount(0);
});

test('2. administrator creates an agency and a case worker who must change the password', async ({ page }, info) => {
  await loginWithTotp(page, info, 'admin');

  // A new UPTD PPA in Kota Kupang, Nusa Tenggara Timur.
  await page.getByTestId('nav-agencies').click();
  await page.getByTestId('agency-create').click();
  const agencyForm = page.getByTestId('agency-form');
  await expect(agencyForm).toBeVisible();
  await expectAccessible(page, 'agency form');
  // Nothing entered: the form's rule names the name on its field and puts the keyboard there.
  await page.getByTestId('agency-save').click();
  await expectFieldError(page.getByTestId('agency-name'), requiredMessage);
  await expect(page.getByTestId('agency-name')).toBeFocused();
  await page.getByTestId('agency-name').fill(agencyName);
  await page.getByTestId('agency-short-name').fill('UPTD PPA Kupang E2E');
  await pick(page, 'agency-type', 'UPTD PPA');
  await expect(page.getByTestId('agency-country')).toHaveValue('Indonesia');
  await pick(page, 'agency-province', 'Nusa Tenggara Timur', 'Nusa Tenggara Timur');
  await pick(page, 'agency-regency', 'Kota Kupang', 'Kota Kupang');
  await page.getByTestId('agency-email').fill('uptdppa.kupang@example.org');
  // A telephone number in words: the server refuses it on its field.
  await page.getByTestId('agency-phone').fill('telepon kantor');
  await page.getByTestId('agency-save').click();
  await expectFieldError(page.getByTestId('agency-phone'), 'Nilai tidak valid.');
  await expectAccessible(page, 'agency form with a field error');
  await page.getByTestId('agency-phone').fill('+62380123456');
  await page.getByTestId('agency-save').click();
  await expect(agencyForm).toHaveCount(0);
  await page.getByTestId('agency-search').fill('uji e2e');
  const agencyRow = page.getByTestId('agency-row').filter({ hasText: agencyName });
  await expect(agencyRow).toHaveCount(1);
  await expect(agencyRow).toContainText('Kota Kupang, Nusa Tenggara Timur');
  await expectAccessible(page, 'agencies after create');

  // A case worker in it.
  await page.getByTestId('nav-users').click();
  await page.getByTestId('user-create').click();
  const userForm = page.getByTestId('user-form');
  await expect(userForm).toBeVisible();
  // A user name with a space: the server refuses it on its field.
  await page.getByTestId('user-username').fill('pekerja kupang');
  await page.getByTestId('user-display-name').fill(newUser.displayName);
  await pick(page, 'user-agency', agencyName, 'uji e2e');
  await pick(page, 'user-roles', 'Manajer kasus');
  await pick(page, 'user-time-zone', 'WITA (Asia/Makassar)');
  await expectAccessible(page, 'user form');
  await page.getByTestId('user-save').click();
  await expectFieldError(page.getByTestId('user-username'), 'Nilai tidak valid.');
  await expect(page.getByTestId('user-username')).toBeFocused();
  await page.getByTestId('user-username').fill(newUser.username);
  await page.getByTestId('user-save').click();
  const secret = page.getByTestId('temporary-password');
  await expect(secret).toBeVisible();
  await expectAccessible(page, 'temporary password dialog');
  const temporaryPassword = ((await secret.textContent()) ?? '').trim();
  expect(temporaryPassword.length).toBeGreaterThanOrEqual(12);
  await page.getByTestId('temporary-password-done').click();
  await expect(page.getByTestId('user-row').filter({ hasText: newUser.username })).toContainText(agencyName);

  await logout(page);

  // The new user must replace the temporary password; a weak one is refused with a field error.
  expect(await submitCredentials(page, newUser.username, temporaryPassword)).toBe('password_change');
  await expectAccessible(page, 'forced password change');
  await page.getByTestId('password-current').fill(temporaryPassword);
  await page.getByTestId('password-new').fill('password1234');
  await page.getByTestId('password-confirm').fill('password1234');
  await page.getByTestId('password-submit').click();
  const newPasswordInput = page.getByTestId('password-new');
  await expect(newPasswordInput).toHaveAttribute('aria-invalid', 'true');
  const describedBy = (await newPasswordInput.getAttribute('aria-describedby')) ?? '';
  const errorId = describedBy.split(' ').find((id) => id.endsWith('-error'));
  expect(errorId, 'the field error is tied to the input').toBeTruthy();
  await expect(page.locator(`[id="${errorId}"]`)).toContainText(/mudah ditebak|12 karakter/);
  await expectAccessible(page, 'password change with field error');

  await page.getByTestId('password-current').fill(temporaryPassword);
  await page.getByTestId('password-new').fill(strongPassword);
  await page.getByTestId('password-confirm').fill(strongPassword);
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('welcome-card')).toContainText(newUser.displayName);
  await expect(page.getByTestId('welcome-card')).toContainText('Manajer kasus');
  await expect(page.getByTestId('current-user')).toContainText(agencyName);
  // A case worker sees no administration pages.
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await expectAccessible(page, 'case worker home');

  // The new password works for the next login.
  await logout(page);
  expect(await submitCredentials(page, newUser.username, strongPassword)).toBe('active');
  await logout(page);
});

test('3. the data protection officer audits the journey and verifies the chain', async ({ page }, info) => {
  await loginWithTotp(page, info, 'dpo');
  await page.getByTestId('nav-audit').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Jejak audit' })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await expectAccessible(page, 'audit (dpo)');

  const expectations: [string, string][] = [
    ['agencies.create', 'admin'],
    ['users.create', 'admin'],
    ['auth.login', newUser.username],
    ['auth.password.change', newUser.username],
  ];
  for (const [action, actor] of expectations) {
    await page.getByTestId('audit-filter-action').fill(action);
    await page.getByTestId('audit-apply').click();
    const rows = page.locator(`[data-testid="audit-row"][data-action="${action}"]`);
    await expect(rows.filter({ hasText: actor }).first()).toBeVisible();
    await expect(page.locator(`[data-testid="audit-row"]:not([data-action="${action}"])`)).toHaveCount(0);
  }

  await page.getByTestId('audit-verify').click();
  const result = page.getByTestId('audit-verify-result');
  await expect(result).toContainText('Rantai audit utuh');
  await expect(result).toContainText(/\d+ peristiwa diperiksa/);
  await expectAccessible(page, 'audit verified');

  expect(await currentStage(page)).toBe('active');
  await logout(page);
  await expect(page).toHaveTitle(/Masuk · Pulih/);
});

test('4. "log out everywhere" ends other sessions, which return to the login page with a message', async ({
  browser,
  page,
}, info) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  const otherContext = await browser.newContext({ baseURL: info.project.use.baseURL });
  const other = await otherContext.newPage();
  expect(await submitCredentials(other, 'caseworker.ntt', demoPassword)).toBe('active');

  await page.getByTestId('nav-profile').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profil' })).toBeVisible();
  await page.getByTestId('logout-all').click();
  await expectAccessible(page, 'log out everywhere confirmation');
  await page.getByTestId('confirm-action').click();
  await expect(page.getByTestId('login-card')).toHaveAttribute('data-stage', 'credentials');

  // The other device learns at its next request, says so once, and does not loop.
  await other.getByTestId('nav-agencies').click();
  await expect(other.getByTestId('session-ended')).toBeVisible();
  await expect(other).toHaveURL(/\/login$/);
  await expectAccessible(other, 'session ended message');
  await other.getByTestId('login-username').fill('caseworker.ntt');
  await other.getByTestId('login-password').fill(demoPassword);
  await other.getByTestId('login-submit').click();
  // Back where the user was when the session ended.
  await expect(other.getByRole('heading', { level: 1, name: 'Lembaga' })).toBeVisible();
  await expect(other).toHaveURL(/\/agencies$/);
  await otherContext.close();
});
