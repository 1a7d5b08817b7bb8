import { z } from 'zod';

/**
 * The operations a partner system's token may be given, and the permission (with its scope) each needs.
 * A token's actor holds only these permissions; any other operation answers 403 before it runs.
 */
export const serviceOperations = {
  'exchange.htcds.export': { permission: 'exchange.export', scope: 'all' },
  'exchange.htcds.import': { permission: 'exchange.import', scope: 'agency' },
  'exchange.htcds.importReport': { permission: 'exchange.import', scope: 'agency' },
} as const;
export type ServiceOperation = keyof typeof serviceOperations;
export const serviceOperationIds = Object.keys(serviceOperations) as [ServiceOperation, ...ServiceOperation[]];

/** Longest life of a token (then a new one is issued): a leaked token cannot serve for ever. */
export const MAX_TOKEN_DAYS = 365;

export const serviceAccountCreateSchema = z.strictObject({
  /** The partner system, e.g. "SIMFONI-PPA" or "IOM Indonesia". */
  name: z.string().trim().min(2).max(100),
  description: z.string().trim().max(500).optional(),
  /** The agency whose queue the account's imports land in. */
  agencyId: z.uuid({ message: 'uuid' }),
  operations: z.array(z.enum(serviceOperationIds)).min(1).max(serviceOperationIds.length),
  /** The agencies whose records the account may export (its own agency at least for imports). */
  agencyIds: z
    .array(z.uuid({ message: 'uuid' }))
    .min(1)
    .max(100),
});
export type TServiceAccountCreate = z.infer<typeof serviceAccountCreateSchema>;

export const tokenCreateSchema = z.strictObject({
  label: z.string().trim().min(2).max(100),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS),
});

export const tokenParams = z.strictObject({
  id: z.uuid({ message: 'uuid' }),
  tokenId: z.uuid({ message: 'uuid' }),
});

export const tokenSchema = z.object({
  id: z.string(),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});

export const serviceAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  agency: z.object({ id: z.string(), name: z.string() }),
  operations: z.array(z.string()),
  agencies: z.array(z.object({ id: z.string(), name: z.string() })),
  createdAt: z.string(),
  tokens: z.array(tokenSchema),
});
export type TServiceAccount = z.infer<typeof serviceAccountSchema>;

/** The token itself comes once, in this answer; only its keyed hash is kept. */
export const tokenCreatedSchema = tokenSchema.extend({ token: z.string() });
