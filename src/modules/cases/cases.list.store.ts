import {
  type Expression,
  type ExpressionBuilder,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
} from 'kysely';
import type { ScopeFilter } from '../../platform/access.js';
import type { Executor } from '../../platform/db/index.js';
import type { CaseStage } from './cases.schema.js';
import { type CaseRow, type CaseTables, t } from './cases.store.js';

export interface CaseListFilter {
  scope: ScopeFilter;
  userId: string;
  stage?: CaseStage;
  open?: boolean;
  agencyId?: string;
  regionCode?: string;
  child?: boolean;
  exploitationType?: string;
  late?: boolean;
  assignedToMe?: boolean;
  /** Cases on this user's team (a supervisor looking at a member's caseload). */
  assignedTo?: string;
  caseNumber?: string;
  /**
   * Cases waiting for a supervisor: a closure requested (this module's own column) and/or a screening decision
   * to approve (the screening module's subquery of case ids, through the `cases.screeningsAwaiting` hook).
   */
  awaitingApproval?: { closure: boolean; screeningCaseIds?: Expression<{ id: string }> };
  personIds?: string[];
  /** The persons as a subquery from the persons module (name search through the name postings). */
  personQuery?: RawBuilder<{ person_id: string }>;
  /** The dialect's `inSubqueryDrivesOnKeyOnly` (platform/db/dialect.ts): how personQuery joins the cases. */
  inSubqueryDrivesOnKeyOnly?: boolean;
  /** A condition on c.person_id from the persons module (name search for a common name). */
  personCondition?: (personIdColumn: string) => RawBuilder<boolean>;
  /**
   * Name search through the cases' own name postings (case_name_tokens, migration 0144): the cases carrying
   * `driver` and a token of every group of `others` (the persons module chose the rarest driver). `common`: the
   * driver is carried by many (then one's own caseload, when that is what is listed, is walked instead).
   */
  namePostings?: { driver: string; others: string[][]; common: boolean };
  sort: 'newest' | 'oldest' | 'deadline';
  after?: string;
  /**
   * The deadline sort's keyset position: the last row's next_due_at with `after` its id; null when that row
   * had no deadline (the page continues among the cases without one).
   */
  afterDue?: string | null;
  limit: number;
  /** Each row with its case's lead worker (`lead_user_id`), read for the page's rows only in the same query. */
  withLead?: boolean;
}

/** A row of the list: the case, and its lead worker when asked for (`withLead`). */
export type CaseListRow = CaseRow & { lead_user_id?: string | null };

type PageQuery = SelectQueryBuilder<CaseTables & { c: CaseRow }, 'c', CaseRow>;

/**
 * The page's rows, with each case's lead worker when asked (the list's "assigned worker" column): the first lead
 * member by joining time, as a subquery on the page's own rows in the same statement rather than a query of its
 * own after it (on PostgreSQL each query is a round trip, issue 8). The outer query keeps the page's order.
 */
function readPage(db: Executor, f: CaseListFilter, page: PageQuery, order: readonly [string, 'asc' | 'desc'][]) {
  if (!f.withLead) return page.execute() as Promise<CaseListRow[]>;
  let q = t(db)
    .selectFrom(page.as('pg'))
    .selectAll('pg')
    .select((eb) =>
      eb
        .selectFrom('case_members as lm')
        .select('lm.user_id')
        .whereRef('lm.case_id', '=', 'pg.id')
        .where('lm.role', '=', 'lead')
        .orderBy('lm.added_at')
        .limit(1)
        .as('lead_user_id'),
    );
  for (const [column, direction] of order) q = q.orderBy(sql.ref(`pg.${column}`), direction);
  return q.execute() as Promise<CaseListRow[]>;
}

/**
 * Cases in an origin region: a regency is matched exactly; a province (two digits) as the range of codes that
 * begin with it, which every collation orders the same way ('53' ≤ '53.01' < '54') and an index answers.
 */
function regionCondition(code: string) {
  if (code.length > 2) return (eb: ExpressionBuilder<{ c: CaseRow }, 'c'>) => eb('c.region_code', '=', code);
  const next = String(Number(code) + 1).padStart(2, '0');
  return (eb: ExpressionBuilder<{ c: CaseRow }, 'c'>) =>
    eb.and([eb('c.region_code', '>=', code), eb('c.region_code', '<', next)]);
}

/**
 * A case-number lookup by any distinctive part: the sequence number alone (42 or 00042), year and sequence
 * (2026/42), or the beginning of the number (UPTDPPANTT/2026/000…). Each form is answered by an index: the
 * ids of the matching cases, which the list then keeps within scope.
 */
