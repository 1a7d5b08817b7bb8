/**
 * Pulih ↔ HTCDS 2.0 (IOM, ../shared/standards/htcds): field names and picklist values exactly as the standard
 * names them; what HTCDS has no field for travels under `pulih_*` extension names. One mapping for the bulk
 * export, the bulk import and the signed referral package. docs/exchange.md lists it; a test checks every
 * `*_` name and every picklist value against the standard's CSV.
 */
import type { FieldGroup } from '../consent/index.js';
import { type HtcdsField, htcds, htcdsOrgTypes, isCountryCode } from '../reference/index.js';

/** A historic trafficking event (HTCDS "Historic Trafficking Events"). */
export interface HtcdsEvent {
  hte_Type: string;
  hte_Country: string;
  hte_State?: string;
  hte_City?: string;
  hte_Date?: string;
}

export type HtcdsScalar = string | number | boolean;
export type HtcdsValueOut = HtcdsScalar | string[];
/** One record: HTCDS field name → value; events under `HistoricTraffickingEvents` (the standard's section). */
export type HtcdsRecord = Record<string, HtcdsValueOut | HtcdsEvent[]>;

type Kind = 'text' | 'date' | 'number' | 'boolean' | 'picklist' | 'multi' | 'country' | 'countries' | 'language';
interface FieldDef {
  kind: Kind;
  /** The consent field group that lets the field travel; none: a fact of the record itself. */
  group?: FieldGroup;
  /** Picklist fields: the contract list (checked against the standard's CSV). */
  list?: HtcdsField;
  max?: number;
}

/** Every field a record may carry, in the CSV's column order. */
export const htcdsFields: Record<string, FieldDef> = {
  pulih_RecordId: { kind: 'text', max: 100 },
  pulih_RegistrationDate: { kind: 'date' },
  org_Name: { kind: 'text', max: 300 },
  org_Type: { kind: 'picklist' },
  con_Consent: { kind: 'boolean' },
  vic_AgreementToManagePersonalData: { kind: 'boolean' },
  pulih_ConsentPurposes: { kind: 'multi' },
  prs_FirstName: { kind: 'text', group: 'identity_name', max: 200 },
  prs_MiddleName: { kind: 'text', group: 'identity_name', max: 200 },
  prs_SecondName: { kind: 'text', group: 'identity_name', max: 200 },
  pulih_Aliases: { kind: 'multi', group: 'identity_name', max: 200 },
  prs_Birthdate: { kind: 'date', group: 'identity_name' },
  prs_IdentityNumber: { kind: 'text', group: 'identity_name', max: 16 },
  prs_MobilePhone: { kind: 'text', group: 'identity_contact', max: 20 },
  prs_MailingStreet: { kind: 'text', group: 'identity_contact', max: 500 },
  prs_Gender: { kind: 'picklist', group: 'sex', list: 'prs_Gender' },
  pulih_BirthYear: { kind: 'number', group: 'age_band', max: 2100 },
  vic_AgeWhenTrafficked: { kind: 'number', group: 'age_band', max: 120 },
  prs_Citizenship: { kind: 'countries', group: 'nationality' },
  prs_PrimaryLanguage: { kind: 'language', group: 'languages' },
  prs_SecondaryLanguage: { kind: 'language', group: 'languages' },
  pulih_RegionCode: { kind: 'text', group: 'origin_region', max: 5 },
  prs_MaritalStatus: { kind: 'picklist', group: 'case_summary', list: 'prs_MaritalStatus' },
  prs_HighestLevelOfEducation: { kind: 'picklist', group: 'case_summary', list: 'prs_HighestLevelOfEducation' },
  prs_NumberOfChildren: { kind: 'number', group: 'case_summary', max: 30 },
  vic_TraffickingStatus: { kind: 'picklist', list: 'vic_TraffickingStatus' },
  vic_TraffickingStatusDecisionMakingOrg: { kind: 'picklist', list: 'vic_TraffickingStatusDecisionMakingOrg' },
  vic_RelationshipToTrafficker: {
    kind: 'picklist',
    group: 'exploitation_types',
    list: 'vic_RelationshipToTrafficker',
  },
  vic_MethodOfRecruitment: { kind: 'multi', group: 'exploitation_types', list: 'vic_MethodOfRecruitment' },
  vic_RecruitmentWebsitesAndApps: {
    kind: 'multi',
    group: 'exploitation_types',
    list: 'vic_RecruitmentWebsitesAndApps',
  },
  vic_MethodsOfControl: { kind: 'multi', group: 'exploitation_types', list: 'vic_MethodsOfControl' },
  vic_TypeOfExploitation: { kind: 'multi', group: 'exploitation_types', list: 'vic_TypeOfExploitation' },
  vic_ForcedLabourIndustry: { kind: 'picklist', group: 'exploitation_types', list: 'vic_ForcedLabourIndustry' },
  vic_TypeOfSexExploitation: { kind: 'multi', group: 'exploitation_types', list: 'vic_TypeOfSexExploitation' },
  vic_ExploitationWebsitesAndApps: {
    kind: 'multi',
    group: 'exploitation_types',
    list: 'vic_ExploitationWebsitesAndApps',
  },
  pulih_ExploitationCountry: { kind: 'country', group: 'exploitation_types' },
  vic_Vulnerabilities: { kind: 'multi', group: 'risk_notes', list: 'vic_Vulnerabilities' },
  cas_ReferringOrganisation: { kind: 'text', max: 300 },
  cas_IncomingReferralDate: { kind: 'date' },
  cas_ReasonForIncomingReferral: { kind: 'picklist', list: 'cas_ReasonForIncomingReferral' },
  cas_ReasonForOutgoingReferral: { kind: 'picklist', list: 'cas_ReasonForOutgoingReferral' },
  cas_OutgoingReferralDate: { kind: 'date' },
  spl_Type: { kind: 'multi', list: 'spl_Type' },
};

