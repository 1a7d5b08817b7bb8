/**
 * Service accounts: partner systems (SIMFONI-PPA, an IOM instance) call the exchange with an API token, never a
 * browser session. A token names its account, is scoped to operations and agencies, expires, can be revoked,
 * is shown once and kept only as a keyed hash; every use is audited (Law 27/2022 Art. 35–39: access control
 * and accountability of processing).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { requireActor } from '../../platform/access.js';
import { appendAudit } from '../../platform/audit.js';
import { type Actor, type Context, type Scope, type Services, transact } from '../../platform/context.js';
import { type Executor, tables } from '../../platform/db/index.js';
import { AppError, notFound } from '../../platform/errors.js';
import { agencyFacts } from '../agencies/index.js';
import {
  type ServiceOperation,
  serviceOperations,
  type TServiceAccount,
  type TServiceAccountCreate,
} from './service-accounts.schema.js';
import { requireManageServiceAccounts } from './users.policy.js';

const TOKEN_PREFIX = 'pulih_sat_';

interface ServiceAccountRow {
  id: string;
  name: string;
  description: string | null;
  agency_id: string;
  operations: unknown;
  agency_ids: unknown;
  created_by: string;
  created_at: string;
  disabled_at: string | null;
}
interface TokenRow {
  id: string;
  account_id: string;
  label: string;
  token_hash: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  last_used_at: string | null;
  created_by: string;
  created_at: string;
}
type Tables = { service_accounts: ServiceAccountRow; service_account_tokens: TokenRow };
const t = (db: Executor) => tables<Tables>(db);

const tokenHash = (services: Services, tokenId: string, secret: string) =>
  services.keyring.blindIndex('serviceAccounts.token', `${tokenId}.${secret}`);

function tokenStatus(row: TokenRow, now: Date): 'active' | 'expired' | 'revoked' {
  if (row.revoked_at) return 'revoked';
  return Date.parse(row.expires_at) <= now.getTime() ? 'expired' : 'active';
}

const tokenView = (row: TokenRow, now: Date) => ({
  id: row.id,
  label: row.label,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
  revokedAt: row.revoked_at,
  lastUsedAt: row.last_used_at,
  status: tokenStatus(row, now),
});

async function present(ctx: Context, row: ServiceAccountRow, tokens: TokenRow[]): Promise<TServiceAccount> {
  const adapter = ctx.database.adapter;
  const nameOf = async (id: string) => ({ id, name: (await agencyFacts(ctx.database.db, id))?.name ?? '' });
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    agency: await nameOf(row.agency_id),
    operations: adapter.fromJson<string[]>(row.operations),
    agencies: await Promise.all(adapter.fromJson<string[]>(row.agency_ids).map(nameOf)),
    createdAt: row.created_at,
    tokens: tokens.map((tk) => tokenView(tk, ctx.clock.now())),
  };
}

export async function createServiceAccount(ctx: Context, input: TServiceAccountCreate): Promise<TServiceAccount> {
  const actor = requireActor(ctx);
  await requireManageServiceAccounts(ctx);
  const issues: { field: string; code: string }[] = [];
  if (!(await agencyFacts(ctx.database.db, input.agencyId)))
    issues.push({ field: 'agencyId', code: 'agency_not_active' });
  for (const [i, id] of input.agencyIds.entries())
    if (!(await agencyFacts(ctx.database.db, id))) issues.push({ field: `agencyIds.${i}`, code: 'agency_not_active' });
  if (issues.length > 0) throw new AppError('validation', 'validation', {}, issues);
  const id = uuidv7();
  const now = ctx.clock.now().toISOString();
  const row: ServiceAccountRow = {
    id,
    name: input.name,
    description: input.description ?? null,
    agency_id: input.agencyId,
    operations: ctx.database.adapter.toJson([...new Set(input.operations)]),
    agency_ids: ctx.database.adapter.toJson([...new Set([...input.agencyIds])]),
    created_by: actor.userId,
    created_at: now,
    disabled_at: null,
  };
  await transact(ctx, async (tx) => {
    const taken = await t(tx)
      .selectFrom('service_accounts')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (taken) throw new AppError('validation', 'validation', {}, [{ field: 'name', code: 'name_taken' }]);
    await t(tx).insertInto('service_accounts').values(row).execute();
    await appendAudit(tx, ctx, {
      action: 'serviceAccounts.create',
      entityType: 'service_account',
      entityId: id,
      details: { operations: input.operations, agencyIds: input.agencyIds, agencyId: input.agencyId },
    });
  });
  return present(ctx, row, []);
}

export async function listServiceAccounts(ctx: Context): Promise<TServiceAccount[]> {
  await requireManageServiceAccounts(ctx);
  const rows = await t(ctx.database.db).selectFrom('service_accounts').selectAll().orderBy('name').limit(500).execute();
  const tokens =
    rows.length === 0
      ? []
      : await t(ctx.database.db)
          .selectFrom('service_account_tokens')
          .selectAll()
          .where(
            'account_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id', 'desc')
          .execute();
  return Promise.all(
    rows.map((r) =>
      present(
        ctx,
        r,
        tokens.filter((tk) => tk.account_id === r.id),
      ),
    ),
  );
}

async function loadAccount(ctx: Context, id: string) {
  await requireManageServiceAccounts(ctx);
  const row = await t(ctx.database.db)
    .selectFrom('service_accounts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function getServiceAccount(ctx: Context, id: string): Promise<TServiceAccount> {
  const row = await loadAccount(ctx, id);
  const tokens = await t(ctx.database.db)
    .selectFrom('service_account_tokens')
    .selectAll()
    .where('account_id', '=', id)
    .orderBy('id', 'desc')
    .execute();
  return present(ctx, row, tokens);
}

/** Issues a token; the only time its secret is ever shown. */
export async function createToken(ctx: Context, accountId: string, input: { label: string; expiresInDays: number }) {
  const actor = requireActor(ctx);
  await loadAccount(ctx, accountId);
  const id = uuidv7();
  const secret = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const row: TokenRow = {
    id,
    account_id: accountId,
    label: input.label,
    token_hash: tokenHash(ctx, id, secret),
    expires_at: new Date(now.getTime() + input.expiresInDays * 86_400_000).toISOString(),
    revoked_at: null,
    revoked_by: null,
    last_used_at: null,
    created_by: actor.userId,
    created_at: now.toISOString(),
  };
  await transact(ctx, async (tx) => {
    await t(tx).insertInto('service_account_tokens').values(row).execute();
    await appendAudit(tx, ctx, {
      action: 'serviceAccounts.tokens.create',
      entityType: 'service_account_token',
      entityId: id,
      details: { accountId, expiresAt: row.expires_at },
    });
  });
  return { ...tokenView(row, now), token: `${TOKEN_PREFIX}${id}.${secret}` };
}

