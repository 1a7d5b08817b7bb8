import { type APIResponse, type BrowserContext, expect, type Page, type TestInfo, test } from '@playwright/test';
import { expectAccessible, loginWithTotp, rememberClockOffset } from './helpers.js';

/**
 * Issue 13's journey in Chromium, on both databases: a police investigator opens a proceeding for two victims
 * of one recruiter (cases the UPTD PPA shared with the police for legal matters); the prosecutor records the
 * verdict ordering restitution; the server's clock moves 15 days with no payment and the case worker sees the
 * alert and records the victim's notice to the court; a partial and then a full payment close the chain; an
 * LPSK officer grants the protection the case worker requested.
 */
test.describe.configure({ mode: 'serial', timeout: 12 * 60_000 });

const DAY = 86_400_000;
const reportNumber = `LP/B/${Date.now() % 100_000}/XII/2026/SPKT/POLDA NTT`;
const suspect = 'Yakobus Perekrut Lintas';
const caseNumbers: string[] = [];
const caseIds: string[] = [];
let proceedingId = '';

async function csrfOf(context: BrowserContext): Promise<string> {
  const csrf = (await context.cookies()).find((c) => c.name === 'pulih_csrf')?.value;
  expect(csrf, 'CSRF cookie').toBeTruthy();
  return csrf as string;
}

async function ok<T>(response: APIResponse, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/** axe (no serious or critical violation) and no untranslated key left on the page. */
async function check(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(
    /\b(?:legal|cases|htcds|alert|alerts|nav|common)\.[A-Za-z_]+\.[A-Za-z_]+/,
  );
}

/** Records the server's clock offset so the login helpers compute TOTP codes at the server's time. */
/** The server's calendar date in WIB (an earlier spec may have moved its clock ahead). */
async function serverToday(page: Page): Promise<string> {
  const { now } = await ok<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 0 } }),
    'server clock',
  );
  return new Date(Date.parse(now) + 7 * 3_600_000).toISOString().slice(0, 10);
}

test('1. the case worker shares two victims of one recruiter with the police for legal matters', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  const agencies = await ok<{ items: { id: string; name: string }[] }>(
    await page.request.get('/api/agencies', { params: { q: 'Unit PPA Polda Nusa Tenggara', limit: 5 } }),
    'police agency',
  );
  const police = agencies.items[0]!;
  for (const [name, birthYear] of [
    ['Yuliana Bere Lintas', 1999],
    ['Martha Seran Lintas', 2001],
  ] as const) {
    const created = await ok<{ id: string; caseNumber: string }>(
      await page.request.post('/api/cases', {
        headers,
        data: {
          referralSource: 'family',
          person: { sex: 'Feminine', birthYear, regionCode: '53.71' },
          identity: { fullName: name },
        },
      }),
      'case',
    );
    caseIds.push(created.id);
    caseNumbers.push(created.caseNumber);
    await ok(
      await page.request.post(`/api/cases/${created.id}/consents`, {
        headers,
        data: {
          purpose: 'referral',
          recipientAgencyId: police.id,
          serviceTypes: ['legal_aid'],
          fieldGroups: ['sex', 'legal'],
          givenBy: 'victim',
          wordingVersion: 'v1',
          wordingLocale: 'id',
        },
      }),
      'consent for the police',
    );
  }
});

