/**
 * Who is a child. Law 21/2007 Art. 1(5) and Law 35/2014 (amending Law 23/2002 on Child Protection) Art. 1(1):
 * a child is a person under 18. Where a victim's age is not known she is presumed a child until her age is
 * assessed, so that child protection applies rather than being withheld for want of a document (Law 35/2014;
 * UN Guidelines on Justice in Matters involving Child Victims; DOMAIN.md). A birth year alone that leaves the
 * 18th birthday uncertain is read the same way.
 */

/** What is recorded about a person's age (date of birth from the vault; never shown, only reasoned on). */
export interface AgeFacts {
  dateOfBirth?: string | null;
  birthYear?: number | null;
  ageEstimated?: number | null;
  /** When the estimate was made (age then + the years since = age now). */
  ageEstimatedAt?: string | null;
}

export type AgeBasis = 'date_of_birth' | 'birth_year' | 'age_estimate' | 'unknown';
/** What a case's child flag rests on; `presumed` when no age is recorded at all. */
export type ChildBasis = Exclude<AgeBasis, 'unknown'> | 'age_when_trafficked' | 'presumed';
export const childBases = [
  'date_of_birth',
  'birth_year',
  'age_estimate',
  'age_when_trafficked',
  'presumed',
] as const satisfies readonly ChildBasis[];

const YEAR_MS = 365.2425 * 86_400_000;

/** Whether the person is under 18 at a moment, and on what that rests (`unknown`: presumed a child). */
export function minorAt(facts: AgeFacts, at: Date): { minor: boolean; basis: AgeBasis } {
  if (facts.dateOfBirth) {
    const dob = new Date(`${facts.dateOfBirth}T00:00:00Z`);
    const eighteenth = Date.UTC(dob.getUTCFullYear() + 18, dob.getUTCMonth(), dob.getUTCDate());
    return { minor: at.getTime() < eighteenth, basis: 'date_of_birth' };
  }
  // Born at the latest on 31 December of that year: certainly 18 only from the year after the 18th.
  if (facts.birthYear != null) return { minor: at.getUTCFullYear() - facts.birthYear <= 18, basis: 'birth_year' };
  if (facts.ageEstimated != null) {
    const since = facts.ageEstimatedAt ? Math.max(0, at.getTime() - Date.parse(facts.ageEstimatedAt)) : 0;
    return { minor: facts.ageEstimated + Math.floor(since / YEAR_MS) < 18, basis: 'age_estimate' };
  }
  return { minor: true, basis: 'unknown' };
}

/**
 * A case's child flag: a child when under 18 when trafficked (Art. 1(5): the means element is then not needed)
 * or at intake, or when no age is recorded (presumed). Recomputed whenever an age fact is corrected.
 */
export function childStatusAt(
  intake: Date,
  facts: AgeFacts,
  ageWhenTrafficked: number | null | undefined,
): { isChild: boolean; basis: ChildBasis } {
  if (ageWhenTrafficked != null && ageWhenTrafficked < 18) return { isChild: true, basis: 'age_when_trafficked' };
  const now = minorAt(facts, intake);
  if (now.basis !== 'unknown') return { isChild: now.minor, basis: now.basis };
  // 18 or older when trafficked, and so now: not a child, though her exact age is unknown.
  if (ageWhenTrafficked != null) return { isChild: false, basis: 'age_when_trafficked' };
  return { isChild: true, basis: 'presumed' };
}
