import { z } from 'zod';
import { type AuditActionsOf, auditDetail as d, defineAuditActions } from '../../platform/audit-catalogue.js';

const user = 'user';
const token = 'service_account_token';

/** Every audit action of the users module (accounts, authentication, service accounts), declared once. */
export const usersAudit = defineAuditActions({
  create: {
    action: 'users.create',
    entityType: user,
    details: z.strictObject({ agencyId: d.id, roles: d.codes }),
  },
  update: {
    action: 'users.update',
    entityType: user,
    // A change, or (denied) an administrator's attempt to give themself a role reaching victims' records.
    details: z.union([
      z.strictObject({ changed: d.fields, roles: d.codes.optional() }),
      z.strictObject({ reason: z.literal('self_grant'), roles: d.codes }),
    ]),
  },
  enable: { action: 'users.enable', entityType: user, details: d.none },
  disable: { action: 'users.disable', entityType: user, details: d.none },
  resetPassword: { action: 'users.resetPassword', entityType: user, details: d.none },
  resetTotp: { action: 'users.resetTotp', entityType: user, details: d.none },
  login: {
    action: 'auth.login',
    entityType: user,
    details: z.union([
      z.strictObject({ stage: d.code }),
      z.strictObject({
        reason: d.code,
        failures: d.count,
        throttled: z.boolean(),
        /** For an unknown username: a keyed fingerprint, never the name typed. */
        usernameFingerprint: z.string().optional(),
      }),
    ]),
  },
  totpEnroll: {
    action: 'auth.totp.enroll',
    entityType: user,
    details: z.strictObject({ reason: z.enum(['wrong_password', 'password_missing']) }).optional(),
  },
  totpEnrolled: { action: 'auth.totp.enrolled', entityType: user, details: d.none },
  totpVerify: {
    action: 'auth.totp.verify',
    entityType: user,
    details: z.strictObject({ failures: d.count, locked: z.boolean(), whileLocked: z.boolean() }).optional(),
  },
  totpStepUp: {
    action: 'auth.totp.stepUp',
    entityType: user,
    details: z.strictObject({ failures: d.count, locked: z.boolean() }),
  },
  passwordChange: {
    action: 'auth.password.change',
    entityType: user,
    details: z.union([
      z.strictObject({ reason: z.literal('wrong_current') }),
      z.strictObject({ otherSessionsEnded: d.count }),
    ]),
  },
  logout: { action: 'auth.logout', entityType: user, details: d.none },
  logoutAll: { action: 'auth.logoutAll', entityType: user, details: z.strictObject({ sessionsEnded: d.count }) },
  preferences: {
    action: 'auth.preferences.update',
    entityType: user,
    details: z.strictObject({ fields: d.fields }),
  },
  serviceAccountCreate: {
    action: 'serviceAccounts.create',
    entityType: 'service_account',
    details: z.strictObject({ operations: d.codes, agencyIds: d.ids, agencyId: d.id }),
  },
  tokenCreate: {
    action: 'serviceAccounts.tokens.create',
    entityType: token,
    details: z.strictObject({ accountId: d.id, expiresAt: d.time.nullable() }),
  },
  tokenRevoke: {
    action: 'serviceAccounts.tokens.revoke',
    entityType: token,
    details: z.strictObject({ accountId: d.id }),
  },
  tokenUse: {
    action: 'serviceAccounts.tokens.use',
    entityType: token,
    details: z.strictObject({
      operationId: d.code.nullable(),
      status: z.number().int(),
      refusal: d.code.nullable(),
    }),
  },
});
declare module '../../platform/audit-catalogue.js' {
  interface AuditActions extends AuditActionsOf<typeof usersAudit> {}
}
