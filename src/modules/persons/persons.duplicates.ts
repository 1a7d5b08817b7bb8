/** The duplicate check at intake: candidates by blocking keys and identifiers, scored part by part in memory. */

import { inScope, requireActor } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findActiveAgencies } from '../agencies/index.js';
import { checkKeyStrings, compareNames, type ParsedName, parseName } from './name-tokens.js';
import { openIdentityField, PERSON_KEYS_TABLE } from './persons.keys.js';
import { admitAndRecordDuplicateCheck, duplicateLimitReached } from './persons.oracle.js';
import { casePathsOf, requireCreatePerson } from './persons.policy.js';
import type { TDuplicateCheck, TDuplicateMatch } from './persons.schema.js';
import { type PersonRow, selectNameCandidates, selectPersonsByIdentifiers } from './persons.store.js';
import { identifierRows, toPerson } from './persons.vault.js';

/** Reported from this score up. */
const MATCH_THRESHOLD = 0.6;

/** "Likely the same person" from this score up (never when the family names differ). */
const LIKELY_THRESHOLD = 0.85;

/** Postings read per blocking key, and candidates scored: the check's cost is bounded whatever the name. */
const PER_KEY_LIMIT = 200;

const MAX_CANDIDATES = 60;

export interface MatchEvidence {
  name?: ParsedName;
  birthYear?: number | null;
  sex?: string | null;
  regionCode?: string | null;
}

/**
 * How likely a recorded person is the one at intake, from names compared part by part (the recorded name and
 * its aliases, best of them) and the profile: birth year, sex, origin. A different family name caps the score
 * below the report threshold: namesakes are left alone.
 */
export function scoreCandidate(
  q: MatchEvidence,
  c: { names: ParsedName[]; birthYear: number | null; sex: string | null; regionCode: string | null },
): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let nameScore = 0;
  let familyDiffers = false;
  if (q.name) {
    let best = { score: 0, familyDiffers: false };
    for (const n of c.names) {
      const r = compareNames(q.name, n);
      if (r.score > best.score || (r.score === best.score && best.familyDiffers && !r.familyDiffers)) best = r;
    }
    nameScore = best.score;
    familyDiffers = best.familyDiffers;
    if (nameScore > 0) reasons.push('name');
  }
  let score = 0.75 * nameScore;
  if (q.birthYear && c.birthYear) {
    const diff = Math.abs(q.birthYear - c.birthYear);
    if (diff <= 2) reasons.push('birthYear');
    score += diff === 0 ? 0.12 : diff === 1 ? 0.08 : diff === 2 ? 0.02 : -0.4;
  }
  if (q.sex && c.sex) {
    if (q.sex === c.sex) {
      score += 0.03;
      reasons.push('sex');
    } else score -= 0.5;
  }
  if (q.regionCode && c.regionCode) {
    if (q.regionCode.slice(0, 2) !== c.regionCode.slice(0, 2)) score -= 0.35;
    else {
      reasons.push('origin');
      score += q.regionCode.length > 2 && q.regionCode === c.regionCode ? 0.1 : 0.06;
    }
  }
  if (familyDiffers) score = Math.min(score, MATCH_THRESHOLD - 0.1);
  return { score: Math.max(0, Math.min(1, Math.round(score * 100) / 100)), reasons: reasons.sort() };
}

/** A candidate's recorded names, decrypted in memory only to compare them (never returned or logged). */
function candidateNames(
  ctx: Context,
  r: { id: string; vault_full_name_enc: string | null; vault_aliases_enc: string | null; vault_key_enc: string | null },
): ParsedName[] {
  const id = r.id;
  const key = r.vault_key_enc ? ctx.keyring.unwrapSubjectKey(PERSON_KEYS_TABLE, id, r.vault_key_enc) : undefined;
  const names: string[] = [];
  const full = openIdentityField(ctx, key, id, 'full_name_enc', r.vault_full_name_enc);
  if (full) names.push(full);
  const aliases = openIdentityField(ctx, key, id, 'aliases_enc', r.vault_aliases_enc);
  if (aliases) names.push(...(JSON.parse(aliases) as string[]));
  return names.map(parseName);
}

/**
 * Finds the same person anywhere in the instance without the database ever seeing a name: exact identifiers
 * through blind indexes; names through keyed blocking keys (name parts combined with the birth year, so a
 * common given name never opens a large candidate set; at most PER_KEY_LIMIT postings per key and
 * MAX_CANDIDATES candidates), whose recorded names are then compared part by part in memory and weighed with
 * birth year, sex and origin. A match outside the caller's scope says only which agency holds it.
 */
