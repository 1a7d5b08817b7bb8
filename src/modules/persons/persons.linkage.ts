/**
 * Privacy-preserving record linkage: which person records of different agencies are one victim, decided
 * only from what the vault already keeps as keyed hashes (HMAC blind indexes of NIK and passport numbers,
 * keyed name tokens) and the non-identifying profile (sex, birth year, province of origin). No identity is
 * decrypted and no plaintext is read. The indicator engine uses it to count unique victims across agencies
 * (docs/indicators.md: the rule and its measured error; persons.linkage.test.ts measures it on the labelled
 * name variants of name-variants.fixture.ts).
 *
 * The rule — two records are one victim when
 *   1. they carry the same keyed NIK or passport number; or
 *   2. both sexes are known and equal, both birth years are known and at most one year apart (an age told
 *      instead of a date of birth), their provinces of origin do not differ (when both are known), and the Dice coefficient of their keyed name-token sets reaches LINKAGE_DICE_THRESHOLD.
 * Links are transitive (union-find): the victim is the connected group.
 *
 * Candidates for rule 2 come only from tokens held by at most LINKAGE_MAX_POSTINGS records (the pair-of-parts
 * and birth-year keys are selective; a lone common part like "siti" opens no candidate), so the work stays
 * bounded for common names. They are blocked on the province of origin: two records of known, different
 * provinces are never a candidate, since the union-find would refuse their link — except a record already
 * joined by a document number, whose group may hold any province (it pairs with every province, as before).
 */
import { type RawBuilder, sql } from 'kysely';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import { type GroupFacts, TableUnionFind } from './persons.linkage-groups.js';
import type { PersonIdentifierRow, PersonNameTokenRow, PersonRow } from './persons.store.js';

/** Measured on the labelled fixture (persons.linkage.test.ts, docs/indicators.md). */
export const LINKAGE_DICE_THRESHOLD = 0.5;
export const LINKAGE_MAX_POSTINGS = 200;

type T = { persons: PersonRow; person_identifiers: PersonIdentifierRow; person_name_tokens: PersonNameTokenRow };
const t = (db: Executor) => tables<T>(db);

export interface LinkageResult {
  /**
   * Records linked to another (their group keys are in person_linkage: `linkedGroupsOf` reads them back, the key
   * being the smallest record id of the group).
   */
  linkedRecords: number;
  /** Groups of two records or more. */
  groups: number;
  identifierLinks: number;
  nameLinks: number;
  candidatesCompared: number;
  /** Ranges of ids walked. */
  batches: number;
}

const province = (code: string | null) => (code ? code.slice(0, 2) : null);

/** Dice coefficient of two sets of keyed tokens: 2·|A∩B| / (|A|+|B|). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Persons per step of the walk: bounds the candidate pairs and token sets held at once. */
export const LINKAGE_BATCH = 2000;
/** Rows per page when streaming identifiers and scored pairs back. */
const PAGE = 5000;

/** A link as the union-find takes it: a shared document number, or a name pair with what the group rule compares. */
export type LinkEvidence =
  | { rule: 'identifier'; a: string; b: string }
  | { rule: 'name'; a: string; b: string; fa: GroupFacts; fb: GroupFacts };

interface PairRow {
  neg: number;
  a: string;
  b: string;
  ra: string | null;
  ya: number;
  rb: string | null;
  yb: number;
}

/**
 * Links every person record in the vault by the rule above. Reads keyed hashes and profiles only.
 *
 * It streams at flat memory (a million records in a bounded heap): the selective tokens are computed once into a
 * temporary table with what rule 2 compares; the walk takes the records by ranges of ids (`batchSize` at a time),
 * finds each range's candidates (pairs whose smaller id is in the range), scores them and keeps those reaching the
 * threshold in a second temporary table; then the kept pairs are read back strongest first (score, then the two ids) in pages
 * and joined in the union-find — the same order, so the same groups, as scoring every pair at once. The union-find
 * itself is a table (person_linkage, persons.linkage-groups.ts): the heap holds a page of links and a bounded
 * cache of their records, whatever the number of linked records. The groups stay in person_linkage until the
 * next run (`linkedGroupsOf`).
 */