function caseIdsByNumber(db: Executor, input: string) {
  const q = input.trim().toUpperCase().replace(/\s+/g, '');
  const byNumber = t(db).selectFrom('cases as n').select('n.id');
  const seqOnly = /^0*(\d{1,7})$/.exec(q);
  if (seqOnly) return byNumber.where('n.case_seq', '=', Number(seqOnly[1]));
  const yearSeq = /^(\d{4})\/0*(\d{1,7})$/.exec(q);
  if (yearSeq)
    return byNumber
      .where('n.case_seq', '=', Number(yearSeq[2]))
      .where('n.case_number', 'like', `%/${yearSeq[1]}/${yearSeq[2]!.padStart(5, '0')}`);
  return byNumber.where('n.case_number', 'like', `${q.replace(/[%_\\]/g, '')}%`);
}

/**
 * One page of cases within the caller's scope, keyset on id (UUIDv7 = intake order). Each page is found by
 * walking one index in id order and stopping at the page (on SQLite a query runs on the event loop, so its
 * cost must not grow with the table):
 *   - a selective filter (a case number, a rare name, late services) gives the few matching ids first,
 *     and scope and the other filters are checked on those;
 *   - a name walks one name part's postings (case_name_tokens by token, in case id order: the rarest part, or the
 *     pair of parts the persons module chose), probes the other parts by (token, case_id), and checks scope and
 *     the other filters on the case row by id — unless the part is common and one's own caseload is listed, which
 *     is then walked with all the parts probed;
 *   - otherwise the caller's own cases (scope "own", or "my cases") are walked through the team index
 *     (case_members by user, newest first; CROSS JOIN keeps SQLite's join order), an agency's through
 *     (lead_agency_id, id) or (lead_agency_id, stage, id) and (lead_agency_id, region_code, id) (migration 0051).
 */
export async function selectCases(db: Executor, f: CaseListFilter): Promise<CaseListRow[]> {
  if (f.sort === 'deadline') return selectCasesByDeadline(db, f);
  const direction = f.sort === 'newest' ? 'desc' : 'asc';
  return readPage(db, f, casesPage(db, f), [['id', direction]]);
}

/** The newest- or oldest-first page's query without the lead workers (also for EXPLAIN: bench, tests). */
export function casesPage(db: Executor, f: CaseListFilter): PageQuery {
  const { q, key } = filteredCases(db, f);
  const direction = f.sort === 'oldest' ? 'asc' : 'desc';
  return (f.after ? q.where(key, direction === 'desc' ? '<' : '>', f.after) : q).orderBy(key, direction).limit(f.limit);
}

/**
 * The deadline sort: first the cases with an open statutory deadline, soonest first (ties by id), walking
 * (lead_agency_id, next_due_at, id) or (next_due_at, id) — partial indexes of only those cases (migration
 * 0095) — or, for one's own cases, the caseload's few cases with a deadline; then, when the page is not full,
 * the cases without one, newest first, through the same walk as the newest-first list. The keyset position
 * says which part a page continues in.
 */
async function selectCasesByDeadline(db: Executor, f: CaseListFilter) {
  const rows: CaseListRow[] = [];
  if (f.afterDue !== null) {
    const { q } = filteredCases(db, f);
    let withDue = q.where('c.next_due_at', 'is not', null);
    if (f.after && f.afterDue)
      withDue = withDue.where((eb) =>
        eb(eb.refTuple('c.next_due_at', 'c.id'), '>', eb.tuple(f.afterDue as string, f.after as string)),
      );
    const page = withDue.orderBy('c.next_due_at').orderBy('c.id').limit(f.limit);
    rows.push(
      ...(await readPage(db, f, page, [
        ['next_due_at', 'asc'],
        ['id', 'asc'],
      ])),
    );
  }
  if (rows.length < f.limit) {
    const { q, key } = filteredCases(db, f);
    let without = q.where('c.next_due_at', 'is', null);
    if (f.after && f.afterDue === null) without = without.where(key, '<', f.after);
    const page = without.orderBy(key, 'desc').limit(f.limit - rows.length);
    rows.push(...(await readPage(db, f, page, [['id', 'desc']])));
  }
  return rows;
}

