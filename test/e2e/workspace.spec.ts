import { expect, type Page, test } from '@playwright/test';
import { expectFieldError, requiredMessage } from './fields.js';
import { apiOk, csrfOf, demoPassword, expectAccessible, loginWithTotp, logout, pick } from './helpers.js';

/**
 * The daily workspace (issue 12): each role lands on "Tugas hari ini" with its real work, and a count leads to
 * the matching filtered list; the supervisor's queue and team; alerts resolved by the action; no page scrolls
 * sideways on a 390 px phone; axe on the new pages at desktop and phone sizes. Data the journey needs is set up
 * through the API as the case worker (a case whose statutory service is already past its 7 days, a screening
 * decided and waiting for a supervisor).
 */
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 });

const phone = { width: 390, height: 844 };
let caseNumber = '';
let caseId = '';
let screeningId = '';
/** A second supervisor of the office, this spec's own: an approval by one resolves the alert for both. */
const secondSupervisor = 'supervisor.kedua';

/** The page's content never reaches past the viewport's width (no sideways scrolling). */
async function expectNoSidewaysScroll(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${where} scrolls sideways at ${innerWidth} px`).toBeLessThanOrEqual(innerWidth);
}

async function onPhone(page: Page, paths: string[], axeOn: string[] = []) {
  await page.setViewportSize(phone);
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('main h1').first()).toBeVisible();
    await expectNoSidewaysScroll(page, path);
    if (axeOn.includes(path)) await expectAccessible(page, `${path} at 390 px`);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('0. the administrator adds a second supervisor to the case worker’s office', async ({
  page,
  playwright,
  baseURL,
}, info) => {
  const worker = await playwright.request.newContext({ baseURL });
  await apiOk(
    await worker.post('/api/auth/login', { data: { username: 'caseworker.ntt', password: demoPassword } }),
    'case worker login',
  );
  const { agency } = await apiOk<{ agency: { id: string } }>(await worker.get('/api/auth/me'), 'me');
  await worker.dispose();
  await loginWithTotp(page, info, 'admin');
  const { temporaryPassword } = await apiOk<{ temporaryPassword: string }>(
    await page.request.post('/api/users', {
      headers: { 'x-csrf-token': await csrfOf(page.context()) },
      data: { username: secondSupervisor, displayName: 'Maria Kedua', agencyId: agency.id, roles: ['supervisor'] },
    }),
    'second supervisor',
  );
  await logout(page);
  // She replaces her temporary password; her authenticator is enrolled at her first login in the browser.
  const api = await playwright.request.newContext({ baseURL });
  const first = await api.post('/api/auth/login', {
    data: { username: secondSupervisor, password: temporaryPassword },
  });
  expect(((await first.json()) as { stage: string }).stage).toBe('password_change');
  const apiCsrf = (await api.storageState()).cookies.find((c) => c.name === 'pulih_csrf')?.value ?? '';
  await apiOk(
    await api.post('/api/auth/password', {
      headers: { 'x-csrf-token': apiCsrf },
      data: { currentPassword: temporaryPassword, newPassword: demoPassword },
    }),
    'password change',
  );
  await api.dispose();
});

test('1. a case worker lands on today’s work: the late service, followed to the list of late cases', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  // The server's time (an earlier spec may have moved its test clock).
  const { now } = await apiOk<{ now: string }>(
    await page.request.post('/api/test/clock', { headers, data: { advanceMs: 0 } }),
    'server clock',
  );
  const shelter = (
    await apiOk<{ items: { id: string; name: string }[] }>(
      await page.request.get('/api/agencies', { params: { q: 'Rumah Aman', limit: 20 } }),
      'agency search',
    )
  ).items[0]!;
  const created = await apiOk<{ id: string; caseNumber: string }>(
    await page.request.post('/api/cases', {
      headers,
      data: {
        person: { sex: 'Feminine', birthYear: 1998, citizenship: 'ID', regionCode: '53.71' },
        identity: { fullName: 'Yuliana Workspace' },
        referralSource: 'family',
        profile: { exploitationTypes: ['ForcedLabour'] },
      },
    }),
    'intake',
  );
  caseId = created.id;
  caseNumber = created.caseNumber;
  // Applied for 120 days ago: past the 7 days of Art. 52(1), and later than what earlier specs left late (the
  // home page lists the latest first and only the first few).
  await apiOk(
    await page.request.post(`/api/cases/${caseId}/services`, {
      headers,
      data: {
        type: 'health_rehabilitation',
        applicant: 'victim',
        appliedAt: new Date(Date.parse(now) - 120 * 86_400_000).toISOString(),
        providerAgencyId: shelter.id,
      },
    }),
    'late service',
  );
  const screening = await apiOk<{ id: string; recommendation: string }>(
    await page.request.post(`/api/cases/${caseId}/screenings`, {
      headers,
      data: { toolVersion: 1, answers: { 'd4.excessive_working_hours': true }, acts: ['recruitment'] },
    }),
    'screening',
  );
  screeningId = screening.id;
  await apiOk(
    await page.request.post(`/api/screenings/${screeningId}/decide`, {
      headers,
      data: { status: screening.recommendation, decidedByOrg: 'NonPoliceGovernmentalOrganization' },
    }),
    'decision',
  );

  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Tugas hari ini' })).toBeVisible();
  const late = page.getByTestId('today-lateServices');
  await expect(late.getByTestId('today-count')).not.toHaveText('0');
  const item = late.getByTestId('today-item').filter({ hasText: caseNumber });
  await expect(item).toContainText('Rehabilitasi kesehatan');
  await expect(item.getByTestId('today-late')).toHaveText(/terlambat [1-9]\d* hari/);
  // No raw code on the page.
  await expect(page.locator('main')).not.toContainText('health_rehabilitation');
  await expectAccessible(page, 'Today (case worker)');
  const count = Number(await late.getByTestId('today-count').textContent());
  await late.getByTestId('today-count').click();
  await expect(page).toHaveURL(/\/cases\?late=true$/);
  await expect(page.getByTestId('case-filter-late')).toBeChecked();
  await expect(page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`)).toBeVisible();
  // Every listed case is late, and their late services add up to the count on the home page.
  const rows = page.getByTestId('case-row');
  await expect(rows.first()).toBeVisible();
  const badges = await rows.getByTestId('late-badge').allTextContents();
  expect(badges).toHaveLength(await rows.count());
  expect(badges.reduce((n, b) => n + Number(b.match(/\d+/)?.[0] ?? 0), 0)).toBe(count);
  // The item itself leads to the case's services.
  await page.goto('/');
  await page.getByTestId('today-lateServices').getByTestId('today-item').filter({ hasText: caseNumber }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}\\?tab=services`));
  // Sorted by next statutory deadline from the column header: the cases with a deadline first, then the rest.
  await page.goto('/cases');
  await expect(page.getByTestId('case-row').first()).toBeVisible();
  await page.getByTestId('case-sort-deadline').click();
  await expect(page.locator('th[aria-sort="ascending"]')).toContainText(/tenggat|deadline/i);
  await expect(page.getByTestId('case-row').first().getByTestId('case-next-deadline')).toBeVisible();
  const withDeadline = await page
    .getByTestId('case-row')
    .evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="case-next-deadline"]') !== null));
  expect(withDeadline.indexOf(false) === -1 || !withDeadline.slice(withDeadline.indexOf(false)).includes(true)).toBe(
    true,
  );
  await onPhone(page, ['/', '/cases', `/cases/${caseId}`, '/cases/new', '/alerts', '/referrals', '/profile'], ['/']);
  await logout(page);
});

test('2. a supervisor finds the screening in the queue; approving it resolves the alert', async ({
  page,
  browser,
}, info) => {
  await loginWithTotp(page, info, 'supervisor.ntt');
  const approvals = page.getByTestId('today-screeningApprovals');
  await expect(approvals.getByTestId('today-count')).not.toHaveText('0');
  await expect(approvals.getByTestId('today-item').filter({ hasText: caseNumber })).toBeVisible();
  await expect(page.getByTestId('today-teamLateServices').getByTestId('today-count')).not.toHaveText('0');
  await expectAccessible(page, 'Today (supervisor)');
  // The count leads to the case list filtered to the cases awaiting a screening approval, as many as it says.
  const waiting = (await approvals.getByTestId('today-count').textContent())!.trim();
  await approvals.getByTestId('today-count').click();
  await expect(page).toHaveURL(/\/cases\?awaitingApproval=screening$/);
  await expect(page.getByTestId('case-filter-awaiting')).toHaveValue('Keputusan skrining');
  await expect(page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`)).toBeVisible();
  await expect(page.getByTestId('case-total')).toHaveAttribute('data-count', waiting);
  await expect(page.getByTestId('case-row')).toHaveCount(Number(waiting));
  await expectAccessible(page, 'Cases awaiting approval');
  // The queue lists the same screening with its age.
  await page.goto('/approvals?kind=screening');
  const row = page.getByTestId('approval-row').filter({ hasText: caseNumber });
  await expect(row).toBeVisible();
  await expect(row).toContainText('hari');
  await expect(page.getByTestId('approval-row').and(page.locator('[data-kind="closure"]'))).toHaveCount(0);
  await expectAccessible(page, 'Approvals queue');
  // The team: the case worker's caseload with her late services.
  await page.goto('/team');
  const member = page.locator('[data-testid="team-row"][data-username="caseworker.ntt"]');
  await expect(member).toBeVisible();
  await expect(member.getByTestId('team-open-cases')).not.toHaveText('0');
  await expectAccessible(page, 'Team');
  // The alert waits, then the approval (by this supervisor, through the API) resolves it.
  await page.goto('/alerts');
  const alert = page
    .locator('[data-testid="alert-item"][data-kind="screening_approval_needed"]')
    .filter({ hasText: caseNumber });
  await expect(alert).toHaveAttribute('data-resolved', 'false');
  await expectAccessible(page, 'Alerts');
  // The other supervisor of the office got the same alert, still waiting.
  const colleagueContext = await browser.newContext();
  const colleague = await colleagueContext.newPage();
  await loginWithTotp(colleague, info, secondSupervisor);
  await colleague.goto('/alerts');
  const colleagueAlert = colleague
    .locator('[data-testid="alert-item"][data-kind="screening_approval_needed"]')
    .filter({ hasText: caseNumber });
  await expect(colleagueAlert).toHaveAttribute('data-resolved', 'false');
  const headers = { 'x-csrf-token': await csrfOf(page.context()) };
  await apiOk(
    await page.request.post(`/api/screenings/${screeningId}/approve`, { headers, data: { approve: true } }),
    'approve',
  );
  await page.reload();
  await expect(alert).toHaveAttribute('data-resolved', 'true');
  await expect(alert.getByTestId('alert-resolved')).toBeVisible();
  // One supervisor's approval resolves it for every supervisor of the agency.
  await colleague.reload();
  await expect(colleagueAlert).toHaveAttribute('data-resolved', 'true');
  await colleagueContext.close();
  await page.goto('/approvals?kind=screening');
  await expect(page.getByTestId('approval-row').filter({ hasText: caseNumber })).toHaveCount(0);
  // Mark all read empties the bell.
  await page.goto('/alerts');
  await page.getByTestId('alerts-mark-all').click();
  await expect(page.getByTestId('alerts-bell')).toHaveAccessibleName(/0/);
  await onPhone(page, ['/', '/approvals', '/team', '/alerts'], ['/approvals', '/team', '/alerts']);
  await logout(page);
});

