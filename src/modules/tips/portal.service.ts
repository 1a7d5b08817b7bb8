import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { appendAudit } from '../../platform/audit.js';
import { type Actor, type Context, transact } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { latestDateInIndonesia } from '../../platform/time.js';
import { listAgencies } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { insertPersonRecord } from '../persons/index.js';
import { findRegion } from '../reference/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { tipAudit } from './tips.audit.js';
import { PORTAL_PERMISSIONS, TIP_STAFF_PERMISSIONS } from './tips.policy.js';
import { dueAtFor, isNearBorder, urgencyOf } from './tips.rules.js';
import {
  reporterRelations,
  type TipStatus,
  type TipUrgency,
  type TPublicStatus,
  type TTipSubmit,
  tipIndicatorLabels,
  tipIndicators,
} from './tips.schema.js';
import {
  countReporterMessages,
  insertTip,
  insertTipMessage,
  markReporterReplied,
  selectTipByCode,
  selectTipMessages,
  type TipRow,
} from './tips.store.js';

const ENC = 'tips';
/** Crockford's base32 without I, L, O, U: nothing to misread on a phone screen. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** 20 characters of 5 bits: 100 bits, far beyond guessing at the lookup rate limit. */
const CODE_LENGTH = 20;
const CHALLENGE_TTL_MS = 60 * 60_000;
/** A reporter may answer this many times on one tip (a flood of messages is not an answer). */
const MAX_REPORTER_MESSAGES = 30;

/**
 * The portal acts as this actor: it may look agencies up and put the reporter's contact into the vault, nothing
 * else. Its audit events carry no address: the reporter's IP is never recorded (Law 21/2007 Art. 60–63 protect
 * reporters).
 */
const portalActor: Actor = {
  userId: 'portal',
  username: 'portal',
  agencyId: '',
  agencyRegionCode: null,
  roles: [],
  permissions: new Map(PORTAL_PERMISSIONS.map((p) => [p, 'all'])),
  aggregateOnly: false,
  sessionIdHash: null,
};
const portalContext = (ctx: Context): Context => ({ ...ctx, actor: portalActor, ip: null });

/** A new follow-up code, grouped in fives for reading aloud. */
export function newFollowUpCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  let code = '';
  for (const b of bytes) code += ALPHABET[b & 31];
  return code;
}
export const formatCode = (code: string) => code.match(/.{1,5}/g)!.join('-');
const codeIndex = (ctx: Context, code: string) => ctx.keyring.blindIndex('tip_code', code);

/* ---------- proof of work ---------- */

/** A challenge the browser must solve before sending a tip: signed, so the server keeps no state until use. */
export function issueChallenge(ctx: Context): { challenge: string; difficulty: number } {
  const body = `${ctx.clock.now().getTime()}.${randomBytes(12).toString('hex')}`;
  const mac = ctx.keyring.blindIndex('tip_pow', body);
  return { challenge: `${body}.${mac}`, difficulty: ctx.config.portal.powBits };
}

/** Leading zero bits of a hash. */
export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/** Solves a challenge (tests, bench and the demo seed; the browser does the same with Web Crypto). */
export function solveChallenge(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(`${challenge}:${nonce}`).digest()) >= difficulty) return nonce;
  }
}

/** Checks a solved challenge; returns the hash under which its single use is recorded. */
function verifyPow(ctx: Context, pow: { challenge: string; nonce: string }): string {
  const bad = () => new AppError('validation', 'validation', {}, [{ field: 'pow', code: 'pow_invalid' }]);
  const parts = pow.challenge.split('.');
  if (parts.length !== 3) throw bad();
  const [issued, random, mac] = parts as [string, string, string];
  const expected = Buffer.from(ctx.keyring.blindIndex('tip_pow', `${issued}.${random}`));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw bad();
  const age = ctx.clock.now().getTime() - Number(issued);
  if (!(age >= -60_000 && age <= CHALLENGE_TTL_MS)) throw bad();
  const hash = createHash('sha256').update(`${pow.challenge}:${pow.nonce}`).digest();
  if (leadingZeroBits(hash) < ctx.config.portal.powBits) throw bad();
  return createHash('sha256').update(pow.challenge).digest('hex');
}

