import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { extractText, getDocumentProxy } from 'unpdf';
import { identityFields } from '../../src/contract/persons.js';
import { expectFieldError, requiredMessage } from './fields.js';
import { expectAccessible, loginWithTotp, logout, pick } from './helpers.js';

/**
 * Issue 14's journey in Chromium, on both databases: the provincial task-force analyst (aggregate-only) opens the
 * evaluation dashboard — no identity anywhere on the page —, drills from "served late" down to a list of case
 * numbers without names, narrows the dashboard to one citizenship (the drill-down keeps it), and downloads the
 * annual report as XLSX (read back with exceljs) and as PDF (its tables read back with unpdf). A victim with a recognisable name is registered first and the indicator facts
 * refreshed (the test clock's job run), so the check for names has a name to miss.
 */
test.describe.configure({ mode: 'serial', timeout: 10 * 60_000 });

const victimName = 'Kornelia Tandiarrang Seuk';
let serverToday = '';

/** The twelve victims step 1 registers, each with a name, NIK, phone and date of birth for the analyst to miss. */
const stamp = String(Date.now()).slice(-8);
const victims = Array.from({ length: 12 }, (_, i) => ({
  fullName: i === 0 ? victimName : `${victimName.split(' ')[0]} Korban ${i}`,
  nik: `5371${stamp}${String(i).padStart(4, '0')}`,
  phones: [`0813${stamp}${String(i).padStart(2, '0')}`],
  dateOfBirth: `${1995 + i}-03-${String(10 + i).padStart(2, '0')}`,
}));
/**
 * Everything that would identify one of them: each full name and the parts of the recognisable one (not the word
 * "Korban", victim, which the page says on its own), the NIK, the phone, the date of birth.
 */
const plantedValues = [
  ...victimName.split(' '),
  ...victims.flatMap((v) => [v.fullName, v.nik, ...v.phones, v.dateOfBirth]),
];
/**
 * Keys a person-level answer carries: the identity vault's fields (the persons schema's names, from the contract)
 * and the person's pseudonymous handles; none belongs in what an aggregate-only analyst receives.
 */
const identityKeys = [...identityFields, 'pseudonym', 'initials', 'personId'];
/** What a drill-down row may hold for this analyst: the case number, the date, status, amount, region and agency. */
const drillItemKeys = ['agencyType', 'amount', 'caseId', 'caseNumber', 'onDate', 'province', 'regency', 'status'];

async function check(page: Page, where: string) {
  await page.waitForLoadState('networkidle');
  await expectAccessible(page, where);
  await expect(page.locator('body'), `untranslated text on ${where}`).not.toContainText(/\bevaluation\.[A-Za-z_.]+/);
  const html = await page.content();
  for (const part of victimName.split(' ')) expect(html, `a name on ${where}`).not.toContain(part);
}

/** Every answer of the API the page receives from now on (its URL and body), to search for identity afterwards. */
function recordApi(page: Page) {
  const pending: Promise<{ url: string; status: number; body: string }>[] = [];
  page.on('response', (response) => {
    if (!new URL(response.url()).pathname.startsWith('/api/')) return;
    pending.push(
      response.text().then(
        (body) => ({ url: response.url(), status: response.status(), body }),
        // A redirect or an answer the page dropped has no body to read; it is kept, empty, so it can be seen.
        () => ({ url: response.url(), status: response.status(), body: '' }),
      ),
    );
  });
  return () => Promise.all(pending);
}

/** No planted name, NIK, phone or date of birth, and no identity field, in any answer the analyst's page received. */
function expectNoIdentity(answers: { url: string; body: string }[], where: string) {
  for (const { url, body } of answers) {
    for (const value of plantedValues) expect(body, `${value} in ${url} (${where})`).not.toContain(value);
    for (const key of identityKeys) expect(body, `the field ${key} in ${url} (${where})`).not.toContain(`"${key}":`);
  }
}