test('3. the shelter lands on referrals to answer; the count leads to its inbox filtered the same way', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'provider.shelter');
  const toAnswer = page.getByTestId('today-referralsToAnswer');
  await expect(toAnswer).toBeVisible();
  await expect(page.getByTestId('today-servicesToRecord')).toBeVisible();
  await expect(page.getByTestId('today-lateServices')).toHaveCount(0);
  const inbox = await apiOk<{ items: unknown[] }>(
    await page.request.get('/api/referrals/inbox', { params: { status: 'sent', limit: 200 } }),
    'inbox',
  );
  await expect(toAnswer.getByTestId('today-count')).toHaveText(String(inbox.items.length));
  // The service the case worker asked the shelter for waits to be recorded.
  await expectAccessible(page, 'Today (shelter)');
  await toAnswer.getByTestId('today-count').click();
  await expect(page).toHaveURL(/\/referrals\?status=sent$/);
  await expect(page.getByTestId('inbox-status')).toHaveValue('Terkirim');
  await onPhone(page, ['/', '/referrals'], ['/']);
  await logout(page);
});

test('4. the DPO lands on break-the-glass use to review, linked to the audit trail filtered to it', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'dpo');
  const grants = page.getByTestId('today-breakGlassToReview');
  await expect(grants).toBeVisible();
  await expect(page.getByTestId('today-screeningApprovals')).toHaveCount(0);
  await expectAccessible(page, 'Today (DPO)');
  await grants.getByTestId('today-count').click();
  await expect(page).toHaveURL(/\/audit\?action=access\.breakGlass$/);
  await expect(page.getByTestId('audit-filter-action')).toHaveValue('access.breakGlass');
  await onPhone(page, ['/', '/audit'], ['/']);
  await logout(page);
});

test('5. the supervisor moves the case worker’s case to a colleague in bulk', async ({ page }, info) => {
  await loginWithTotp(page, info, 'supervisor.ntt');
  await page.goto('/team');
  await page.locator('[data-testid="team-row"][data-username="caseworker.ntt"]').getByTestId('team-reassign').click();
  const dialog = page.getByRole('dialog');
  await dialog
    .getByTestId('reassign-case')
    .and(page.getByLabel(caseNumber, { exact: true }))
    .check();
  // Whom the cases go to is the form's own rule.
  await dialog.getByTestId('reassign-submit').click();
  const to = dialog.getByTestId('reassign-to');
  await expectFieldError(to, requiredMessage);
  await expectAccessible(page, 'bulk reassignment with a field error');
  await pick(page, 'reassign-to', 'Maria Kedua');
  await dialog.getByTestId('reassign-submit').click();
  await expect(dialog.getByTestId('reassign-done')).toHaveText('1 kasus dialihkan.');
  // The case is now the colleague's.
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByTestId('team-row').filter({ hasText: secondSupervisor })).toHaveCount(1);
  await expect(page.getByTestId('team-row').filter({ hasText: 'caseworker.ntt' })).toHaveCount(0);
  await logout(page);
});
