/**
 * The intake form's values (two forms kept by useApiForm: who the person is, then how the case came to us) and how
 * they become the API's bodies. An empty field is left out of a body (undefined is not sent), never sent as null
 * or an empty string: the server judges every value given.
 */

import type { BodyOf, Draft, ResponseOf } from '../../api/types.js';
import { ApiError } from '../../api.js';
import i18n from '../../i18n/index.js';
import type { useApiForm } from '../../ui/useApiForm.js';
import { type EventForm, eventsBody } from './EventsEditor.js';
import { type ProfileMultiKey, profileMultiFields } from './model.js';

export type BirthMode = 'dob' | 'year' | 'age';

/** Step 1: identity (into the vault) and the non-identifying profile. */
export type PersonValues = {
  fullName: string;
  aliases: string[];
  birthMode: BirthMode;
  dateOfBirth: string;
  birthYear: number | string;
  ageEstimated: number | string;
  nik: string;
  passportNumber: string;
  phones: string[];
  address: string;
  sex: string | null;
  citizenship: string | null;
  regionCode: string | null;
  languages: string[];
  disability: string | null;
  education: string | null;
  maritalStatus: string | null;
  childrenCount: number | string;
};

/** The single-choice facts of the trafficking profile (`profile.<key>` in the body). */
const profileSingleKeys = [
  'relationshipToTrafficker',
  'forcedLabourIndustry',
  'exploitationCountry',
  'ageWhenTrafficked',
] as const;
const profileMultiKeys = Object.keys(profileMultiFields) as ProfileMultiKey[];

/** Step 3: how she came to us, the trafficking profile (flat: one form field per profile field) and the events. */
export type FactsValues = {
  referralSource: string | null;
  summary: string;
  riskLevel: string | null;
  relationshipToTrafficker: string | null;
  forcedLabourIndustry: string | null;
  exploitationCountry: string | null;
  ageWhenTrafficked: number | string;
  events: EventForm[];
} & Record<ProfileMultiKey, string[]>;

export const emptyPerson: PersonValues = {
  fullName: '',
  aliases: [],
  birthMode: 'year',
  dateOfBirth: '',
  birthYear: '',
  ageEstimated: '',
  nik: '',
  passportNumber: '',
  phones: [],
  address: '',
  sex: null,
  citizenship: 'ID',
  regionCode: null,
  languages: [],
  disability: null,
  education: null,
  maritalStatus: null,
  childrenCount: '',
};

export const emptyFacts: FactsValues = {
  referralSource: null,
  summary: '',
  riskLevel: null,
  exploitationTypes: [],
  methodsOfControl: [],
  recruitmentMethods: [],
  recruitmentWebsites: [],
  exploitationWebsites: [],
  sexExploitationTypes: [],
  vulnerabilities: [],
  relationshipToTrafficker: null,
  forcedLabourIndustry: null,
  exploitationCountry: null,
  ageWhenTrafficked: '',
  events: [],
};

/** The person step's own rule: a name (the rest is the server's to judge). */
export const personRules = {
  fullName: (value: string) => (value.trim() ? null : i18n.t('cases.intake.fullNameRequired')),
};

/** The server names the profile's fields `profile.<key>`; the facts form keeps them flat. */
export const factsFieldOf = Object.fromEntries(
  [...profileMultiKeys, ...profileSingleKeys].map((k) => [`profile.${k}`, k]),
) as Record<string, keyof FactsValues & string>;

/** Intake names the person's fields `identity.<key>` and `person.<key>`; the duplicate check names them flat. */
export const personFieldOf: Record<string, string> = Object.fromEntries(
  Object.keys(emptyPerson).flatMap((k) => [
    [`identity.${k}`, k],
    [`person.${k}`, k],
  ]),
);

export type PersonForm = ReturnType<typeof useApiForm<PersonValues, ResponseOf<'persons.duplicates.check'>>>;
export type FactsForm = ReturnType<typeof useApiForm<FactsValues, ResponseOf<'cases.create'>>>;

export const num = (v: number | string): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;
export const text = (v: string): string | undefined => v.trim() || undefined;
const some = <T>(list: T[]): T[] | undefined => (list.length > 0 ? list : undefined);

export function birthYearOf(p: PersonValues): number | undefined {
  if (p.birthMode === 'dob' && /^\d{4}-/.test(p.dateOfBirth)) return Number(p.dateOfBirth.slice(0, 4));
  if (p.birthMode === 'year') return num(p.birthYear);
  return undefined;
}

export function identityBody(p: PersonValues) {
  return {
    fullName: p.fullName.trim(),
    aliases: some(p.aliases),
    dateOfBirth: p.birthMode === 'dob' ? p.dateOfBirth || undefined : undefined,
    nik: text(p.nik),
    passportNumber: text(p.passportNumber),
    phones: some(p.phones),
    address: text(p.address),
  };
}

export function profileBody(p: PersonValues) {
  return {
    sex: p.sex || undefined,
    birthYear: birthYearOf(p),
    ageEstimated: p.birthMode === 'age' ? num(p.ageEstimated) : undefined,
    citizenship: p.citizenship || undefined,
    regionCode: p.regionCode || undefined,
    languages: some(p.languages),
    disability: p.disability || undefined,
    education: p.education || undefined,
    maritalStatus: p.maritalStatus || undefined,
    childrenCount: num(p.childrenCount),
  };
}

/** What the duplicate check compares: the name, the identity numbers and phones, birth year, sex and origin. */
export function duplicateQuery(p: PersonValues): Draft<BodyOf<'persons.duplicates.check'>> {
  const { fullName, nik, passportNumber, phones } = identityBody(p);
  const { birthYear, sex, regionCode } = profileBody(p);
  return { fullName, nik, passportNumber, phones, birthYear, sex, regionCode };
}

/** The intake body: a new person (identity and profile) or the one on record the user linked to, and the facts. */
export function createBody(p: PersonValues, f: FactsValues, decision: string | null): Draft<BodyOf<'cases.create'>> {
  const linked = decision && decision !== 'new' ? decision : undefined;
  return {
    existingPersonId: linked,
    person: linked ? undefined : profileBody(p),
    identity: linked ? undefined : identityBody(p),
    referralSource: f.referralSource,
    summary: text(f.summary),
    riskLevel: f.riskLevel || undefined,
    profile: {
      ...Object.fromEntries(profileMultiKeys.map((k) => [k, some(f[k])])),
      relationshipToTrafficker: f.relationshipToTrafficker || undefined,
      forcedLabourIndustry: f.forcedLabourIndustry || undefined,
      exploitationCountry: f.exploitationCountry || undefined,
      ageWhenTrafficked: num(f.ageWhenTrafficked),
    },
    events: some(eventsBody(f.events)),
  };
}

/** A failed call's errors on the person step (`identity.*`, `person.*`), which sends the user back there. */
export function touchesPersonStep(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.problem.errors ?? []).some((e) => /^\/?(identity|person)[./]/.test(e.field) || e.field === 'identity')
  );
}
