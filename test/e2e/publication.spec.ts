import { expect, test } from '@playwright/test';
import { expectFieldError } from './fields.js';
import { expectAccessible, loginWithTotp, logout } from './helpers.js';

/**
 * The publication page's forms in Chromium, on both databases: the DPO previews the k-anonymous CTDC release
 * (years in the wrong order are refused on the field the server names) and takes an aggregate table.
 */
test.describe.configure({ mode: 'serial', timeout: 5 * 60_000 });

test('the DPO previews the CTDC release (a field error first) and takes an aggregate table', async ({ page }, info) => {
  await loginWithTotp(page, info, 'dpo');
  await page.goto('/publication');
  // The page's code loads on first visit (slow on a busy machine).
  await expect(page.getByRole('heading', { level: 1, name: 'Publikasi data' })).toBeVisible({ timeout: 60_000 });

  const ctdc = page.getByTestId('ctdc-form');
  await ctdc.getByLabel('Dari tahun (pencatatan)').fill('2026');
  await ctdc.getByLabel('Sampai tahun').fill('2025');
  await ctdc.getByTestId('ctdc-preview').click();
  await expectFieldError(ctdc.getByLabel('Sampai tahun'), 'Tanggal akhir sebelum tanggal mulai.');
  await expect(page.getByTestId('ctdc-report')).toHaveCount(0);
  await expectAccessible(page, 'publication with a field error');
  await ctdc.getByLabel('Dari tahun (pencatatan)').fill('');
  await ctdc.getByLabel('Sampai tahun').fill('');
  await ctdc.getByTestId('ctdc-preview').click();
  await expect(page.getByTestId('ctdc-report')).toBeVisible();
  await expect(page.getByTestId('ctdc-download')).toHaveAttribute('href', '/api/publication/ctdc');

  const aggregate = page.getByTestId('aggregate-form');
  await aggregate.getByTestId('aggregate-show').click();
  // The e2e database holds no victims: the table comes back with its columns and no cells.
  await expect(page.getByTestId('aggregate-table')).toBeVisible();
  await expect(page.getByTestId('aggregate-table').getByRole('columnheader', { name: 'Jenis kelamin' })).toBeVisible();
  await logout(page);
});
