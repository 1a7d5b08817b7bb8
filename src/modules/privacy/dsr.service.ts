import PDFDocument from 'pdfkit';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { type Context, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { decodeCursor, encodeCursor } from '../../platform/http.js';
import { translate } from '../../platform/i18n/index.js';
import { readsOfPerson } from '../../platform/read-log.js';
import { erasePersonIdentity, personById, personForSubjectExport } from '../persons/index.js';
import { holdsOnPerson, holdTables } from './holds.js';
import { audit } from './privacy.audit.js';
import { requireSubjectRequests } from './privacy.policy.js';

/**
 * Data-subject requests (Law 27/2022 Art. 5–15): the DPO records each request with its due time (3×24 hours,
 * DOMAIN §1), answers it by exporting, correcting (through the vault's own update), restricting or erasing,
 * and closes it with an outcome. Erasure destroys the person's identity in the vault and is refused, with the
 * reason, while a proceeding or a legal hold needs the record (Art. 16(2)).
 */

export const requestKinds = ['access', 'correction', 'erasure', 'restriction', 'objection', 'withdrawal'] as const;
const DUE_MS = 3 * 24 * 3_600_000;

interface RequestRow {
  id: string;
  person_id: string;
  kind: (typeof requestKinds)[number];
  channel: string;
  details_enc: string | null;
  received_at: string;
  due_at: string;
  status: 'open' | 'completed' | 'refused';
  outcome: string | null;
  outcome_note_enc: string | null;
  created_by: string;
  completed_by: string | null;
  completed_at: string | null;
}
interface RestrictionRow {
  person_id: string;
  request_id: string | null;
  restricted_by: string;
  restricted_at: string;
}
interface ErasureRow {
  person_id: string;
  request_id: string | null;
  erased_by: string;
  erased_at: string;
}
type Tables = { dsr_requests: RequestRow; person_restrictions: RestrictionRow; person_erasures: ErasureRow };
const t = (db: Executor) => tables<Tables>(db);

export const requestCreateBody = z.strictObject({
  personId: z.uuid({ message: 'uuid' }),
  kind: z.enum(requestKinds),
  channel: z.enum(['in_person', 'letter', 'email', 'phone', 'through_case_worker']),
  details: z.string().trim().max(4000).optional(),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
});
export const requestListQuery = z.strictObject({
  status: z.enum(['open', 'completed', 'refused']).optional(),
  personId: z.uuid({ message: 'uuid' }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(500).optional(),
});
export const requestCompleteBody = z.strictObject({
  outcome: z.enum(['fulfilled', 'refused']),
  note: z.string().trim().max(4000).optional(),
});
export const requestSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personPseudonym: z.string().nullable(),
  kind: z.enum(requestKinds),
  channel: z.string(),
  details: z.string().nullable(),
  receivedAt: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  status: z.enum(['open', 'completed', 'refused']),
  outcome: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  completedAt: z.string().nullable(),
});

async function present(ctx: Context, r: RequestRow) {
  const person = await personById(ctx, r.person_id);
  return {
    id: r.id,
    personId: r.person_id,
    personPseudonym: person?.pseudonym ?? null,
    kind: r.kind,
    channel: r.channel,
    details: ctx.keyring.decryptNullable('dsr_requests', 'details_enc', r.id, r.details_enc),
    receivedAt: r.received_at,
    dueAt: r.due_at,
    overdue: r.status === 'open' && r.due_at < ctx.clock.now().toISOString(),
    status: r.status,
    outcome: r.outcome,
    outcomeNote: ctx.keyring.decryptNullable('dsr_requests', 'outcome_note_enc', r.id, r.outcome_note_enc),
    completedAt: r.completed_at,
  };
}

async function requirePerson(ctx: Context, personId: string, field = 'personId') {
  const person = await personById(ctx, personId);
  if (!person) throw new AppError('validation', 'validation', {}, [{ field, code: 'person_unknown' }]);
  return person;
}

