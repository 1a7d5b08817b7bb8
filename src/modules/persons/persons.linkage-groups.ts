/**
 * The record linkage's union-find (persons.linkage.ts) kept in the table `person_linkage` (migration 0133)
 * rather than in the heap, so that its memory is bounded by a page of links and not by the number of linked
 * records (at 1,000,000 cases the in-memory maps peaked at 1.6 GB).
 *
 * The table holds exactly what the in-memory maps held: for each record a link or a compared pair touched, its
 * parent (null: in no group yet) and the facts of the group it is or was the root of — or, for a record first
 * seen in a pair, its own (province of origin, birth-year range). A page of links is applied by `load` (the
 * records and their chains of parents up to their roots, a few batched reads), the same find/union steps as
 * before over those cached rows, then `flush` (the changed rows written back). The cache is dropped when it
 * outgrows `cacheMax`: it is always equal to the table after a flush (one writer: the connection of the run).
 * So the groups are those of the in-memory union-find, whatever the page size (persons.linkage.test.ts).
 *
 * After the walk, `resolveAll` points every joined record straight at its root — the group's key, its smallest
 * record id — and `linkedGroupsOf` reads the keys of a page of records back.
 */
import type { Executor } from '../../platform/db/index.js';
import { tables } from '../../platform/db/index.js';

/** What a group of linked records says about the victim: the known province of origin and the birth-year range. */
export interface GroupFacts {
  province: string | null;
  minYear: number | null;
  maxYear: number | null;
}

export interface PersonLinkageRow {
  person_id: string;
  parent: string | null;
  has_facts: number;
  province: string | null;
  min_year: number | null;
  max_year: number | null;
}
type T = { person_linkage: PersonLinkageRow };
const t = (db: Executor) => tables<T>(db);

interface Node {
  parent: string | null;
  facts: GroupFacts | null;
  dirty: boolean;
}

/** Records cached at most between pages (about 200 bytes each). */
export const LINKAGE_CACHE_MAX = 50_000;
const READ = 1000;
const WRITE = 500;
const PAGE = 5000;

const yearOf = (v: number | null) => (v === null ? null : Number(v));

export class TableUnionFind {
  private readonly nodes = new Map<string, Node>();
  constructor(
    private readonly db: Executor,
    private readonly cacheMax = LINKAGE_CACHE_MAX,
  ) {}

  /** Empties the table for a new run. */
  async reset(): Promise<void> {
    this.nodes.clear();
    await t(this.db).deleteFrom('person_linkage').execute();
  }

  /** Brings these records, and every parent on their way to their roots, into the cache. */
  async load(ids: Iterable<string>): Promise<void> {
    let want = [...new Set(ids)].filter((id) => !this.nodes.has(id));
    while (want.length > 0) {
      const next = new Set<string>();
      for (let i = 0; i < want.length; i += READ) {
        const slice = want.slice(i, i + READ);
        const rows = await t(this.db)
          .selectFrom('person_linkage')
          .selectAll()
          .where('person_id', 'in', slice)
          .execute();
        const found = new Map(rows.map((r) => [r.person_id, r]));
        for (const id of slice) {
          const r = found.get(id);
          this.nodes.set(id, {
            parent: r?.parent ?? null,
            facts:
              r && Number(r.has_facts) === 1
                ? { province: r.province, minYear: yearOf(r.min_year), maxYear: yearOf(r.max_year) }
                : null,
            dirty: false,
          });
          if (r?.parent && r.parent !== id) next.add(r.parent);
        }
      }
      want = [...next].filter((id) => !this.nodes.has(id));
    }
  }

  private node(id: string): Node {
    const n = this.nodes.get(id);
    if (!n) throw new Error('linkage: a record was not loaded before use');
    return n;
  }

  private setParent(id: string, parent: string): void {
    const n = this.node(id);
    if (n.parent !== parent) {
      n.parent = parent;
      n.dirty = true;
    }
  }

  find(x: string): string {
    let root = x;
    for (let p = this.node(root).parent; p !== null && p !== root; p = this.node(root).parent) root = p;
    // Path compression keeps later finds short (and the chains `load` follows).
    for (let y = x; y !== root; ) {
      const next = this.node(y).parent!;
      this.setParent(y, root);
      y = next;
    }
    return root;
  }

