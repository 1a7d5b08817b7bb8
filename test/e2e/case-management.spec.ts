import { type APIRequestContext, type BrowserContext, expect, type Page, type TestInfo, test } from '@playwright/test';
import {
  demoPassword,
  expectAccessible,
  loginWithTotp,
  logout,
  pick,
  rememberClockOffset,
  submitCredentials,
} from './helpers.js';

/**
 * Case management in the browser, on both databases: a case worker of UPTD PPA NTT takes in a 16-year-old
 * girl from Kota Kupang exploited as a domestic worker in Malaysia. Another agency (UPTD PPA Jawa Barat)
 * took in a near-identical girl before; the duplicate check says so without showing that record. Screening
 * under the child rule, four-eyes approval, a statutory service that runs late (the server's test clock moves
 * 8 days), reintegration surveys and an approved closure. axe runs on every page and tab visited.
 */
// Long journeys on a busy machine: each step waits for the server and runs axe.
test.describe.configure({ mode: 'serial', timeout: 15 * 60_000 });

const girl = { fullName: 'Siti Nurhayati', birthYear: 2010 };
const lookalike = { fullName: 'Sity Noerhajati', birthYear: 2010 };
const jabarAgency = 'UPTD PPA Provinsi Jawa Barat';
const jabarContact = { phone: '+62 22 7303 333', email: 'uptdppa@jabarprov.example' };
const hospital = 'RSUD Prof. Dr. W. Z. Johannes Kupang';
const jabarWorker = {
  username: 'pekerja.jabar',
  displayName: 'Dewi Pekerja Jabar',
  password: 'Angklung-Bandung-Hujan-2026',
};
const EIGHT_DAYS = 8 * 86_400_000;

let caseUrl = '';
/** Server time minus this machine's time once the test clock has moved. */
let clockOffsetMs = 0;

/* ---------- API helpers (setup through the API, as another agency would have done) ---------- */

async function csrfOf(context: BrowserContext | APIRequestContext): Promise<string> {
  const cookies =
    'newPage' in context ? await context.cookies() : (await (context as APIRequestContext).storageState()).cookies;
  const csrf = cookies.find((c) => c.name === 'pulih_csrf')?.value;
  expect(csrf, 'CSRF cookie').toBeTruthy();
  return csrf as string;
}