export async function createRequest(ctx: Context, input: z.infer<typeof requestCreateBody>) {
  await requireSubjectRequests(ctx);
  await requirePerson(ctx, input.personId);
  const now = ctx.clock.now();
  const received = input.receivedAt ? new Date(input.receivedAt) : now;
  if (received.getTime() > now.getTime()) {
    throw new AppError('validation', 'validation', {}, [{ field: 'receivedAt', code: 'date_in_future' }]);
  }
  const id = uuidv7();
  const row: RequestRow = {
    id,
    person_id: input.personId,
    kind: input.kind,
    channel: input.channel,
    details_enc: ctx.keyring.encryptNullable('dsr_requests', 'details_enc', id, input.details),
    received_at: received.toISOString(),
    // Law 27/2022: the controller answers within 3×24 hours of the request.
    due_at: new Date(received.getTime() + DUE_MS).toISOString(),
    status: 'open',
    outcome: null,
    outcome_note_enc: null,
    created_by: ctx.actor!.userId,
    completed_by: null,
    completed_at: null,
  };
  await transact(ctx, async (tx) => {
    await t(tx).insertInto('dsr_requests').values(row).execute();
    await audit(tx, ctx, 'requestCreate', id, { kind: input.kind, personId: input.personId, dueAt: row.due_at });
  });
  return present(ctx, row);
}

/** Open requests first by due time is what the DPO works from; the list is newest first with filters. */
export async function listRequests(ctx: Context, q: z.infer<typeof requestListQuery>) {
  await requireSubjectRequests(ctx);
  let query = t(ctx.database.db).selectFrom('dsr_requests').selectAll();
  if (q.status) query = query.where('status', '=', q.status);
  if (q.personId) query = query.where('person_id', '=', q.personId);
  const after = decodeCursor(q.cursor, z.tuple([z.string()]));
  if (after) query = query.where('id', '<', after[0]);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const items = await Promise.all(rows.slice(0, q.limit).map((r) => present(ctx, r)));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

export async function completeRequest(ctx: Context, id: string, input: z.infer<typeof requestCompleteBody>) {
  await requireSubjectRequests(ctx);
  const done = await transact(ctx, async (tx) => {
    const row = await t(tx).selectFrom('dsr_requests').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const now = ctx.clock.now().toISOString();
    const status = input.outcome === 'fulfilled' ? 'completed' : 'refused';
    const patch = {
      status,
      outcome: input.outcome,
      outcome_note_enc: ctx.keyring.encryptNullable('dsr_requests', 'outcome_note_enc', id, input.note),
      completed_by: ctx.actor!.userId,
      completed_at: now,
    } as const;
    const r = await t(tx)
      .updateTable('dsr_requests')
      .set(patch)
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', 'request_not_open');
    await audit(tx, ctx, 'requestComplete', id, { outcome: input.outcome, late: row.due_at < now });
    return { ...row, ...patch };
  });
  // Presented after the commit: it reads the person (SQLite has one connection, held by the transaction).
  return present(ctx, done);
}

export const exportQuery = z.strictObject({
  format: z.enum(['json', 'pdf']).default('json'),
  requestId: z.uuid({ message: 'uuid' }).optional(),
});

/** What else another module holds about a person, for her export, under its name (hook `privacy.subjectData`). */
export interface SubjectDataSource {
  name: string;
  load(ctx: Context, personId: string): Promise<unknown>;
}

/** Everything held about a person (Art. 7: access), identity included; the export itself is audited. */
export async function exportPerson(ctx: Context, personId: string, q: z.infer<typeof exportQuery>) {
  await requireSubjectRequests(ctx);
  const vault = await personForSubjectExport(ctx, personId);
  if (!vault) throw notFound();
  const db = ctx.database.db;
  const [requests, restriction, erasure, holds, reads] = await Promise.all([
    t(db).selectFrom('dsr_requests').selectAll().where('person_id', '=', personId).orderBy('id').limit(500).execute(),
    t(db).selectFrom('person_restrictions').selectAll().where('person_id', '=', personId).executeTakeFirst(),
    t(db).selectFrom('person_erasures').selectAll().where('person_id', '=', personId).executeTakeFirst(),
    holdTables(db)
      .selectFrom('legal_holds')
      .select(['id', 'placed_at', 'released_at'])
      .where('person_id', '=', personId)
      .execute(),
    readsOfPerson(db, personId, { limit: 1000 }),
  ]);
  const other: Record<string, unknown> = {};
  for (const source of ctx.hooks.all('privacy.subjectData')) other[source.name] = await source.load(ctx, personId);
  const data = {
    exportedAt: ctx.clock.now().toISOString(),
    controller: ctx.config.baseUrl,
    person: vault.person,
    identity: vault.identity,
    erased: erasure ? { at: erasure.erased_at } : null,
    restricted: restriction ? { since: restriction.restricted_at } : null,
    legalHolds: holds.map((h) => ({ id: h.id, placedAt: h.placed_at, releasedAt: h.released_at })),
    requests: await Promise.all(requests.map((r) => present(ctx, r))),
    ...other,
    readAccess: reads.map((r) => ({
      at: r.at,
      username: r.username,
      agencyId: r.agency_id,
      kind: r.kind,
      caseId: r.case_id,
    })),
  };
  await transact(ctx, (tx) =>
    audit(tx, ctx, 'personExport', personId, { format: q.format, ...(q.requestId ? { requestId: q.requestId } : {}) }),
  );
  if (q.format === 'json') return { kind: 'json' as const, data };
  return { kind: 'pdf' as const, pdf: await exportPdf(data, ctx.locale), pseudonym: vault.person.pseudonym };
}

/** A plain, readable PDF of the same content (headings per section, one line per value). */
function exportPdf(data: Record<string, unknown>, locale: string): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Pulih' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const title =
    locale === 'en'
      ? 'Personal data held about the data subject (Law 27/2022 Art. 7)'
      : 'Data pribadi yang disimpan tentang subjek data (UU 27/2022 Pasal 7)';
  doc.fontSize(14).text(title);
  doc.moveDown();
  const write = (label: string, value: unknown, depth: number) => {
    if (value === null || value === undefined || typeof value !== 'object') {
      doc.fontSize(10).text(`${'  '.repeat(depth)}${label}: ${value ?? '—'}`);
      return;
    }
    doc.fontSize(depth === 0 ? 12 : 10).text(`${'  '.repeat(depth)}${label}`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) write(k, v, depth + 1);
  };
  for (const [k, v] of Object.entries(data)) {
    write(k, v, 0);
    doc.moveDown(0.5);
  }
  doc.end();
  return done;
}