test('2. a police investigator opens a proceeding for both victims from the legal workspace', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'police.ntt');
  await page.getByTestId('nav-legal').click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Proses hukum');
  await check(page, 'legal workspace (police)');
  await page.getByTestId('proceeding-new').click();
  await page.getByTestId('proceeding-report-number').fill(reportNumber);
  await page.getByTestId('proceeding-reported-on').fill(await serverToday(page));
  for (const number of caseNumbers) await page.getByTestId(`shared-case-${number}`).check();
  await page.getByTestId('suspect-name').fill(suspect);
  await page.getByTestId('charge-article').fill('Pasal 2 ayat (1)');
  await check(page, 'open a proceeding');
  await page.getByTestId('proceeding-submit').click();
  await expect(page.getByTestId('proceeding-title')).toHaveText(reportNumber);
  proceedingId = page.url().split('/').pop() ?? '';
  const victims = page.getByTestId('proceeding-victims');
  for (const number of caseNumbers) await expect(victims).toContainText(number);
  // The suspect is a pseudonym here: the name lives in the vault only.
  await expect(page.getByTestId('proceeding-defendant')).toHaveCount(1);
  await expect(page.locator('main')).not.toContainText(suspect);
  // The prosecutor's office joins as a party; the investigation moves on to a complete file.
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  const prosecutors = await ok<{ items: { id: string }[] }>(
    await page.request.get('/api/agencies', { params: { q: 'Kejaksaan Tinggi', limit: 5 } }),
    'prosecutor agency',
  );
  const current = await ok<{ version: number }>(
    await page.request.get(`/api/legal/proceedings/${proceedingId}`),
    'get',
  );
  await ok(
    await page.request.patch(`/api/legal/proceedings/${proceedingId}`, {
      headers,
      data: { version: current.version, addParties: [{ agencyId: prosecutors.items[0]!.id, role: 'prosecutor' }] },
    }),
    'add the prosecutor',
  );
  await page.reload();
  await page.getByTestId('stage-on').fill(await serverToday(page));
  await page.getByTestId('stage-submit').click();
  await expect(page.getByTestId('proceeding-stage')).toHaveText('Penyelidikan');
  await check(page, 'proceeding page (police)');
  const today = await serverToday(page);
  for (const to of ['investigation', 'file_complete'])
    await ok(
      await page.request.post(`/api/legal/proceedings/${proceedingId}/stage`, {
        headers,
        data: {
          from: to === 'investigation' ? 'preliminary_investigation' : 'investigation',
          to,
          on: today,
        },
      }),
      `stage ${to}`,
    );
});

test('3. the case worker files the first victim’s restitution claim', async ({ page }, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.goto(`/cases/${caseIds[0]}?tab=legal`);
  await page.getByTestId('case-proceeding-link').click();
  await expect(page.getByTestId('proceeding-title')).toHaveText(reportNumber);
  await page.getByTestId('claim-new').click();
  await page.getByTestId('claim-date').fill(await serverToday(page));
  await page.getByTestId('claim-amount-0').fill('15000000');
  await page.getByTestId('claim-submit').click();
  await expect(page.getByTestId('restitution-claim')).toHaveAttribute('data-status', 'claimed');
});

test('4. the prosecutor records the verdict ordering restitution; the 14-day deadline is next', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'prosecutor.ntt');
  await page.goto(`/legal/proceedings/${proceedingId}`);
  await expect(page.getByTestId('proceeding-stage')).toHaveText('Berkas lengkap (P-21)');
  await page.getByTestId('stage-on').fill(await serverToday(page));
  await page.getByTestId('stage-submit').click();
  await expect(page.getByTestId('proceeding-stage')).toHaveText('Penuntutan');
  const today = await serverToday(page);
  await page.getByTestId('verdict-new').click();
  await page.getByTestId('verdict-date').fill(today);
  await page.getByTestId('verdict-sentence').fill('72');
  await page.getByTestId('verdict-final').fill(today);
  await page.getByTestId('verdict-restitution').check();
  await page.getByTestId('verdict-amount').fill('12000000');
  await check(page, 'verdict form');
  await page.getByTestId('verdict-submit').click();
  await expect(page.getByTestId('proceeding-stage')).toHaveText('Berkekuatan hukum tetap');
  const claim = page.getByTestId('restitution-claim');
  await expect(claim).toHaveAttribute('data-status', 'ordered');
  await expect(claim.getByTestId('claim-ordered')).toContainText('12.000.000');
  await expect(claim.locator('[data-step="payment_due"]')).toHaveAttribute('data-status', 'pending');
  await expect(claim.getByTestId('restitution-next')).toHaveText('Berikutnya');
  await check(page, 'restitution chain (ordered)');
});

test('5. fifteen days on without payment: the case worker sees the alert and records the notice to the court', async ({
  page,
}, info) => {
  const moved = await ok<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 15 * DAY } }),
    'move the clock',
  );
  rememberClockOffset(info, Date.parse(moved.now) - Date.now());
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.getByTestId('alerts-bell').click();
  const alert = page.locator('[data-testid="alert-item"][data-kind="restitution_unpaid"]');
  await expect(alert).toHaveCount(1);
  await expect(alert).toContainText(caseNumbers[0]!);
  await check(page, 'alerts (restitution unpaid)');
  await alert.getByTestId('alert-proceeding-link').click();
  const claim = page.getByTestId('restitution-claim');
  await expect(claim).toHaveAttribute('data-status', 'defaulted');
  await expect(claim.locator('[data-step="payment_due"]')).toHaveAttribute('data-status', 'missed');
  await expect(claim.getByTestId('restitution-next')).toHaveText('Terlambat');
  await check(page, 'restitution chain (unpaid)');
  // The due list across cases shows the same step.
  await page.getByTestId('nav-legal').click();
  await expect(
    page.locator('[data-testid="due-item"][data-step="victim_notice_to_court"]').filter({ hasText: caseNumbers[0]! }),
  ).toHaveCount(1);
  await check(page, 'due list (case worker)');
  await page.goto(`/legal/proceedings/${proceedingId}`);
  await page.getByTestId('step-date').fill(await serverToday(page));
  await page.getByTestId('step-note').fill('Surat pemberitahuan korban diterima Kepaniteraan PN Kupang');
  await page.getByTestId('step-record-victim_notice_to_court').click();
  await expect(claim.locator('[data-step="victim_notice_to_court"]')).toHaveAttribute('data-status', 'done');
  await expect(claim.locator('[data-step="court_warning"]')).toHaveAttribute('data-status', 'pending');
});