export async function linkPersonRecords(
  ctx: Context,
  options: {
    threshold?: number;
    batchSize?: number;
    /** Links applied to the union-find per page, and its cache's bound (tests make them tiny). */
    pageSize?: number;
    cacheMax?: number;
    /** Sees every link in the order the union-find takes it (tests replay them into an in-memory union-find). */
    onLink?: (link: LinkEvidence) => void;
    /**
     * Block the candidates on the province of origin (default): a pair of two known, different provinces is never
     * joined, so it is not scored (tests turn it off to compare the groups with the unblocked walk).
     */
    blockProvinces?: boolean;
    /**
     * Told after each step of the walk: how many items it did (candidates scored, links applied), what it was,
     * and the connection the walk holds (for a heartbeat: on SQLite a query elsewhere would wait for it).
     */
    onProgress?: (done: number, step: string, db: Executor) => Promise<void>;
  } = {},
): Promise<LinkageResult> {
  const threshold = options.threshold ?? LINKAGE_DICE_THRESHOLD;
  const batchSize = Math.max(1, options.batchSize ?? LINKAGE_BATCH);
  const pg = ctx.database.adapter.name === 'postgres';
  // Temporary tables live in one connection's session: the whole walk holds one connection.
  return ctx.database.db.connection().execute(async (db) => {
    await dropScratch(db);
    try {
      const groups = new TableUnionFind(db, options.cacheMax);
      await groups.reset();
      const identifierLinks = await linkByIdentifiers(db, groups, options.onLink);
      // Ids compare byte-wise on both databases, as JavaScript compares them in the union-find and the sort.
      const id = pg ? sql.raw('text collate "C"') : sql.raw('text');
      await options.onProgress?.(identifierLinks, 'identifier links', db);
      await buildScratch(db, id, options.blockProvinces ?? true);
      await options.onProgress?.(0, 'token postings', db);
      let candidatesCompared = 0;
      let batches = 0;
      let after: string | null = null;
      for (;;) {
        // Ranges of the ids that hold a selective token, in the order linkage_postings compares them.
        const range: { id: string }[] = (
          await sql<{ id: string }>`
            select distinct person_id as id from linkage_postings
            ${after === null ? sql`` : sql`where person_id > ${after}`}
            order by person_id limit ${batchSize}
          `.execute(db)
        ).rows;
        if (range.length === 0) break;
        const lo = after;
        const hi: string = range[range.length - 1]!.id;
        const scored = await scoreRange(db, lo, hi, threshold);
        candidatesCompared += scored;
        batches++;
        await options.onProgress?.(scored, 'candidates scored', db);
        after = hi;
        await ctx.database.adapter.betweenPages();
      }
      await sql`create index linkage_pairs_order on linkage_pairs (neg, a, b)`.execute(db);
      // Strongest evidence first, so that a weak link never blocks a strong one through the group constraints.
      const factsOf = (region: string | null, year: number | null): GroupFacts => ({
        province: province(region),
        minYear: year,
        maxYear: year,
      });
      const pageSize = Math.max(1, options.pageSize ?? PAGE);
      let nameLinks = 0;
      let last: PairRow | null = null;
      for (;;) {
        const page: PairRow[] = (
          await sql<PairRow>`
            select neg, a, b, ra, ya, rb, yb from linkage_pairs
            ${last ? sql`where (neg, a, b) > (${last.neg}, ${last.a}, ${last.b})` : sql``}
            order by neg, a, b limit ${pageSize}
          `.execute(db)
        ).rows;
        await groups.load(page.flatMap((p) => [p.a, p.b]));
        for (const p of page) {
          const fa = factsOf(p.ra, Number(p.ya));
          const fb = factsOf(p.rb, Number(p.yb));
          options.onLink?.({ rule: 'name', a: p.a, b: p.b, fa, fb });
          if (groups.unionIfCompatible(p.a, p.b, fa, fb)) nameLinks++;
        }
        await groups.flush();
        await options.onProgress?.(page.length, 'name links applied', db);
        if (page.length < pageSize) break;
        last = page[page.length - 1]!;
        await ctx.database.adapter.betweenPages();
      }
      const { linked, groups: groupCount } = await groups.resolveAll(() => ctx.database.adapter.betweenPages());
      return { linkedRecords: linked, groups: groupCount, identifierLinks, nameLinks, candidatesCompared, batches };
    } finally {
      await dropScratch(db);
    }
  });
}

async function dropScratch(db: Executor): Promise<void> {
  for (const table of [
    'linkage_scored',
    'linkage_pairs',
    'linkage_postings',
    'linkage_common',
    'linkage_people',
    'linkage_tokens',
  ]) {
    await sql`drop table if exists ${sql.raw(table)}`.execute(db);
  }
}