export const restrictBody = z.strictObject({
  restricted: z.boolean(),
  requestId: z.uuid({ message: 'uuid' }).optional(),
});

/** Restriction of processing (Art. 11): the person's record is frozen and every case shows it. */
export async function restrictPerson(ctx: Context, personId: string, input: z.infer<typeof restrictBody>) {
  await requireSubjectRequests(ctx);
  if (!(await personById(ctx, personId))) throw notFound();
  return transact(ctx, async (tx) => {
    if (input.restricted) {
      const r = await t(tx)
        .insertInto('person_restrictions')
        .values({
          person_id: personId,
          request_id: input.requestId ?? null,
          restricted_by: ctx.actor!.userId,
          restricted_at: ctx.clock.now().toISOString(),
        })
        .onConflict((oc) => oc.column('person_id').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) !== 1) throw new AppError('conflict', 'already_restricted');
    } else {
      const r = await t(tx).deleteFrom('person_restrictions').where('person_id', '=', personId).executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) throw new AppError('conflict', 'not_restricted');
    }
    await audit(tx, ctx, 'personRestrict', personId, {
      restricted: input.restricted,
      ...(input.requestId ? { requestId: input.requestId } : {}),
    });
    return { personId, restricted: input.restricted };
  });
}

/** Whether processing of a person is restricted (other modules ask through privacy's index.ts). */
export async function personRestriction(db: Executor, personId: string): Promise<{ since: string } | null> {
  const row = await t(db)
    .selectFrom('person_restrictions')
    .selectAll()
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row ? { since: row.restricted_at } : null;
}

export const eraseBody = z.strictObject({ requestId: z.uuid({ message: 'uuid' }).optional() });

/**
 * Erasure (Art. 8, 16): refused with every reason while anything holds the record; otherwise the person's
 * identity is destroyed in the vault in one transaction with its audit event. The pseudonymous case record
 * stays (statistics, the audit trail) but can no longer be tied to her.
 */
