/** Relatives of the victim recorded on a case (family, guardian candidates, suspects among them). */
import { appendAudit } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { getPerson, insertPersonRecord, personsByIds } from '../persons/index.js';
import { assertOpen } from './cases.change.js';
import { casePermissions } from './cases.policy.js';
import { loadCase, recordTimeline } from './cases.record.js';
import type { TRelativeCreate, TRelativeUpdate } from './cases.schema.js';
import { insertRelative, selectRelative, selectRelatives, updateRelativeRow } from './cases.store.js';

const P = casePermissions;

/**
 * Adds a family member or contact: a person in the vault with the same protection as the victim
 * (Art. 44 extends to family up to the second degree when threatened). Identity is never returned.
 */
export async function addRelative(ctx: Context, id: string, input: TRelativeCreate) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  if (!input.existingPersonId && (!input.identity || !input.person)) {
    throw new AppError('validation', 'validation', {}, [
      ...(input.identity ? [] : [{ field: 'identity', code: 'required' }]),
      ...(input.person ? [] : [{ field: 'person', code: 'required' }]),
    ]);
  }
  const existing = input.existingPersonId ? await getPerson(ctx, input.existingPersonId) : undefined;
  if (existing?.id === row.person_id)
    throw new AppError('validation', 'validation', {}, [{ field: 'existingPersonId', code: 'invalid' }]);
  const now = ctx.clock.now().toISOString();
  const person = await transact(ctx, async (tx) => {
    const p =
      existing ??
      (await insertPersonRecord(tx, ctx, { ...input.person!, identity: input.identity! }, row.lead_agency_id));
    await insertRelative(tx, {
      case_id: id,
      person_id: p.id,
      relationship: input.relationship,
      is_contact: input.isContact ? 1 : 0,
      threatened: input.threatened ? 1 : 0,
      suspect: input.suspect ? 1 : 0,
      related_to_trafficker: input.relatedToTrafficker ? 1 : 0,
      added_at: now,
    });
    await appendAudit(tx, ctx, {
      action: 'cases.relatives.add',
      entityType: 'case',
      entityId: id,
      details: {
        personId: p.id,
        relationship: input.relationship,
        threatened: input.threatened,
        suspect: input.suspect,
        relatedToTrafficker: input.relatedToTrafficker,
      },
    });
    await recordTimeline(tx, ctx, id, 'relative.added', {
      relationship: input.relationship,
      threatened: input.threatened,
    });
    return p;
  });
  return {
    personId: person.id,
    pseudonym: person.pseudonym,
    initials: person.initials,
    sex: person.sex,
    birthYear: person.birthYear,
    relationship: input.relationship,
    isContact: input.isContact,
    threatened: input.threatened,
    suspect: input.suspect,
    relatedToTrafficker: input.relatedToTrafficker,
    addedAt: now,
  };
}

/** Records what was learned about a relative (threatened, suspect, related to the trafficker); audited. */
export async function updateRelative(ctx: Context, id: string, personId: string, input: TRelativeUpdate) {
  const row = await loadCase(ctx, id, P.update);
  assertOpen(row);
  const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
  const patch = Object.fromEntries(
    Object.entries({
      threatened: flag(input.threatened),
      suspect: flag(input.suspect),
      related_to_trafficker: flag(input.relatedToTrafficker),
      is_contact: flag(input.isContact),
    }).filter(([, v]) => v !== undefined),
  );
  await transact(ctx, async (tx) => {
    if (!(await updateRelativeRow(tx, id, personId, patch))) throw notFound();
    await appendAudit(tx, ctx, {
      action: 'cases.relatives.update',
      entityType: 'case',
      entityId: id,
      details: { personId, ...input },
    });
    await recordTimeline(tx, ctx, id, 'relative.updated', { changed: Object.keys(input) });
  });
  return (await listRelatives(ctx, id)).find((r) => r.personId === personId)!;
}

/**
 * For consent: the case's relative a guardian's consent names, with what bars her or him from consenting for
 * the child (recorded as a suspect, or related to the trafficker). Undefined when not a relative of the case.
 */
export async function guardianCandidate(db: Executor, caseId: string, personId: string) {
  const r = await selectRelative(db, caseId, personId);
  if (!r) return undefined;
  return {
    personId: r.person_id,
    relationship: r.relationship,
    suspect: r.suspect === 1,
    relatedToTrafficker: r.related_to_trafficker === 1,
  };
}

export async function listRelatives(ctx: Context, id: string) {
  await loadCase(ctx, id, P.read);
  const rows = await selectRelatives(ctx.database.db, id);
  const persons = await personsByIds(
    ctx,
    rows.map((r) => r.person_id),
  );
  return rows.map((r) => {
    const p = persons.get(r.person_id);
    return {
      personId: r.person_id,
      pseudonym: p?.pseudonym ?? '',
      initials: p?.initials ?? null,
      sex: p?.sex ?? null,
      birthYear: p?.birthYear ?? null,
      relationship: r.relationship as TRelativeCreate['relationship'],
      isContact: r.is_contact === 1,
      threatened: r.threatened === 1,
      suspect: r.suspect === 1,
      relatedToTrafficker: r.related_to_trafficker === 1,
      addedAt: r.added_at,
    };
  });
}