export async function checkDuplicates(ctx: Context, q: TDuplicateCheck): Promise<TDuplicateMatch[]> {
  const actor = requireActor(ctx);
  const scope = await requireCreatePerson(ctx);
  // Not an oracle: hourly limits per user and agency (persons.oracle.ts). A caller already over a limit is
  // refused before any matching; the count itself is taken with the audit event, in one transaction.
  if ((await duplicateLimitReached(ctx)) && !(await admitAndRecordDuplicateCheck(ctx, q, null)))
    throw new AppError('rate_limited', 'duplicate_check_limit');
  const db = ctx.database.db;
  const matches = (await matchDuplicates(ctx, q)).slice(0, 10);
  // Every match's holders in a few queries (on PostgreSQL each query is a round trip: ten matches asked one by
  // one cost some fifty statements, issue 8).
  const pathsOf = await casePathsOf(
    ctx,
    db,
    matches.map((m) => m.row),
  );
  const recorded: { personId: string; holderAgencyId: string; visible: boolean }[] = matches.map((m) => {
    const paths = pathsOf.get(m.row.id) ?? [];
    const visible = paths.some((p) => inScope(actor, scope, { type: 'person', id: m.row.id, ...p }));
    // The agency that holds her now (the lead of her case), not the one that first recorded her.
    const [holder] = paths;
    return { personId: m.row.id, holderAgencyId: holder?.agencyId ?? m.row.owner_agency_id, visible };
  });
  // The holders outside scope and the caller's own agency (the holders' alerts name it) in one query.
  const outside = recorded.filter((r) => !r.visible).map((r) => r.holderAgencyId);
  const agencies = await findActiveAgencies(ctx, outside.length > 0 ? [...outside, actor.agencyId] : []);
  const out: TDuplicateMatch[] = matches.map((m, i) => {
    const { holderAgencyId, visible } = recorded[i]!;
    if (visible) return { score: m.score, likelihood: m.likelihood, reasons: m.reasons, person: toPerson(ctx, m.row) };
    const agency = agencies.get(holderAgencyId);
    // Outside scope: only who holds a possible match — not why it matched (a NIK or phone "hit" would
    // itself reveal that the identifier is on record elsewhere).
    return {
      heldBy: {
        agencyId: holderAgencyId,
        agencyName: agency?.name ?? '',
        contactPhone: agency?.contactPhone ?? null,
        contactEmail: agency?.contactEmail ?? null,
      },
    };
  });
  const searcher = outside.length > 0 ? (agencies.get(actor.agencyId)?.name ?? '') : undefined;
  if (!(await admitAndRecordDuplicateCheck(ctx, q, recorded, searcher)))
    throw new AppError('rate_limited', 'duplicate_check_limit');
  return out;
}

export interface DuplicateMatchInternal {
  row: PersonRow;
  score: number;
  likelihood: 'likely' | 'possible';
  reasons: string[];
}

/**
 * The matching itself, across the whole instance and without access checks or audit (the caller,
 * checkDuplicates, does both): the persons at or above the report threshold, best first.
 */
export async function matchDuplicates(ctx: Context, q: TDuplicateCheck): Promise<DuplicateMatchInternal[]> {
  const db = ctx.database.db;
  const identifiers = identifierRows(ctx, '', q).map(({ kind, bidx }) => ({ kind, bidx }));
  const name = q.fullName ? parseName(q.fullName) : undefined;
  const keys = q.fullName
    ? [...checkKeyStrings(q.fullName, q.birthYear)].map(([key, weight]) => ({
        token: ctx.keyring.blindIndex('name', key),
        weight,
      }))
    : [];
  // Exact identifiers with their persons' rows, and the name's best candidates (ranked by their blocking keys'
  // weights, with their rows and names' ciphertext), side by side: two queries at most.
  const [hits, candidates] = await Promise.all([
    selectPersonsByIdentifiers(db, identifiers),
    selectNameCandidates(db, keys, PER_KEY_LIMIT, MAX_CANDIDATES),
  ]);
  const exact = new Map<string, Set<string>>();
  const persons = new Map<string, PersonRow>();
  for (const { matched_kind, ...row } of hits) {
    exact.set(row.id, (exact.get(row.id) ?? new Set()).add(matched_kind));
    persons.set(row.id, row);
  }
  const names = new Map<string, ParsedName[]>();
  for (const { vault_full_name_enc, vault_aliases_enc, vault_key_enc, ...row } of candidates) {
    persons.set(row.id, row);
    if (name && !exact.has(row.id))
      names.set(row.id, candidateNames(ctx, { id: row.id, vault_full_name_enc, vault_aliases_enc, vault_key_enc }));
  }

  const matches: DuplicateMatchInternal[] = [];
  for (const row of persons.values()) {
    const kinds = exact.get(row.id);
    if (kinds) {
      matches.push({ row, score: 1, likelihood: 'likely', reasons: [...kinds].sort() });
      continue;
    }
    const { score, reasons } = scoreCandidate(
      { name, birthYear: q.birthYear, sex: q.sex, regionCode: q.regionCode },
      { names: names.get(row.id) ?? [], birthYear: row.birth_year, sex: row.sex, regionCode: row.region_code },
    );
    if (score >= MATCH_THRESHOLD)
      matches.push({ row, score, likelihood: score >= LIKELY_THRESHOLD ? 'likely' : 'possible', reasons });
  }
  return matches.sort((a, b) => b.score - a.score || (a.row.id < b.row.id ? -1 : 1));
}
