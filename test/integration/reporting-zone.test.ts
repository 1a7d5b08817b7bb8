import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { refreshIndicatorFacts } from '../../src/modules/indicators/index.js';
import { reportJobs } from '../../src/modules/reports/index.js';
import { type Client, describeEachDatabase, type Harness } from '../support/harness.js';
import { allFacts, consent, createCase } from '../support/htcds.js';

/*
 * Every count attributes an instant to a day and a year in the reporting zone, WIB (platform/time.ts,
 * docs/architecture.md "Where each rule lives"): a case registered on 1 January at 01:30 WIB — still 31 December
 * in UTC — counts in the new year in the indicators, the CTDC release, the HTCDS export and the task force's
 * scheduled reports; one registered on 1 January 2027 at 00:30 WIB (2026 in UTC) does not count in 2026.
 */
const registered = {
  lastOf2025: '2025-12-31T23:30:00+07:00', // 16:30 UTC: 2025 either way
  firstOf2026: '2026-01-01T01:30:00+07:00', // 2025-12-31T18:30Z: 2026 only in WIB
  lastOf2026: '2026-12-31T23:30:00+07:00', // 16:30 UTC: 2026 either way
  firstOf2027: '2027-01-01T00:30:00+07:00', // 2026-12-31T17:30Z: 2027 only in WIB
};

/** Moves the harness's clock to an instant (the clock only ever moves by an offset). */
const setClock = (h: Harness, at: string) => h.clock.advance(Date.parse(at) - h.clock.now().getTime());

/** Runs the scheduled-reports job as the job runner does (its own scheduler context); the reports it made. */
const runSchedule = async (h: Harness) => Number(await reportJobs[0]!.run(h.operator()));

/** The scheduled reports in the table: kind, period and format of each, sorted. */
const scheduledReports = async (h: Harness) =>
  (
    await sql<{ kind: string; period_from: string; period_to: string; format: string }>`
      select kind, period_from, period_to, format from evaluation_reports where scheduled = 1`.execute(
      h.services.database.db,
    )
  ).rows
    .map((r) => `${r.kind} ${r.period_from}..${r.period_to} ${r.format}`)
    .sort();

