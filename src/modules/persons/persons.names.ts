/** Name keys: the keyed search tokens and blocking keys written with an identity, and search by name through them. */

import type { RawBuilder } from 'kysely';
import { type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { nameTokens, parseName, personTokenStrings } from './name-tokens.js';
import { openIdentityField, personKeys } from './persons.keys.js';
import {
  countTokenPostings,
  personHasTokensCondition,
  personsWithTokens,
  replaceNameTokens,
  selectNameTokensOf,
  selectPersonIdsWithTokens,
  selectStaleNameKeys,
  updateIdentityRow,
} from './persons.store.js';

/** The version of the name keys written now; identities indexed under an older one are re-indexed at start. */
export const NAME_KEYS_VERSION = 2;

/**
 * Writes a person's keyed name tokens (replacing hers) and tells the module that keeps a copy keyed by case
 * (`persons.nameTokensChanged`, the case list's name postings) in the same transaction. Every write of
 * person_name_tokens goes through here.
 */
export async function writeNameTokens(tx: Executor, ctx: Context, personId: string, tokens: string[]) {
  await replaceNameTokens(tx, personId, tokens);
  await ctx.hooks.one('persons.nameTokensChanged')(tx, personId, tokens);
}

/** A person's keyed name tokens as stored (for a case recorded for a person already known). */
export async function nameTokensOfPerson(db: Executor, personId: string): Promise<string[]> {
  return selectNameTokensOf(db, personId);
}

/** Keyed hashes of a person's name search tokens and duplicate-check blocking keys (aliases included). */
export function personTokenHashes(ctx: Context, names: string[], birthYear: number | null): string[] {
  return personTokenStrings(names, birthYear).map((t) => ctx.keyring.blindIndex('name', t));
}

/** Keyed hashes of a name's canonical and phonetic tokens (name search). */
function _nameTokenHashes(ctx: Context, names: string[]): string[] {
  const out = new Set<string>();
  for (const name of names) {
    const { canonical, phonetic } = nameTokens(name);
    for (const c of canonical) out.add(ctx.keyring.blindIndex('name', `c:${c}`));
    for (const p of phonetic) out.add(ctx.keyring.blindIndex('name', `p:${p}`));
  }
  return [...out];
}

/**
 * Re-indexes identities whose name keys an older version wrote (or none: rows from before migration 0050),
 * in batches: names decrypted in memory, new keyed tokens written. Idempotent; run at start.
 */
export async function refreshNameKeys(
  ctx: Context,
  onProgress?: (done: number) => void,
  batch = 1000,
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await selectStaleNameKeys(ctx.database.db, NAME_KEYS_VERSION, batch);
    if (rows.length === 0) return done;
    const keys = await personKeys(
      ctx,
      rows.map((r) => r.person_id),
    );
    await transact(ctx, async (tx) => {
      for (const r of rows) {
        const id = r.person_id;
        const names: string[] = [];
        const full = openIdentityField(ctx, keys.get(id), id, 'full_name_enc', r.full_name_enc);
        if (full) names.push(full);
        const aliases = openIdentityField(ctx, keys.get(id), id, 'aliases_enc', r.aliases_enc);
        if (aliases) names.push(...(JSON.parse(aliases) as string[]));
        await writeNameTokens(tx, ctx, id, personTokenHashes(ctx, names, r.birth_year));
        await updateIdentityRow(tx, id, { name_keys_version: NAME_KEYS_VERSION });
      }
    });
    done += rows.length;
    onProgress?.(done);
  }
}

/** A pair of parts (Sri Rahayu) drives the search inside SQL up to this many persons carrying it. */
const PAIR_PERSONS_LIMIT = 20_000;

/** A single name part drives the search inside SQL up to this many persons: a page is cheaper from them than by walking. */
const SINGLE_PART_PERSONS_LIMIT = 10_000;

/**
 * Per name part of the query, the keyed hash that finds it by spelling or sound: its sound key (every stored
 * canonical part of two sounds or more is stored with its sound key too, so "same spelling or same sound" is
 * "same sound"); a part whose sound is one letter by its spelling alone.
 */
function nameSearchGroups(ctx: Context, name: string): { sound: string | null; token: string }[] {
  const parsed = parseName(name);
  const out = new Map<string, { sound: string | null; token: string }>();
  for (const p of [...parsed.parts, ...parsed.patronymic]) {
    const g =
      p.phonetic.length >= 2
        ? { sound: p.phonetic, token: ctx.keyring.blindIndex('name', `p:${p.phonetic}`) }
        : { sound: null, token: ctx.keyring.blindIndex('name', `c:${p.canonical}`) };
    out.set(g.token, g);
  }
  return [...out.values()];
}

/**
 * How many persons carry a name part's posting (counted up to SINGLE_PART_PERSONS_LIMIT + 1), kept a minute per
 * process: for the parts, the count only chooses how the same set is found (the rarest part driving, or a
 * condition checked as the list walks), never which persons are found, so a count a minute old answers exactly as a
 * fresh one. It spares every name search a statement (issue 8: a round trip each on PostgreSQL, and up to 10,001
 * postings read for "Siti"). The pairs' counts are not kept: whether anyone carries a pair decides the answer.
 */
