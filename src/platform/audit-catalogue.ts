import { z } from 'zod';
import type { Services } from './context.js';

/**
 * The audit catalogue: every action an audit event can carry, declared once by the module that writes it
 * (`<module>.audit.ts`) with the entity it is about and the zod schema of its details. The auditor reads the
 * trail through it (GET /api/audit/actions: labels in Indonesian and English, i18n key `audit.action.<name>`).
 *
 * Types: each module's audit file adds its actions to `AuditActions` by declaration merging, so `appendAudit`
 * accepts a declared action name and nothing else (a typo does not compile) while platform imports no module.
 * Run time: server.ts composes the modules' catalogues into one `AuditCatalogue` on the services object;
 * `appendAudit` checks each event's details against it (see `checkAuditInput`).
 */

/** One declared action. `details` describes ids, codes, counts and dates only — never identity. */
export interface AuditActionSpec<A extends string = string> {
  action: A;
  /** What `entity_id` points at; null when the event is about no single record (a search, a backup). */
  entityType: string | null;
  details: z.ZodType;
}

/** A declared action name. */
export type AuditAction = keyof AuditActions & string;

/** The details an action's declaration accepts (its zod schema's input type). */
export type AuditDetailsOf<A extends AuditAction> = AuditActions[A]['details'] extends z.ZodType
  ? z.input<AuditActions[A]['details']>
  : never;

/** `details` of one action's event: optional only when its declaration accepts none. */
export type AuditDetailsField<A extends AuditAction> =
  undefined extends AuditDetailsOf<A> ? { details?: AuditDetailsOf<A> } : { details: AuditDetailsOf<A> };

/** The shape a module's catalogue contributes to `AuditActions` (its entries keyed by action name). */
export type AuditActionsOf<T extends Record<string, AuditActionSpec>> = {
  [K in keyof T as T[K]['action']]: T[K];
};

/** Declares a module's actions (keyed by a short name the module's code uses); returns them unchanged. */
export function defineAuditActions<const T extends Record<string, AuditActionSpec>>(actions: T): T {
  return actions;
}

/** Small schemas shared by many declarations. */
export const auditDetail = {
  id: z.string().min(1),
  ids: z.array(z.string().min(1)),
  /** A picklist value, status or code (never free text). */
  code: z.string(),
  codes: z.array(z.string()),
  /** An ISO 8601 instant or date, as written or as the database returned it. */
  time: z.union([z.string().min(1), z.date()]),
  count: z.number().int().nonnegative(),
  /** An amount or other number; PostgreSQL returns numeric and bigint columns as strings. */
  number: z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/)]),
  /** Names of the fields a change touched (never their values). */
  fields: z.array(z.string()),
  /** An event that carries no details. */
  none: z.strictObject({}).optional(),
} as const;

/**
 * The actions of the machinery below the modules, written by the CLI: backups, key rotation and the synthetic
 * dataset generator.
 */
export const platformAuditActions = defineAuditActions({
  backupCreate: {
    action: 'backup.create',
    entityType: null,
    details: z.strictObject({
      bytes: auditDetail.count,
      sha256: z.string(),
      keyFingerprint: z.string(),
      dialect: auditDetail.code,
    }),
  },
  backupRestore: {
    action: 'backup.restore',
    entityType: null,
    details: z.strictObject({ backupCreatedAt: auditDetail.time, keyFingerprint: z.string() }),
  },
  keysRotate: {
    action: 'keys.rotate',
    entityType: null,
    details: z.strictObject({ keyVersion: z.number(), rowsReencrypted: auditDetail.count, master: z.boolean() }),
  },
  demoSynthetic: {
    action: 'demo.synthetic',
    entityType: null,
    details: z.strictObject({
      cases: auditDetail.count,
      seed: z.union([z.number(), z.string()]),
      asOf: auditDetail.time,
      stages: z.record(z.string(), z.number()),
    }),
  },
});
/**
 * Action name → its declaration's type: the platform's own here, each module's added by a
 * `declare module '../../platform/audit-catalogue.js'` block in its `<module>.audit.ts`.
 */
export interface AuditActions extends AuditActionsOf<typeof platformAuditActions> {}

/** What happens when a declared event's details do not match their schema (an undeclared action always throws). */
export type AuditDetailsMode = 'strict' | 'warn';

/** Every declared action of the instance, composed once from the modules' manifests. */
export class AuditCatalogue {
  readonly #byAction = new Map<string, AuditActionSpec>();
  constructor(groups: readonly (Readonly<Record<string, AuditActionSpec>> | readonly AuditActionSpec[])[]) {
    for (const group of groups) {
      for (const spec of Object.values(group)) {
        if (this.#byAction.has(spec.action)) throw new Error(`audit action ${spec.action} is declared twice`);
        this.#byAction.set(spec.action, spec);
      }
    }
  }
  get(action: string): AuditActionSpec | undefined {
    return this.#byAction.get(action);
  }
  /** Sorted by action name. */
  list(): AuditActionSpec[] {
    return [...this.#byAction.values()].sort((a, b) => (a.action < b.action ? -1 : a.action > b.action ? 1 : 0));
  }
}

type AuditInput = { action: string; entityType?: string | undefined; details?: unknown };

/** An action no module declares, or an event about the wrong kind of record: a programming error, never data. */
function undeclared(catalogue: AuditCatalogue, input: AuditInput): string | null {
  const spec = catalogue.get(input.action);
  if (!spec) return `audit action ${input.action} is not declared in any module's catalogue`;
  if (input.entityType !== undefined && spec.entityType !== null && input.entityType !== spec.entityType)
    return `audit action ${input.action} is about ${spec.entityType}, not ${input.entityType}`;
  return null;
}

/** Details that do not match the declared schema: paths and zod issue codes only, never the values. */
function detailsMismatch(catalogue: AuditCatalogue, input: AuditInput): string | null {
  const parsed = catalogue.get(input.action)?.details.safeParse(input.details);
  if (!parsed || parsed.success) return null;
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(details)'}: ${i.code}`).join('; ');
  return `audit details of ${input.action} do not match its declaration (${issues})`;
}

/** Why one event does not match the catalogue: paths and zod issue codes only, never the values. */
export function auditMismatch(catalogue: AuditCatalogue, input: AuditInput): string | null {
  return undeclared(catalogue, input) ?? detailsMismatch(catalogue, input);
}

/**
 * Checks one event against the catalogue before it is written. An undeclared action (or an event about the wrong
 * kind of record) always throws, in every mode: it is a programming error, so the transaction and its change roll
 * back. Details that do not match their declared schema throw too in `strict` mode, the default everywhere. The
 * `warn` mode (PULIH_AUDIT_DETAILS=warn, README) is an operator's documented escape for details only: after an
 * upgrade whose schema missed a shape seen in the field, the event is written exactly as given and the mismatch
 * logged, rather than the users' work being refused until a fix ships.
 */
export function checkAuditInput(
  services: Pick<Services, 'auditCatalogue' | 'config' | 'log'>,
  input: AuditInput,
): void {
  const wrong = undeclared(services.auditCatalogue, input);
  if (wrong) throw new Error(wrong);
  const mismatch = detailsMismatch(services.auditCatalogue, input);
  if (!mismatch) return;
  if (services.config.auditDetails === 'strict') throw new Error(mismatch);
  services.log.warn({ action: input.action, mismatch }, 'audit event does not match the catalogue; written as given');
}