describeEachDatabase('reporting zone: a case counts in the year and on the day of its registration in WIB', (h) => {
  let supervisor: Client;
  beforeAll(async () => {
    // 1 January 2027, 01:00 WIB: still 31 December 2026 in UTC.
    setClock(h(), '2027-01-01T01:00:00+07:00');
    supervisor = await h().login('supervisor.ntt');
    for (const [name, intakeAt] of Object.entries(registered)) {
      const id = await createCase(supervisor, `Korban ${name}`, { intakeAt });
      // The HTCDS export carries a case only under a consent that covers it.
      await consent(supervisor, id, 'statistics', allFacts);
    }
    // Presumed victims (a screening would decide it): the CTDC release carries victims and presumed victims only.
    await sql`update cases set trafficking_status = 'PossibleVictimOfTrafficking'`.execute(h().services.database.db);
    expect((await refreshIndicatorFacts(h().operator())).skipped).toBe(false);
  }, 120_000);

  it('the indicators: the period filter, the year and the month breakdowns count in WIB', async () => {
    const compute = async (query: string) => {
      const res = await supervisor.get(`/api/indicators/compute?keys=victims_presumed&${query}`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().suppression).toBe(false);
      return res.json().figures[0] as { value: number; breakdown: { key: string | null; value: number }[] | null };
    };
    expect((await compute('from=2026-01-01&to=2026-12-31')).value).toBe(2);
    expect((await compute('from=2026-01-01&to=2026-01-01')).value).toBe(1);
    expect((await compute('from=2025-12-31&to=2025-12-31')).value).toBe(1);
    expect((await compute('from=2027-01-01&to=2027-01-01')).value).toBe(1);
    const byYear = await compute('by=year&from=2025-01-01&to=2027-12-31');
    expect(Object.fromEntries(byYear.breakdown!.map((c) => [c.key, c.value]))).toEqual({
      '2025': 1,
      '2026': 2,
      '2027': 1,
    });
    const byMonth = await compute('by=month&from=2025-12-01&to=2027-01-31');
    expect(Object.fromEntries(byMonth.breakdown!.filter((c) => c.value > 0).map((c) => [c.key, c.value]))).toEqual({
      '2025-12': 1,
      '2026-01': 1,
      '2026-12': 1,
      '2027-01': 1,
    });
  });

  it('the CTDC release: the year of registration and the year filter are years in WIB', async () => {
    const dpo = await h().login('dpo');
    const rows = async (years: string) => {
      const res = await dpo.get(`/api/publication/ctdc/preview?${years}&k=2`);
      expect(res.statusCode, res.body).toBe(200);
      return res.json().rows as number;
    };
    expect(await rows('fromYear=2026&toYear=2026')).toBe(2);
    expect(await rows('fromYear=2025&toYear=2025')).toBe(1);
    expect(await rows('fromYear=2027&toYear=2027')).toBe(1);
    // The two cases of 2026 share every quasi-identifier (a class of 2 = k): released with their exact year.
    const release = await dpo.get('/api/publication/ctdc?fromYear=2026&toYear=2026&k=2');
    expect(release.statusCode, release.body).toBe(200);
    const [header = '', ...lines] = release.body.trimEnd().split('\n');
    const year = header.split(',').indexOf('yearOfRegistration');
    expect(lines.map((l) => l.split(',')[year])).toEqual(['2026', '2026']);
  });

  it('the HTCDS export: the registration date and the period filter are dates in WIB', async () => {
    const dates = async (query: string) => {
      const res = await supervisor.get(`/api/exchange/htcds/export${query}`);
      expect(res.statusCode, res.body).toBe(200);
      return (JSON.parse(res.body) as { pulih_RegistrationDate: string }[]).map((r) => r.pulih_RegistrationDate).sort();
    };
    expect(await dates('')).toEqual(['2025-12-31', '2026-01-01', '2026-12-31', '2027-01-01']);
    expect(await dates('?from=2026-01-01&to=2026-12-31')).toEqual(['2026-01-01', '2026-12-31']);
    expect(await dates('?from=2027-01-01')).toEqual(['2027-01-01']);
    expect(await dates('?to=2025-12-31')).toEqual(['2025-12-31']);
  });

  it('the reports: at 00:30 WIB on 1 January the schedule makes the year just ended, which counts in WIB', async () => {
    // 1 January 2027 in WIB (31 December 2026 in UTC): the annual report of 2026, in both formats.
    expect(await runSchedule(h())).toBe(2);
    expect(await scheduledReports(h())).toEqual([
      'annual 2026-01-01..2026-12-31 pdf',
      'annual 2026-01-01..2026-12-31 xlsx',
    ]);
    // The annual report of 2026 counts both cases of 2026 in WIB (the supervisor's: no suppression).
    const made = await supervisor.post('/api/reports', { kind: 'annual', format: 'xlsx', year: 2026, locale: 'en' });
    expect(made.statusCode, made.body).toBe(202);
    const id = made.json().id as string;
    for (let i = 0; i < 600; i++) {
      const item = (await supervisor.get('/api/reports')).json().items.find((x: { id: string }) => x.id === id);
      if (item.status === 'done') break;
      expect(item.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const file = await supervisor.get(`/api/reports/${id}/download`);
    expect(file.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(file.rawPayload as unknown as ArrayBuffer);
    const presumed = book
      .getWorksheet('indicators')!
      .getSheetValues()
      .find((row) => Array.isArray(row) && row[1] === 'Presumed victims') as unknown[] | undefined;
    expect(presumed?.[2]).toBe(2);
  });
});

describeEachDatabase(
  'scheduled reports: the annual report every year, the five-year review after 2029, each once',
  (h) => {
    it('makes each report once as the clock moves through the turn of the year in WIB', async () => {
      // 31 December 2029, 23:30 WIB: the year just ended is 2028 (not the end of a five-year period).
      setClock(h(), '2029-12-31T23:30:00+07:00');
      expect(await runSchedule(h())).toBe(2);
      expect(await runSchedule(h())).toBe(0);
      // One hour later it is 1 January 2030 in WIB (still 2029 in UTC): 2029 has ended, and with it 2025–2029.
      h().clock.advance(60 * 60_000);
      expect(await runSchedule(h())).toBe(4);
      // The job runs every 6 hours: later runs, that day and later in the year, make nothing again.
      for (const hours of [6, 6, 24 * 30, 24 * 300]) {
        h().clock.advance(hours * 60 * 60_000);
        expect(await runSchedule(h())).toBe(0);
      }
      expect(await scheduledReports(h())).toEqual([
        'annual 2028-01-01..2028-12-31 pdf',
        'annual 2028-01-01..2028-12-31 xlsx',
        'annual 2029-01-01..2029-12-31 pdf',
        'annual 2029-01-01..2029-12-31 xlsx',
        'five_year 2025-01-01..2029-12-31 pdf',
        'five_year 2025-01-01..2029-12-31 xlsx',
      ]);
      // National viewers find the five-year review in their list.
      const analyst = await h().login('analyst.national');
      const listed = (await analyst.get('/api/reports')).json().items as { kind: string; scheduled: boolean }[];
      expect(listed.filter((r) => r.kind === 'five_year' && r.scheduled)).toHaveLength(2);
      // In 2031 the year just ended (2030) opens a period: the annual report only.
      setClock(h(), '2031-01-01T06:00:00+07:00');
      expect(await runSchedule(h())).toBe(2);
      expect((await scheduledReports(h())).filter((r) => r.startsWith('five_year'))).toHaveLength(2);
    }, 300_000);
  },
);