  union(a: string, b: string): void {
    if (this.node(a).parent === null) this.setParent(a, a);
    if (this.node(b).parent === null) this.setParent(b, b);
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller id is the group's key, so the key does not depend on the order links are found in.
    if (ra < rb) this.setParent(rb, ra);
    else if (rb < ra) this.setParent(ra, rb);
  }

  private setFacts(id: string, facts: GroupFacts): void {
    const n = this.node(id);
    n.facts = facts;
    n.dirty = true;
  }

  /**
   * Links two records unless their groups contradict each other (two known provinces of origin, birth years more
   * than a year apart): a record of unknown origin must not chain two namesakes from different provinces.
   */
  unionIfCompatible(a: string, b: string, fa: GroupFacts, fb: GroupFacts): boolean {
    if (this.node(a).facts === null) this.setFacts(a, fa);
    if (this.node(b).facts === null) this.setFacts(b, fb);
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return true;
    const ga = this.node(ra).facts ?? fa;
    const gb = this.node(rb).facts ?? fb;
    if (ga.province !== null && gb.province !== null && ga.province !== gb.province) return false;
    const years = [ga.minYear, ga.maxYear, gb.minYear, gb.maxYear].filter((y): y is number => y !== null);
    const minYear = years.length ? Math.min(...years) : null;
    const maxYear = years.length ? Math.max(...years) : null;
    if (minYear !== null && maxYear! - minYear > 1) return false;
    this.union(a, b);
    this.setFacts(this.find(a), { province: ga.province ?? gb.province, minYear, maxYear });
    return true;
  }

  /** Writes the changed records back; drops the cache when it has grown past its bound. */
  async flush(): Promise<void> {
    const dirty: PersonLinkageRow[] = [];
    for (const [id, n] of this.nodes) {
      if (!n.dirty) continue;
      dirty.push({
        person_id: id,
        parent: n.parent,
        has_facts: n.facts ? 1 : 0,
        province: n.facts?.province ?? null,
        min_year: n.facts?.minYear ?? null,
        max_year: n.facts?.maxYear ?? null,
      });
      n.dirty = false;
    }
    for (let i = 0; i < dirty.length; i += WRITE) {
      await t(this.db)
        .insertInto('person_linkage')
        .values(dirty.slice(i, i + WRITE))
        .onConflict((oc) =>
          oc.column('person_id').doUpdateSet((eb) => ({
            parent: eb.ref('excluded.parent'),
            has_facts: eb.ref('excluded.has_facts'),
            province: eb.ref('excluded.province'),
            min_year: eb.ref('excluded.min_year'),
            max_year: eb.ref('excluded.max_year'),
          })),
        )
        .execute();
    }
    if (this.nodes.size > this.cacheMax) this.nodes.clear();
  }

  /** Points every joined record at its root, a page at a time; returns the joined records and the groups. */
  async resolveAll(betweenPages: () => Promise<void>): Promise<{ linked: number; groups: number }> {
    let linked = 0;
    let groups = 0;
    let after = '';
    for (;;) {
      const ids = (
        await t(this.db)
          .selectFrom('person_linkage')
          .select('person_id')
          .where('parent', 'is not', null)
          .where('person_id', '>', after)
          .orderBy('person_id')
          .limit(PAGE)
          .execute()
      ).map((r) => r.person_id);
      if (ids.length === 0) break;
      await this.load(ids);
      for (const id of ids) if (this.find(id) === id) groups++;
      linked += ids.length;
      await this.flush();
      after = ids[ids.length - 1]!;
      await betweenPages();
    }
    this.nodes.clear();
    return { linked, groups };
  }
}

/**
 * The group keys of these records as the last linkage run left them: record id → the key (the smallest record id
 * of its group), only for records linked to another.
 */
export async function linkedGroupsOf(db: Executor, personIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(personIds)];
  const out = new Map<string, string>();
  for (let i = 0; i < unique.length; i += READ) {
    const rows = await t(db)
      .selectFrom('person_linkage')
      .select(['person_id', 'parent'])
      .where('person_id', 'in', unique.slice(i, i + READ))
      .where('parent', 'is not', null)
      .execute();
    for (const r of rows) out.set(r.person_id, r.parent!);
  }
  return out;
}

/** Every group key of the last run, for tests and small vaults (the whole map in memory). */
export async function allLinkedGroups(db: Executor): Promise<Map<string, string>> {
  const rows = await t(db)
    .selectFrom('person_linkage')
    .select(['person_id', 'parent'])
    .where('parent', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.person_id, r.parent!]));
}
