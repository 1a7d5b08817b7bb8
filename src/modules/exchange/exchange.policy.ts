import { scopeFilter } from '../../platform/access.js';
import type { Context } from '../../platform/context.js';

/**
 * Who may use the HTCDS bulk exchange, as named abilities. Exports carry person-level facts (and, under an
 * international-sharing consent that covers it, identity): the permission's scope bounds which cases leave.
 */
const P = { export: 'exchange.export', import: 'exchange.import', review: 'exchange.review' } as const;

/** The cases the caller may export (403 without the permission). */
export const exportScope = (ctx: Context) => scopeFilter(ctx, P.export);
/** Importing a file into the caller's agency's review queue (403 without the permission). */
export const importScope = (ctx: Context) => scopeFilter(ctx, P.import);
/** Accepting or rejecting queued records of the caller's agency (403 without the permission). */
export const reviewScope = (ctx: Context) => scopeFilter(ctx, P.review);
