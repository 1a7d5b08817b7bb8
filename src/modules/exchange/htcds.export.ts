/**
 * HTCDS 2.0 bulk export: one record per case whose active `statistics` or `international_sharing` consent
 * allows it (Law 27/2022 Art. 20(2)(a), 22: processing under the purpose the victim agreed to), with only the
 * field groups that consent covers. Identity travels only under an international-sharing consent that covers
 * it, when asked, and through the persons module's decision (revealIdentityForDocument, audited per person).
 * Streams page by page: memory stays flat whatever the number of cases.
 */
import { z } from 'zod';
import { requireActor, type ScopeFilter } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { reportingDate, reportingInstants } from '../../platform/time.js';
import { agencyFacts } from '../agencies/index.js';
import { countExchangeCases, type ExchangeCase, type ExchangeCaseFilter, streamExchangeCases } from '../cases/index.js';
import { activeConsentsOfCase, type ConsentPurpose, consentCellReader, type FieldGroup } from '../consent/index.js';
import { type IdentityField, revealIdentityForDocument } from '../persons/index.js';
import { agencyTypes, htcdsOrgTypes } from '../reference/index.js';
import { audit } from './exchange.audit.js';
import { exportScope } from './exchange.policy.js';
import {
  EVENTS_GROUP,
  EVENTS_KEY,
  type HtcdsEvent,
  type HtcdsRecord,
  htcdsFields,
  splitName,
  toIso6392,
} from './htcds.mapping.js';

const sharingPurposes = ['statistics', 'international_sharing'] as const;
type SharingPurpose = (typeof sharingPurposes)[number];

export const htcdsExportQuery = z.strictObject({
  format: z.enum(['json', 'csv']).default('json'),
  /** Registration (intake) date bounds, inclusive, UTC. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  agencyId: z.uuid({ message: 'uuid' }).optional(),
  regionCode: z
    .string()
    .regex(/^\d{2}(\.\d{2})?$/, 'region_unknown')
    .optional(),
  /** One purpose only; both by default. */
  purpose: z.enum(sharingPurposes).optional(),
  /** Names and contacts, only where an international-sharing consent covers them and the vault allows. */
  includeIdentity: z.enum(['true', 'false']).default('false'),
});
export type THtcdsExportQuery = z.infer<typeof htcdsExportQuery>;

/** Identity fields each identity consent group opens. */
const identityOfGroup: Partial<Record<FieldGroup, IdentityField[]>> = {
  identity_name: ['fullName', 'aliases', 'dateOfBirth', 'nik'],
  identity_contact: ['phones', 'address'],
};

export interface OrgFacts {
  name: string;
  type?: string;
}

/** Resolves the filter the caller may use; an agency outside the caller's reach answers as a missing one. */
async function exportFilter(ctx: Context, q: THtcdsExportQuery): Promise<ExchangeCaseFilter> {
  const actor = requireActor(ctx);
  const scope: ScopeFilter = await exportScope(ctx);
  const tokenAgencies = actor.serviceAccount?.agencyIds;
  let agencyIds: readonly string[] | undefined = tokenAgencies;
  if (q.agencyId) {
    const reachable =
      (!tokenAgencies || tokenAgencies.includes(q.agencyId)) &&
      (scope.kind !== 'agency' || scope.agencyId === q.agencyId) &&
      (await agencyFacts(ctx.database.db, q.agencyId)) !== undefined;
    if (!reachable) throw notFound();
    agencyIds = [q.agencyId];
  }
  // Registration dates in the reporting zone (platform/time.ts): `from` 2026-01-01 begins at 00:00 WIB.
  const period = reportingInstants({ from: q.from, to: q.to });
  return { scope, agencyIds, regionCode: q.regionCode, intakeFrom: period.from, intakeTo: period.until };
}

export type FieldValue = HtcdsRecord[string] | null | undefined;
/**
 * The record's fields after the three that every record carries, in the record's (and the CSV's) order, each with
 * its consent group (from `htcdsFields`) and where its value comes from. Made once: a record costs no closure.
 */
