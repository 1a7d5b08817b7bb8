import { type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Executor } from '../../platform/db/index.js';
import { t } from './legal.store.js';

/* ---------- the due list ---------- */

export interface DueRow {
  kind: 'restitution_step' | 'protection_response' | 'protection_review';
  id: string;
  due_at: string;
  case_id: string;
  proceeding_id: string | null;
  claim_id: string | null;
  step: string | null;
  measure_type: string | null;
  /** The agency providing a measure (null for restitution steps). */
  provider: string | null;
  /** The agency's role in a step's proceeding (null for measures). */
  party_role: string | null;
}

/**
 * Up to this many proceedings an agency is party to, its due list starts from them (index lookups, sorted
 * by the database); past it, from the due index in order, checking each row's party. The first costs about one
 * lookup per proceeding; the second about (page × all proceedings ÷ the agency's) rows, because the walk stops
 * after a page of the agency's own. They cross near √(page × all): about 2,300 at 100,000 proceedings. Measured
 * at 1,000,000 cases: LPSK serving the victims of 1,918 proceedings walked 25,000 others' measures a page
 * (42 ms of CPU) with the bound at 1,000.
 */
const FEW_PROCEEDINGS = 3_000;

/**
 * How many proceedings the agency is party to, and serves victims in, each counted up to `cap` (over the
 * (agency, role, proceeding) index: the rows themselves never leave the database). The `order by` keeps
 * PostgreSQL on that index: with a bare `limit` it estimated an agency's share from the role's and the agency's
 * separately and scanned the whole table for a prosecutor that serves no victim (224 ms at 100,000 proceedings).
 */
function partyCounts(db: Executor, agencyId: string, cap: number) {
  const capped = (role?: 'victim_service') => {
    let q = t(db).selectFrom('legal_parties').select('proceeding_id').where('agency_id', '=', agencyId);
    if (role) q = q.where('role', '=', role);
    return q.orderBy('proceeding_id').limit(cap);
  };
  return t(db).selectNoFrom((eb) => [
    eb
      .selectFrom(capped().as('a'))
      .select((x) => x.fn.countAll<number>().as('n'))
      .as('parties'),
    eb
      .selectFrom(capped('victim_service').as('b'))
      .select((x) => x.fn.countAll<number>().as('n'))
      .as('served'),
  ]);
}

/** The page's window on a due time and id: after the cursor, before the horizon. */
function dueWindow(dueAt: string, id: string, q: { after?: { dueAt: string; id: string }; before?: string }) {
  const d = sql.ref(dueAt);
  const terms = [sql`${d} is not null`];
  if (q.after)
    terms.push(sql`(${d} > ${q.after.dueAt} or (${d} = ${q.after.dueAt} and ${sql.ref(id)} > ${q.after.id}))`);
  if (q.before) terms.push(sql`${d} < ${q.before}`);
  return sql<SqlBool>`${sql.join(terms, sql` and `)}`;
}

/** A part's rows (the same columns in each, for the union). */
interface DueSelect {
  id: string;
  due_at: string | null;
  case_id: string;
  proceeding_id: string | null;
  claim_id: string | null;
  step: string | null;
  measure_type: string | null;
  status: string | null;
  provider: string | null;
  party_role: string | null;
}
// biome-ignore lint/suspicious/noExplicitAny: the union of three differently typed parts, read as DueSelect
type Part = SelectQueryBuilder<any, any, DueSelect>;

/**
 * Pending restitution steps of proceedings the agency is party to, and open protection measures it provides or
 * whose victims it serves in a proceeding, in due order (keyset on due_at, id): one query after one count.
 *
 * Each part is a subquery that returns at most a page in due order; the parts are merged by the database.
 * `cross join` fixes SQLite's join order (it always loops over the left table first; PostgreSQL plans it as any
 * join): few proceedings → from the agency's party rows to their pending steps (the proceeding due index);
 * many → down the due index, one primary-key probe of the party per row, stopping after a page.
 */
