import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, expect, it } from 'vitest';
import { assignForeignCitizenships } from '../../../test/support/citizenship.js';
import { type Client, describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';
import { refreshIndicatorFacts } from '../indicators/index.js';
import { allLinkedGroups, linkPersonRecords } from '../persons/index.js';

/*
 * The task force's reports as files (reports.render.ts): the annual report and the five-year review, each as XLSX
 * (read back with exceljs) and PDF (text read back with unpdf), generated through the API on synthetic demo data,
 * their tables checked against counts made here in SQL straight from the cases and persons tables — not through
 * the indicator engine or its facts. A year is the reporting year: from 1 January 00:00 WIB (17:00 UTC the day
 * before), as platform/time.ts attributes every count.
 */
const YEAR = 2024;

type Cell = string | number | null;

async function sheets(body: Buffer): Promise<Map<string, Cell[][]>> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(body as unknown as ArrayBuffer);
  const out = new Map<string, Cell[][]>();
  book.eachSheet((sheet) => {
    const rows: Cell[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      rows.push((row.values as Cell[]).slice(1).map((v) => (v === undefined ? null : v)));
    });
    out.set(sheet.name, rows);
  });
  return out;
}

async function pdfText(body: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(body)), { mergePages: true });
  return text.replace(/\s+/g, ' ');
}

/** The row of a table whose first cell is `label`. */
const rowOf = (rows: Cell[][] | undefined, label: string | number) => {
  const row = rows?.find((r) => r[0] === label);
  expect(row, `row "${label}"`).toBeDefined();
  return row!;
};

