import { z } from 'zod';
import type { AuditInput } from '../../src/platform/audit.js';
import { type AuditActionSpec, AuditCatalogue } from '../../src/platform/audit-catalogue.js';
import type { Context } from '../../src/platform/context.js';

/**
 * The audit chain's own tests write events that no module declares (`test.*`): they test hashing, ordering and
 * verification, not a module's catalogue. This context accepts any `test.` action with any details, and every
 * declared action as the instance's catalogue declares it.
 */
export function withTestActions(ctx: Context): Context {
  const declared = ctx.auditCatalogue;
  const open = new (class extends AuditCatalogue {
    override get(action: string): AuditActionSpec | undefined {
      return (
        declared.get(action) ??
        (action.startsWith('test.') ? { action, entityType: null, details: z.unknown() } : undefined)
      );
    }
  })([]);
  return { ...ctx, auditCatalogue: open };
}

/** A test-only event (see withTestActions): any `test.` action, any details. */
export const testEvent = (
  input: Omit<AuditInputLike, 'action'> & { action: `test.${string}`; details?: Record<string, unknown> },
): AuditInput => input as unknown as AuditInput;
type AuditInputLike = Omit<Extract<AuditInput, { action: 'tasks.create' }>, 'details'>;