test('1. a case worker registers victims whose statutory services are late; the facts are refreshed', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'caseworker.ntt');
  const csrf = (await page.context().cookies()).find((c) => c.name === 'pulih_csrf')?.value ?? '';
  const headers = { 'x-csrf-token': csrf };
  const me = (await (await page.request.get('/api/auth/me')).json()) as { agency: { id: string } };
  const { now } = (await (await page.request.post('/api/test/clock', { data: { advanceMs: 0 } })).json()) as {
    now: string;
  };
  // Applied for ten days ago and never delivered: late under Art. 52(1) (7 days). Twelve, above the threshold.
  const appliedAt = new Date(Date.parse(now) - 10 * 86_400_000).toISOString();
  for (let i = 0; i < victims.length; i++) {
    const created = await page.request.post('/api/cases', {
      headers,
      data: {
        referralSource: 'family',
        // Malaysian citizens (foreign victims found in Kupang): step 3 narrows the dashboard to them.
        person: { sex: 'Feminine', birthYear: 1995 + i, regionCode: '53.71', citizenship: 'MY' },
        identity: victims[i],
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const service = await page.request.post(`/api/cases/${id}/services`, {
      headers,
      data: { type: 'health_rehabilitation', applicant: 'victim', appliedAt, providerAgencyId: me.agency.id },
    });
    expect(service.status(), await service.text()).toBe(201);
  }
  // Runs every job now (the clock does not move): the indicator facts are rebuilt with these cases.
  const jobs = await page.request.post('/api/test/clock', { data: { advanceMs: 0 } });
  expect(jobs.ok()).toBe(true);
  const body = (await jobs.json()) as { now: string; jobs: Record<string, number> };
  expect(body.jobs['indicator-facts-refresh']).toBeGreaterThan(0);
  serverToday = body.now.slice(0, 10);
  await logout(page);
});

test('2. the provincial analyst opens the dashboard and drills from "served late" to case numbers', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'analyst.ntt');
  const received = recordApi(page);
  await page.getByRole('link', { name: /Pemantauan & evaluasi/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Pemantauan dan evaluasi' })).toBeVisible();
  await page.getByTestId('period-from').fill('2019-01-01');
  await page.getByTestId('period-to').fill(serverToday);
  await page.getByTestId('apply-period').click();
  await expect(page.getByTestId('as-of')).toContainText('Wilayah Anda');
  await expect(page.getByTestId('figure-victims_unique')).toBeVisible();
  await expect(page.getByTestId('province-map')).toBeVisible();
  // Small numbers withheld for this aggregate-only role: the page says so.
  await expect(page.getByText('Angka kecil disembunyikan', { exact: true })).toBeVisible();
  // Every chart has its table: open one and read a row.
  await page.getByTestId('panel-map').locator('summary').click();
  await expect(page.getByTestId('panel-map').locator('table tbody tr').first()).toBeVisible();
  await check(page, 'evaluation dashboard');

  const late = page.getByTestId('figure-services_late');
  const shown = Number((await late.getByTestId('figure-value').textContent())?.replace(/\D/g, ''));
  expect(shown).toBeGreaterThanOrEqual(10);
  await late.getByTestId('drill-services_late').click();
  await expect(page.getByTestId('drill-summary')).toContainText(String(shown));
  const rows = page.getByTestId('drill-table').locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  const numbers = await rows.locator('td:first-child').allTextContents();
  expect(numbers.length).toBeGreaterThan(0);
  for (const n of numbers) expect(n).toMatch(/^[A-Z0-9]+\/\d{4}\/\d{5}$/);
  // Numbers only: no link into a case the analyst may not open.
  await expect(page.getByTestId('drill-table').locator('a')).toHaveCount(0);
  // The columns are the case number, its date, status, amount, region and agency: nothing about the person.
  await expect(page.getByTestId('drill-table').locator('thead th')).toHaveText([
    'Nomor kasus',
    'Tanggal',
    'Status',
    'Hari / jam / skor',
    'Wilayah',
    'Jenis lembaga',
  ]);
  await check(page, 'drill-down of served late');

  const answers = await received();
  const drill = answers.filter((a) => new URL(a.url).pathname === '/api/indicators/services_late/drilldown');
  expect(answers.some((a) => new URL(a.url).pathname.startsWith('/api/dashboards/'))).toBe(true);
  expect(drill.length).toBeGreaterThan(0);
  for (const { body } of drill) {
    const { items } = JSON.parse(body) as { items: Record<string, unknown>[] };
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(drillItemKeys);
      // No way into the case: the analyst may not open it.
      expect(item.caseId).toBeNull();
    }
  }
  expectNoIdentity(answers, 'dashboard and drill-down of served late');
});