/** The events' fields; the CSV carries each as one column of `;`-separated values in event order. */
export const htcdsEventFields = ['hte_Type', 'hte_Country', 'hte_State', 'hte_City', 'hte_Date'] as const;
export const EVENTS_KEY = 'HistoricTraffickingEvents';
/** Events travel with the exploitation facts. */
export const EVENTS_GROUP: FieldGroup = 'exploitation_types';

export const csvColumns = [...Object.keys(htcdsFields), ...htcdsEventFields];

/**
 * Every fact group (no identity) a record's fields travel under, in the order the fields first name them: a consent
 * over all of them lets every fact of a record leave (the tests' and the bench's consents).
 */
export const htcdsFactGroups: readonly FieldGroup[] = [
  ...new Set(Object.values(htcdsFields).flatMap((f) => (f.group && !f.group.startsWith('identity_') ? [f.group] : []))),
];

/** Multi-select and event separators inside a CSV cell (Salesforce's multi-select convention). */
export const MULTI_SEPARATOR = ';';

/* ---------- languages: Pulih stores ISO 639-1 where one exists; HTCDS wants ISO 639-2 ---------- */

/** ISO 639-1 → ISO 639-2/T for the languages met in Indonesian trafficking cases and their destinations. */
const iso6392: Record<string, string> = {
  id: 'ind',
  jv: 'jav',
  su: 'sun',
  ms: 'msa',
  en: 'eng',
  ar: 'ara',
  zh: 'zho',
  tl: 'tgl',
  vi: 'vie',
  th: 'tha',
  km: 'khm',
  my: 'mya',
  ko: 'kor',
  ja: 'jpn',
  hi: 'hin',
  bn: 'ben',
  ne: 'nep',
  ur: 'urd',
  pt: 'por',
  es: 'spa',
  fr: 'fra',
  de: 'deu',
  nl: 'nld',
  ru: 'rus',
  tr: 'tur',
  fa: 'fas',
  lo: 'lao',
  si: 'sin',
  ta: 'tam',
  ps: 'pus',
};
const iso6391 = Object.fromEntries(Object.entries(iso6392).map(([two, three]) => [three, two]));
/** ISO 639-2/B spellings that differ from /T, accepted on import. */
const bibliographic: Record<string, string> = { may: 'msa', chi: 'zho', bur: 'mya', per: 'fas', dut: 'nld' };

export function toIso6392(code: string): string {
  return code.length === 2 ? (iso6392[code] ?? code) : code;
}
/** An ISO 639-2 code as Pulih stores it, or undefined when it is not a language code. */
export function fromIso6392(code: string): string | undefined {
  const c = code.trim().toLowerCase();
  if (!/^[a-z]{3}$/.test(c)) return undefined;
  const t = bibliographic[c] ?? c;
  return iso6391[t] ?? t;
}

/* ---------- names: HTCDS splits the name; Pulih keeps the full name as written ---------- */

/** First, middle and second (family) name of a full name; a single name is the first name only. */
export function splitName(fullName: string): { first: string; middle?: string; second?: string } {
  const parts = fullName.trim().split(/\s+/).filter(Boolean);
  if (parts.length <= 1) return { first: parts[0] ?? '' };
  if (parts.length === 2) return { first: parts[0]!, second: parts[1]! };
  return { first: parts[0]!, middle: parts.slice(1, -1).join(' '), second: parts.at(-1)! };
}
export function joinName(r: { first?: string; middle?: string; second?: string }): string {
  return [r.first, r.middle, r.second].filter((p) => p && p.trim() !== '').join(' ');
}