export async function selectDue(
  database: Pick<Database, 'db' | 'adapter'>,
  q: { agencyId: string; after?: { dueAt: string; id: string }; before?: string; limit: number },
  /** Tests set it to compare both ways of finding a page. */
  fewProceedings = FEW_PROCEEDINGS,
): Promise<DueRow[]> {
  const { db } = database;
  const counts = partyCounts(db, q.agencyId, fewProceedings + 1);
  // Which parts run, by the counts. SQLite (in-process: a query costs no round trip) counts first and leaves out
  // the parts that do not apply. PostgreSQL counts inside the one query (a CTE) and gates each part on it: a
  // "One-Time Filter" evaluated once before the part's plan, which never runs when it is false — one round trip
  // instead of two, which is most of a page's time on a loaded server. (SQLite evaluates such a term per row.)
  const inQuery = database.adapter.name === 'postgres';
  const known = inQuery ? undefined : await counts.executeTakeFirstOrThrow();
  // PostgreSQL plans a join in the order its statistics favour (`cross join` fixes the order only in SQLite), so
  // there the two ways to the steps are one query, run when the agency is party to any proceeding.
  type Count = 'parties' | 'served';
  type Shape = 'few' | 'many' | 'any';
  const applies = (count: Count, shape: Shape) => {
    if (!known) return count === 'parties' ? shape === 'any' : shape !== 'any';
    const n = Number(known[count]);
    return shape === 'few' ? n > 0 && n <= fewProceedings : shape === 'many' && n > fewProceedings;
  };
  const gate = (count: Count, shape: Shape) => {
    const n = sql`(select ${sql.ref(count)} from due_counts)`;
    return shape === 'many'
      ? sql<SqlBool>`${n} > ${fewProceedings}`
      : shape === 'few'
        ? sql<SqlBool>`${n} between 1 and ${fewProceedings}`
        : sql<SqlBool>`${n} > 0`;
  };
  const pending = sql.lit('pending');
  const none = sql<string | null>`null`;

  // Pending steps of the agency's proceedings, with its role in each (what the service shows it by).
  const stepColumns = [
    's.id',
    's.due_at',
    's.case_id',
    's.proceeding_id',
    's.claim_id',
    's.step',
    none.as('measure_type'),
    none.as('status'),
    none.as('provider'),
    'p.role as party_role',
  ] as const;
  const stepsPage = (shape: Shape) =>
    (shape === 'few'
      ? t(db)
          .selectFrom('legal_parties as p')
          .crossJoin('restitution_steps as s')
          .select(stepColumns)
          .where('p.agency_id', '=', q.agencyId)
          .whereRef('s.proceeding_id', '=', 'p.proceeding_id')
      : t(db)
          .selectFrom('restitution_steps as s')
          .crossJoin('legal_parties as p')
          .select(stepColumns)
          .whereRef('p.proceeding_id', '=', 's.proceeding_id')
          .where('p.agency_id', '=', q.agencyId)
    )
      .where('s.status', '=', pending)
      .where(dueWindow('s.due_at', 's.id', q))
      .orderBy('s.due_at')
      .orderBy('s.id')
      .limit(q.limit);

  // Open measures. Literal statuses: SQLite uses a partial index only when the query's terms match its WHERE as
  // written, and a bound `in (?, ?)` does not (a full scan and a sort of every open measure instead).
  const openStatus = [sql.lit('requested'), sql.lit('granted')];
  const measureColumns = [
    'm.id',
    'm.due_at',
    'm.case_id',
    'm.proceeding_id',
    none.as('claim_id'),
    none.as('step'),
    'm.type as measure_type',
    'm.status',
    'm.agency_id as provider',
    none.as('party_role'),
  ] as const;
  // Measures the agency provides: its own walk of the provider due index (migration 0080).
  const providedPage = t(db)
    .selectFrom('protection_measures as m')
    .select(measureColumns)
    .where('m.agency_id', '=', q.agencyId)
    .where('m.status', 'in', openStatus)
    .where(dueWindow('m.due_at', 'm.id', q))
    .orderBy('m.due_at')
    .orderBy('m.id')
    .limit(q.limit);
  // Measures others provide to victims the agency serves in a proceeding.
  const servedPage = (shape: Shape) =>
    shape === 'few'
      ? t(db)
          .selectFrom('legal_parties as p')
          .crossJoin('legal_victims as v')
          .crossJoin('protection_measures as m')
          .select(measureColumns)
          // A victim served in two of the agency's proceedings is one row per measure.
          .distinct()
          .where('p.agency_id', '=', q.agencyId)
          .where('p.role', '=', 'victim_service')
          .whereRef('v.proceeding_id', '=', 'p.proceeding_id')
          .whereRef('m.case_id', '=', 'v.case_id')
          .where('m.agency_id', '!=', q.agencyId)
          .where('m.status', 'in', openStatus)
          .where(dueWindow('m.due_at', 'm.id', q))
          .orderBy('m.due_at')
          .orderBy('m.id')
          .limit(q.limit)
      : t(db)
          .selectFrom('protection_measures as m')
          .select(measureColumns)
          .where('m.agency_id', '!=', q.agencyId)
          .where('m.status', 'in', openStatus)
          .where(dueWindow('m.due_at', 'm.id', q))
          // Nested, so the check starts from the measure's case (its few proceedings), never from the agency's
          // tens of thousands of party rows — the join form let SQLite pick the latter (2.2 s a page at 100,000).
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('legal_victims as v')
                .select('v.case_id')
                .whereRef('v.case_id', '=', 'm.case_id')
                .where((inner) =>
                  inner.exists(
                    inner
                      .selectFrom('legal_parties as p')
                      .select('p.proceeding_id')
                      .whereRef('p.proceeding_id', '=', 'v.proceeding_id')
                      .where('p.agency_id', '=', q.agencyId)
                      .where('p.role', '=', 'victim_service'),
                  ),
                ),
            ),
          )
          .orderBy('m.due_at')
          .orderBy('m.id')
          .limit(q.limit);

  // Each part as a derived table (SQLite allows no `order by`/`limit` on a bare member of a compound select).
  const shapes = ['few', 'many', 'any'] as const;
  type Member = { name: string; part: Part; gate?: [Count, Shape] };
  const parts: Member[] = [
    ...shapes
      .filter((shape) => applies('parties', shape))
      .map(
        (shape): Member => ({
          name: `steps_${shape}`,
          part: stepsPage(shape) as unknown as Part,
          gate: ['parties', shape],
        }),
      ),
    { name: 'provided', part: providedPage as unknown as Part },
    ...shapes
      .filter((shape) => applies('served', shape))
      .map(
        (shape): Member => ({
          name: `served_${shape}`,
          part: servedPage(shape) as unknown as Part,
          gate: ['served', shape],
        }),
      ),
  ];
  // The gate sits on the member, above the part's `limit`, where PostgreSQL cannot push it down: below, a false
  // gate still started the parallel workers PostgreSQL had planned for a part (10–16 ms).
  const member = (m: Member, from = t(db)) => {
    const b = from.selectFrom(m.part.as(m.name)).selectAll();
    return (inQuery && m.gate ? b.where(gate(...m.gate)) : b) as unknown as Part;
  };
  let query = member(
    parts[0]!,
    inQuery ? (t(db).with('due_counts', () => counts) as unknown as ReturnType<typeof t>) : t(db),
  );
  for (const m of parts.slice(1)) query = query.unionAll(member(m));
  const rows = await query.orderBy('due_at').orderBy('id').limit(q.limit).execute();
  return rows.map((r) => ({
    kind:
      r.status === null
        ? ('restitution_step' as const)
        : r.status === 'requested'
          ? ('protection_response' as const)
          : ('protection_review' as const),
    id: r.id,
    due_at: r.due_at!,
    case_id: r.case_id,
    proceeding_id: r.proceeding_id,
    claim_id: r.claim_id,
    step: r.step,
    measure_type: r.measure_type,
    provider: r.provider,
    party_role: r.party_role,
  }));
}
