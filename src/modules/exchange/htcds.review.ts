/**
 * The review queue of imported HTCDS records: a reviewer of the receiving agency accepts a record into a new
 * case (the case keeps every mapped fact; its trafficking status is recorded as decided by the sender's
 * decision-making organisation) or rejects it. Two reviewers deciding one record at once: the second gets 409.
 */
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { type Context, transact } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { reportingInstants } from '../../platform/time.js';
import { caseCreateSchema, createCase, recordTraffickingDecision, type TCaseCreate } from '../cases/index.js';
import { audit } from './exchange.audit.js';
import { reviewScope } from './exchange.policy.js';
import { EVENTS_KEY, fromIso6392, type HtcdsEvent, type HtcdsRecord, joinName } from './htcds.mapping.js';
import { decideIfPending, type HtcdsImportRecordRow, selectQueue, selectRecord } from './htcds.store.js';

export const queueQuery = z.strictObject({
  status: z.enum(['pending', 'accepted', 'rejected']).default('pending'),
  importId: z.uuid({ message: 'uuid' }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const acceptSchema = z.strictObject({
  /** Required when the record carries no name (a statistics export never does). */
  fullName: z.string().trim().min(1).max(200).optional(),
  referralSource: z.enum(['ngo', 'iom', 'mission_abroad', 'bp2mi', 'police', 'other']).default('other'),
});
export const rejectSchema = z.strictObject({
  reason: z.enum(['duplicate', 'out_of_mandate', 'insufficient', 'other']),
});

const identityFieldNames = [
  'prs_FirstName',
  'prs_MiddleName',
  'prs_SecondName',
  'pulih_Aliases',
  'prs_Birthdate',
  'prs_IdentityNumber',
  'prs_MobilePhone',
  'prs_MailingStreet',
];

function payloadOf(ctx: Context, row: HtcdsImportRecordRow): HtcdsRecord {
  return JSON.parse(ctx.keyring.decrypt('htcds_import_records', 'payload_enc', row.id, row.payload_enc)) as HtcdsRecord;
}

/** What the queue shows: the record without its identity fields (their presence only). */
function queueView(ctx: Context, row: HtcdsImportRecordRow) {
  const record = payloadOf(ctx, row);
  const facts: HtcdsRecord = {};
  for (const [k, v] of Object.entries(record)) if (!identityFieldNames.includes(k)) facts[k] = v;
  return {
    id: row.id,
    importId: row.import_id,
    row: row.row_number,
    status: row.status,
    caseId: row.case_id,
    decidedAt: row.decided_at,
    hasName: typeof record.prs_FirstName === 'string',
    record: facts,
  };
}

export async function listQueue(ctx: Context, q: z.infer<typeof queueQuery>) {
  const actor = requireActor(ctx);
  await reviewScope(ctx);
  const after = decodeCursor(q.cursor, z.tuple([z.string()]))?.[0];
  const rows = await selectQueue(ctx.database.db, {
    agencyId: actor.agencyId,
    status: q.status,
    importId: q.importId,
    after,
    limit: q.limit + 1,
  });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((r) => queueView(ctx, r)),
    nextCursor: rows.length > q.limit ? encodeCursor([page.at(-1)!.id]) : null,
  };
}

async function loadPending(ctx: Context, id: string) {
  const actor = requireActor(ctx);
  await reviewScope(ctx);
  const row = await selectRecord(ctx.database.db, id);
  if (!row || row.agency_id !== actor.agencyId) throw notFound();
  if (row.status !== 'pending') throw new AppError('conflict', 'record_already_decided');
  return row;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
const list = (v: unknown) => (Array.isArray(v) && v.length > 0 ? (v as string[]) : undefined);

/** The case-creation input a record maps to (the reverse of the export's mapping). */
export function recordToCase(
  record: HtcdsRecord,
  fullName: string | undefined,
  referralSource: TCaseCreate['referralSource'],
): TCaseCreate {
  const name =
    joinName({
      first: str(record.prs_FirstName),
      middle: str(record.prs_MiddleName),
      second: str(record.prs_SecondName),
    }) || fullName;
  if (!name) throw new AppError('validation', 'validation', {}, [{ field: 'fullName', code: 'required' }]);
  const languages = [str(record.prs_PrimaryLanguage), str(record.prs_SecondaryLanguage)]
    .filter((l): l is string => Boolean(l))
    .map((l) => fromIso6392(l)!)
    .filter(Boolean);
  const phone = str(record.prs_MobilePhone);
  const registered = str(record.pulih_RegistrationDate);
  const events = (record[EVENTS_KEY] as HtcdsEvent[] | undefined) ?? [];
  return {
    referralSource,
    // The registration date is a date in the reporting zone (as the export writes it): its start in WIB.
    intakeAt: registered ? reportingInstants({ from: registered }).from : undefined,
    identity: {
      fullName: name,
      aliases: list(record.pulih_Aliases),
      dateOfBirth: str(record.prs_Birthdate),
      nik: str(record.prs_IdentityNumber),
      phones: phone ? [phone] : undefined,
      address: str(record.prs_MailingStreet),
    },
    person: {
      sex: str(record.prs_Gender) as NonNullable<TCaseCreate['person']>['sex'],
      birthYear: num(record.pulih_BirthYear),
      citizenship: list(record.prs_Citizenship)?.[0],
      regionCode: str(record.pulih_RegionCode),
      languages: languages.length > 0 ? languages : undefined,
      maritalStatus: str(record.prs_MaritalStatus) as NonNullable<TCaseCreate['person']>['maritalStatus'],
      education: str(record.prs_HighestLevelOfEducation) as NonNullable<TCaseCreate['person']>['education'],
      childrenCount: num(record.prs_NumberOfChildren),
    },
    profile: {
      exploitationTypes: list(record.vic_TypeOfExploitation),
      methodsOfControl: list(record.vic_MethodsOfControl),
      recruitmentMethods: list(record.vic_MethodOfRecruitment),
      recruitmentWebsites: list(record.vic_RecruitmentWebsitesAndApps),
      exploitationWebsites: list(record.vic_ExploitationWebsitesAndApps),
      sexExploitationTypes: list(record.vic_TypeOfSexExploitation),
      vulnerabilities: list(record.vic_Vulnerabilities),
      relationshipToTrafficker: str(record.vic_RelationshipToTrafficker),
      forcedLabourIndustry: str(record.vic_ForcedLabourIndustry),
      exploitationCountry: str(record.pulih_ExploitationCountry),
      ageWhenTrafficked: num(record.vic_AgeWhenTrafficked),
    } as TCaseCreate['profile'],
    events: events.map((e) => ({
      type: e.hte_Type as 'Recruitment' | 'Transit' | 'Exploitation',
      countryCode: e.hte_Country,
      regionCode: e.hte_State,
      city: e.hte_City,
      startedOn: e.hte_Date,
    })),
  };
}

/** Accepts a queued record into a new case of the reviewer's agency. */
export async function acceptRecord(ctx: Context, id: string, input: z.infer<typeof acceptSchema>) {
  const row = await loadPending(ctx, id);
  const record = payloadOf(ctx, row);
  const parsed = caseCreateSchema.safeParse(recordToCase(record, input.fullName, input.referralSource));
  if (!parsed.success)
    throw new AppError(
      'validation',
      'validation',
      {},
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: 'invalid' })),
    );
  const caseInput = parsed.data;
  const status = str(record.vic_TraffickingStatus);
  const created = await createCase(ctx, caseInput, {
    within: async (tx, kase) => {
      const decided = await decideIfPending(tx, id, {
        status: 'accepted',
        case_id: kase.id,
        decided_by: ctx.actor!.userId,
        decided_at: ctx.clock.now().toISOString(),
      });
      if (!decided) throw new AppError('conflict', 'record_already_decided');
      // The sender's identification stands as the sender's decision (HTCDS vic_TraffickingStatusDecisionMakingOrg).
      if (status)
        await recordTraffickingDecision(tx, ctx, kase.id, {
          status,
          decidedByOrg: str(record.vic_TraffickingStatusDecisionMakingOrg) ?? 'Other',
        });
      await audit(tx, ctx, 'htcdsAccept', id, { importId: row.import_id, row: row.row_number, caseId: kase.id });
    },
  });
  return { id, status: 'accepted' as const, caseId: created.id };
}

export async function rejectRecord(ctx: Context, id: string, input: z.infer<typeof rejectSchema>) {
  const row = await loadPending(ctx, id);
  await transact(ctx, async (tx) => {
    const decided = await decideIfPending(tx, id, {
      status: 'rejected',
      case_id: null,
      decided_by: ctx.actor!.userId,
      decided_at: ctx.clock.now().toISOString(),
    });
    if (!decided) throw new AppError('conflict', 'record_already_decided');
    await audit(tx, ctx, 'htcdsReject', id, { importId: row.import_id, row: row.row_number, reason: input.reason });
  });
  return { id, status: 'rejected' as const, caseId: null };
}