/**
 * The scratch tables the walk reads, computed once from the keyed tokens of the records that can link by name
 * (sex and birth year known):
 *   - linkage_tokens: every token held by two records or more, and whether it is common (more than
 *     LINKAGE_MAX_POSTINGS records) — a token held by one record is never shared;
 *   - linkage_people: each such record's profile, its number of tokens (n) and of common tokens (c);
 *   - linkage_postings: the selective tokens' postings, with what the candidate join compares;
 *   - linkage_common: the common tokens' postings, to count the common tokens two candidates share.
 */
async function buildScratch(db: Executor, id: ReturnType<typeof sql.raw>, blockProvinces: boolean): Promise<void> {
  await sql`create temp table linkage_tokens (token text primary key, common integer not null)`.execute(db);
  await sql`
    insert into linkage_tokens (token, common)
    select token, case when count(*) > ${LINKAGE_MAX_POSTINGS} then 1 else 0 end
    from person_name_tokens group by token having count(*) >= 2
  `.execute(db);
  await sql`
    create temp table linkage_people (
      person_id ${id} primary key, sex text not null, birth_year integer not null, region_code text,
      prov text not null, n integer not null, c integer not null
    )
  `.execute(db);
  // prov: the province of origin the candidate join blocks on, '' for a record that pairs with every province
  // (origin unknown, or joined by a document number already: see scoreRange).
  const prov = blockProvinces
    ? sql`case when p.region_code is null or exists (select 1 from person_linkage l where l.person_id = p.id)
        then '' else substr(p.region_code, 1, 2) end`
    : sql`''`;
  await sql`
    insert into linkage_people (person_id, sex, birth_year, region_code, prov, n, c)
    select p.id, p.sex, p.birth_year, p.region_code, ${prov}, count(*), coalesce(sum(k.common), 0)
    from persons p
    join person_name_tokens x on x.person_id = p.id
    left join linkage_tokens k on k.token = x.token
    where p.sex is not null and p.birth_year is not null
    group by p.id, p.sex, p.birth_year, p.region_code
  `.execute(db);
  // Each posting carries its record's profile and counts, so that scoring a range joins nothing else.
  await sql`
    create temp table linkage_postings (
      token text not null, person_id ${id} not null, sex text not null, birth_year integer not null,
      region_code text, prov text not null, n integer not null, c integer not null
    )
  `.execute(db);
  await sql`
    insert into linkage_postings (token, person_id, sex, birth_year, region_code, prov, n, c)
    select x.token, x.person_id, p.sex, p.birth_year, p.region_code, p.prov, p.n, p.c
    from linkage_tokens k
    join person_name_tokens x on x.token = k.token
    join linkage_people p on p.person_id = x.person_id
    where k.common = 0
  `.execute(db);
  await sql`create index linkage_postings_person on linkage_postings (person_id)`.execute(db);
  await sql`create index linkage_postings_key on linkage_postings (token, sex, prov, birth_year, person_id)`.execute(
    db,
  );
  await sql`create temp table linkage_common (person_id ${id} not null, token text not null)`.execute(db);
  await sql`
    insert into linkage_common (person_id, token)
    select x.person_id, x.token
    from linkage_tokens k
    join person_name_tokens x on x.token = k.token
    join linkage_people p on p.person_id = x.person_id
    where k.common = 1
  `.execute(db);
  await sql`create index linkage_common_person on linkage_common (person_id, token)`.execute(db);
  for (const table of ['linkage_people', 'linkage_postings', 'linkage_common']) {
    await sql`analyze ${sql.raw(table)}`.execute(db);
  }
  // A range's candidates that the bound lets through, scored exactly in the database (not in the process).
  await sql`
    create temp table linkage_scored (
      a ${id} not null, b ${id} not null, ra text, ya integer, rb text, yb integer,
      na integer not null, nb integer not null, ca integer not null, cb integer not null,
      s integer not null, sc integer not null
    )
  `.execute(db);
  await sql`
    create temp table linkage_pairs (
      neg double precision not null, a ${id} not null, b ${id} not null,
      ra text, ya integer, rb text, yb integer
    )
  `.execute(db);
}

