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
 * bounded for common names.
 */
import { sql } from 'kysely';
import type { Context } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';
import type { PersonIdentifierRow, PersonNameTokenRow, PersonRow } from './persons.store.js';

/** Measured on the labelled fixture (persons.linkage.test.ts, docs/indicators.md). */
export const LINKAGE_DICE_THRESHOLD = 0.5;
export const LINKAGE_MAX_POSTINGS = 200;

type T = { persons: PersonRow; person_identifiers: PersonIdentifierRow; person_name_tokens: PersonNameTokenRow };
const t = (db: Executor) => tables<T>(db);

/** What a group of linked records says about the victim: every known province and the birth-year range. */
interface GroupFacts {
  provinces: Set<string>;
  minYear: number | null;
  maxYear: number | null;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  readonly facts = new Map<string, GroupFacts>();
  find(x: string): string {
    let root = x;
    for (let p = this.parent.get(root); p !== undefined && p !== root; p = this.parent.get(root)) root = p;
    // Path compression keeps later finds short.
    for (let y = x; y !== root; ) {
      const next = this.parent.get(y)!;
      this.parent.set(y, root);
      y = next;
    }
    return root;
  }
  union(a: string, b: string): void {
    if (!this.parent.has(a)) this.parent.set(a, a);
    if (!this.parent.has(b)) this.parent.set(b, b);
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller id is the group's key, so the key does not depend on the order links are found in.
    if (ra < rb) this.parent.set(rb, ra);
    else if (rb < ra) this.parent.set(ra, rb);
  }
  /**
   * Links two records unless their groups contradict each other (two known provinces of origin, birth years more
   * than a year apart): a record of unknown origin must not chain two namesakes from different provinces.
   */
  unionIfCompatible(a: string, b: string, fa: GroupFacts, fb: GroupFacts): boolean {
    if (!this.facts.has(a)) this.facts.set(a, fa);
    if (!this.facts.has(b)) this.facts.set(b, fb);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ga = this.facts.get(ra) ?? fa;
    const gb = this.facts.get(rb) ?? fb;
    const provinces = new Set([...ga.provinces, ...gb.provinces]);
    const years = [ga.minYear, ga.maxYear, gb.minYear, gb.maxYear].filter((y): y is number => y !== null);
    const minYear = years.length ? Math.min(...years) : null;
    const maxYear = years.length ? Math.max(...years) : null;
    if (provinces.size > 1 || (minYear !== null && maxYear! - minYear > 1)) return false;
    this.union(a, b);
    this.facts.set(this.find(a), { provinces, minYear, maxYear });
    return true;
  }
  keys(): Map<string, string> {
    const out = new Map<string, string>();
    for (const x of this.parent.keys()) out.set(x, this.find(x));
    return out;
  }
}

export interface LinkageResult {
  /** Record id → the group's key (the smallest record id in it), only for records linked to another. */
  groupOf: Map<string, string>;
  identifierLinks: number;
  nameLinks: number;
  candidatesCompared: number;
}

const province = (code: string | null) => (code ? code.slice(0, 2) : null);

/** Dice coefficient of two sets of keyed tokens: 2·|A∩B| / (|A|+|B|). */
export function dice(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return (2 * shared) / (a.size + b.size);
}

/** Links every person record in the vault by the rule above. Reads keyed hashes and profiles only. */
export async function linkPersonRecords(ctx: Context, options: { threshold?: number } = {}): Promise<LinkageResult> {
  const threshold = options.threshold ?? LINKAGE_DICE_THRESHOLD;
  const db = ctx.database.db;
  const groups = new UnionFind();
  // Rule 1: one keyed document number on two records.
  const shared = await t(db)
    .selectFrom('person_identifiers')
    .select(['bidx', 'person_id'])
    .where('kind', 'in', ['nik', 'passport'])
    .where('bidx', 'in', (eb) =>
      eb
        .selectFrom('person_identifiers')
        .select('bidx')
        .where('kind', 'in', ['nik', 'passport'])
        .groupBy('bidx')
        .having(sql`count(*)`, '>', 1),
    )
    .orderBy('bidx')
    .execute();
  let identifierLinks = 0;
  for (let i = 1; i < shared.length; i++) {
    const a = shared[i - 1]!;
    const b = shared[i]!;
    if (a.bidx === b.bidx && a.person_id !== b.person_id) {
      groups.union(a.person_id, b.person_id);
      identifierLinks++;
    }
  }
  // Rule 2, candidates: two records sharing a selective token, same sex and birth year.
  const candidates = await sql<{ a: string; b: string }>`
    select distinct x.person_id as a, y.person_id as b
    from person_name_tokens x
    join person_name_tokens y on y.token = x.token and y.person_id > x.person_id
    join persons pa on pa.id = x.person_id
    join persons pb on pb.id = y.person_id
    where x.token in (
      select token from person_name_tokens group by token
      having count(*) between 2 and ${LINKAGE_MAX_POSTINGS}
    )
      and pa.sex is not null and pa.sex = pb.sex
      and pa.birth_year is not null and pb.birth_year is not null
      and pa.birth_year between pb.birth_year - 1 and pb.birth_year + 1
  `.execute(db);
  const pairs = candidates.rows;
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const tokens = new Map<string, Set<string>>();
  const facts = new Map<string, GroupFacts>();
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000);
    for (const r of await t(db)
      .selectFrom('person_name_tokens')
      .select(['person_id', 'token'])
      .where('person_id', 'in', chunk)
      .execute()) {
      const set = tokens.get(r.person_id) ?? new Set<string>();
      if (set.size === 0) tokens.set(r.person_id, set);
      set.add(r.token);
    }
    for (const r of await t(db)
      .selectFrom('persons')
      .select(['id', 'region_code', 'birth_year'])
      .where('id', 'in', chunk)
      .execute()) {
      const p = province(r.region_code);
      facts.set(r.id, { provinces: new Set(p ? [p] : []), minYear: r.birth_year, maxYear: r.birth_year });
    }
  }
  // Strongest evidence first, so that a weak link never blocks a strong one through the group constraints.
  const scored = pairs
    .map(({ a, b }) => ({ a, b, score: dice(tokens.get(a) ?? new Set(), tokens.get(b) ?? new Set()) }))
    .filter((p) => p.score >= threshold)
    .sort((x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1));
  const none: GroupFacts = { provinces: new Set(), minYear: null, maxYear: null };
  let nameLinks = 0;
  for (const { a, b } of scored) {
    if (groups.unionIfCompatible(a, b, facts.get(a) ?? none, facts.get(b) ?? none)) nameLinks++;
  }
  return { groupOf: groups.keys(), identifierLinks, nameLinks, candidatesCompared: pairs.length };
}
