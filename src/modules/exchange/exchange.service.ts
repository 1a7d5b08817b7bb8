import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { z } from 'zod';
import { requireActor } from '../../platform/access.js';
import { appendAudit, canonicalJson } from '../../platform/audit.js';
import { type Context, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { reportingDate } from '../../platform/time.js';
import { agencyFacts } from '../agencies/index.js';
import { raiseAlerts } from '../alerts/index.js';
import { exchangeCaseOf } from '../cases/index.js';
import type { FieldGroup } from '../consent/index.js';
import { agencyTypes, htcdsOrgTypes } from '../reference/index.js';
import { getReferral } from '../referrals/index.js';
import { agencyUserIdsWithPermission } from '../users/index.js';
import { PACKAGE_INBOX_PERMISSIONS, requirePackageInbox, requireTrustSigners } from './exchange.policy.js';
import { caseToRecord } from './htcds.export.js';
import { EVENTS_KEY, splitName, splTypeOfService, toIso6392 } from './htcds.mapping.js';

/**
 * Cross-instance referral packages: HTCDS field names and values, only what the referral's consent covers,
 * signed with this instance's Ed25519 key over canonical JSON; the public key is published at
 * /.well-known/pulih/keys. An importer accepts packages only from signers it trusts (Law 21/2007 Art. 59).
 */

export const PACKAGE_FORMAT = 'pulih.referral-package/1';

interface InstanceKeyRow {
  key_id: string;
  public_key: string;
  private_key_enc: string;
  status: 'active' | 'retired';
  created_at: string;
}
interface TrustedSignerRow {
  key_id: string;
  public_key: string;
  instance_name: string;
  base_url: string | null;
  added_by: string;
  added_at: string;
  revoked_at: string | null;
}
interface IncomingPackageRow {
  id: string;
  package_id: string;
  signer_key_id: string;
  recipient_agency_id: string;
  urgency: string;
  reason: string;
  payload_enc: string;
  status: 'received' | 'accepted' | 'declined';
  received_at: string;
  received_by: string;
}
type ExchangeTables = {
  instance_keys: InstanceKeyRow;
  trusted_signers: TrustedSignerRow;
  incoming_packages: IncomingPackageRow;
};
const t = (db: Executor) => tables<ExchangeTables>(db);

/** A key id is the first 16 bytes of the SHA-256 of the public key (SPKI DER), hex. */
const keyIdOf = (spkiDer: Buffer) => createHash('sha256').update(spkiDer).digest('hex').slice(0, 32);

/** This instance's signing key, created (private half encrypted with the key ring) on first use. */
async function instanceKey(ctx: Context): Promise<InstanceKeyRow> {
  const db = ctx.database.db;
  const existing = await t(db)
    .selectFrom('instance_keys')
    .selectAll()
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (existing) return existing;
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const row: InstanceKeyRow = {
    key_id: keyIdOf(spki),
    public_key: spki.toString('base64'),
    private_key_enc: '',
    status: 'active',
    created_at: ctx.clock.now().toISOString(),
  };
  row.private_key_enc = ctx.keyring.encrypt(
    'instance_keys',
    'private_key_enc',
    row.key_id,
    privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64'),
  );
  await t(db)
    .insertInto('instance_keys')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .execute();
  return (await t(db).selectFrom('instance_keys').selectAll().where('status', '=', 'active').executeTakeFirst()) ?? row;
}

/**
 * Signs bytes with this instance's Ed25519 key (the audit module signs its chain checkpoints with it, so a
 * checkpoint is proof only the holder of the key ring could write).
 */
export async function signWithInstanceKey(
  ctx: Context,
  /** The bytes to sign, given the key's id (so the id itself can be covered). */
  data: (keyId: string) => Buffer,
): Promise<{ keyId: string; signature: string }> {
  const key = await instanceKey(ctx);
  const privateKey = createPrivateKey({
    key: Buffer.from(
      ctx.keyring.decrypt('instance_keys', 'private_key_enc', key.key_id, key.private_key_enc),
      'base64',
    ),
    format: 'der',
    type: 'pkcs8',
  });
  return { keyId: key.key_id, signature: sign(null, data(key.key_id), privateKey).toString('base64') };
}

/** Whether this instance's key (active or retired) with that id signed the bytes. */
export async function verifyInstanceSignature(
  db: Executor,
  keyId: string,
  data: Buffer,
  signature: string,
): Promise<boolean> {
  const row = await t(db)
    .selectFrom('instance_keys')
    .select('public_key')
    .where('key_id', '=', keyId)
    .executeTakeFirst();
  if (!row) return false;
  try {
    const publicKey = createPublicKey({ key: Buffer.from(row.public_key, 'base64'), format: 'der', type: 'spki' });
    return verify(null, data, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** The public keys other instances need to verify our packages (served at /.well-known/pulih/keys). */
export async function publishedKeys(ctx: Context) {
  const key = await instanceKey(ctx);
  return {
    instance: ctx.config.baseUrl,
    keys: [{ keyId: key.key_id, algorithm: 'Ed25519' as const, publicKey: key.public_key }],
  };
}

const packageSchema = z.strictObject({
  format: z.literal(PACKAGE_FORMAT),
  packageId: z.uuid(),
  issuedAt: z.iso.datetime(),
  issuer: z.strictObject({
    keyId: z.string().regex(/^[0-9a-f]{32}$/),
    instance: z.string().max(300),
    org_Name: z.string().max(300),
    org_Type: z.string().max(60).optional(),
  }),
  recipient: z.strictObject({ org_Name: z.string().max(300) }),
  referral: z.strictObject({
    cas_ReasonForOutgoingReferral: z.string().max(60),
    cas_OutgoingReferralDate: z.iso.date(),
    urgency: z.enum(['urgent', 'normal']),
    services: z.array(z.string().max(60)).max(20),
    spl_Type: z.array(z.string().max(60)).max(20).optional(),
  }),
  consent: z
    .strictObject({
      con_Consent: z.boolean(),
      vic_AgreementToManagePersonalData: z.boolean(),
      purpose: z.string().max(40),
      fieldGroups: z.array(z.string().max(40)).max(20),
    })
    .optional(),
  person: z.record(z.string(), z.unknown()),
  victim: z.record(z.string(), z.unknown()),
  extensions: z.record(z.string(), z.unknown()),
  signature: z.string().max(200),
});
export type TReferralPackage = z.infer<typeof packageSchema>;

/** Builds the signed package of one of the caller's outgoing referrals; only consented fields travel. */
export async function exportReferralPackage(ctx: Context, referralId: string): Promise<TReferralPackage> {
  const referral = await getReferral(ctx, referralId);
  // Only the sending side exports, and only while the consent stands.
  if (referral.viewer !== 'sender') throw notFound();
  if (!referral.sharedView || referral.revokedAt || !referral.consent?.active)
    throw new AppError('conflict', 'package_not_shareable');
  const view = referral.sharedView;
  const sender = await agencyFacts(ctx.database.db, referral.senderAgency.id);
  const key = await instanceKey(ctx);
  const groups = new Set<FieldGroup>(view.fieldGroups);
  // The case's HTCDS facts, limited to the consented groups exactly as the bulk export limits them.
  const kase = referral.caseId ? await exchangeCaseOf(ctx, referral.caseId) : undefined;
  const facts = kase ? caseToRecord(kase, '', { name: referral.senderAgency.name }, [], groups) : {};
  const person: Record<string, unknown> = {};
  const victim: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(facts)) {
    if (field.startsWith('prs_')) person[field] = value;
    else if (field.startsWith('vic_') && field !== 'vic_AgreementToManagePersonalData') victim[field] = value;
    else if (field === EVENTS_KEY) victim[field] = value;
  }
  if (view.sex) person.prs_Gender = view.sex;
  // HTCDS asks ISO 639-2 (ind, jav), Pulih stores ISO 639-1 where one exists.
  if (view.languages?.[0]) person.prs_PrimaryLanguage = toIso6392(view.languages[0]);
  if (view.languages?.[1]) person.prs_SecondaryLanguage = toIso6392(view.languages[1]);
  if (view.nationality) person.prs_Citizenship = [view.nationality];
  // The full name is split as HTCDS splits it (first, middle, second), never all in prs_FirstName.
  if (view.identity?.fullName) {
    const name = splitName(view.identity.fullName);
    person.prs_FirstName = name.first;
    if (name.middle) person.prs_MiddleName = name.middle;
    if (name.second) person.prs_SecondName = name.second;
  }
  if (view.identity?.phones?.[0]) person.prs_MobilePhone = view.identity.phones[0];
  if (view.identity?.address) person.prs_MailingStreet = view.identity.address;
  if (view.exploitationTypes) victim.vic_TypeOfExploitation = view.exploitationTypes;
  // Fields HTCDS has no name for keep Pulih's own names under extensions.
  const extensions: Record<string, unknown> = {};
  // HTCDS has no alias field: aliases travel as an extension rather than being dropped.
  if (view.identity?.aliases?.length) extensions.pulih_Aliases = view.identity.aliases;
  if (view.ageBand !== undefined) extensions.ctdc_ageBroad = view.ageBand;
  if (view.needs) extensions.pulih_needs = view.needs;
  if (view.riskLevel !== undefined) extensions.pulih_riskLevel = view.riskLevel;
  if (view.originRegion) extensions.pulih_originRegion = view.originRegion.code;
  const serviceTypes = referral.services.map((s) => s.type);
  const orgType = sender ? agencyTypes[sender.type as keyof typeof agencyTypes]?.htcds : undefined;
  const unsigned: Omit<TReferralPackage, 'signature'> = {
    format: PACKAGE_FORMAT,
    packageId: uuidv7(),
    issuedAt: ctx.clock.now().toISOString(),
    issuer: {
      keyId: key.key_id,
      instance: ctx.config.baseUrl,
      org_Name: referral.senderAgency.name,
      // Only a value of the standard's org_Type picklist; an unmapped agency type leaves it out.
      ...(orgType && (htcdsOrgTypes as readonly string[]).includes(orgType) ? { org_Type: orgType } : {}),
    },
    recipient: { org_Name: referral.recipientAgency.name },
    referral: {
      cas_ReasonForOutgoingReferral: referral.reason,
      cas_OutgoingReferralDate: reportingDate(referral.sentAt),
      urgency: referral.urgency,
      services: serviceTypes,
      spl_Type: [...new Set(serviceTypes.map((t) => splTypeOfService[t]).filter((t): t is string => Boolean(t)))],
    },
    // The consent the package travels under (Law 27/2022 Art. 20): purpose and the groups it covers.
    consent: {
      con_Consent: true,
      vic_AgreementToManagePersonalData: true,
      purpose: 'referral',
      fieldGroups: [...groups],
    },
    person,
    victim,
    extensions,
  };
  const privateKey = createPrivateKey({
    key: Buffer.from(
      ctx.keyring.decrypt('instance_keys', 'private_key_enc', key.key_id, key.private_key_enc),
      'base64',
    ),
    format: 'der',
    type: 'pkcs8',
  });
  const signature = sign(null, Buffer.from(canonicalJson(unsigned), 'utf8'), privateKey).toString('base64');
  await transact(ctx, (tx) =>
    appendAudit(tx, ctx, {
      action: 'exchange.referralPackage.export',
      entityType: 'referral',
      entityId: referralId,
      details: {
        packageId: unsigned.packageId,
        fields: [...Object.keys(person), ...Object.keys(victim), ...Object.keys(extensions)],
      },
    }),
  );
  return { ...unsigned, signature };
}

/** Verifies and stores a package as an incoming referral of the caller's agency. */
export async function importReferralPackage(ctx: Context, raw: unknown) {
  const actor = requireActor(ctx);
  await requirePackageInbox(ctx);
  const parsed = packageSchema.safeParse(raw);
  if (!parsed.success)
    throw new AppError('validation', 'package_malformed', {}, [{ field: 'format', code: 'invalid' }]);
  const pkg = parsed.data;
  const signer = await t(ctx.database.db)
    .selectFrom('trusted_signers')
    .selectAll()
    .where('key_id', '=', pkg.issuer.keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!signer)
    throw new AppError('validation', 'package_unknown_signer', {}, [{ field: 'issuer.keyId', code: 'invalid' }]);
  const { signature, ...unsigned } = pkg;
  const publicKey = createPublicKey({ key: Buffer.from(signer.public_key, 'base64'), format: 'der', type: 'spki' });
  let valid = false;
  try {
    valid = verify(null, Buffer.from(canonicalJson(unsigned), 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    valid = false;
  }
  if (!valid) {
    await transact(ctx, (tx) =>
      appendAudit(tx, ctx, {
        action: 'exchange.referralPackage.import',
        outcome: 'denied',
        details: { reason: 'bad_signature', signer: signer.key_id },
      }),
    );
    throw new AppError('validation', 'package_bad_signature', {}, [{ field: 'signature', code: 'invalid' }]);
  }
  if (
    await t(ctx.database.db)
      .selectFrom('incoming_packages')
      .select('id')
      .where('package_id', '=', pkg.packageId)
      .executeTakeFirst()
  ) {
    throw new AppError('conflict', 'package_duplicate');
  }
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const recipients = await agencyUserIdsWithPermission(ctx, actor.agencyId, PACKAGE_INBOX_PERMISSIONS);
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('incoming_packages')
      .values({
        id,
        package_id: pkg.packageId,
        signer_key_id: signer.key_id,
        recipient_agency_id: actor.agencyId,
        urgency: pkg.referral.urgency,
        reason: pkg.referral.cas_ReasonForOutgoingReferral,
        payload_enc: ctx.keyring.encrypt('incoming_packages', 'payload_enc', id, JSON.stringify(pkg)),
        status: 'received',
        received_at: now,
        received_by: actor.userId,
      })
      .execute();
    await appendAudit(tx, ctx, {
      action: 'exchange.referralPackage.import',
      entityType: 'incoming_package',
      entityId: id,
      details: { packageId: pkg.packageId, signer: signer.key_id },
    });
    await raiseAlerts(tx, ctx, recipients, {
      kind: 'referral_received',
      entityType: 'incoming_package',
      entityId: id,
      params: { from: pkg.issuer.org_Name, urgency: pkg.referral.urgency },
    });
  });
  return incomingView(pkg, { id, status: 'received', receivedAt: now, signerName: signer.instance_name });
}

const incomingView = (
  pkg: TReferralPackage,
  meta: { id: string; status: string; receivedAt: string; signerName: string },
) => ({
  id: meta.id,
  status: meta.status,
  receivedAt: meta.receivedAt,
  signer: meta.signerName,
  from: pkg.issuer.org_Name,
  urgency: pkg.referral.urgency,
  reason: pkg.referral.cas_ReasonForOutgoingReferral,
  services: pkg.referral.services,
  // HTCDS "Referral Details" as the receiving side records them: the sender's outgoing referral is our incoming one.
  incomingReferral: {
    cas_ReferringOrganisation: pkg.issuer.org_Name,
    cas_IncomingReferralDate: pkg.referral.cas_OutgoingReferralDate,
    cas_ReasonForIncomingReferral: pkg.referral.cas_ReasonForOutgoingReferral,
  },
  spl_Type: pkg.referral.spl_Type ?? [],
  consent: pkg.consent ?? null,
  person: pkg.person,
  victim: pkg.victim,
  extensions: pkg.extensions,
});

/** Incoming packages of the caller's agency, newest first. */
export async function listIncomingPackages(ctx: Context) {
  const actor = requireActor(ctx);
  await requirePackageInbox(ctx);
  const rows = await t(ctx.database.db)
    .selectFrom('incoming_packages')
    .selectAll()
    .where('recipient_agency_id', '=', actor.agencyId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  const signers = new Map(
    (await t(ctx.database.db).selectFrom('trusted_signers').select(['key_id', 'instance_name']).execute()).map((s) => [
      s.key_id,
      s.instance_name,
    ]),
  );
  return rows.map((r) =>
    incomingView(
      JSON.parse(ctx.keyring.decrypt('incoming_packages', 'payload_enc', r.id, r.payload_enc)) as TReferralPackage,
      {
        id: r.id,
        status: r.status,
        receivedAt: r.received_at,
        signerName: signers.get(r.signer_key_id) ?? '',
      },
    ),
  );
}

/** An administrator trusts another instance's public key (taken from its /.well-known/pulih/keys). */
export async function trustSigner(ctx: Context, input: { publicKey: string; instanceName: string; baseUrl?: string }) {
  requireActor(ctx);
  await requireTrustSigners(ctx);
  let der: Buffer;
  try {
    der = createPublicKey({ key: Buffer.from(input.publicKey, 'base64'), format: 'der', type: 'spki' }).export({
      type: 'spki',
      format: 'der',
    });
  } catch {
    throw new AppError('validation', 'validation', {}, [{ field: 'publicKey', code: 'invalid' }]);
  }
  const keyId = keyIdOf(der);
  await transact(ctx, async (tx) => {
    await t(tx)
      .insertInto('trusted_signers')
      .values({
        key_id: keyId,
        public_key: der.toString('base64'),
        instance_name: input.instanceName,
        base_url: input.baseUrl ?? null,
        added_by: ctx.actor!.userId,
        added_at: ctx.clock.now().toISOString(),
        revoked_at: null,
      })
      .onConflict((oc) => oc.column('key_id').doUpdateSet({ instance_name: input.instanceName, revoked_at: null }))
      .execute();
    await appendAudit(tx, ctx, {
      action: 'exchange.trustedSigners.add',
      entityType: 'trusted_signer',
      entityId: keyId,
      details: { instanceName: input.instanceName },
    });
  });
  return { keyId, instanceName: input.instanceName };
}

/** Encrypted columns of the exchange tables, for key rotation. */
export const exchangeEncryptedColumns = [
  { table: 'instance_keys', idColumn: 'key_id', columns: ['private_key_enc'] },
  { table: 'incoming_packages', idColumn: 'id', columns: ['payload_enc'] },
  { table: 'htcds_import_records', idColumn: 'id', columns: ['payload_enc'] },
];