const partCountsOf = new WeakMap<object, Map<string, { n: number; until: number }>>();
const PART_COUNT_TTL_MS = 60_000;

async function partPostings(db: Executor, token: string): Promise<number> {
  let partCounts = partCountsOf.get(db);
  if (!partCounts) {
    partCounts = new Map();
    partCountsOf.set(db, partCounts);
  }
  const now = Date.now();
  const hit = partCounts.get(token);
  if (hit && hit.until > now) return hit.n;
  const n = await countTokenPostings(db, [token], SINGLE_PART_PERSONS_LIMIT + 1);
  if (partCounts.size >= 10_000) partCounts.clear();
  partCounts.set(token, { n, until: now + PART_COUNT_TTL_MS });
  return n;
}

/**
 * The same search as keyed tokens, for a list that keeps its own postings of them (the case list's
 * case_name_tokens): every match carries `driver` and a token of every group of `others`. `common`: the driver is
 * carried by more than SINGLE_PART_PERSONS_LIMIT persons (a walk of its postings may read many before a page).
 * Null: the name has no part to search by (nobody matches).
 */
export type NamePostings = { driver: string; others: string[][]; common: boolean } | null;

export type PersonNameFilter = (
  | { kind: 'ids'; ids: string[] }
  /** The persons, as a subquery over the name postings: the list's SQL reads them and stops at a page. */
  | { kind: 'persons'; persons: RawBuilder<{ person_id: string }> }
  /** For a common name: a condition on the list's person id column, checked row by row as the list walks its index. */
  | { kind: 'condition'; condition: (personIdColumn: string) => RawBuilder<boolean> }
) & { postings: NamePostings };

/**
 * Name search through vault tokens (no plaintext): persons whose name has every part of the query, by
 * spelling or sound. The rarest posting list drives, inside SQL (no person ids travel to the process and back):
 * two parts or more are found through the duplicate check's pair keys (two sounds, any year: Sri Rahayu is far
 * rarer than Sri or Rahayu), a single part through its own postings; a part too common for that (Siti) gives a
 * condition the caller's list checks per row, so the list walks its own index and stops at a page.
 */
export async function personNameFilter(ctx: Context, name: string): Promise<PersonNameFilter> {
  const groups = nameSearchGroups(ctx, name);
  if (groups.length === 0) return { kind: 'ids', ids: [], postings: null };
  const db = ctx.database.db;
  const parsed = parseName(name);
  const sounds = [...new Set(parsed.parts.map((p) => p.phonetic))].slice(0, 3);
  let best: { token: string; n: number; covers: string[] } | undefined;
  for (let i = 0; i < sounds.length; i++)
    for (let j = i + 1; j < sounds.length; j++) {
      const [a, b] = [sounds[i]!, sounds[j]!].sort();
      const token = ctx.keyring.blindIndex('name', `n:${a}|${b}`);
      const n = await countTokenPostings(db, [token], PAIR_PERSONS_LIMIT + 1);
      // A pair nobody carries proves nothing (a part spelt apart in one name and joined in the other): fall
      // through to the parts themselves rather than answer "no one".
      if (n > 0 && (!best || n < best.n)) best = { token, n, covers: [a!, b!] };
    }
  if (best && best.n <= PAIR_PERSONS_LIMIT) {
    // Carrying the pair means carrying both sounds: only the query's other parts are left to check.
    const covers = best.covers;
    const others = groups.filter((g) => g.sound === null || !covers.includes(g.sound)).map((g) => [g.token]);
    return {
      kind: 'persons',
      persons: personsWithTokens(best.token, others),
      postings: { driver: best.token, others, common: false },
    };
  }
  let rarest = groups[0]!;
  let rarestCount = Number.POSITIVE_INFINITY;
  for (const g of groups) {
    const n = await partPostings(db, g.token);
    if (n < rarestCount) {
      rarest = g;
      rarestCount = n;
    }
  }
  if (rarestCount <= SINGLE_PART_PERSONS_LIMIT) {
    const others = groups.filter((g) => g !== rarest).map((g) => [g.token]);
    return {
      kind: 'persons',
      persons: personsWithTokens(rarest.token, others),
      postings: { driver: rarest.token, others, common: false },
    };
  }
  const all = groups.map((g) => [g.token]);
  return {
    kind: 'condition',
    condition: (column) => personHasTokensCondition(column, all),
    postings: {
      driver: rarest.token,
      others: groups.filter((g) => g !== rarest).map((g) => [g.token]),
      common: true,
    },
  };
}

/** At most this many persons from findPersonIdsByName. */
const NAMES_LIMIT = 2000;

/** Person ids whose name shares tokens with the query (for name search within scope; capped). */
export async function findPersonIdsByName(ctx: Context, name: string): Promise<string[]> {
  const groups = nameSearchGroups(ctx, name).map((g) => [g.token]);
  if (groups.length === 0) return [];
  return selectPersonIdsWithTokens(ctx.database.db, groups[0]!, groups.slice(1), NAMES_LIMIT);
}