/** The list's filters and scope on cases (c), and the id column its walk is ordered by. */
function filteredCases(db: Executor, f: CaseListFilter) {
  const memberId = f.scope.kind === 'own' ? f.scope.userId : f.assignedToMe ? f.userId : undefined;
  const selective = Boolean(f.caseNumber || f.personIds || f.personQuery || f.late || f.awaitingApproval);
  const names = f.namePostings;
  const walkTeam = memberId !== undefined && !selective && (!names || names.common);
  const walkPostings = names !== undefined && !walkTeam;
  // Every shape selects the case row; the team and postings walks order by their own row's case id (the same
  // value). CROSS JOIN keeps SQLite's join order: the walked index first, the case row by id.
  let q = (walkTeam
    ? t(db)
        .selectFrom('case_members as m')
        .crossJoin('cases as c')
        .whereRef('c.id', '=', 'm.case_id')
        .where('m.user_id', '=', memberId)
        .selectAll('c')
    : walkPostings
      ? t(db)
          .selectFrom('case_name_tokens as k')
          .crossJoin('cases as c')
          .whereRef('c.id', '=', 'k.case_id')
          .where('k.token', '=', names.driver)
          .selectAll('c')
      : t(db).selectFrom('cases as c').selectAll('c')) as unknown as SelectQueryBuilder<
    CaseTables & { c: CaseRow },
    'c',
    CaseRow
  >;
  const key = (walkTeam ? 'm.case_id' : walkPostings ? 'k.case_id' : 'c.id') as 'c.id';
  if (names) {
    // The other parts (all of them when the caseload is walked), each probed on the walked row's case id.
    const probes = walkPostings ? names.others : [[names.driver], ...names.others];
    for (const group of probes)
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('case_name_tokens as o')
            .select('o.case_id')
            .whereRef('o.case_id', '=', key)
            .where('o.token', 'in', group),
        ),
      );
  }
  if (memberId !== undefined && !walkTeam) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_members as mm')
          .select('mm.user_id')
          .whereRef('mm.case_id', '=', 'c.id')
          .where('mm.user_id', '=', memberId),
      ),
    );
  }
  switch (f.scope.kind) {
    case 'agency':
      q = q.where('c.lead_agency_id', '=', f.scope.agencyId);
      break;
    case 'jurisdiction': {
      const { regionCode, agencyId } = f.scope;
      const inRegion = regionCondition(regionCode);
      q = q.where((eb) => eb.or([inRegion(eb as never), eb('c.lead_agency_id', '=', agencyId)]));
      break;
    }
    case 'own':
    case 'all':
      break;
  }
  if (f.stage) q = q.where('c.stage', '=', f.stage);
  if (f.open === true) q = q.where('c.stage', '!=', 'closed');
  if (f.open === false) q = q.where('c.stage', '=', 'closed');
  if (f.agencyId) q = q.where('c.lead_agency_id', '=', f.agencyId);
  if (f.regionCode) {
    const inRegion = regionCondition(f.regionCode);
    q = q.where((eb) => inRegion(eb as never));
  }
  if (f.child !== undefined) q = q.where('c.is_child', '=', f.child ? 1 : 0);
  if (f.late)
    q = q.where('c.id', 'in', (eb) => eb.selectFrom('cases as l').select('l.id').where('l.late_services', '>', 0));
  if (f.exploitationType) {
    const value = f.exploitationType;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_attributes as a')
          .select('a.case_id')
          .whereRef('a.case_id', '=', 'c.id')
          .where('a.attribute', '=', 'vic_TypeOfExploitation')
          .where('a.value', '=', value),
      ),
    );
  }
  // A supervisor looking at one member's caseload (team view, bulk reassignment).
  if (f.assignedTo) {
    const who = f.assignedTo;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_members as ma')
          .select('ma.user_id')
          .whereRef('ma.case_id', '=', 'c.id')
          .where('ma.user_id', '=', who),
      ),
    );
  }
  if (f.caseNumber) {
    const ids = caseIdsByNumber(db, f.caseNumber);
    q = q.where('c.id', 'in', ids as never);
  }
  if (f.awaitingApproval) q = q.where('c.id', 'in', awaitingApprovalIds(db, f.awaitingApproval) as never);
  if (f.personIds) {
    const personIds = f.personIds;
    q =
      personIds.length === 0
        ? q.where('c.id', '=', '')
        : q.where('c.id', 'in', (eb) =>
            eb.selectFrom('cases as p').select('p.id').where('p.person_id', 'in', personIds),
          );
  }
  if (f.personQuery) {
    const persons = f.personQuery;
    // The persons drive: through the case key on SQLite, straight on the person column where that drives too.
    q =
      f.inSubqueryDrivesOnKeyOnly === false
        ? q.where(sql<boolean>`c.person_id in (${persons})`)
        : q.where('c.id', 'in', (eb) =>
            eb.selectFrom('cases as p').select('p.id').where(sql<boolean>`p.person_id in (${persons})`),
          );
  }
  if (f.personCondition) q = q.where(f.personCondition('c.person_id'));
  return { q, key };
}

/**
 * The ids of the cases waiting for an approval, a few rows each part: open cases with a closure requested
 * (the partial index cases_closure_waiting_idx, its predicate as a literal so SQLite proves it applies) and the
 * cases of the screenings waiting (the screening module's approval index). The list checks scope and its other
 * filters on these ids only.
 */
function awaitingApprovalIds(db: Executor, a: NonNullable<CaseListFilter['awaitingApproval']>) {
  const closures = t(db)
    .selectFrom('cases as w')
    .select('w.id')
    .where(sql<SqlBool>`w.closure_requested_at is not null and w.stage <> 'closed'`);
  if (!a.screeningCaseIds) return closures;
  return a.closure ? closures.union(a.screeningCaseIds) : a.screeningCaseIds;
}