test('6. a partial and then a full payment close the chain; the victim is told', async ({ page }, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  await page.goto(`/legal/proceedings/${proceedingId}`);
  const claim = page.getByTestId('restitution-claim');
  await claim.getByTestId('payment-date').fill(await serverToday(page));
  // More than is owed is refused with the field named.
  await claim.getByTestId('payment-amount').fill('20000000');
  await claim.getByTestId('payment-evidence').fill('Kuitansi 01/PN.Kpg');
  await claim.getByTestId('payment-submit').click();
  await expect(claim.getByText('Pembayaran melebihi sisa restitusi')).toBeVisible();
  await claim.getByTestId('payment-amount').fill('5000000');
  await claim.getByTestId('payment-submit').click();
  await expect(claim.getByTestId('claim-paid')).toContainText('5.000.000');
  await expect(claim.getByTestId('claim-outstanding')).toContainText('7.000.000');
  await claim.getByTestId('payment-amount').fill('7000000');
  await claim.getByTestId('payment-evidence').fill('Kuitansi 02/PN.Kpg');
  await claim.getByTestId('payment-submit').click();
  await expect(claim).toHaveAttribute('data-status', 'paid');
  await expect(claim.getByTestId('restitution-closed')).toBeVisible();
  await expect(claim.locator('[data-step="court_warning"]')).toHaveAttribute('data-status', 'met');
  await page.getByTestId('informed-new').click();
  const { now } = await ok<{ now: string }>(
    await page.request.post('/api/test/clock', { data: { advanceMs: 0 } }),
    'server clock',
  );
  await page
    .getByTestId('informed-when')
    .fill(new Date(Date.parse(now) - 60_000 + 7 * 3_600_000).toISOString().slice(0, 16));
  await page.getByTestId('informed-summary').fill('Korban diberi tahu restitusi sudah dibayar lunas');
  await page.getByTestId('informed-submit').click();
  await expect(page.getByTestId('informed-log')).toContainText('Korban diberi tahu restitusi sudah dibayar lunas');
  await check(page, 'proceeding page (paid, information log)');
});

test('7. the case worker requests LPSK protection for the second victim', async ({ page: worker }, info) => {
  await loginWithTotp(worker, info, 'caseworker.ntt');
  const headers = { 'x-csrf-token': await csrfOf(worker.context()) };
  const lpskAgency = await ok<{ items: { id: string }[] }>(
    await worker.request.get('/api/agencies', { params: { q: 'Lembaga Perlindungan Saksi', limit: 5 } }),
    'LPSK',
  );
  await ok(
    await worker.request.post('/api/protection/measures', {
      headers,
      data: {
        caseId: caseIds[1],
        proceedingId,
        type: 'lpsk_physical',
        agencyId: lpskAgency.items[0]!.id,
        threatLevel: 'high',
        threatAssessment: 'Keluarga perekrut mendatangi rumah korban',
      },
    }),
    'protection request',
  );
  await worker.goto(`/cases/${caseIds[1]}?tab=legal`);
  await expect(worker.getByTestId('measure-item')).toHaveAttribute('data-status', 'requested');
  await check(worker, 'legal tab (case)');
});

test('8. an LPSK officer grants the protection', async ({ page }, info) => {
  await loginWithTotp(page, info, 'lpsk.officer');
  await page.getByTestId('nav-legal').click();
  const measure = page.getByTestId('measure-item').filter({ hasText: caseNumbers[1]! });
  await expect(measure).toHaveAttribute('data-status', 'requested');
  await check(page, 'legal workspace (LPSK)');
  await measure.getByTestId('measure-date').fill(await serverToday(page));
  await measure.getByTestId('measure-grant').click();
  await expect(page.getByTestId('measure-item').filter({ hasText: caseNumbers[1]! })).toHaveAttribute(
    'data-status',
    'granted',
  );
});
