import { z } from 'zod';

/** One thing to do on the home page; ids, codes and dates only (never identity). */
export const todayItemSchema = z.object({
  id: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  /** A code the web app labels: service type, task kind, decision status, urgency, grant entity type … */
  kind: z.string().nullable(),
  /** Free title where one exists (task titles). */
  title: z.string().nullable(),
  /** The instant that matters (due, requested, planned exit, granted). */
  at: z.string().nullable(),
  /** Whole days past `at` when it is a deadline already missed. */
  daysLate: z.number().nullable(),
  agencyName: z.string().nullable(),
  /** Where the item is handled in the web app. */
  href: z.string().nullable(),
});
export type TTodayItem = z.infer<typeof todayItemSchema>;

export const todaySectionSchema = z.object({
  /** Stable key the web app labels (`lateServices`, `referralsToAnswer` …). */
  key: z.string(),
  /** The part of the work it belongs to. */
  group: z.enum(['caseWork', 'recipient', 'supervisor', 'privacy']),
  count: z.number(),
  /** The count stopped at its cap: there are more (shown as "100+"; the list behind the link has them all). */
  countCapped: z.boolean(),
  items: z.array(todayItemSchema),
  /** The filtered list behind the count. */
  href: z.string(),
  /** Red when something is late. */
  urgent: z.boolean(),
});
export type TTodaySection = z.infer<typeof todaySectionSchema>;

export const todaySchema = z.object({
  generatedAt: z.string(),
  sections: z.array(todaySectionSchema),
});

export const approvalKinds = ['screening', 'closure', 'lead_transfer'] as const;
export const approvalsQuery = z.strictObject({
  kind: z.enum(approvalKinds).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const approvalSchema = z.object({
  kind: z.enum(approvalKinds),
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  /** Decision status of a screening, closure reason, or the requesting agency. */
  detail: z.string().nullable(),
  requestedAt: z.string().nullable(),
  requestedBy: z.string().nullable(),
  ageDays: z.number(),
  /** Four eyes: the caller decided this screening and may not approve it. */
  mine: z.boolean(),
});
export const approvalsSchema = z.object({
  counts: z.object({ screening: z.number(), closure: z.number(), lead_transfer: z.number() }),
  /** A count stopped at its cap (more are waiting). */
  capped: z.object({ screening: z.boolean(), closure: z.boolean(), lead_transfer: z.boolean() }),
  items: z.array(approvalSchema),
});

export const teamMemberSchema = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.string()),
  openCases: z.number(),
  lateServices: z.number(),
  casesWithLateServices: z.number(),
  openTasks: z.number(),
  overdueTasks: z.number(),
});
export const teamSchema = z.object({
  agencyId: z.string(),
  members: z.array(teamMemberSchema),
  totals: z.object({ openCases: z.number(), lateServices: z.number(), openTasks: z.number() }),
});
