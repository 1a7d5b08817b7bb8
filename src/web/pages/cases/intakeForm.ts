/** The intake form's values and how they become the API's bodies (person, identity, duplicate check). */
import { ApiError } from '../../api.js';
import type { EventForm } from './EventsEditor.js';
import type { ProfileMultiKey } from './model.js';

export type BirthMode = 'dob' | 'year' | 'age';

export interface PersonForm {
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
}

export interface FactsForm {
  referralSource: string | null;
  summary: string;
  riskLevel: string | null;
  multi: Record<ProfileMultiKey, string[]>;
  relationshipToTrafficker: string | null;
  forcedLabourIndustry: string | null;
  exploitationCountry: string | null;
  ageWhenTrafficked: number | string;
  events: EventForm[];
}

export const emptyPerson: PersonForm = {
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

export const emptyFacts: FactsForm = {
  referralSource: null,
  summary: '',
  riskLevel: null,
  multi: {
    exploitationTypes: [],
    methodsOfControl: [],
    recruitmentMethods: [],
    recruitmentWebsites: [],
    exploitationWebsites: [],
    sexExploitationTypes: [],
    vulnerabilities: [],
  },
  relationshipToTrafficker: null,
  forcedLabourIndustry: null,
  exploitationCountry: null,
  ageWhenTrafficked: '',
  events: [],
};

export const num = (v: number | string): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

export const text = (v: string): string | undefined => (v.trim() ? v.trim() : undefined);

export function birthYearOf(p: PersonForm): number | undefined {
  if (p.birthMode === 'dob' && /^\d{4}-/.test(p.dateOfBirth)) return Number(p.dateOfBirth.slice(0, 4));
  if (p.birthMode === 'year') return num(p.birthYear);
  return undefined;
}

export function identityBody(p: PersonForm) {
  return {
    fullName: p.fullName.trim(),
    ...(p.aliases.length > 0 ? { aliases: p.aliases } : {}),
    ...(p.birthMode === 'dob' && p.dateOfBirth ? { dateOfBirth: p.dateOfBirth } : {}),
    ...(text(p.nik) ? { nik: text(p.nik) } : {}),
    ...(text(p.passportNumber) ? { passportNumber: text(p.passportNumber) } : {}),
    ...(p.phones.length > 0 ? { phones: p.phones } : {}),
    ...(text(p.address) ? { address: text(p.address) } : {}),
  };
}

export function profileBody(p: PersonForm) {
  const birthYear = birthYearOf(p);
  const ageEstimated = p.birthMode === 'age' ? num(p.ageEstimated) : undefined;
  return {
    ...(p.sex ? { sex: p.sex } : {}),
    ...(birthYear !== undefined ? { birthYear } : {}),
    ...(ageEstimated !== undefined ? { ageEstimated } : {}),
    ...(p.citizenship ? { citizenship: p.citizenship } : {}),
    ...(p.regionCode ? { regionCode: p.regionCode } : {}),
    ...(p.languages.length > 0 ? { languages: p.languages } : {}),
    ...(p.disability ? { disability: p.disability } : {}),
    ...(p.education ? { education: p.education } : {}),
    ...(p.maritalStatus ? { maritalStatus: p.maritalStatus } : {}),
    ...(num(p.childrenCount) !== undefined ? { childrenCount: num(p.childrenCount) } : {}),
  };
}

export function duplicateQuery(p: PersonForm) {
  const identity = identityBody(p);
  const profile = profileBody(p);
  return {
    fullName: identity.fullName,
    ...(identity.nik ? { nik: identity.nik } : {}),
    ...(identity.passportNumber ? { passportNumber: identity.passportNumber } : {}),
    ...(identity.phones ? { phones: identity.phones } : {}),
    ...(profile.birthYear !== undefined ? { birthYear: profile.birthYear } : {}),
    ...(profile.sex ? { sex: profile.sex } : {}),
    ...(profile.regionCode ? { regionCode: profile.regionCode } : {}),
  };
}

/** A failed call's errors on the person step (`identity.*`, `person.*`), which sends the user back there. */
export function touchesPersonStep(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    (error.problem.errors ?? []).some((e) => /^\/?(identity|person)[./]/.test(e.field) || e.field === 'identity')
  );
}
