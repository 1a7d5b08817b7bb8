import { z } from 'zod';

const calendarDate = z.iso.date();
const freeText = (max: number) => z.string().trim().min(1).max(max);

export const actionItemInputSchema = z.strictObject({
  /** The agency that must act. */
  agencyId: z.uuid({ message: 'uuid' }),
  /** What it must do (encrypted: it may describe the victim or the family). */
  description: freeText(2000),
  /** The calendar date by which it must be done (it passes at the end of that day, WIB). */
  dueOn: calendarDate,
});

/** A case conference as recorded after it took place. */
export const conferenceCreateSchema = z.strictObject({
  heldOn: calendarDate,
  /** Active agencies that took part. */
  agencyIds: z
    .array(z.uuid({ message: 'uuid' }))
    .min(1)
    .max(50),
  /** What was decided (encrypted). */
  decisions: freeText(10_000),
  actionItems: z.array(actionItemInputSchema).max(50).default([]),
});
export type TConferenceCreate = z.infer<typeof conferenceCreateSchema>;

export const conferenceListQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
});

const agencyRef = z.object({ id: z.string(), name: z.string() });

export const actionItemSchema = z.object({
  id: z.string(),
  conferenceId: z.string(),
  caseId: z.string(),
  agency: agencyRef,
  description: z.string(),
  dueOn: z.string(),
  dueAt: z.string(),
  overdue: z.boolean(),
  completedAt: z.string().nullable(),
  completedBy: z.string().nullable(),
  overdueAlertedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TActionItem = z.infer<typeof actionItemSchema>;

export const conferenceSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  heldOn: z.string(),
  agencies: z.array(agencyRef),
  decisions: z.string(),
  actionItems: z.array(actionItemSchema),
  createdBy: z.string(),
  createdAt: z.string(),
});
export type TConference = z.infer<typeof conferenceSchema>;

export const actionItemParams = z.strictObject({
  cid: z.uuid({ message: 'uuid' }),
  aid: z.uuid({ message: 'uuid' }),
});