export const caseFields: readonly {
  name: string;
  group: FieldGroup | undefined;
  of: (c: ExchangeCase) => FieldValue;
}[] = (
  [
    ['prs_Gender', (c) => c.person?.sex],
    ['pulih_BirthYear', (c) => c.person?.birthYear],
    ['vic_AgeWhenTrafficked', (c) => c.ageWhenTrafficked],
    ['prs_Citizenship', (c) => (c.person?.citizenship ? [c.person.citizenship] : undefined)],
    ['prs_PrimaryLanguage', (c) => (c.person?.languages[0] ? toIso6392(c.person.languages[0]) : undefined)],
    ['prs_SecondaryLanguage', (c) => (c.person?.languages[1] ? toIso6392(c.person.languages[1]) : undefined)],
    ['pulih_RegionCode', (c) => c.regionCode],
    ['prs_MaritalStatus', (c) => c.person?.maritalStatus],
    ['prs_HighestLevelOfEducation', (c) => c.person?.education],
    ['prs_NumberOfChildren', (c) => c.person?.childrenCount],
    ['vic_TraffickingStatus', (c) => c.traffickingStatus],
    ['vic_TraffickingStatusDecisionMakingOrg', (c) => c.statusDecidedByOrg],
    ['vic_RelationshipToTrafficker', (c) => c.relationshipToTrafficker],
    ['vic_MethodOfRecruitment', (c) => c.attributes.recruitmentMethods],
    ['vic_RecruitmentWebsitesAndApps', (c) => c.attributes.recruitmentWebsites],
    ['vic_MethodsOfControl', (c) => c.attributes.methodsOfControl],
    ['vic_TypeOfExploitation', (c) => c.attributes.exploitationTypes],
    ['vic_ForcedLabourIndustry', (c) => c.forcedLabourIndustry],
    ['vic_TypeOfSexExploitation', (c) => c.attributes.sexExploitationTypes],
    ['vic_ExploitationWebsitesAndApps', (c) => c.attributes.exploitationWebsites],
    ['pulih_ExploitationCountry', (c) => c.exploitationCountry],
    ['vic_Vulnerabilities', (c) => c.attributes.vulnerabilities],
  ] as const satisfies readonly (readonly [string, (c: ExchangeCase) => FieldValue])[]
).map(([name, of]) => ({ name, group: htcdsFields[name]?.group, of }));

/**
 * The HTCDS record of one case, limited to the consented groups. `purposes`: the consent purposes it travels
 * under, sorted (the record holds the list as given).
 */
export function caseToRecord(
  c: ExchangeCase,
  recordId: string,
  org: OrgFacts,
  purposes: readonly SharingPurpose[],
  groups: ReadonlySet<FieldGroup>,
): HtcdsRecord {
  const r: HtcdsRecord = {};
  r.pulih_RecordId = recordId;
  r.pulih_RegistrationDate = reportingDate(c.intakeAt);
  r.org_Name = org.name;
  if (org.type !== undefined) r.org_Type = org.type;
  // The record leaves only under an active consent (Law 27/2022 Art. 20): it travels with it.
  r.con_Consent = true;
  r.vic_AgreementToManagePersonalData = true;
  if (purposes.length > 0) r.pulih_ConsentPurposes = purposes as string[];
  for (const { name, group, of } of caseFields) {
    if (group !== undefined && !groups.has(group)) continue;
    const value = of(c);
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    r[name] = value;
  }
  if (groups.has(EVENTS_GROUP) && c.events.length > 0) {
    r[EVENTS_KEY] = c.events.map((e) => {
      const ev: HtcdsEvent = { hte_Type: e.type, hte_Country: e.countryCode };
      if (e.regionCode) ev.hte_State = e.regionCode;
      if (e.city) ev.hte_City = e.city;
      if (e.startedOn) ev.hte_Date = e.startedOn;
      return ev;
    });
  }
  return r;
}

/**
 * The identity fields the vault lets this caller take for the person, as record fields (undefined when it refuses
 * or the groups open none).
 */