export async function revokeToken(ctx: Context, accountId: string, tokenId: string) {
  const actor = requireActor(ctx);
  await loadAccount(ctx, accountId);
  const now = ctx.clock.now();
  const row = await transact(ctx, async (tx) => {
    // Conditional: of two revocations, one records it; the other finds it revoked (409).
    const r = await t(tx)
      .updateTable('service_account_tokens')
      .set({ revoked_at: now.toISOString(), revoked_by: actor.userId })
      .where('id', '=', tokenId)
      .where('account_id', '=', accountId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    const current = await t(tx)
      .selectFrom('service_account_tokens')
      .selectAll()
      .where('id', '=', tokenId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!current) throw notFound();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('conflict', 'token_already_revoked');
    await appendAudit(tx, ctx, {
      action: 'serviceAccounts.tokens.revoke',
      entityType: 'service_account_token',
      entityId: tokenId,
      details: { accountId },
    });
    return current;
  });
  return tokenView(row, now);
}

/* ---------- the auth layer ---------- */

export type TokenResolution =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'malformed' | 'unknown' | 'expired' | 'revoked' | 'disabled'; tokenId?: string };

/** Resolves a Bearer token to the actor it stands for, limited to the token's operations and agencies. */
export async function resolveServiceToken(services: Services, raw: string): Promise<TokenResolution> {
  const match = /^pulih_sat_([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/.exec(raw);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, tokenId, secret] = match as unknown as [string, string, string];
  const db = services.database.db;
  const token = await t(db)
    .selectFrom('service_account_tokens')
    .selectAll()
    .where('id', '=', tokenId)
    .executeTakeFirst();
  const expected = token ? Buffer.from(token.token_hash) : Buffer.alloc(43);
  const given = Buffer.from(tokenHash(services, tokenId, secret));
  if (!token) return { ok: false, reason: 'unknown' };
  // A wrong secret for a real token id is a use of that token to audit (someone holds its id).
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'unknown', tokenId };
  const status = tokenStatus(token, services.clock.now());
  if (status !== 'active') return { ok: false, reason: status, tokenId };
  const account = await t(db)
    .selectFrom('service_accounts')
    .selectAll()
    .where('id', '=', token.account_id)
    .executeTakeFirst();
  if (!account || account.disabled_at) return { ok: false, reason: 'disabled', tokenId };
  const adapter = services.database.adapter;
  const operations = adapter.fromJson<ServiceOperation[]>(account.operations);
  const permissions = new Map<string, Scope>();
  for (const op of operations) {
    const grant = serviceOperations[op];
    if (grant) permissions.set(grant.permission, grant.scope);
  }
  const agency = await agencyFacts(db, account.agency_id);
  return {
    ok: true,
    actor: {
      userId: account.id,
      username: `service:${account.name}`,
      agencyId: account.agency_id,
      agencyRegionCode: agency?.regionCode ?? null,
      agencyNational: agency?.national ?? false,
      roles: ['service_account'],
      permissions,
      aggregateOnly: false,
      sessionIdHash: null,
      serviceAccount: {
        id: account.id,
        tokenId: token.id,
        operations,
        agencyIds: adapter.fromJson<string[]>(account.agency_ids),
      },
    },
  };
}

/** Audits one use of a token (granted or refused) and notes when it was last used. */
export async function auditTokenUse(
  ctx: Context,
  use: { tokenId: string; operationId: string | null; statusCode: number; refusal?: string },
) {
  await transact(ctx, async (tx) => {
    if (!use.refusal)
      await t(tx)
        .updateTable('service_account_tokens')
        .set({ last_used_at: ctx.clock.now().toISOString() })
        .where('id', '=', use.tokenId)
        .execute();
    await appendAudit(tx, ctx, {
      action: 'serviceAccounts.tokens.use',
      entityType: 'service_account_token',
      entityId: use.tokenId,
      outcome: use.refusal || use.statusCode >= 400 ? 'denied' : 'success',
      details: { operationId: use.operationId, status: use.statusCode, refusal: use.refusal ?? null },
    });
  });
}