/* ---------- services: Pulih's service types → HTCDS support plan types ---------- */

export const splTypeOfService: Record<string, string> = {
  health_rehabilitation: 'Health',
  emergency_first_aid: 'Health',
  psychosocial_counselling: 'Health',
  social_rehabilitation: 'SocialCare',
  shelter: 'SocialCare',
  repatriation_domestic: 'SocialCare',
  repatriation_from_abroad: 'SocialCare',
  social_reintegration: 'SocialCare',
  family_tracing: 'SocialCare',
  interpretation: 'SocialCare',
  legal_aid: 'Legal',
  education: 'Education',
  vocational_training: 'Livelihood',
  economic_empowerment: 'Financial',
};

/* ---------- validation of an incoming record ---------- */

export interface RecordIssue {
  field: string;
  reason: string;
  severity: 'error' | 'warning';
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (v: string) => isoDate.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** Checks a value against its field; returns the normalised value or an issue reason. */
function checkValue(name: string, def: FieldDef, raw: unknown): { value?: HtcdsValueOut; reason?: string } {
  const list = def.list ? (htcds[def.list] as readonly string[]) : undefined;
  switch (def.kind) {
    case 'text': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { reason: 'not_text' };
      const v = String(raw).trim();
      if (def.max && v.length > def.max) return { reason: 'too_long' };
      if (name === 'pulih_RegionCode' && !/^\d{2}(\.\d{2})?$/.test(v)) return { reason: 'region_unknown' };
      if (name === 'prs_IdentityNumber' && !/^\d{16}$/.test(v)) return { reason: 'invalid' };
      if (name === 'prs_MobilePhone' && !/^\+?[0-9 ()-]{6,20}$/.test(v)) return { reason: 'invalid' };
      return { value: v };
    }
    case 'date': {
      if (typeof raw !== 'string' || !validDate(raw.trim())) return { reason: 'not_a_date' };
      return { value: raw.trim() };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isInteger(n) || n < 0 || (def.max !== undefined && n > def.max)) return { reason: 'not_a_number' };
      return { value: n };
    }
    case 'boolean': {
      if (raw === true || raw === 'true' || raw === 'TRUE' || raw === '1') return { value: true };
      if (raw === false || raw === 'false' || raw === 'FALSE' || raw === '0') return { value: false };
      return { reason: 'not_a_boolean' };
    }
    case 'picklist': {
      if (typeof raw !== 'string') return { reason: 'not_in_picklist' };
      const allowed = name === 'org_Type' ? (htcdsOrgTypes as readonly string[]) : list;
      if (allowed && !allowed.includes(raw.trim())) return { reason: 'not_in_picklist' };
      return { value: raw.trim() };
    }
    case 'multi': {
      const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(MULTI_SEPARATOR) : undefined;
      if (!values || values.some((v) => typeof v !== 'string')) return { reason: 'not_a_list' };
      const cleaned = [...new Set((values as string[]).map((v) => v.trim()).filter(Boolean))];
      if (list && cleaned.some((v) => !list.includes(v))) return { reason: 'not_in_picklist' };
      if (def.max && cleaned.some((v) => v.length > def.max!)) return { reason: 'too_long' };
      return { value: cleaned.sort() };
    }
    case 'country': {
      if (typeof raw !== 'string' || !isCountryCode(raw.trim().toUpperCase())) return { reason: 'country_unknown' };
      return { value: raw.trim().toUpperCase() };
    }
    case 'countries': {
      const values = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(MULTI_SEPARATOR) : undefined;
      if (!values || values.some((v) => typeof v !== 'string')) return { reason: 'not_a_list' };
      const codes = (values as string[]).map((v) => v.trim().toUpperCase()).filter(Boolean);
      if (codes.some((c) => !isCountryCode(c))) return { reason: 'country_unknown' };
      return { value: [...new Set(codes)] };
    }
    case 'language': {
      if (typeof raw !== 'string' || !fromIso6392(raw)) return { reason: 'language_not_iso6392' };
      return { value: raw.trim().toLowerCase() };
    }
  }
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/**
 * Validates one incoming record (already keyed by field name). Unknown fields are reported as warnings and
 * left out; an invalid value is an error that keeps the record out of the review queue.
 */
