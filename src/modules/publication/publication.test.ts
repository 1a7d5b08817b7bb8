import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { generateSynthetic } from '../../cli/synthetic.js';

/** The CSV the release routes send: header row, then rows (no value of ours holds a comma or a quote). */
function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const [header = '', ...lines] = text.trimEnd().split('\n');
  return { header: header.split(','), rows: lines.map((l) => l.split(',')) };
}

describeEachDatabase('publication: CTDC release and aggregates', (h) => {
  // A national-looking dataset, bulk-loaded: the releases only read it.
  beforeAll(async () => {
    await generateSynthetic(h().operator(), { cases: 3000, seed: 11 });
  });

  it('releases victim rows in which every quasi-identifier combination occurs at least k times', async () => {
    const dpo = await h().login('dpo');
    const preview = await dpo.get('/api/publication/ctdc/preview?k=5');
    expect(preview.statusCode).toBe(200);
    const report = preview.json();
    expect(report.rows).toBeGreaterThan(50);

    const res = await dpo.get('/api/publication/ctdc?k=5');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(Number(res.headers['x-pulih-release-achieved-k'])).toBeGreaterThanOrEqual(5);
    const { header, rows } = parseCsv(res.body);
    expect(header).toEqual([
      'yearOfRegistration',
      'gender',
      'ageBroad',
      'citizenship',
      'CountryOfExploitation',
      'typeOfExploitConcatenated',
      'meansOfControlConcatenated',
      'recruiterRelationship',
    ]);
    expect(rows.length).toBe(report.released);
    expect(rows.length + report.suppressed).toBe(report.rows);
    const classes = new Map<string, number>();
    for (const row of rows) classes.set(row.join('|'), (classes.get(row.join('|')) ?? 0) + 1);
    for (const [key, size] of classes) expect(size, key).toBeGreaterThanOrEqual(5);
    // No case number, pseudonym or agency travels in a release.
    expect(res.body).not.toMatch(/P-[A-Z0-9]{8}|\d{4}\/|UPTD/);

    const audit = (await dpo.get('/api/audit?action=publication.ctdc.export')).json();
    expect(audit.items[0]?.details?.report?.released).toBe(report.released);
  });

  it('keeps victim-level releases to the DPO: a supervisor and an analyst are refused', async () => {
    for (const username of ['supervisor.ntt', 'analyst.national']) {
      const client = await h().login(username);
      expect((await client.get('/api/publication/ctdc')).statusCode).toBe(403);
      expect((await client.get('/api/publication/ctdc/preview')).statusCode).toBe(403);
    }
  });

  it('never sends an aggregate-only role a count below the small-cell threshold', async () => {
    const analyst = await h().login('analyst.national');
    const res = await analyst.get('/api/publication/aggregates?by=province,sex,ageGroup');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.smallCellMin).toBe(h().config.smallCellMin);
    expect(body.cells.length).toBeGreaterThan(0);
    expect(body.suppressedCells).toBeGreaterThan(0);
    const cells = body.cells as { victims: number | null }[];
    // Some cells are shown (so the check below is not empty), and none shown is below the threshold.
    expect(cells.some((cell) => cell.victims !== null)).toBe(true);
    expect(cells.filter((cell) => cell.victims !== null && cell.victims < body.smallCellMin)).toEqual([]);
    const csv = parseCsv((await analyst.get('/api/publication/aggregates?by=year,exploitationType&format=csv')).body);
    expect(csv.header).toEqual(['year', 'exploitationType', 'victims']);
    // The cases' exploitation types reach the release (their rows carry the HTCDS field names).
    expect(csv.rows.map((r) => r[1])).toEqual(expect.arrayContaining(['ForcedLabour']));
    const shown = csv.rows.map((row) => row[2] ?? '').filter((victims) => victims !== '');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((victims) => Number(victims) < h().config.smallCellMin)).toEqual([]);
  });

  it('breaks victims down by citizenship as GLOTIP does: Indonesian, foreign, and the foreigners’ countries', async () => {
    const db = h().services.database.db;
    // The generator makes Indonesian victims only: some become Malaysian and Filipino citizens here. A release
    // counts (actual or possible) victims of trafficking.
    const victim = ['ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking'];
    const persons = (
      await sql<{
        person_id: string;
      }>`select person_id from cases where trafficking_status in (${sql.join(victim)}) order by id limit 70`.execute(db)
    ).rows;
    const ids = (from: number, to: number) => sql.join(persons.slice(from, to).map((p) => sql`${p.person_id}`));
    await sql`update persons set citizenship = 'MY' where id in (${ids(0, 40)})`.execute(db);
    await sql`update persons set citizenship = 'PH' where id in (${ids(40, 70)})`.execute(db);
    const expected = (
      await sql<{ country: string | null; n: number }>`
        select p.citizenship as country, count(*) as n from cases c join persons p on p.id = c.person_id
        where c.trafficking_status in (${sql.join(victim)}) group by p.citizenship`.execute(db)
    ).rows.map((r) => ({ country: r.country ?? 'unknown', n: Number(r.n) }));
    const dpo = await h().login('dpo');
    const byGroup = (await dpo.get('/api/publication/aggregates?by=citizenshipGroup')).json();
    const group = (g: string) =>
      byGroup.cells.find((c: { values: { citizenshipGroup: string } }) => c.values.citizenshipGroup === g)?.victims;
    const sum = (xs: { n: number }[]) => xs.reduce((s, x) => s + x.n, 0);
    expect(group('foreign')).toBe(sum(expected.filter((e) => e.country !== 'ID' && e.country !== 'unknown')));
    expect(group('national')).toBe(sum(expected.filter((e) => e.country === 'ID')));
    const byCountry = (await dpo.get('/api/publication/aggregates?by=citizenshipGroup,citizenship')).json();
    const country = (c: string) =>
      byCountry.cells.find((x: { values: { citizenship: string } }) => x.values.citizenship === c);
    expect(country('MY')).toMatchObject({ values: { citizenshipGroup: 'foreign' }, victims: 40 });
    expect(country('PH')).toMatchObject({ values: { citizenshipGroup: 'foreign' }, victims: 30 });
    expect(country('ID').values.citizenshipGroup).toBe('national');
  });

  it('counts a supervisor’s own agency only', async () => {
    const dpo = await h().login('dpo');
    const supervisor = await h().login('supervisor.ntt');
    const total = (body: { cells: { victims: number | null }[] }) =>
      body.cells.reduce((sum, c) => sum + (c.victims ?? 0), 0);
    const national = (await dpo.get('/api/publication/aggregates?by=year')).json();
    const own = (await supervisor.get('/api/publication/aggregates?by=year')).json();
    expect(total(own)).toBeGreaterThan(0);
    expect(total(own)).toBeLessThan(total(national));
    // Each province's count is her agency's victims from there, never the nation's: the generator sends a tenth of
    // the victims to an agency anywhere, so her agency holds cases from most provinces, fewer than the nation.
    const held = new Map(
      (
        await sql<{ province: string | null; n: number | string }>`
          select substr(c.region_code, 1, 2) as province, count(*) as n from cases c
          join users u on u.agency_id = c.lead_agency_id
          where u.username = 'supervisor.ntt'
            and c.trafficking_status in ('ActualVictimOfTrafficking', 'PossibleVictimOfTrafficking')
          group by substr(c.region_code, 1, 2)`.execute(h().services.database.db)
      ).rows.map((r) => [r.province ?? 'unknown', Number(r.n)]),
    );
    type Cells = { cells: { values: { province: string }; victims: number | null }[] };
    const byProvince = async (user: typeof dpo) =>
      new Map(
        ((await user.get('/api/publication/aggregates?by=province')).json() as Cells).cells.map((c) => [
          c.values.province,
          c.victims,
        ]),
      );
    const nationally = await byProvince(dpo);
    const hers = await byProvince(supervisor);
    const counted = [...hers].filter(([, victims]) => victims !== null);
    expect(counted.length).toBeGreaterThan(0);
    for (const [province, victims] of counted) expect([province, victims]).toEqual([province, held.get(province)]);
    expect([...hers].some(([province, victims]) => victims !== null && victims < (nationally.get(province) ?? 0))).toBe(
      true,
    );
  });

  it('answers a bad query with field errors in the user’s language and releases nothing', async () => {
    const dpo = await h().login('dpo');
    const bad = await dpo.get('/api/publication/aggregates?by=year,shoeSize');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toMatch(/^query\.by/);
    const order = await dpo.get('/api/publication/ctdc?fromYear=2026&toYear=2020');
    expect(order.statusCode).toBe(400);
    expect(order.json().errors).toEqual([
      expect.objectContaining({ field: 'query.toYear', message: 'Tanggal akhir sebelum tanggal mulai.' }),
    ]);
    expect((await dpo.patch('/api/auth/me', { locale: 'en' })).statusCode).toBe(200);
    const english = await dpo.get('/api/publication/ctdc/preview?fromYear=2026&toYear=2020');
    expect(english.json().errors).toEqual([
      expect.objectContaining({ field: 'query.toYear', message: 'The end date is before the start date.' }),
    ]);
    expect((await dpo.patch('/api/auth/me', { locale: 'id' })).statusCode).toBe(200);
    const k = await dpo.get('/api/publication/ctdc?k=1');
    expect(k.statusCode).toBe(400);
    expect(k.json().errors[0]).toEqual(expect.objectContaining({ field: 'query.k' }));
    const audit = (await dpo.get('/api/audit?action=publication.ctdc.export')).json();
    expect(audit.items.every((e: { details: { query: { k?: number } } }) => e.details.query.k !== 1)).toBe(true);
  });
});
