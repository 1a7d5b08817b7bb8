import { z } from 'zod';
import { type AuditAction, type AuditActionSpec, AuditCatalogue } from '../../src/platform/audit-catalogue.js';
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

/** A test-only action name (see withTestActions). */
export const testAction = (name: `test.${string}`): AuditAction => name as AuditAction;