/* ---------- the form ---------- */

export function tipForm(ctx: Context) {
  return {
    indicators: tipIndicators.map((key) => ({ key, label: tipIndicatorLabels[key] })),
    relations: [...reporterRelations],
    challenge: issueChallenge(ctx),
  };
}

/** The agency that receives a tip: the UPTD PPA of the place (regency first, then province), else the secretariat. */
async function receivingAgency(ctx: Context, regionCode: string): Promise<string> {
  const portal = portalContext(ctx);
  const province = regionCode.slice(0, 2);
  const candidates = await listAgencies(portal, {
    type: 'uptd_ppa',
    status: 'active',
    regionCode: province,
    limit: 50,
  });
  const inRegency = candidates.items.find((a) => a.regionCode === regionCode);
  // Otherwise the province's longest-established UPTD PPA, not whichever sorts first by name.
  const oldest = [...candidates.items].sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
  const chosen = inRegency ?? oldest;
  if (chosen) return chosen.id;
  const national = await listAgencies(portal, { type: 'taskforce_secretariat', status: 'active', limit: 1 });
  if (national.items[0]) return national.items[0].id;
  throw new AppError('conflict', 'tips_unavailable');
}

/**
 * Receives a tip from the public portal. The contact details, if the reporter leaves any, go into the identity
 * vault (encrypted like a victim's); the follow-up code is returned once and kept only as a keyed hash.
 */
export async function submitTip(ctx: Context, input: TTipSubmit): Promise<{ code: string; status: 'received' }> {
  // A filled honeypot is a bot: it gets the same answer shape as a failed check, and nothing is stored.
  if (input.website) throw new AppError('validation', 'validation', {}, [{ field: 'pow', code: 'pow_invalid' }]);
  const powHash = verifyPow(ctx, input.pow);
  const region = await findRegion(input.regionCode);
  if (!region) throw new AppError('validation', 'validation', {}, [{ field: 'regionCode', code: 'region_unknown' }]);
  const now = ctx.clock.now();
  if (input.happenedOn && input.happenedOn > latestDateInIndonesia(now))
    throw new AppError('validation', 'validation', {}, [{ field: 'happenedOn', code: 'in_future' }]);
  const portal = portalContext(ctx);
  const agencyId = await receivingAgency(ctx, input.regionCode);
  const nearBorder = isNearBorder(input.nearBorder, input.regionCode);
  const urgency: TipUrgency = urgencyOf({ child: input.involvesChild, heldNow: input.heldNow, nearBorder });
  const dueAt = await dueAtFor(ctx, urgency, now);
  const code = newFollowUpCode();
  const id = uuidv7();
  const staff = urgency === 'urgent' ? await agencyUserIdsWithPermission(ctx, agencyId, TIP_STAFF_PERMISSIONS) : [];
  const contact = input.contact;
  const hasContact = Boolean(contact && (contact.name || contact.phone || contact.address));
  const stamp = now.toISOString();
  await transact(portal, async (tx) => {
    let reporterPersonId: string | null = null;
    if (hasContact && contact) {
      const person = await insertPersonRecord(
        tx,
        portal,
        {
          identity: {
            fullName: contact.name ?? '-',
            ...(contact.phone ? { phones: [contact.phone] } : {}),
            ...(contact.address ? { address: contact.address } : {}),
          },
        },
        agencyId,
      );
      reporterPersonId = person.id;
    }
    const row: TipRow = {
      id,
      code_bidx: codeIndex(ctx, code),
      pow_hash: powHash,
      agency_id: agencyId,
      status: 'new',
      version: 1,
      urgency,
      is_child: input.involvesChild ? 1 : 0,
      held_now: input.heldNow ? 1 : 0,
      near_border: nearBorder ? 1 : 0,
      region_code: input.regionCode,
      happened_on: input.happenedOn ?? null,
      people_count: input.peopleCount ?? null,
      indicators: ctx.database.adapter.toJson([...new Set(input.indicators)]),
      description_enc: ctx.keyring.encrypt(ENC, 'description_enc', id, input.description),
      reporter_person_id: reporterPersonId,
      reporter_relation: input.relation ?? null,
      locale: ctx.locale,
      assigned_to: null,
      group_id: null,
      case_id: null,
      referred_agency_id: null,
      outcome_note_enc: null,
      closure_reason: null,
      awaiting_reply: 0,
      due_at: dueAt,
      first_response_at: null,
      overdue_alerted_at: null,
      created_at: stamp,
      updated_at: stamp,
      closed_at: null,
    };
    try {
      await insertTip(tx, row);
    } catch (error) {
      // The unique index on the challenge: a replayed proof of work.
      if (/unique|duplicate/i.test(error instanceof Error ? error.message : ''))
        throw new AppError('validation', 'validation', {}, [{ field: 'pow', code: 'pow_invalid' }]);
      throw error;
    }
    await raiseAlerts(tx, portal, staff, {
      kind: 'tip_urgent',
      entityType: 'tip',
      entityId: id,
      params: { regionCode: input.regionCode, child: input.involvesChild, heldNow: input.heldNow },
    });
    await appendAudit(tx, portal, {
      ...tipAudit.submit,
      entityId: id,
      details: { agencyId, urgency, regionCode: input.regionCode, contact: hasContact },
    });
  });
  return { code: formatCode(code), status: 'received' };
}