async function apiOk<T>(response: Awaited<ReturnType<APIRequestContext['get']>>, what: string): Promise<T> {
  expect(response.ok(), `${what}: ${response.status()} ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

/* ---------- page helpers ---------- */

/** axe (no serious or critical WCAG 2.1 AA violation) and no untranslated i18n key left on the page. */
async function check(page: Page, where: string) {
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(
    /\b(?:cases|htcds|alert|alerts|nav|common)\.[A-Za-z_]+/,
  );
}

async function openTab(page: Page, tab: string, where: string) {
  await page.getByTestId(`tab-${tab}`).click();
  await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
  await page.waitForLoadState('networkidle');
  await check(page, where);
}

async function openAlertCase(page: Page, kind: string) {
  await page.getByTestId('nav-alerts').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Peringatan' })).toBeVisible();
  const alert = page.locator(`[data-testid="alert-item"][data-kind="${kind}"]`).first();
  await expect(alert).toBeVisible();
  await check(page, `alerts (${kind})`);
  await alert.getByTestId('alert-case-link').click();
  await expect(page).toHaveURL(caseUrl);
}

test('1. another agency took in a near-identical girl (set up through the API)', async ({ page, playwright }, info) => {
  const baseURL = info.project.use.baseURL as string;
  // The administrator (TOTP, through the browser) gives UPTD PPA Jawa Barat contact details and a case worker,
  // and registers the hospital that will give health rehabilitation in Kupang.
  await loginWithTotp(page, info, 'admin');
  const admin = page.request;
  const adminHeaders = { 'x-csrf-token': await csrfOf(page.context()) };
  const agencies = await apiOk<{ items: { id: string; name: string }[] }>(
    await admin.get('/api/agencies', { params: { q: 'Jawa Barat', limit: 50 } }),
    'agencies search',
  );
  const jabar = agencies.items.find((a) => a.name === jabarAgency);
  expect(jabar, jabarAgency).toBeTruthy();
  await apiOk(
    await admin.patch(`/api/agencies/${jabar!.id}`, {
      headers: adminHeaders,
      data: { contactPhone: jabarContact.phone, contactEmail: jabarContact.email },
    }),
    'agency contact',
  );
  await apiOk(
    await admin.post('/api/agencies', {
      headers: adminHeaders,
      data: {
        name: hospital,
        shortName: 'RSUD W. Z. Johannes',
        type: 'hospital',
        countryCode: 'ID',
        regionCode: '53.71',
      },
    }),
    'hospital',
  );
  const created = await apiOk<{ temporaryPassword: string }>(
    await admin.post('/api/users', {
      headers: adminHeaders,
      data: {
        username: jabarWorker.username,
        displayName: jabarWorker.displayName,
        agencyId: jabar!.id,
        roles: ['case_worker'],
        locale: 'id',
        timeZone: 'Asia/Jakarta',
      },
    }),
    'jabar case worker',
  );
  await logout(page);

  // The Jawa Barat case worker logs in, replaces the temporary password and takes in "Sity Noerhajati".
  const jabarApi = await playwright.request.newContext({ baseURL });
  const first = await apiOk<{ stage: string }>(
    await jabarApi.post('/api/auth/login', {
      data: { username: jabarWorker.username, password: created.temporaryPassword },
    }),
    'jabar login',
  );
  expect(first.stage).toBe('password_change');
  const changed = await apiOk<{ stage: string }>(
    await jabarApi.post('/api/auth/password', {
      headers: { 'x-csrf-token': await csrfOf(jabarApi) },
      data: { currentPassword: created.temporaryPassword, newPassword: jabarWorker.password },
    }),
    'jabar password change',
  );
  expect(changed.stage).toBe('active');
  const jabarCase = await apiOk<{ caseNumber: string }>(
    await jabarApi.post('/api/cases', {
      headers: { 'x-csrf-token': await csrfOf(jabarApi) },
      data: {
        person: { sex: 'Feminine', birthYear: lookalike.birthYear, citizenship: 'ID', regionCode: '53.71' },
        identity: { fullName: lookalike.fullName },
        referralSource: 'police',
        profile: { exploitationTypes: ['ForcedLabour'], exploitationCountry: 'MY' },
      },
    }),
    'jabar intake',
  );
  expect(jabarCase.caseNumber).toMatch(/\/\d{4}\/\d{5}$/);
  await jabarApi.dispose();
});

test('2. the NTT case worker takes in the girl; the duplicate check points to the other agency only', async ({
  page,
}) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await expect(page.getByTestId('nav-cases')).toBeVisible();
  await page.getByTestId('nav-cases').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kasus' })).toBeVisible();
  await expect(page.getByTestId('cases-table')).toBeVisible();
  await check(page, 'case list (empty)');

  await page.getByTestId('case-create').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Penerimaan kasus baru' })).toBeVisible();
  await expect(page).toHaveTitle('Penerimaan kasus baru · Pulih');
  await check(page, 'intake step 1');

  // Step 1: identity and profile. Without a name the form says so next to the field.
  await page.getByTestId('intake-check').click();
  await expect(page.getByTestId('intake-full-name')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('intake-full-name').fill(girl.fullName);
  await page.getByTestId('intake-birth-year').fill(String(girl.birthYear));
  // A malformed NIK comes back from the server as a field error next to the input.
  await page.getByTestId('intake-nik').fill('5371-12');
  await pick(page, 'intake-sex', 'Perempuan');
  await expect(page.getByTestId('intake-citizenship')).toHaveValue('Indonesia');
  await pick(page, 'intake-origin-province', 'Nusa Tenggara Timur', 'Nusa Tenggara Timur');
  await pick(page, 'intake-origin-regency', 'Kota Kupang', 'Kota Kupang');
  await pick(page, 'intake-languages', 'Bahasa Tetun', 'Tetun');
  await pick(page, 'intake-languages', 'Bahasa Melayu', 'Melayu');
  await pick(page, 'intake-education', 'Sekolah menengah pertama (SMP)');
  await pick(page, 'intake-marital', 'Belum kawin');
  await page.getByTestId('intake-check').click();
  await expect(page.getByTestId('intake-nik')).toHaveAttribute('aria-invalid', 'true');
  await check(page, 'intake step 1 with a field error');
  await page.getByTestId('intake-nik').fill('');
  await page.getByTestId('intake-check').click();

  // Step 2: a possible match at another agency — its name and contact, nothing about the person.
  const duplicates = page.getByTestId('intake-duplicates');
  await expect(duplicates).toBeVisible();
  const elsewhere = page.getByTestId('duplicate-elsewhere');
  await expect(elsewhere).toHaveCount(1);
  await expect(elsewhere).toContainText(jabarAgency);
  await expect(elsewhere).toContainText(jabarContact.phone);
  await expect(elsewhere).toContainText(jabarContact.email);
  await expect(page.getByTestId('duplicate-match')).toHaveCount(0);
  for (const secret of ['Sity', 'Noerhajati', String(lookalike.birthYear), 'S.N.', /P-[A-Z2-9]{8}/]) {
    await expect(duplicates).not.toContainText(secret);
  }
  await expect(page.getByTestId('duplicates-continue')).toBeDisabled();
  await check(page, 'intake step 2 (duplicate at another agency)');
  await page.getByTestId('duplicate-new').check();
  await page.getByTestId('duplicates-continue').click();

  // Step 3: how she came to us, first facts, HTCDS profile and events.
  await expect(page.getByTestId('intake-case-form')).toBeVisible();
  await pick(page, 'intake-referral', 'Perwakilan RI di luar negeri');
  await pick(page, 'intake-risk', 'Tinggi');
  await page
    .getByTestId('intake-summary')
    .fill('Bekerja sebagai pekerja rumah tangga di Kuala Lumpur sejak usia 15 tahun; paspor ditahan majikan.');
  await pick(page, 'intake-exploitationTypes', 'Kerja paksa');
  await pick(page, 'intake-methodsOfControl', 'Menahan dokumen', 'Menahan');
  await pick(page, 'intake-methodsOfControl', 'Jam kerja berlebihan', 'Jam kerja');
  await pick(page, 'intake-recruitmentMethods', 'Melalui keluarga atau acara keluarga', 'keluarga');
  await pick(page, 'intake-vulnerabilities', 'Kemiskinan', 'Kemiskinan');
  await pick(page, 'intake-relationship', 'Kenalan');
  await pick(
    page,
    'intake-industry',
    'T. Rumah tangga sebagai pemberi kerja (pekerja rumah tangga)',
    'Rumah tangga sebagai',
  );
  await pick(page, 'intake-exploitation-country', 'Malaysia', 'Malaysia');
  await page.getByTestId('intake-age-trafficked').fill('15');

  await page.getByTestId('event-add').click();
  await pick(page, 'event-0-type', 'Perekrutan');
  await pick(page, 'event-0-country', 'Indonesia', 'Indonesia');
  await pick(page, 'event-0-region-province', 'Nusa Tenggara Timur', 'Nusa Tenggara Timur');
  await pick(page, 'event-0-region-regency', 'Kota Kupang', 'Kota Kupang');
  await page.getByTestId('event-0-started').fill('2025-06-01');
  await page.getByTestId('event-add').click();
  await pick(page, 'event-1-type', 'Eksploitasi');
  await pick(page, 'event-1-country', 'Malaysia', 'Malaysia');
  await page.getByTestId('event-1-city').fill('Kuala Lumpur');
  await page.getByTestId('event-1-started').fill('2025-07-01');
  // An end before the start is refused by the server, next to the field.
  await page.getByTestId('event-1-ended').fill('2025-06-15');
  await check(page, 'intake step 3');
  await page.getByTestId('intake-submit').click();
  await expect(page.getByTestId('event-1-ended')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('event-1-ended').fill('2026-10-20');
  await page.getByTestId('intake-submit').click();

  // The case file: child (16), intake stage, profile and events as entered.
  await expect(page.getByTestId('case-created')).toBeVisible();
  await expect(page).toHaveURL(/\/cases\/[0-9a-f-]{36}$/);
  caseUrl = page.url();
  const caseNumber = ((await page.getByTestId('case-number').textContent()) ?? '').trim();
  expect(caseNumber).toMatch(/\/2026\/\d{5}$/);
  await expect(page).toHaveTitle(`${caseNumber} · Pulih`);
  await expect(page.getByTestId('child-badge').first()).toBeVisible();
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'intake');
  await expect(page.getByTestId('overview-child')).toHaveText(/^Ya —/);
  await expect(page.getByTestId('person-origin')).toHaveText('Kota Kupang, Nusa Tenggara Timur');
  await expect(page.getByTestId('profile-exploitationTypes')).toContainText('Kerja paksa');
  await expect(page.getByTestId('profile-industry')).toContainText('pekerja rumah tangga');
  await expect(page.getByTestId('profile-country')).toHaveText('Malaysia');
  await expect(page.getByTestId('event-row')).toHaveCount(2);
  await expect(page.getByTestId('identity-presence')).toContainText('Nama lengkap');
  await expect(page.getByText(girl.fullName)).toHaveCount(0);
  await check(page, 'case overview');

  // An event learnt later is added from the case file: a transit through Batam. Without its country it is
  // refused next to that field; with it, the events table has one more row.
  await page.getByTestId('events-add-open').click();
  const eventDialog = page.getByRole('dialog');
  await pick(page, 'event-0-type', 'Transit');
  await page.getByTestId('event-0-city').fill('Batam');
  await page.getByTestId('event-0-started').fill('2025-06-20');
  await eventDialog.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByTestId('event-0-country')).toHaveAttribute('aria-invalid', 'true');
  await pick(page, 'event-0-country', 'Indonesia', 'Indonesia');
  await check(page, 'add event dialog');
  await eventDialog.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(eventDialog).toHaveCount(0);
  await expect(page.getByTestId('event-row')).toHaveCount(3);
  await expect(page.getByTestId('event-row').filter({ hasText: 'Batam' })).toHaveCount(1);

  // The identity is masked; revealing it asks for fields and a purpose and shows the answer once.
  await page.getByTestId('reveal-open').click();
  await page.getByTestId('reveal-field-fullName').check();
  await page.getByTestId('reveal-purpose').fill('singkat');
  await page.getByTestId('reveal-submit').click();
  await expect(page.getByTestId('reveal-purpose')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('reveal-purpose').fill('Menghubungi keluarga untuk rencana pemulangan');
  await check(page, 'reveal identity dialog');
  await page.getByTestId('reveal-submit').click();
  await expect(page.getByTestId('revealed-fullName')).toHaveText(girl.fullName);
  await check(page, 'revealed identity');
  await page.getByTestId('reveal-done').click();
  await expect(page.getByText(girl.fullName)).toHaveCount(0);

  // The same page in English.
  await page.getByTestId('language-switch').selectOption('en');
  await expect(page.getByTestId('tab-overview')).toHaveText('Overview');
  await expect(page.getByTestId('profile-exploitationTypes')).toContainText('Forced labour');
  await check(page, 'case overview (en)');
  await page.getByTestId('language-switch').selectOption('id');
  await expect(page.getByTestId('tab-overview')).toHaveText('Ringkasan');

  // The list shows the case with initials only; the name search goes to the server.
  await page.getByTestId('nav-cases').click();
  const row = page.locator(`[data-testid="case-row"][data-case-number="${caseNumber}"]`);
  await expect(row).toContainText('S.N.');
  await expect(row.getByTestId('child-badge')).toBeVisible();
  await expect(row).toContainText('Penerimaan');
  await page.getByTestId('case-filter-name').fill('Siti Nurhayati');
  const search = page.waitForRequest((r) => r.url().includes('/api/cases/search') && r.method() === 'POST');
  await page.getByTestId('case-search').click();
  await search;
  await expect(page.getByTestId('case-row')).toHaveCount(1);
  await expect(row).toBeVisible();
  await check(page, 'case list after a name search');
  await logout(page);
});

test('3. screening under the child rule recommends "victim"; the case worker decides, the supervisor approves', async ({
  page,
}, info) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.goto(caseUrl);
  await openTab(page, 'screening', 'screening tab (empty)');
  await page.getByTestId('screening-new').click();
  await expect(page.getByTestId('screening-form')).toBeVisible();
  await page.getByTestId('act-recruitment').check();
  await page.getByTestId('act-transport').check();
  await page.getByTestId('indicator-d4.excessive_working_hours').check();
  await page.getByTestId('indicator-d4.low_or_no_salary').check();
  await page.getByTestId('indicator-d5.confiscation_of_documents').check();
  await check(page, 'screening form');
  await page.getByTestId('screening-submit').click();

  const result = page.getByTestId('screening-result');
  await expect(result).toHaveAttribute('data-recommendation', 'PossibleVictimOfTrafficking');
  await expect(page.getByTestId('screening-recommendation')).toContainText('Terduga korban TPPO');
  await expect(result).toContainText('Aturan anak');
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'screening');
  await check(page, 'screening result');
  await page.getByTestId('decide-submit').click();
  await expect(page.getByTestId('screening-approval')).toHaveAttribute('data-status', 'pending');
  await expect(page.getByTestId('approve-form')).toHaveCount(0);
  await logout(page);

  // Four eyes: the supervisor (TOTP enrolment at first login) approves from the alert.
  await loginWithTotp(page, info, 'supervisor.ntt');
  await openAlertCase(page, 'screening_approval_needed');
  await openTab(page, 'screening', 'screening awaiting approval (supervisor)');
  await page.getByTestId('screening-approve').click();
  await expect(page.getByTestId('screening-approval')).toHaveAttribute('data-status', 'approved');
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'identified');
  await openTab(page, 'overview', 'overview after approval');
  await expect(page.getByTestId('overview-status')).toHaveText('Terduga korban TPPO');
  await logout(page);
});

test('4. health rehabilitation is requested; 8 days later it is late and alerted; then it is delivered', async ({
  page,
  request,
}, info) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.goto(caseUrl);
  await page.getByTestId('transition-protection').click();
  await check(page, 'stage change dialog');
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'protection');

  await openTab(page, 'services', 'services tab (empty)');
  await page.getByTestId('service-new').click();
  await pick(page, 'service-type', 'Rehabilitasi kesehatan', 'Rehabilitasi kesehatan');
  await pick(page, 'service-provider', hospital, 'Johannes');
  await check(page, 'service request form');
  await page.getByTestId('service-submit').click();
  const health = page.locator('[data-testid="service-row"][data-type="health_rehabilitation"]');
  await expect(health).toHaveAttribute('data-status', 'requested');
  await expect(health).toContainText('Jam 7 hari berjalan');
  await expect(health.getByTestId('late-badge')).toHaveCount(0);

  // Eight days pass on the server (Law 21/2007 Art. 52(1): 7 days); the overdue job runs with the clock.
  const moved = await request.post('/api/test/clock', { data: { advanceMs: EIGHT_DAYS } });
  expect(moved.ok(), 'the e2e server runs with PULIH_TEST_CLOCK=true (playwright.config.ts)').toBe(true);
  const { now } = (await moved.json()) as { now: string };
  clockOffsetMs = Date.parse(now) - Date.now();
  expect(clockOffsetMs).toBeGreaterThan(EIGHT_DAYS - 60_000);
  rememberClockOffset(info, clockOffsetMs);

  // Sessions idle out after 30 minutes of server time: the browser must log in again.
  await page.reload();
  await expect(page.getByTestId('login-card')).toHaveAttribute('data-stage', 'credentials');
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.goto(caseUrl);
  await expect(page.getByTestId('late-badge').first()).toBeVisible();
  await openTab(page, 'services', 'services tab with a late request');
  await expect(health.getByTestId('late-badge')).toBeVisible();

  await page.getByTestId('nav-alerts').click();
  const overdue = page.locator('[data-testid="alert-item"][data-kind="service_overdue"]').first();
  await expect(overdue).toContainText('Rehabilitasi kesehatan');
  await expect(overdue).toContainText('7 hari');
  await check(page, 'alerts with an overdue service');

  await page.getByTestId('nav-cases').click();
  await page.getByTestId('case-filter-late').check();
  await expect(page.getByTestId('case-row')).toHaveCount(1);
  await expect(page.getByTestId('case-row').getByTestId('late-badge')).toBeVisible();
  await check(page, 'case list filtered on late services');

  await overdueToDelivered(page, health);
});

async function overdueToDelivered(page: Page, health: ReturnType<Page['locator']>) {
  await page.getByTestId('case-row').getByTestId('case-link').click();
  await expect(page).toHaveURL(caseUrl);
  await openTab(page, 'services', 'services tab before delivery');
  for (const [to, status] of [
    ['accepted', 'accepted'],
    ['delivered', 'delivered'],
  ] as const) {
    await health.getByTestId('service-actions').click();
    await page.getByTestId(`service-to-${to}`).click();
    // The actions menu closes with a transition; axe must not catch it half-gone (a menu without items).
    await expect(page.getByRole('menu')).toHaveCount(0);
    await check(page, `service status dialog (${to})`);
    await page.getByTestId('service-status-confirm').click();
    await expect(health).toHaveAttribute('data-status', status);
  }
  await expect(health.getByTestId('service-status')).toHaveText('Diberikan');
  await expect(health.getByTestId('late-badge')).toHaveCount(0);
}

test('5. reintegration surveys are recorded and the closure as reintegrated is approved', async ({ page }, info) => {
  expect(await submitCredentials(page, 'caseworker.ntt', demoPassword)).toBe('active');
  await page.goto(caseUrl);
  await page.getByTestId('transition-reintegration').click();
  await page.getByTestId('transition-confirm').click();
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'reintegration');

  const questionnaires = (await (await page.request.get('/api/assessments/questionnaires')).json()) as {
    key: string;
    scales: { id: string; options: { value: number | string; score: number }[] }[];
    questions: { id: string; scale: string; reverse: boolean; optional: boolean }[];
  }[];
  const survey = questionnaires.find((q) => q.key === 'reintegration_sustainability');
  expect(survey).toBeTruthy();
  const answer = (question: { scale: string; reverse: boolean }, how: 'middle' | 'best') => {
    const options = [...(survey!.scales.find((s) => s.id === question.scale)?.options ?? [])].sort(
      (a, b) => a.score - b.score,
    );
    if (how === 'middle') return options[Math.floor(options.length / 2)]!.value;
    return (question.reverse ? options[0] : options[options.length - 1])!.value;
  };

  await openTab(page, 'assessments', 'assessments tab (empty)');
  for (const round of ['baseline', 'follow_up'] as const) {
    await page.getByTestId('assessment-new').click();
    await expect(page.getByTestId('assessment-form')).toBeVisible();
    if (round === 'follow_up') {
      await pick(page, 'assessment-kind', 'Tindak lanjut');
      await pick(page, 'assessment-month', '3 bulan');
    }
    for (const question of survey!.questions) {
      const value = answer(question, round === 'baseline' ? 'middle' : 'best');
      await page.getByTestId(`answer-${question.id}-${value}`).check();
    }
    await check(page, `reintegration survey form (${round})`);
    await page.getByTestId('assessment-submit').click();
    await expect(page.getByTestId('assessment-form')).toHaveCount(0);
  }
  await expect(page.getByTestId('assessment-row')).toHaveCount(2);
  await expect(page.getByTestId('reintegration-verdict')).toHaveAttribute('data-sustainable', 'true');
  for (const dimension of ['economic', 'social', 'psychosocial']) {
    await expect(page.getByTestId(`trend-row-${dimension}`)).toBeVisible();
  }
  await expect(page.getByTestId('trend-table')).toContainText('Tindak lanjut 3 bulan');
  await check(page, 'reintegration trend');

  // The other tabs: a note, the follow-up tasks the baseline scheduled, an attachment, the timeline.
  await openTab(page, 'notes', 'notes tab');
  await page.getByTestId('note-body').fill('Kunjungan rumah: keluarga mendukung, sudah kembali bersekolah.');
  await page.getByTestId('note-submit').click();
  await expect(page.getByTestId('note-item')).toHaveCount(1);
  await openTab(page, 'tasks', 'tasks tab');
  await expect(page.locator('[data-testid="task-row"][data-kind="reintegration_follow_up"]')).toHaveCount(3);
  await openTab(page, 'attachments', 'attachments tab');
  await page.locator('input[type="file"]').setInputFiles({
    name: 'surat-keterangan.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'),
  });
  await page.getByTestId('attachment-submit').click();
  await expect(page.getByTestId('attachment-row')).toHaveCount(1);
  const download = page.waitForEvent('download');
  await page.getByTestId('attachment-download').click();
  expect((await download).suggestedFilename()).toBe('surat-keterangan.pdf');
  await openTab(page, 'timeline', 'timeline tab');
  await expect(page.locator('[data-testid="timeline-item"][data-kind="service.overdue"]')).toContainText(
    'Rehabilitasi kesehatan',
  );

  // The PDF summary (no identity unless asked for).
  await page.getByTestId('summary-pdf-open').click();
  await check(page, 'PDF summary dialog');
  const pdf = page.waitForEvent('download');
  await page.getByTestId('summary-pdf-download').click();
  expect((await pdf).suggestedFilename()).toMatch(/^ringkasan-kasus-.*\.pdf$/);

  // Closure as reintegrated, then the supervisor approves.
  await openTab(page, 'closure', 'closure tab');
  await pick(page, 'closure-reason-select', 'Berhasil direintegrasi');
  await page.getByTestId('closure-note').fill('Survei 3 bulan: semua dimensi di atas ambang.');
  await page.getByTestId('closure-submit').click();
  await expect(page.getByTestId('closure-pending')).toBeVisible();
  await expect(page.getByTestId('closure-approval')).toHaveCount(0);
  await check(page, 'closure requested');
  await logout(page);

  // The supervisor logs in with a code of the server's (moved) time.
  await loginWithTotp(page, info, 'supervisor.ntt');
  await openAlertCase(page, 'closure_approval_needed');
  await openTab(page, 'closure', 'closure awaiting approval (supervisor)');
  await expect(page.getByTestId('closure-reason')).toHaveText('Berhasil direintegrasi');
  await page.getByTestId('closure-approve').click();
  await expect(page.getByTestId('case-closed')).toBeVisible();
  await expect(page.getByTestId('stage-badge')).toHaveAttribute('data-stage', 'closed');
  await check(page, 'closed case');
  await logout(page);
});