export function validateRecord(input: Record<string, unknown>): { record: HtcdsRecord; issues: RecordIssue[] } {
  const record: HtcdsRecord = {};
  const issues: RecordIssue[] = [];
  for (const [name, raw] of Object.entries(input)) {
    if (name === EVENTS_KEY) continue;
    const def = htcdsFields[name];
    if (!def) {
      if (!(htcdsEventFields as readonly string[]).includes(name))
        issues.push({ field: name.slice(0, 100), reason: 'unknown_field', severity: 'warning' });
      continue;
    }
    if (isEmpty(raw)) continue;
    const checked = checkValue(name, def, raw);
    if (checked.reason) issues.push({ field: name, reason: checked.reason, severity: 'error' });
    else if (checked.value !== undefined) record[name] = checked.value;
  }
  const events = input[EVENTS_KEY];
  if (events !== undefined && events !== null) {
    if (!Array.isArray(events) || events.length > 20) {
      issues.push({ field: EVENTS_KEY, reason: 'not_a_list', severity: 'error' });
    } else {
      const out: HtcdsEvent[] = [];
      events.forEach((e: unknown, i: number) => {
        const at = (f: string) => `${EVENTS_KEY}[${i}].${f}`;
        if (typeof e !== 'object' || e === null) {
          issues.push({ field: `${EVENTS_KEY}[${i}]`, reason: 'not_an_object', severity: 'error' });
          return;
        }
        const ev = e as Record<string, unknown>;
        const type = typeof ev.hte_Type === 'string' ? ev.hte_Type.trim() : '';
        const country = typeof ev.hte_Country === 'string' ? ev.hte_Country.trim().toUpperCase() : '';
        let ok = true;
        if (!(htcds.hte_Type as readonly string[]).includes(type)) {
          issues.push({ field: at('hte_Type'), reason: type ? 'not_in_picklist' : 'required', severity: 'error' });
          ok = false;
        }
        if (!isCountryCode(country)) {
          issues.push({
            field: at('hte_Country'),
            reason: country ? 'country_unknown' : 'required',
            severity: 'error',
          });
          ok = false;
        }
        const event: HtcdsEvent = { hte_Type: type, hte_Country: country };
        for (const f of ['hte_State', 'hte_City', 'hte_Date'] as const) {
          const v = ev[f];
          if (isEmpty(v)) continue;
          if (typeof v !== 'string') {
            issues.push({ field: at(f), reason: 'not_text', severity: 'error' });
            ok = false;
          } else if (f === 'hte_Date' && !validDate(v.trim())) {
            issues.push({ field: at(f), reason: 'not_a_date', severity: 'error' });
            ok = false;
          } else if (f === 'hte_State' && !/^\d{2}(\.\d{2})?$/.test(v.trim())) {
            issues.push({ field: at(f), reason: 'region_unknown', severity: 'error' });
            ok = false;
          } else if (v.trim().length > 120) {
            issues.push({ field: at(f), reason: 'too_long', severity: 'error' });
            ok = false;
          } else event[f] = v.trim();
        }
        if (ok) out.push(event);
      });
      if (out.length > 0) record[EVENTS_KEY] = out;
    }
  }
  if (Object.keys(record).length === 0 && !issues.some((i) => i.severity === 'error'))
    issues.push({ field: '*', reason: 'empty', severity: 'error' });
  return { record, issues };
}

/* ---------- CSV rows ---------- */

/** A record as one CSV row in `csvColumns` order. */
const eventColumns: ReadonlySet<string> = new Set(htcdsEventFields);

export function recordToCsvRow(record: HtcdsRecord): string[] {
  const events = (record[EVENTS_KEY] as HtcdsEvent[] | undefined) ?? [];
  return csvColumns.map((c) => {
    if (eventColumns.has(c)) return events.map((e) => e[c as keyof HtcdsEvent] ?? '').join(MULTI_SEPARATOR);
    const v = record[c];
    if (v === undefined) return '';
    return Array.isArray(v) ? (v as string[]).join(MULTI_SEPARATOR) : String(v);
  });
}

/** A CSV row (header → cell) as a record to validate: event columns are split back into events. */
export function csvRowToInput(row: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (!(htcdsEventFields as readonly string[]).includes(k)) input[k] = v;
  const types = row.hte_Type?.trim() ? row.hte_Type.split(MULTI_SEPARATOR) : [];
  if (types.length > 0) {
    const column = (f: string) => (row[f] ?? '').split(MULTI_SEPARATOR);
    const cols = Object.fromEntries(htcdsEventFields.map((f) => [f, column(f)]));
    input[EVENTS_KEY] = types.map((_, i) => Object.fromEntries(htcdsEventFields.map((f) => [f, cols[f]?.[i] ?? ''])));
  }
  return input;
}