async function identityFields(
  ctx: Context,
  personId: string,
  groups: ReadonlySet<FieldGroup>,
): Promise<HtcdsRecord | undefined> {
  const requested = [...groups].flatMap((g) => identityOfGroup[g] ?? []);
  if (requested.length === 0) return undefined;
  let identity: Awaited<ReturnType<typeof revealIdentityForDocument>>;
  try {
    identity = await transact(ctx, (tx) =>
      revealIdentityForDocument(tx, ctx, personId, 'HTCDS export under an international-sharing consent', requested),
    );
  } catch (error) {
    if ((error as { status?: number }).status === 404) return undefined;
    throw error;
  }
  const record: HtcdsRecord = {};
  if (identity.fullName) {
    const name = splitName(identity.fullName);
    record.prs_FirstName = name.first;
    if (name.middle) record.prs_MiddleName = name.middle;
    if (name.second) record.prs_SecondName = name.second;
  }
  if (identity.aliases?.length) record.pulih_Aliases = [...identity.aliases].sort();
  if (identity.dateOfBirth) record.prs_Birthdate = identity.dateOfBirth;
  if (identity.nik) record.prs_IdentityNumber = identity.nik;
  if (identity.phones?.[0]) record.prs_MobilePhone = identity.phones[0];
  if (identity.address) record.prs_MailingStreet = identity.address;
  return record;
}

const noGroups: ReadonlySet<FieldGroup> = new Set();

/**
 * Cases a page. A page's rows, cases and lines live until its text is written: at 2,000 (about 24 MB allocated) they
 * outlived V8's young generation and were promoted, so the old-space collector ran all along; at 500 they mostly die
 * young (issue 14, ninth session: records per CPU-second +15–30 % on both databases at 20,000 cases, peak RSS lower;
 * docs/exchange.md). A statement a page more costs PostgreSQL little: the next page is read while this one is written.
 */
const EXPORT_PAGE_SIZE = 500;

const hasIdentityGroup = (groups: ReadonlySet<FieldGroup>) => {
  for (const g of groups) if (g.startsWith('identity_')) return true;
  return false;
};

/**
 * One record as the export writes it: what `caseToRecord` maps (the case, its record id, organisation, purposes and
 * consented groups) and the identity fields the vault gave, if asked. The serialisers (htcds.serialise.ts) write
 * the CSV line or the JSON text straight from it: no record object per case.
 */
export interface HtcdsExportItem {
  c: ExchangeCase;
  recordId: string;
  org: OrgFacts;
  purposes: readonly string[];
  groups: ReadonlySet<FieldGroup>;
  identity: HtcdsRecord | undefined;
}

/**
 * An item as the export makes it: by `new`, not as an object literal, so that V8 always allocates it young (a
 * literal's allocation site may be switched to the old generation when a page's items are all alive at a scavenge:
 * `streamExchangeCases`, cases.exchange.ts).
 */
class ExportItem implements HtcdsExportItem {
  constructor(
    public c: ExchangeCase,
    public recordId: string,
    public org: OrgFacts,
    public purposes: readonly string[],
    public groups: ReadonlySet<FieldGroup>,
    public identity: HtcdsRecord | undefined,
  ) {}
}

/** The HTCDS record of an export item, as `caseToRecord` and the vault's identity fields make it. */
export function itemToRecord(item: HtcdsExportItem): HtcdsRecord {
  const record = caseToRecord(item.c, item.recordId, item.org, item.purposes as SharingPurpose[], item.groups);
  if (item.identity) Object.assign(record, item.identity);
  return record;
}

export interface HtcdsExport {
  /** Cases the filter selects before the consent filter: the progress denominator. */
  candidates: number;
  /**
   * The records a page at a time (a page of cases, less those no consent lets leave). A page is the caller's until
   * it asks for the next one: then it is emptied, so that only one page is alive at a time (flat memory).
   */
  pages: AsyncGenerator<HtcdsExportItem[]>;
  /** How many records have been produced so far (progress). */
  produced: () => number;
}

