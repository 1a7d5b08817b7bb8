import type { FieldGroup } from '../consent/index.js';
import type { ServiceType } from '../services/index.js';
import type { ageBands, TSharedView } from './referrals.schema.js';

/**
 * The shared view: what the receiving agency sees of a victim, built only from the field groups the consent
 * covers (Law 27/2022 Art. 16(2): processing limited to its purpose; Law 21/2007 Art. 44: identity stays
 * secret unless consented for that recipient).
 */

/** The consented, non-identifying facts taken at sending (stored encrypted with the referral). */
export interface SharedSnapshot {
  ageBand?: (typeof ageBands)[number] | null;
  sex?: string | null;
  languages?: string[];
  nationality?: string | null;
  originRegion?: { code: string; name: string } | null;
  riskLevel?: string | null;
  exploitationTypes?: string[];
  caseSummary?: string | null;
}

/** CTDC age band (ageBroad) of an age in years. */
export function ageBandOf(age: number): (typeof ageBands)[number] {
  if (age <= 8) return '0--8';
  if (age <= 17) return '9--17';
  if (age <= 20) return '18--20';
  if (age <= 23) return '21--23';
  if (age <= 26) return '24--26';
  if (age <= 29) return '27--29';
  if (age <= 38) return '30--38';
  if (age <= 47) return '39--47';
  return '48+';
}

/** The band from a birth year (age reached this year) or else an estimated age; null when neither is known. */
export function ageBandFrom(
  now: Date,
  birthYear: number | null,
  ageEstimated: number | null,
): (typeof ageBands)[number] | null {
  if (birthYear != null) return ageBandOf(Math.max(0, now.getUTCFullYear() - birthYear));
  if (ageEstimated != null) return ageBandOf(ageEstimated);
  return null;
}

export interface CaseFacts {
  birthYear: number | null;
  ageEstimated: number | null;
  sex: string | null;
  languages: string[];
  citizenship: string | null;
  origin: { code: string; name: string } | null;
  riskLevel: string | null;
  exploitationTypes: string[];
  summary: string | null;
}

/** Takes only the covered groups from the case's facts (identity and needs are not part of the snapshot). */
export function snapshotFor(groups: readonly FieldGroup[], facts: CaseFacts, now: Date): SharedSnapshot {
  const has = (g: FieldGroup) => groups.includes(g);
  const s: SharedSnapshot = {};
  if (has('age_band')) s.ageBand = ageBandFrom(now, facts.birthYear, facts.ageEstimated);
  if (has('sex')) s.sex = facts.sex;
  if (has('languages')) s.languages = facts.languages;
  if (has('nationality')) s.nationality = facts.citizenship;
  if (has('origin_region')) s.originRegion = facts.origin;
  if (has('risk_notes')) s.riskLevel = facts.riskLevel;
  if (has('exploitation_types')) s.exploitationTypes = facts.exploitationTypes;
  if (has('case_summary')) s.caseSummary = facts.summary;
  return s;
}

/**
 * The view at read time: the snapshot filtered again by the consent as it stands (a consent never widens, so
 * this only narrows), the needs from the referral's services, and identity when the caller revealed it.
 */
export function sharedViewOf(
  groups: readonly FieldGroup[],
  snapshot: SharedSnapshot,
  needs: ServiceType[],
  identity?: TSharedView['identity'],
): TSharedView {
  const has = (g: FieldGroup) => groups.includes(g);
  const view: TSharedView = { fieldGroups: [...groups] };
  if (has('age_band')) view.ageBand = snapshot.ageBand ?? null;
  if (has('sex')) view.sex = snapshot.sex ?? null;
  if (has('languages')) view.languages = snapshot.languages ?? [];
  if (has('nationality')) view.nationality = snapshot.nationality ?? null;
  if (has('origin_region')) view.originRegion = snapshot.originRegion ?? null;
  if (has('needs')) view.needs = [...new Set(needs)];
  if (has('risk_notes')) view.riskLevel = snapshot.riskLevel ?? null;
  if (has('exploitation_types')) view.exploitationTypes = snapshot.exploitationTypes ?? [];
  if (has('case_summary')) view.caseSummary = snapshot.caseSummary ?? null;
  if (identity && (has('identity_name') || has('identity_contact'))) view.identity = identity;
  return view;
}