/** Rule 1: one keyed document number on two records. Walks the identifiers in key order, a page at a time. */
async function linkByIdentifiers(
  db: Executor,
  groups: TableUnionFind,
  onLink?: (link: LinkEvidence) => void,
): Promise<number> {
  let links = 0;
  let prev: Pick<PersonIdentifierRow, 'kind' | 'bidx' | 'person_id'> | undefined;
  for (;;) {
    const page = await t(db)
      .selectFrom('person_identifiers')
      .select(['kind', 'bidx', 'person_id'])
      .where('kind', 'in', ['nik', 'passport'])
      .$if(prev !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb('kind', '>', prev!.kind),
            eb.and([eb('kind', '=', prev!.kind), eb('bidx', '>', prev!.bidx)]),
            eb.and([eb('kind', '=', prev!.kind), eb('bidx', '=', prev!.bidx), eb('person_id', '>', prev!.person_id)]),
          ]),
        ),
      )
      .orderBy('kind')
      .orderBy('bidx')
      .orderBy('person_id')
      .limit(PAGE)
      .execute();
    const pairs: [string, string][] = [];
    for (const row of page) {
      // The blind index is keyed per kind (a NIK never equals a passport number's index): equal bidx, one number.
      if (prev && prev.kind === row.kind && prev.bidx === row.bidx && prev.person_id !== row.person_id) {
        pairs.push([prev.person_id, row.person_id]);
      }
      prev = row;
    }
    await groups.load(pairs.flat());
    for (const [a, b] of pairs) {
      onLink?.({ rule: 'identifier', a, b });
      groups.union(a, b);
    }
    await groups.flush();
    links += pairs.length;
    if (page.length < PAGE) return links;
  }
}

/**
 * Rule 2 for the records with ids in (lo, hi]: their candidates (a selective token shared with a record of a
 * greater id, same sex, birth years at most one apart: an index range of linkage_postings), scored by Dice over
 * the full token sets; the pairs that reach the threshold go to linkage_pairs. Returns how many candidates were
 * scored.
 *
 * The database counts each candidate pair's shared selective tokens (s). A pair's Dice cannot exceed
 * 2·(s + min(c_a, c_b)) / (n_a + n_b) — it can share at most the common tokens the sparer of the two holds — so
 * only the pairs this bound lets through are scored exactly (their shared common tokens counted too); the
 * others cannot reach the threshold. The same pairs are kept as when every candidate was scored.
 */
async function scoreRange(db: Executor, lo: string | null, hi: string, threshold: number): Promise<number> {
  // The selective tokens a record of the range shares with a record of a greater id, one row per token, in
  // three disjoint parts by the provinces the two records block on (each an index range of linkage_postings).
  const shared = (provinces: RawBuilder<unknown>) => sql`
    select x.person_id as a, y.person_id as b, x.region_code as ra, x.birth_year as ya,
      y.region_code as rb, y.birth_year as yb, x.n as na, y.n as nb, x.c as ca, y.c as cb
    from linkage_postings x
    join linkage_postings y on y.token = x.token and y.sex = x.sex and ${provinces}
      and y.birth_year between x.birth_year - 1 and x.birth_year + 1 and y.person_id > x.person_id
    where ${lo === null ? sql`x.person_id <= ${hi}` : sql`x.person_id > ${lo} and x.person_id <= ${hi}`}
  `;
  await sql`
    insert into linkage_scored (a, b, ra, ya, rb, yb, na, nb, ca, cb, s, sc)
    select a, b, ra, ya, rb, yb, na, nb, ca, cb, s, sc from (
      select g.*, case when g.ca = 0 or g.cb = 0 then 0 else (
          select count(*) from linkage_common x
          join linkage_common y on y.person_id = g.b and y.token = x.token
          where x.person_id = g.a
        ) end as sc
      from (
        select a, b, ra, ya, rb, yb, na, nb, ca, cb, count(*) as s
        from (
          ${shared(sql`x.prov <> '' and y.prov = x.prov`)}
          union all
          ${shared(sql`x.prov <> '' and y.prov = ''`)}
          union all
          ${shared(sql`x.prov = ''`)}
        ) j
        group by a, b, ra, ya, rb, yb, na, nb, ca, cb
        having 2 * (count(*) + case when ca < cb then ca else cb end)
          >= cast(${threshold} as double precision) * (na + nb) - 0.001
      ) g
    ) scored
  `.execute(db);
  const [counted] = (await sql<{ n: number | string }>`select count(*) as n from linkage_scored`.execute(db)).rows;
  // As dice(): 2·|A∩B| / (|A|+|B|), the same double (an exact integer over an exact integer, one rounding).
  const score = sql`cast(2 * (s + sc) as double precision) / (na + nb)`;
  await sql`
    insert into linkage_pairs (neg, a, b, ra, ya, rb, yb)
    select -(${score}), a, b, ra, ya, rb, yb from linkage_scored where ${score} >= ${threshold}
  `.execute(db);
  await sql`delete from linkage_scored`.execute(db);
  return Number(counted?.n ?? 0);
}