/** Authorises, audits and prepares an export; the records are produced as the caller reads them. */
export async function exportHtcds(ctx: Context, q: THtcdsExportQuery): Promise<HtcdsExport> {
  const filter = await exportFilter(ctx, q);
  const purposes: SharingPurpose[] = q.purpose ? [q.purpose] : [...sharingPurposes];
  const includeIdentity = q.includeIdentity === 'true';
  const candidates = await countExchangeCases(ctx, filter);
  const exportId = `${ctx.requestId}`;
  await transact(ctx, (tx) =>
    audit(tx, ctx, 'htcdsExport', exportId, {
      format: q.format,
      from: q.from ?? null,
      to: q.to ?? null,
      agencyId: q.agencyId ?? null,
      regionCode: q.regionCode ?? null,
      purposes,
      includeIdentity,
      candidates,
      serviceAccountId: ctx.actor?.serviceAccount?.id ?? null,
    }),
  );
  let produced = 0;
  const orgs = new Map<string, OrgFacts>();
  const orgOf = async (agencyId: string): Promise<OrgFacts> => {
    const facts = await agencyFacts(ctx.database.db, agencyId);
    const type = facts ? agencyTypes[facts.type as keyof typeof agencyTypes]?.htcds : undefined;
    // Only a value of the standard's org_Type picklist; an unmapped type leaves the field out.
    const org = {
      name: facts?.name ?? '',
      type: type && (htcdsOrgTypes as readonly string[]).includes(type) ? type : undefined,
    };
    orgs.set(agencyId, org);
    return org;
  };
  // The sorted purpose list of each combination of `purposes` a case holds (bit i: purposes[i]), shared by records.
  const purposeLists = Array.from({ length: 1 << purposes.length }, (_, held) =>
    purposes.filter((_p, i) => held & (1 << i)).sort(),
  );
  // The consent filter inside the page's statement: only cases holding an active consent of the purposes leave,
  // each with its consents read at that moment (a withdrawal stops the next page at once).
  const readConsents = consentCellReader(ctx);
  // A case's groups: the union of its consents' (identity groups only under an international-sharing consent:
  // statistics never carry a name); most cases hold one consent, whose groups are used as they are, without a copy.
  let groups: ReadonlySet<FieldGroup> | undefined;
  let merged: Set<FieldGroup> | undefined;
  let held = 0;
  const addConsent = (purpose: ConsentPurpose, g: ReadonlySet<FieldGroup>) => {
    const i = purposes.indexOf(purpose as SharingPurpose);
    if (i < 0) return;
    held |= 1 << i;
    const international = purpose === 'international_sharing';
    if (groups === undefined && (international || !hasIdentityGroup(g))) {
      groups = g;
      return;
    }
    merged ??= new Set(groups);
    for (const group of g) if (international || !group.startsWith('identity_')) merged.add(group);
    groups = merged;
  };
  async function* pages(): AsyncGenerator<HtcdsExportItem[]> {
    for await (const page of streamExchangeCases(
      ctx,
      {
        ...filter,
        only: (caseId) => activeConsentsOfCase(caseId, purposes).exists,
        cell: (caseId) => activeConsentsOfCase(caseId, purposes).cell,
      },
      EXPORT_PAGE_SIZE,
    )) {
      const out: HtcdsExportItem[] = new Array(page.length);
      for (let i = 0; i < page.length; i++) {
        const c = page[i]!;
        groups = undefined;
        merged = undefined;
        held = 0;
        if (c.cell !== null) readConsents(c.cell, addConsent);
        const caseGroups = groups ?? noGroups;
        out[i] = new ExportItem(
          c,
          // The record's id: one keyed hash of the case id (no case id leaves).
          ctx.keyring.blindIndex('htcds.record', c.caseId).slice(0, 32),
          orgs.get(c.leadAgencyId) ?? (await orgOf(c.leadAgencyId)),
          purposeLists[held]!,
          caseGroups,
          includeIdentity && (caseGroups.has('identity_name') || caseGroups.has('identity_contact'))
            ? await identityFields(ctx, c.personId, caseGroups)
            : undefined,
        );
      }
      produced += out.length;
      if (out.length > 0) yield out;
      // The caller is done with the page once it asks for the next (streamExchangeCases empties its cases too).
      out.length = 0;
    }
  }
  return { candidates, pages: pages(), produced: () => produced };
}
