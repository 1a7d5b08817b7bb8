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
import { agencyFacts } from '../agencies/index.js';
import { countExchangeCases, type ExchangeCase, type ExchangeCaseFilter, streamExchangeCases } from '../cases/index.js';
import { activeConsentGroupsByPurpose, type FieldGroup } from '../consent/index.js';
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

interface OrgFacts {
  name: string;
  type?: string;
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00.000Z`) + 86_400_000).toISOString();

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
  return {
    scope,
    agencyIds,
    regionCode: q.regionCode,
    intakeFrom: q.from ? `${q.from}T00:00:00.000Z` : undefined,
    intakeTo: q.to ? dayAfter(q.to) : undefined,
  };
}

/** The HTCDS record of one case, limited to the consented groups. */
export function caseToRecord(
  c: ExchangeCase,
  recordId: string,
  org: OrgFacts,
  purposes: SharingPurpose[],
  groups: ReadonlySet<FieldGroup>,
): HtcdsRecord {
  const r: HtcdsRecord = {};
  const put = (field: string, value: HtcdsRecord[string] | null | undefined) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    const group = htcdsFields[field]?.group;
    if (group && !groups.has(group)) return;
    r[field] = value;
  };
  put('pulih_RecordId', recordId);
  put('pulih_RegistrationDate', c.intakeAt.slice(0, 10));
  put('org_Name', org.name);
  put('org_Type', org.type);
  // The record leaves only under an active consent (Law 27/2022 Art. 20): it travels with it.
  put('con_Consent', true);
  put('vic_AgreementToManagePersonalData', true);
  put('pulih_ConsentPurposes', [...purposes].sort());
  const p = c.person;
  put('prs_Gender', p?.sex);
  put('pulih_BirthYear', p?.birthYear);
  put('vic_AgeWhenTrafficked', c.ageWhenTrafficked);
  put('prs_Citizenship', p?.citizenship ? [p.citizenship] : undefined);
  put('prs_PrimaryLanguage', p?.languages[0] ? toIso6392(p.languages[0]) : undefined);
  put('prs_SecondaryLanguage', p?.languages[1] ? toIso6392(p.languages[1]) : undefined);
  put('pulih_RegionCode', c.regionCode);
  put('prs_MaritalStatus', p?.maritalStatus);
  put('prs_HighestLevelOfEducation', p?.education);
  put('prs_NumberOfChildren', p?.childrenCount);
  put('vic_TraffickingStatus', c.traffickingStatus);
  put('vic_TraffickingStatusDecisionMakingOrg', c.statusDecidedByOrg);
  put('vic_RelationshipToTrafficker', c.relationshipToTrafficker);
  put('vic_MethodOfRecruitment', c.attributes.recruitmentMethods);
  put('vic_RecruitmentWebsitesAndApps', c.attributes.recruitmentWebsites);
  put('vic_MethodsOfControl', c.attributes.methodsOfControl);
  put('vic_TypeOfExploitation', c.attributes.exploitationTypes);
  put('vic_ForcedLabourIndustry', c.forcedLabourIndustry);
  put('vic_TypeOfSexExploitation', c.attributes.sexExploitationTypes);
  put('vic_ExploitationWebsitesAndApps', c.attributes.exploitationWebsites);
  put('pulih_ExploitationCountry', c.exploitationCountry);
  put('vic_Vulnerabilities', c.attributes.vulnerabilities);
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

/** Adds the identity fields the vault lets this caller take for the person (nothing when it refuses). */
async function addIdentity(ctx: Context, record: HtcdsRecord, personId: string, groups: ReadonlySet<FieldGroup>) {
  const requested = [...groups].flatMap((g) => identityOfGroup[g] ?? []);
  if (requested.length === 0) return;
  let identity: Awaited<ReturnType<typeof revealIdentityForDocument>>;
  try {
    identity = await transact(ctx, (tx) =>
      revealIdentityForDocument(tx, ctx, personId, 'HTCDS export under an international-sharing consent', requested),
    );
  } catch (error) {
    if ((error as { status?: number }).status === 404) return;
    throw error;
  }
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
}

const hasIdentityGroup = (groups: ReadonlySet<FieldGroup>) => {
  for (const g of groups) if (g.startsWith('identity_')) return true;
  return false;
};

export interface HtcdsExport {
  /** Cases the filter selects before the consent filter: the progress denominator. */
  candidates: number;
  /** The records a page at a time (a page of cases, less those no consent lets leave): read this or `records`. */
  pages: AsyncGenerator<HtcdsRecord[]>;
  /** The same records one at a time. */
  records: AsyncGenerator<HtcdsRecord>;
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
  async function* pages(): AsyncGenerator<HtcdsRecord[]> {
    let byPurpose = new Map<SharingPurpose, Map<string, ReadonlySet<FieldGroup>>>();
    const keep = async (ids: string[]) => {
      // One query for every purpose of the page.
      byPurpose = await activeConsentGroupsByPurpose(ctx, ids, purposes);
      const kept = new Set<string>();
      for (const groups of byPurpose.values()) for (const id of groups.keys()) kept.add(id);
      return kept;
    };
    for await (const page of streamExchangeCases(ctx, { ...filter, keep })) {
      const out: HtcdsRecord[] = [];
      for (const c of page) {
        // Most cases hold one consent: its groups are used as they are, without a copy.
        let groups: ReadonlySet<FieldGroup> | undefined;
        let merged: Set<FieldGroup> | undefined;
        const casePurposes: SharingPurpose[] = [];
        for (const [purpose, map] of byPurpose) {
          const g = map.get(c.caseId);
          if (!g) continue;
          casePurposes.push(purpose);
          // Identity groups count only under an international-sharing consent: statistics never carry a name.
          if (groups === undefined && (purpose === 'international_sharing' || !hasIdentityGroup(g))) {
            groups = g;
            continue;
          }
          merged ??= new Set(groups);
          for (const group of g)
            if (purpose === 'international_sharing' || !group.startsWith('identity_')) merged.add(group);
          groups = merged;
        }
        const record = caseToRecord(
          c,
          // The record's id: one keyed hash of the case id (no case id leaves).
          ctx.keyring.blindIndex('htcds.record', c.caseId).slice(0, 32),
          orgs.get(c.leadAgencyId) ?? (await orgOf(c.leadAgencyId)),
          casePurposes,
          groups ?? new Set(),
        );
        if (includeIdentity && groups && (groups.has('identity_name') || groups.has('identity_contact')))
          await addIdentity(ctx, record, c.personId, groups);
        out.push(record);
      }
      produced += out.length;
      if (out.length > 0) yield out;
    }
  }
  const pageStream = pages();
  async function* records(): AsyncGenerator<HtcdsRecord> {
    for await (const page of pageStream) yield* page;
  }
  return { candidates, pages: pageStream, records: records(), produced: () => produced };
}