describeEachDatabase('reports: annual and five-year, XLSX and PDF, against independent counts', (h) => {
  let supervisor: Client;
  let agencyId = '';
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 1200, seed: 21 });
    await assignForeignCitizenships(h().services.database.db);
    // Three victims of the report's year are Bruneian: a cell below the small-cell threshold, whatever the ids.
    await sql`
      update persons set citizenship = 'BN' where id in (
        select person_id from cases where intake_at >= ${`${YEAR - 1}-12-31T17:00:00.000Z`}
        and intake_at < ${`${YEAR}-12-31T17:00:00.000Z`}
        and (trafficking_status is null or trafficking_status <> 'NotAVictimOfTrafficking')
        order by id limit 3)`.execute(h().services.database.db);
    const r = await refreshIndicatorFacts(h().operator());
    expect(r.skipped).toBe(false);
    supervisor = await h().login('supervisor.ntt');
    supervisor.locale = 'en';
    agencyId = (await supervisor.get('/api/auth/me')).json().agency.id as string;
  }, 300_000);

  const db = () => h().services.database.db;

  /** Victims identified in a year at the supervisor's agency, from the cases table. */
  const identified = async (year: number) =>
    Number(
      (
        await sql<{ n: number }>`
          select count(*) as n from cases where trafficking_status = 'ActualVictimOfTrafficking'
          and intake_at >= ${`${year - 1}-12-31T17:00:00.000Z`} and intake_at < ${`${year}-12-31T17:00:00.000Z`}
          and lead_agency_id = ${agencyId}`.execute(db())
      ).rows[0]!.n,
    );

  /** Unique victims of YEAR (every status but "not a victim", one linked victim once) by a key of their case. */
  const uniqueVictims = async (
    agency: string | null,
    keyOf: (v: { is_child: number | boolean; sex: string | null; citizenship: string | null }) => string,
  ) => {
    const victims = await sql<{
      person_id: string;
      is_child: number | boolean;
      sex: string | null;
      citizenship: string | null;
    }>`
      select c.person_id, c.is_child, p.sex, p.citizenship from cases c join persons p on p.id = c.person_id
      where (c.trafficking_status is null or c.trafficking_status <> 'NotAVictimOfTrafficking')
      and c.intake_at >= ${`${YEAR - 1}-12-31T17:00:00.000Z`} and c.intake_at < ${`${YEAR}-12-31T17:00:00.000Z`}
      ${agency === null ? sql`` : sql`and c.lead_agency_id = ${agency}`}`.execute(db());
    await linkPersonRecords(h().operator());
    const groupOf = await allLinkedGroups(db());
    const cells = new Map<string, Set<string>>();
    for (const v of victims.rows) {
      const set = cells.get(keyOf(v)) ?? new Set<string>();
      set.add(groupOf.get(v.person_id) ?? v.person_id);
      cells.set(keyOf(v), set);
    }
    return (key: string) => cells.get(key)?.size ?? 0;
  };

  const generate = async (kind: 'annual' | 'five_year', format: 'xlsx' | 'pdf', by = supervisor) => {
    const res = await by.post('/api/reports', { kind, format, year: YEAR, locale: 'en' });
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    for (let i = 0; i < 600; i++) {
      const list = (await by.get('/api/reports')).json();
      const item = (list.items ?? list).find((x: { id: string }) => x.id === id);
      if (item.status === 'done') break;
      expect(item.status).not.toBe('failed');
      await new Promise((r) => setTimeout(r, 100));
    }
    const file = await by.get(`/api/reports/${id}/download`);
    expect(file.statusCode).toBe(200);
    return file.rawPayload;
  };

  it('the annual report: indicators, US TIP counts and the GLOTIP victims table match the source tables', async () => {
    const n = await identified(YEAR);
    expect(n).toBeGreaterThan(10);
    const closed = Number(
      (
        await sql<{ n: number }>`
          select count(*) as n from cases where closed_at >= ${`${YEAR - 1}-12-31T17:00:00.000Z`}
          and closed_at < ${`${YEAR}-12-31T17:00:00.000Z`} and lead_agency_id = ${agencyId}`.execute(db())
      ).rows[0]!.n,
    );
    // GLOTIP: unique victims (every status but "not a victim") by child/adult and sex, one linked victim once.
    const cell = await uniqueVictims(
      agencyId,
      (v) => `${v.is_child === 1 || v.is_child === true ? 'child' : 'adult'}:${v.sex}`,
    );
    expect(cell('adult:Feminine')).toBeGreaterThan(10);
    const citizens = await uniqueVictims(agencyId, (v) => v.citizenship ?? '-');

    const book = await sheets(await generate('annual', 'xlsx'));
    expect([...book.keys()]).toEqual([
      'indicators',
      'sdg_16_2_2',
      'glotip_victims',
      'glotip_citizenship',
      'glotip_justice',
      'us_tip',
    ]);
    const indicators = book.get('indicators');
    expect(rowOf(indicators, 'Victims identified')[1]).toBe(n);
    expect(rowOf(indicators, 'Cases closed')[1]).toBe(closed);
    expect(rowOf(book.get('us_tip'), YEAR)[1]).toBe(n);
    const glotip = book.get('glotip_victims');
    expect(rowOf(glotip, 'Girls')[1]).toBe(cell('child:Feminine'));
    expect(rowOf(glotip, 'Boys')[1]).toBe(cell('child:Masculine'));
    expect(rowOf(glotip, 'Women')[1]).toBe(cell('adult:Feminine'));
    expect(rowOf(glotip, 'Men')[1]).toBe(cell('adult:Masculine'));
    // GLOTIP by citizenship: Indonesians, then foreign citizens by country name (i18n-iso-countries), then unknown.
    const byCitizenship = book.get('glotip_citizenship');
    expect(citizens('ID')).toBeGreaterThan(10);
    expect(rowOf(byCitizenship, 'Indonesian citizens')[1]).toBe(citizens('ID'));
    expect(rowOf(byCitizenship, 'Foreign: Malaysia')[1]).toBe(citizens('MY'));
    if (citizens('TL')) expect(rowOf(byCitizenship, 'Foreign: Timor-Leste')[1]).toBe(citizens('TL'));
    if (citizens('-')) expect(rowOf(byCitizenship, 'Unknown')[1]).toBe(citizens('-'));
    // An agency's report holds no national law-enforcement figures: the table says why, with no rows.
    expect(book.get('glotip_justice')!.some((r) => String(r[0]).includes('national'))).toBe(true);

    const text = await pdfText(await generate('annual', 'pdf'));
    for (const title of ['Indicators', 'SDG 16.2.2', 'UNODC GLOTIP', 'US TIP-style counts per year'])
      expect(text).toContain(title);
    expect(text).toContain(`Victims identified ${n} `);
    expect(text).toContain(`Cases closed ${closed} `);
    expect(text).toContain(`Women ${cell('adult:Feminine')} `);
    expect(text).toContain('UNODC GLOTIP: detected victims by citizenship');
    expect(text).toContain(`Indonesian citizens ${citizens('ID')} `);
    expect(text).toContain(`Foreign: Malaysia ${citizens('MY')} `);
    expect(text).toContain(`${YEAR} ${n} `);
  }, 300_000);

  it('GLOTIP by citizenship for an aggregate-only role: counts as SQL says, a cell below the threshold withheld', async () => {
    const min = h().config.smallCellMin;
    const national = await uniqueVictims(null, (v) => v.citizenship ?? '-');
    expect(national('BN')).toBeGreaterThan(0);
    expect(national('BN')).toBeLessThan(min);
    const analyst = await h().login('analyst.national');
    analyst.locale = 'en';
    const rows = (await sheets(await generate('annual', 'xlsx', analyst))).get('glotip_citizenship');
    const expected = (n: number) => (n > 0 && n < min ? 'withheld' : n);
    expect(rowOf(rows, 'Indonesian citizens')[1]).toBe(expected(national('ID')));
    expect(rowOf(rows, 'Foreign: Malaysia')[1]).toBe(expected(national('MY')));
    expect(rowOf(rows, 'Foreign: Brunei Darussalam')[1]).toBe('withheld');
    // No shown cell of the table is below the threshold.
    const body = rows!.slice(rows!.findIndex((r) => r[0] === 'Citizenship') + 1);
    expect(body.filter((r) => typeof r[1] === 'number' && r[1] > 0 && r[1] < min)).toEqual([]);
    const text = await pdfText(await generate('annual', 'pdf', analyst));
    expect(text).toContain('Foreign: Brunei Darussalam withheld');
  }, 300_000);

  it('the five-year review: victims identified year by year match the source tables, in XLSX and PDF', async () => {
    const years = [YEAR - 4, YEAR - 3, YEAR - 2, YEAR - 1, YEAR];
    const counts = await Promise.all(years.map(identified));
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(n0(counts));
    const book = await sheets(await generate('five_year', 'xlsx'));
    expect(book.has('five_year')).toBe(true);
    const row = rowOf(book.get('five_year'), 'Victims identified');
    years.forEach((y, i) => {
      expect(row[i + 1], String(y)).toBe(counts[i] === 0 ? null : counts[i]);
    });
    const tip = book.get('us_tip');
    for (const [i, y] of years.entries()) expect(rowOf(tip, y)[1]).toBe(counts[i]);

    const text = await pdfText(await generate('five_year', 'pdf'));
    expect(text).toContain('Indicators by year');
    for (const [i, y] of years.entries()) expect(text).toContain(`${y} ${counts[i]} `);
  }, 300_000);
});

/** The largest single year: the review must hold more than one year's cases. */
const n0 = (counts: number[]) => Math.max(...counts);