test('3. the analyst narrows the dashboard to one citizenship and drills: the list has the same count', async ({
  page,
}, info) => {
  await loginWithTotp(page, info, 'analyst.ntt');
  const received = recordApi(page);
  await page.goto('/evaluation');
  await page.getByTestId('period-from').fill('2019-01-01');
  await page.getByTestId('period-to').fill(serverToday);
  // The country list arrives with the reference data (pick waits for the option and checks the input shows it).
  await pick(page, 'filter-citizenship', 'Malaysia', 'Malay');
  const narrowed = page.waitForResponse(
    (r) => r.url().includes('/api/dashboards/') && r.url().includes('citizenship=MY'),
  );
  await page.getByTestId('apply-period').click();
  expect((await narrowed).status()).toBe(200);
  const late = page.getByTestId('figure-services_late');
  await expect(late.getByTestId('drill-services_late')).toBeVisible();
  const shown = Number((await late.getByTestId('figure-value').textContent())?.replace(/\D/g, ''));
  // The twelve Malaysian victims of step 1 (the demo's own cases may add more).
  expect(shown).toBeGreaterThanOrEqual(12);
  await late.getByTestId('drill-services_late').click();
  await expect(page).toHaveURL(/citizenship=MY/);
  await expect(page.getByTestId('drill-summary')).toContainText(String(shown));
  await expect(page.getByTestId('drill-table').locator('tbody tr').first()).toBeVisible();
  await check(page, 'drill-down of served late, Malaysian citizens');
  const answers = await received();
  // Without this, no answer at all would pass the check below.
  expect(answers.length).toBeGreaterThan(0);
  expectNoIdentity(answers, 'dashboard and drill-down of Malaysian citizens');
});

/**
 * The evaluation page with its data in: the figures and the map above the reports form arrive after it and push
 * it down the page (a dropdown opened before then loses its place), and the reports table is filled.
 */
async function openEvaluation(page: Page): Promise<void> {
  await expect(page.getByTestId('figure-services_late')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('panel-map')).toBeVisible();
  await expect(page.getByTestId('reports-table')).toBeVisible();
  await page.waitForLoadState('networkidle');
}

async function generateAndDownload(page: Page, format: 'xlsx' | 'pdf'): Promise<Buffer> {
  await pick(page, 'report-format', format.toUpperCase());
  await page.getByTestId('report-year').fill(serverToday.slice(0, 4));
  await page.getByTestId('report-generate').click();
  const link = page.getByTestId(`report-download-${format}`).first();
  await expect(link).toBeVisible({ timeout: 120_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFile((await download.path()) as string);
}

test('4. the analyst downloads the annual report: the XLSX opens, the PDF has the tables', async ({ page }, info) => {
  await loginWithTotp(page, info, 'analyst.ntt');
  await page.goto('/evaluation');
  await openEvaluation(page);

  // The year: left empty, the form's rule names it; a year before the data, the server does, on the field.
  const year = page.getByTestId('report-year');
  await year.fill('');
  await page.getByTestId('report-generate').click();
  await expectFieldError(year, requiredMessage);
  await expect(year).toBeFocused();
  await year.fill('1999');
  await page.getByTestId('report-generate').click();
  await expectFieldError(year, 'Minimal 2000.');
  await expectAccessible(page, 'reports with a field error');

  const xlsx = await generateAndDownload(page, 'xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx as unknown as ArrayBuffer);
  const sheets = book.worksheets.map((s) => s.name);
  expect(sheets).toEqual(
    expect.arrayContaining(['indicators', 'sdg_16_2_2', 'glotip_victims', 'glotip_justice', 'us_tip']),
  );
  const indicators = book.getWorksheet('indicators')!;
  const firstColumn = indicators.getColumn(1).values.map(String);
  expect(firstColumn).toContain('Layanan terlambat');
  // No cell below the threshold for this role: every number in the indicators sheet is 0 or ≥ 10 (counts).
  const counts: number[] = [];
  indicators.eachRow((row, i) => {
    if (i < 5) return;
    for (const c of [3, 4]) {
      const v = row.getCell(c).value;
      if (typeof v === 'number') counts.push(v);
    }
  });
  expect(counts.length).toBeGreaterThan(0);
  expect(counts.filter((v) => v > 0 && v < 10)).toEqual([]);
  const text = JSON.stringify(book.worksheets.map((s) => s.getSheetValues()));
  for (const part of victimName.split(' ')) expect(text).not.toContain(part);

  await page.reload();
  await openEvaluation(page);
  const pdf = await generateAndDownload(page, 'pdf');
  const { text: pages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  expect(pages).toContain('SDG 16.2.2');
  expect(pages).toContain('UNODC GLOTIP');
  expect(pages).toContain('Layanan terlambat');
  expect(pages).toContain('TIP');
  await check(page, 'reports');
});