/** What the reporter may know: where the tip stands, nothing about what was done or by whom. */
export function publicStatusOf(status: TipStatus): TPublicStatus['status'] {
  if (status === 'new') return 'received';
  if (status === 'closed') return 'closed';
  return 'being_handled';
}

async function tipByCode(ctx: Context, code: string): Promise<TipRow> {
  const tip = await selectTipByCode(ctx.database.db, codeIndex(ctx, code.toUpperCase().replace(/[\s-]/g, '')));
  // One answer for every code that does not open a tip: no oracle for which codes exist.
  if (!tip) throw new AppError('not_found', 'tip_code_unknown');
  return tip;
}

/** The status page behind a follow-up code: the state and the conversation with staff. */
export async function tipStatus(ctx: Context, code: string): Promise<TPublicStatus> {
  const tip = await tipByCode(ctx, code);
  const messages = await selectTipMessages(ctx.database.db, tip.id);
  return {
    status: publicStatusOf(tip.status as TipStatus),
    messages: messages.map((m) => ({
      from: m.author,
      body: ctx.keyring.decrypt('tip_messages', 'body_enc', m.id, m.body_enc),
      at: m.created_at,
    })),
    canReply: tip.status !== 'closed',
  };
}

/** The reporter answers (a staff question, or adds something); the officer on the tip is alerted. */
export async function replyToTip(ctx: Context, code: string, message: string): Promise<TPublicStatus> {
  const tip = await tipByCode(ctx, code);
  if (tip.status === 'closed') throw new AppError('conflict', 'tip_closed');
  if ((await countReporterMessages(ctx.database.db, tip.id)) >= MAX_REPORTER_MESSAGES)
    throw new AppError('rate_limited', 'rate_limited');
  const portal = portalContext(ctx);
  const recipients = tip.assigned_to
    ? [tip.assigned_to]
    : await agencyUserIdsWithPermission(ctx, tip.agency_id, TIP_STAFF_PERMISSIONS);
  const now = ctx.clock.now().toISOString();
  const id = uuidv7();
  await transact(portal, async (tx) => {
    if (!(await markReporterReplied(tx, tip.id, now))) throw new AppError('conflict', 'tip_closed');
    await insertTipMessage(tx, {
      id,
      tip_id: tip.id,
      author: 'reporter',
      body_enc: ctx.keyring.encrypt('tip_messages', 'body_enc', id, message),
      created_by: null,
      created_at: now,
    });
    await raiseAlerts(tx, portal, recipients, { kind: 'tip_reporter_replied', entityType: 'tip', entityId: tip.id });
    await appendAudit(tx, portal, { ...tipAudit.reporterReply, entityId: tip.id, details: { messageId: id } });
  });
  return tipStatus(ctx, code);
}

export const tipsEncryptedTable = ENC;
