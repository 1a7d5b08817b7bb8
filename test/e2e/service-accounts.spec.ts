import { randomUUID } from 'node:crypto';
import { expect, type Page, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { expectAccessible, loginWithTotp, pick } from './helpers.js';

/**
 * The administrator gives a partner system (SIMFONI-PPA) a service account scoped to the HTCDS export and one
 * agency, issues a token (shown once, then usable as a Bearer token without any session), and revokes it (401
 * at once). axe on the page, its form errors and at phone width. Independent of the other specs: a fresh name.
 */
// Eight minutes (the configured default): the field-error steps add two round trips, and the machine may be busy.
test.describe.configure({ mode: 'serial', timeout: 8 * 60_000 });

const uptdNtt = 'UPTD PPA Provinsi Nusa Tenggara Timur';

async function check(page: Page, where: string) {
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(
    /\bserviceAccounts\.[A-Za-z_.]+/,
  );
}

test('the administrator creates a partner account, issues a token that works without a session, and revokes it', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const name = `SIMFONI-PPA ${randomUUID().slice(0, 8)}`;
  await loginWithTotp(page, info, 'admin');
  await page.getByTestId('nav-service-accounts').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Akun layanan mitra' })).toBeVisible();
  await check(page, 'service accounts');

  // No operation chosen: the form's rule names the operations; a one-letter name: the server names it.
  await page.getByTestId('sa-name').fill('S');
  await pick(page, 'sa-agency', uptdNtt, 'Nusa Tenggara');
  await pick(page, 'sa-agencies', uptdNtt, 'Nusa Tenggara');
  const create = page.getByTestId('sa-create');
  await create.getByTestId('sa-create-submit').click();
  await expect(create.getByText(requiredMessage)).toBeVisible();
  await page.getByTestId('sa-op-exchange.htcds.export').click();
  await create.getByTestId('sa-create-submit').click();
  await expectFieldError(page.getByTestId('sa-name'), 'Minimal 2 karakter.');
  await expect(page.getByTestId('sa-name')).toBeFocused();
  await check(page, 'service accounts (field error)');

  await page.getByTestId('sa-name').fill(name);
  await page.getByTestId('sa-create-submit').click();
  await expect(page.getByTestId('sa-created')).toBeVisible();
  const card = page.getByTestId('sa-account').filter({ hasText: name });
  await expect(card).toBeVisible();

  // A one-letter label: the server names the field.
  await card.getByTestId('sa-token-label').fill('p');
  await card.getByTestId('sa-token-issue').click();
  await expectFieldError(card.getByTestId('sa-token-label'), 'Minimal 2 karakter.');
  await card.getByTestId('sa-token-label').fill('produksi');
  await card.getByTestId('sa-token-issue').click();
  const tokenBox = card.getByTestId('sa-token-value');
  await expect(tokenBox).toBeVisible();
  const token = ((await tokenBox.textContent()) ?? '').trim();
  expect(token).toMatch(/^pulih_sat_/);
  await check(page, 'service accounts (token shown once)');

  // The partner: a client with no cookie at all, only the Bearer token.
  const partner = await playwright.request.newContext({ baseURL });
  const ok = await partner.get('/api/exchange/htcds/export', { headers: { authorization: `Bearer ${token}` } });
  expect(ok.status(), await ok.text()).toBe(200);
  const other = await partner.get('/api/cases', { headers: { authorization: `Bearer ${token}` } });
  expect(other.status()).toBe(403);

  await card.getByTestId('sa-token-revoke').click();
  await expect(card.getByTestId('sa-token-status')).toHaveText('Dicabut');
  const revoked = await partner.get('/api/exchange/htcds/export', { headers: { authorization: `Bearer ${token}` } });
  expect(revoked.status()).toBe(401);
  await partner.dispose();

  // A reload never shows the token again.
  await page.reload();
  await expect(card).toBeVisible();
  await expect(page.locator('body')).not.toContainText(token);
  await page.setViewportSize({ width: 390, height: 844 });
  await check(page, 'service accounts (390 px)');
});