export async function erasePerson(ctx: Context, personId: string, input: z.infer<typeof eraseBody>) {
  await requireSubjectRequests(ctx);
  if (!(await personById(ctx, personId))) throw notFound();
  const reasons = await holdsOnPerson(ctx, personId);
  if (reasons.length > 0) {
    // The problem names each kind of hold in the caller's language (an open criminal proceeding, a legal hold),
    // so the DPO can tell the person why; `holds` keeps the codes with their record ids.
    const kinds = [...new Set(reasons.map((r) => r.split(':')[0]))];
    throw new AppError('conflict', 'erasure_blocked', {
      reasons: kinds.map((k) => translate(ctx.locale, `privacy.hold.${k}`)).join(', '),
      holds: reasons,
    });
  }
  return transact(ctx, async (tx) => {
    const r = await t(tx)
      .insertInto('person_erasures')
      .values({
        person_id: personId,
        request_id: input.requestId ?? null,
        erased_by: ctx.actor!.userId,
        erased_at: ctx.clock.now().toISOString(),
      })
      .onConflict((oc) => oc.column('person_id').doNothing())
      .executeTakeFirst();
    const first = Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
    const shredded = await erasePersonIdentity(tx, ctx, personId);
    // Erased before: a file uploaded to her case or an identity entered since was sealed under a new key of hers
    // (persons.keys), which a new erasure shreds too. With no key left there is nothing to erase (and of two
    // concurrent erasures, the one that found the key gone loses).
    if (!first && !shredded) throw new AppError('conflict', 'already_erased');
    await audit(tx, ctx, 'personErase', personId, input.requestId ? { requestId: input.requestId } : {});
    return { personId, erasedAt: ctx.clock.now().toISOString() };
  });
}

export const holdCreateBody = z.strictObject({
  personId: z.uuid({ message: 'uuid' }),
  reason: z.string().trim().min(10).max(2000),
});

export const holdSchema = z.object({
  id: z.string(),
  personId: z.string(),
  reason: z.string(),
  placedAt: z.string(),
  releasedAt: z.string().nullable(),
});

export async function placeHold(ctx: Context, input: z.infer<typeof holdCreateBody>) {
  await requireSubjectRequests(ctx);
  await requirePerson(ctx, input.personId);
  const id = uuidv7();
  const row = {
    id,
    person_id: input.personId,
    reason_enc: ctx.keyring.encrypt('legal_holds', 'reason_enc', id, input.reason),
    placed_by: ctx.actor!.userId,
    placed_at: ctx.clock.now().toISOString(),
    released_by: null,
    released_at: null,
  };
  await transact(ctx, async (tx) => {
    await holdTables(tx).insertInto('legal_holds').values(row).execute();
    await audit(tx, ctx, 'holdPlace', input.personId, { holdId: id });
  });
  return { id, personId: input.personId, reason: input.reason, placedAt: row.placed_at, releasedAt: null };
}

export async function releaseHold(ctx: Context, id: string) {
  await requireSubjectRequests(ctx);
  return transact(ctx, async (tx) => {
    const row = await holdTables(tx).selectFrom('legal_holds').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const now = ctx.clock.now().toISOString();
    const r = await holdTables(tx)
      .updateTable('legal_holds')
      .set({ released_at: now, released_by: ctx.actor!.userId })
      .where('id', '=', id)
      .where('released_at', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', 'hold_already_released');
    await audit(tx, ctx, 'holdRelease', row.person_id, { holdId: id });
    return {
      id,
      personId: row.person_id,
      reason: ctx.keyring.decrypt('legal_holds', 'reason_enc', id, row.reason_enc),
      placedAt: row.placed_at,
      releasedAt: now,
    };
  });
}

export async function listHolds(ctx: Context, personId: string) {
  await requireSubjectRequests(ctx);
  const rows = await holdTables(ctx.database.db)
    .selectFrom('legal_holds')
    .selectAll()
    .where('person_id', '=', personId)
    .orderBy('id', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    reason: ctx.keyring.decrypt('legal_holds', 'reason_enc', r.id, r.reason_enc),
    placedAt: r.placed_at,
    releasedAt: r.released_at,
  }));
}

/** Encrypted columns of the module, for key rotation. */
export const privacyEncryptedColumns = [
  { table: 'dsr_requests', idColumn: 'id', columns: ['details_enc', 'outcome_note_enc'] },
  { table: 'legal_holds', idColumn: 'id', columns: ['reason_enc'] },
  { table: 'grant_reviews', idColumn: 'grant_id', columns: ['note_enc'] },
  { table: 'breaches', idColumn: 'id', columns: ['title_enc', 'description_enc'] },
];
