/**
 * Writing a generation's facts fast (docs/indicators.md "Refresh"): multi-row inserts whose SQL text is made
 * once per shape and sent with its parameters as they are (no query builder per row: compiling a 1,000-row
 * insert through Kysely cost more than the insert), and the facts of services, referrals, shelter stays and
 * follow-ups joined to their case's dimensions in the database — the case fact of the same generation carries
 * them — instead of read back into the process and sent again.
 */
import { CompiledQuery } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import type { FactRow } from './indicators.store.js';

/** A fact as its kind's module gives it: the case's dimensions come from the case fact (`insertCaseLinkedFacts`). */
export type OwnFact = Pick<FactRow, 'kind' | 'id' | 'case_id' | 'on_date' | 'status' | 'flag' | 'pending' | 'amount'>;

const FACT_COLUMNS = [
  'generation',
  'kind',
  'id',
  'case_id',
  'on_date',
  'status',
  'flag',
  'pending',
  'amount',
  'victim_key',
  'lead_agency_id',
  'agency_type',
  'province',
  'regency',
  'region_code',
  'sex',
  'age_band',
  'child',
  'citizenship',
] as const satisfies readonly (keyof FactRow)[];
const OWN_COLUMNS = [
  'kind',
  'id',
  'case_id',
  'on_date',
  'status',
  'flag',
  'pending',
  'amount',
] as const satisfies readonly (keyof OwnFact)[];
/** The case's dimensions, copied from its case fact. */
const DIM_COLUMNS = FACT_COLUMNS.slice(9);

/** Rows per statement: 1,000 × 19 parameters stays under SQLite's 32,766 and PostgreSQL's 65,535. */
const CHUNK = 1000;

/** `(?, ?), (?, ?)` (SQLite) or `($1, $2), ($3, $4)` (PostgreSQL) for rows × columns parameters. */
function placeholders(pg: boolean, rows: number, columns: number, first = 1): string {
  const out: string[] = [];
  let n = first;
  for (let r = 0; r < rows; r++) {
    const row: string[] = [];
    for (let c = 0; c < columns; c++) row.push(pg ? `$${n++}` : '?');
    out.push(`(${row.join(', ')})`);
  }
  return out.join(', ');
}

/** SQL texts by shape (dialect, statement, rows): a full chunk's text is made once. */
const texts = new Map<string, string>();
function textOf(key: string, make: () => string): string {
  let text = texts.get(key);
  if (text === undefined) {
    text = make();
    if (texts.size > 64) texts.clear();
    texts.set(key, text);
  }
  return text;
}

async function run(db: Executor, text: string, parameters: unknown[]): Promise<number> {
  const r = await db.executeQuery(CompiledQuery.raw(text, parameters));
  return Number(r.numAffectedRows ?? 0);
}

/** Inserts whole fact rows (the case facts, which carry their dimensions). */
export async function insertFacts(db: Executor, pg: boolean, rows: FactRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const text = textOf(`facts|${pg}|${chunk.length}`, () => {
      const columns = FACT_COLUMNS.join(', ');
      return `insert into indicator_facts (${columns}) values ${placeholders(pg, chunk.length, FACT_COLUMNS.length)}`;
    });
    const parameters: unknown[] = [];
    for (const row of chunk) for (const c of FACT_COLUMNS) parameters.push(row[c]);
    await run(db, text, parameters);
  }
}

/**
 * Inserts facts of cases with the dimensions of their case fact in this generation; a fact whose case has no
 * case fact is left out (as before: the case was made after the cases were read). Returns how many went in.
 */
export async function insertCaseLinkedFacts(
  db: Executor,
  pg: boolean,
  generation: number,
  rows: OwnFact[],
): Promise<number> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const text = textOf(`linked|${pg}|${chunk.length}`, () => {
      const n = OWN_COLUMNS.length;
      // A VALUES list's columns are column1…columnN on both databases; PostgreSQL types its parameters as text.
      const v = (name: (typeof OWN_COLUMNS)[number]) => `v.column${OWN_COLUMNS.indexOf(name) + 1}`;
      const own = OWN_COLUMNS.map((c) =>
        c === 'flag' || c === 'pending'
          ? `cast(${v(c)} as integer)`
          : c === 'amount'
            ? `cast(${v(c)} as double precision)`
            : v(c),
      );
      // Each row looks its case fact up by the primary key (generation, kind, id), whatever the planner thinks
      // of a generation it has no statistics for yet: SQLite keeps the left of a CROSS JOIN outside, and
      // PostgreSQL cannot flatten a LATERAL subquery with a LIMIT into a join it could turn into a hash of
      // every case fact of the generation, once per chunk.
      const where = `c.generation = ${pg ? `$${chunk.length * n + 1}` : '?'} and c.kind = 'case' and c.id = ${v('case_id')}`;
      const select = `insert into indicator_facts (${FACT_COLUMNS.join(', ')}) select c.generation, ${own.join(', ')}, ${DIM_COLUMNS.map((d) => `c.${d}`).join(', ')} from (values ${placeholders(pg, chunk.length, n)}) v `;
      return pg
        ? `${select}cross join lateral (select * from indicator_facts c where ${where} limit 1) c`
        : `${select}cross join indicator_facts c where ${where}`;
    });
    const parameters: unknown[] = [];
    for (const row of chunk) for (const c of OWN_COLUMNS) parameters.push(row[c]);
    parameters.push(generation);
    inserted += await run(db, text, parameters);
  }
  return inserted;
}

/** Inserts a page's exploitation types (generation, case, type). */
export async function insertExploitation(
  db: Executor,
  pg: boolean,
  rows: { generation: number; case_id: string; type: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const text = textOf(
      `exploitation|${pg}|${chunk.length}`,
      () =>
        `insert into indicator_exploitation (generation, case_id, type) values ${placeholders(pg, chunk.length, 3)}`,
    );
    const parameters: unknown[] = [];
    for (const row of chunk) parameters.push(row.generation, row.case_id, row.type);
    await run(db, text, parameters);
  }
}
