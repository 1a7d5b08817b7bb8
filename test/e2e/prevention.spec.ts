import { expect, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { apiOk, demoPassword, expectAccessible, logout, pick, submitCredentials } from './helpers.js';

/**
 * A prevention programme's forms in Chromium, on both databases: the Jawa Barat programme officer records a
 * school session (a date outside the programme's period is refused on its field), types in a paper survey,
 * allocates money to the programme (the funding source left empty is named on its field first) and books spending
 * against it (a date outside the budget year is refused on its field first).
 */
test.describe.configure({ mode: 'serial', timeout: 5 * 60_000 });

interface Programme {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
}

test('the programme officer records a session, a paper survey and an allocation (field errors first)', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'programme.jabar', demoPassword)).toBe('active');
  // The e2e database has no demo programmes: one is set up through the API (this year, Indramayu).
  const csrf = (await page.context().cookies()).find((c) => c.name === 'pulih_csrf')?.value ?? '';
  const year = new Date().getFullYear();
  const created = await page.request.post('/api/programmes', {
    headers: { 'x-csrf-token': csrf },
    data: {
      type: 'school_outreach',
      name: 'Sekolah Waspada TPPO Indramayu',
      regionCodes: ['32.12'],
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      targetGroups: ['students', 'teachers'],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const programme = (await created.json()) as Programme;
  await page.goto(`/prevention/${programme.id}`);
  await expect(page.getByRole('heading', { level: 1, name: programme.name })).toBeVisible({ timeout: 60_000 });

  // A session: the form's rules first (nothing entered), then the server's (a day outside the programme).
  const session = page.getByTestId('session-form');
  await session.getByTestId('session-add').click();
  await expectFieldError(session.getByTestId('session-held-on'), requiredMessage);
  await expect(session.getByTestId('session-held-on')).toBeFocused();
  const dayBefore = new Date(Date.parse(`${programme.startsOn}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await session.getByTestId('session-held-on').fill(dayBefore);
  await session.getByTestId('session-place').fill('SMKN 1 Kandanghaur');
  await session.getByTestId('session-facilitator').fill('Ibu Ratna (guru BK)');
  await session.getByTestId('session-female-0_17').fill('21');
  await session.getByTestId('session-male-0_17').fill('18');
  await session.getByTestId('session-add').click();
  await expectFieldError(session.getByTestId('session-held-on'), 'Tanggal berada di luar periode program.');
  await expectAccessible(page, 'programme with a field error');
  await session.getByTestId('session-held-on').fill(programme.startsOn);
  await session.getByTestId('session-add').click();
  await expect(page.getByRole('cell', { name: 'SMKN 1 Kandanghaur' })).toBeVisible();
  const after = (await (await page.request.get(`/api/programmes/${programme.id}`)).json()) as { sessions: unknown[] };
  expect(after.sessions).toHaveLength(1);

  // A paper survey typed in: every question answered.
  const paper = page.getByTestId('paper-response-form');
  await paper.getByTestId('paper-participant').fill('P-017');
  const questions = paper.getByRole('radiogroup');
  await expect(questions.first()).toBeVisible();
  for (const question of await questions.all()) await question.getByRole('radio').first().check();
  await paper.getByTestId('paper-save').click();
  await expect(paper.getByTestId('paper-saved')).toBeVisible();
  await expect(paper.getByTestId('paper-participant')).toHaveValue('');

  // An allocation: the source is required.
  const allocation = page.getByTestId('allocation-form');
  await allocation.getByTestId('allocation-amount').fill('7500000');
  await allocation.getByTestId('allocation-submit').click();
  await expectFieldError(allocation.getByTestId('allocation-source'), requiredMessage);
  await pick(page, 'allocation-source', 'Donor');
  await allocation.getByTestId('allocation-submit').click();
  await expect(allocation.getByTestId('allocation-saved')).toContainText('7.500.000');

  // Spending against it on the budgets page: a receipt from last year is refused on its date (the budget year).
  await page.goto('/budgets');
  const row = page.getByTestId('allocation-row').filter({ hasText: /Donor · Rp\s?7\.500\.000/ });
  await expect(row).toHaveCount(1, { timeout: 60_000 });
  await row.getByTestId('spend-on').fill(`${year - 1}-12-20`);
  await row.getByTestId('spend-amount').fill('2500000');
  await row.getByTestId('spend-description').fill('Modul dan konsumsi sosialisasi SMKN 1 Kandanghaur');
  await row.getByTestId('spend-evidence').fill('SP2D-2026-0117');
  await row.getByTestId('spend-submit').click();
  await expectFieldError(row.getByTestId('spend-on'), 'Tanggal berada di luar tahun anggaran.');
  await expect(row.getByTestId('spend-on')).toBeFocused();
  await expectAccessible(page, 'budgets with a field error');
  await row.getByTestId('spend-on').fill(`${year}-01-15`);
  await row.getByTestId('spend-submit').click();
  await expect(row).toContainText(/sisa Rp\s?5\.000\.000/);
  await logout(page);
});

test('the programme officer creates a programme with the form (a rule, then the server, on their fields)', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'programme.jabar', demoPassword)).toBe('active');
  await page.goto('/prevention');
  const form = page.getByTestId('programme-form');
  await expect(form).toBeVisible({ timeout: 60_000 });
  // Nothing entered: the form's rules name the first missing field and the keyboard lands on it.
  await form.getByTestId('programme-create').click();
  await expectFieldError(form.getByTestId('programme-name'), requiredMessage);
  await expect(form.getByTestId('programme-name')).toBeFocused();
  const year = new Date().getFullYear();
  await form.getByTestId('programme-name').fill('Kampanye Desa Migrasi Aman Subang');
  await pick(page, 'programme-type', 'Kampanye desa');
  await pick(page, 'programme-province', 'Jawa Barat', 'Jawa Barat');
  await pick(page, 'programme-target-groups', 'Orang tua');
  // The end before the start: the server names the end date, shown on its field.
  await form.getByTestId('programme-starts-on').fill(`${year}-06-01`);
  await form.getByTestId('programme-ends-on').fill(`${year}-03-31`);
  await form.getByTestId('programme-create').click();
  await expectFieldError(form.getByTestId('programme-ends-on'), 'Tanggal akhir sebelum tanggal mulai.');
  await expectAccessible(page, 'new programme with a field error');
  await form.getByTestId('programme-ends-on').fill(`${year}-11-30`);
  await form.getByTestId('programme-create').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kampanye Desa Migrasi Aman Subang' })).toBeVisible({
    timeout: 60_000,
  });
  const id = page.url().split('/').pop() as string;
  const saved = await apiOk<{ regionCodes: string[]; endsOn: string }>(
    await page.request.get(`/api/programmes/${id}`),
    'the new programme',
  );
  expect(saved.regionCodes).toEqual(['32']);
  expect(saved.endsOn).toBe(`${year}-11-30`);
  await logout(page);
});
