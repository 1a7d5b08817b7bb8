import { type Kysely, sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../test/support/harness.js';
import { backfillCaseNameTokens } from '../../platform/db/migrations/0144-case-name-tokens.js';

/**
 * The case list's name postings (issue 8, migration 0144): each case carries its victim's keyed name tokens
 * (case_name_tokens), written with the case and kept in step with the person's in the same transaction
 * (`persons.nameTokensChanged`); a name search walks one part's postings in case order and probes the others.
 */
describeEachDatabase('case list: name postings keyed by case', (h) => {
  const FAMILY = 'Tefnaibana';
  const mine: string[] = [];
  let personOfFirst = '';
  let other = '';

  const db = () => h().services.database.db as unknown as Kysely<unknown>;
  const tokensOf = async (table: 'case' | 'person', id: string) =>
    (
      await (table === 'case'
        ? sql<{ token: string }>`select token from case_name_tokens where case_id = ${id} order by token`
        : sql<{ token: string }>`select token from person_name_tokens where person_id = ${id} order by token`
      ).execute(db())
    ).rows.map((r) => r.token);

  /** Every page of a search, following the cursor: the ids in page order. */
  const searchAll = async (username: string, body: Record<string, unknown>) => {
    const client = await h().login(username);
    const out: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const res = await client.post('/api/cases/search', { ...body, ...(cursor ? { cursor } : {}) });
      expect(res.statusCode, res.body).toBe(200);
      out.push(...(res.json().items as { id: string }[]).map((c) => c.id));
      cursor = res.json().nextCursor ?? undefined;
      if (!cursor) break;
    }
    return out;
  };

  beforeAll(async () => {
    const cw = await h().login('caseworker.ntt');
    for (let i = 0; i < 7; i++) {
      const res = await cw.post('/api/cases', {
        referralSource: 'family',
        person: { sex: 'Feminine', birthYear: 1990 + i, regionCode: '53.71' },
        identity: { fullName: `Maria Oktaviani ${FAMILY}` },
      });
      expect(res.statusCode, res.body).toBe(201);
      mine.push(res.json().id);
      if (i === 0) personOfFirst = res.json().personId;
    }
    // Another case worker of the same agency, with a namesake of her own.
    const colleague = await h().provision('caseworker2.ntt', 'UPTD PPA Provinsi Nusa Tenggara Timur', ['case_worker']);
    const res = await colleague.post('/api/cases', {
      referralSource: 'family',
      person: { sex: 'Feminine', birthYear: 1995, regionCode: '53.71' },
      identity: { fullName: `Maria Oktaviani ${FAMILY}` },
    });
    expect(res.statusCode, res.body).toBe(201);
    other = res.json().id;
  });

  it('writes the victim’s tokens with the case at intake, and with a case for a person already known', async () => {
    expect(await tokensOf('case', mine[0]!)).toEqual(await tokensOf('person', personOfFirst));
    expect((await tokensOf('case', mine[0]!)).length).toBeGreaterThan(3);
    const cw = await h().login('caseworker.ntt');
    const again = await cw.post('/api/cases', { referralSource: 'family', existingPersonId: personOfFirst });
    expect(again.statusCode, again.body).toBe(201);
    expect(await tokensOf('case', again.json().id)).toEqual(await tokensOf('person', personOfFirst));
    mine.push(again.json().id);
  });

  it('pages every match exactly once, newest first and oldest first, and keeps to the caller’s scope', async () => {
    const ours = new Set([...mine, other]);
    const newest = await searchAll('caseworker.ntt', { name: `Maria ${FAMILY}`, limit: 3 });
    expect(new Set(newest).size).toBe(newest.length);
    expect(newest).toEqual([...newest].sort().reverse());
    // A case worker sees her own cases, never her colleague's namesake.
    expect(newest.filter((id) => ours.has(id))).toEqual([...mine].sort().reverse());
    const oldest = await searchAll('caseworker.ntt', { name: `${FAMILY} Maria`, limit: 2, sort: 'oldest' });
    expect(oldest.filter((id) => ours.has(id))).toEqual([...mine].sort());
    // The supervisor (agency scope) sees both workers' cases; another agency sees none of them.
    const agency = await searchAll('supervisor.ntt', { name: FAMILY, limit: 4 });
    expect(agency.filter((id) => ours.has(id))).toEqual([...mine, other].sort().reverse());
    const police = await searchAll('legal.ntt', { name: FAMILY, limit: 50 });
    expect(police.filter((id) => ours.has(id))).toEqual([]);
    // The deadline sort (the persons' postings) finds the same cases.
    const byDeadline = await searchAll('supervisor.ntt', { name: FAMILY, limit: 50, sort: 'deadline' });
    expect(byDeadline.filter((id) => ours.has(id)).sort()).toEqual([...mine, other].sort());
  });

  it('combines the name with the other filters on the case row', async () => {
    const cw = await h().login('caseworker.ntt');
    const moved = await cw.post(`/api/cases/${mine[1]}/transition`, { to: 'screening' });
    expect(moved.statusCode, moved.body).toBe(200);
    const screening = await searchAll('supervisor.ntt', { name: `Maria ${FAMILY}`, stage: 'screening', limit: 50 });
    expect(screening.filter((id) => mine.includes(id) || id === other)).toEqual([mine[1]]);
    const region = await searchAll('supervisor.ntt', { name: FAMILY, regionCode: '53', stage: 'intake', limit: 2 });
    expect(region.filter((id) => mine.includes(id) || id === other)).toEqual(
      [...mine, other]
        .filter((id) => id !== mine[1])
        .sort()
        .reverse(),
    );
    const elsewhere = await searchAll('supervisor.ntt', { name: FAMILY, regionCode: '32', limit: 50 });
    expect(elsewhere.filter((id) => mine.includes(id) || id === other)).toEqual([]);
  });

  it('follows a name correction in the same transaction: the old name no longer finds her, the new one does', async () => {
    const [first, , , , , , , linked] = mine;
    const dpo = await h().login('dpo');
    const request = await dpo.post('/api/dsr/requests', {
      personId: personOfFirst,
      kind: 'correction',
      channel: 'through_case_worker',
    });
    expect(request.statusCode, request.body).toBe(201);
    const cw = await h().login('caseworker.ntt');
    const fixed = await cw.patch(`/api/persons/${personOfFirst}/identity`, {
      fullName: 'Maria Oktaviani Lakapunu',
      purpose: 'Correction requested by the victim (Law 27/2022 Art. 6)',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    // Both of her cases follow her tokens.
    for (const id of [first!, linked!])
      expect(await tokensOf('case', id)).toEqual(await tokensOf('person', personOfFirst));
    const byOld = await searchAll('caseworker.ntt', { name: `Maria ${FAMILY}`, limit: 50 });
    expect(byOld).not.toContain(first);
    expect(byOld).not.toContain(linked);
    expect(byOld.filter((id) => mine.includes(id))).toHaveLength(mine.length - 2);
    const byNew = await searchAll('caseworker.ntt', { name: 'Lakapunu', limit: 50 });
    expect(byNew.filter((id) => mine.includes(id))).toEqual([first, linked].sort().reverse());
  });

  it('the migration’s backfill gives every case its victim’s postings, as the writes did', async () => {
    const all = async () =>
      (
        await sql<{ token: string; case_id: string }>`select token, case_id from case_name_tokens
          order by case_id, token`.execute(db())
      ).rows;
    const written = await all();
    expect(written.length).toBeGreaterThan(100);
    await sql`delete from case_name_tokens`.execute(db());
    await backfillCaseNameTokens(db());
    expect(await all()).toEqual(written);
    const missing = await sql<{ n: number | string }>`select count(*) as n from cases c
      where not exists (select 1 from case_name_tokens k where k.case_id = c.id)
        and exists (select 1 from person_name_tokens t where t.person_id = c.person_id)`.execute(db());
    expect(Number(missing.rows[0]!.n)).toBe(0);
  });
});
