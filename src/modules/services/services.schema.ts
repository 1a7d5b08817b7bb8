import { z } from 'zod';
import {
  applicants,
  type ServiceStatus,
  type ServiceType,
  serviceStatuses,
  serviceTypes,
  shelterExitReasons,
} from '../../contract/services.js';

export {
  applicants,
  type ServiceStatus,
  type ServiceType,
  serviceStatuses,
  serviceTypes,
  shelterExitReasons,
} from '../../contract/services.js';

/**
 * Services the government must give within 7 days of the application: the four Art. 51 rights (health
 * rehabilitation, social rehabilitation, repatriation, social reintegration; Art. 52(1)) and emergency
 * first aid (Art. 53). Repatriation covers both directions (Art. 54: victims abroad are brought home).
 */
export const statutoryServiceTypes: ReadonlySet<ServiceType> = new Set([
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation_domestic',
  'repatriation_from_abroad',
  'social_reintegration',
  'emergency_first_aid',
]);
/**
 * The rights whose services run the 7-day clock: the four of Art. 51 (Art. 52(1)) and emergency first aid
 * (Art. 53). A request of another type runs it when it answers one of them (statutoryRight).
 */
export const statutoryRights = [
  'health_rehabilitation',
  'social_rehabilitation',
  'repatriation',
  'social_reintegration',
  'emergency_first_aid',
] as const;
export type StatutoryRight = (typeof statutoryRights)[number];
/** The right each statutory type answers by itself. */
export const rightOfType: Partial<Record<ServiceType, StatutoryRight>> = {
  health_rehabilitation: 'health_rehabilitation',
  social_rehabilitation: 'social_rehabilitation',
  repatriation_domestic: 'repatriation',
  repatriation_from_abroad: 'repatriation',
  social_reintegration: 'social_reintegration',
  emergency_first_aid: 'emergency_first_aid',
};
/**
 * Services that often are how a right is given: a temporary shelter stay as social rehabilitation or emergency
 * care, psychosocial counselling as health or social rehabilitation. When the case worker records the right such
 * a request answers, it runs the statutory 7-day clock like the right itself (Art. 52(1), 53).
 */
export const rightAnsweringTypes: ReadonlySet<ServiceType> = new Set(['shelter', 'psychosocial_counselling']);
/** Law 21/2007 Art. 52(1) and Art. 53: at the latest 7 days after the application. */
export const STATUTORY_DUE_MS = 7 * 86_400_000;

/** Statuses in which a request still has to be served (and can be late). */
export const openServiceStatuses = ['requested', 'accepted', 'in_progress'] as const satisfies readonly ServiceStatus[];

/** The lifecycle of a request; anything else is a 409. */
export const serviceTransitions: Record<ServiceStatus, readonly ServiceStatus[]> = {
  requested: ['accepted', 'declined', 'cancelled'],
  accepted: ['in_progress', 'delivered', 'declined', 'cancelled'],
  in_progress: ['delivered', 'cancelled'],
  delivered: [],
  declined: [],
  cancelled: [],
};

const instant = z.iso.datetime({ offset: true });
const freeText = (max: number) => z.string().trim().min(1).max(max);

export const serviceRequestCreateSchema = z.strictObject({
  type: z.enum(serviceTypes),
  applicant: z.enum(applicants),
  /** When the application was made (defaults to now); may lie in the past. */
  appliedAt: instant.optional(),
  providerAgencyId: z.uuid({ message: 'uuid' }),
  /**
   * For a shelter or psychosocial counselling request: the Art. 51–53 right it answers, which puts it under the
   * 7-day rule (the statutory types answer their own right and take no value here).
   */
  statutoryRight: z.enum(statutoryRights).optional(),
  /** What exactly is needed (encrypted: it may describe health or family). */
  note: freeText(2000).optional(),
});
export type TServiceRequestCreate = z.infer<typeof serviceRequestCreateSchema>;

export const serviceRequestUpdateSchema = z.strictObject({
  status: z.enum(serviceStatuses),
  /** Required when declining or cancelling (encrypted). */
  reason: freeText(1000).optional(),
  /** Only with status delivered; defaults to now. */
  deliveredAt: instant.optional(),
});
export type TServiceRequestUpdate = z.infer<typeof serviceRequestUpdateSchema>;

export const serviceListQuery = z.strictObject({
  late: z.enum(['true', 'false']).optional(),
  status: z.enum(serviceStatuses).optional(),
  type: z.enum(serviceTypes).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});
export type TServiceListQuery = z.infer<typeof serviceListQuery>;

export const serviceRequestSchema = z.object({
  id: z.string(),
  caseId: z.string(),
  type: z.enum(serviceTypes),
  /** True when Law 21/2007 sets the due time (Art. 52(1), 53): the request runs the statutory 7-day clock. */
  statutory: z.boolean(),
  /** The Art. 51–53 right whose clock it runs (its own for the statutory types), or null. */
  statutoryRight: z.enum(statutoryRights).nullable(),
  applicant: z.enum(applicants),
  appliedAt: z.string(),
  dueAt: z.string().nullable(),
  providerAgency: z.object({ id: z.string(), name: z.string() }),
  status: z.enum(serviceStatuses),
  reason: z.string().nullable(),
  note: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  late: z.boolean(),
  overdueAlertedAt: z.string().nullable(),
  allowedTransitions: z.array(z.enum(serviceStatuses)),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TServiceRequest = z.infer<typeof serviceRequestSchema>;

/* ---------- service plans ---------- */

export const goalStatuses = ['open', 'achieved', 'dropped'] as const;
export const actionStatuses = ['planned', 'in_progress', 'done', 'dropped'] as const;

export const servicePlanUpdateSchema = z.strictObject({
  goals: z
    .array(
      z.strictObject({
        id: z.uuid({ message: 'uuid' }).optional(),
        title: freeText(500),
        status: z.enum(goalStatuses).default('open'),
        targetOn: z.iso.date().optional(),
        actions: z
          .array(
            z.strictObject({
              id: z.uuid({ message: 'uuid' }).optional(),
              title: freeText(500),
              dueOn: z.iso.date().optional(),
              status: z.enum(actionStatuses),
            }),
          )
          .max(50)
          .default([]),
      }),
    )
    .max(50),
});
export type TServicePlanUpdate = z.infer<typeof servicePlanUpdateSchema>;

export const servicePlanSchema = z.object({
  caseId: z.string(),
  goals: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      status: z.enum(goalStatuses),
      targetOn: z.string().nullable(),
      actions: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          dueOn: z.string().nullable(),
          status: z.enum(actionStatuses),
        }),
      ),
    }),
  ),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type TServicePlan = z.infer<typeof servicePlanSchema>;

/* ---------- shelter stays ---------- */

export const shelterAdmitSchema = z.strictObject({
  facilityAgencyId: z.uuid({ message: 'uuid' }),
  /** Defaults to now; may lie in the past. */
  admittedAt: instant.optional(),
  /** Defaults to the service-charter stay (PULIH_SHELTER_STAY_DAYS, 7 days) after admission. */
  plannedExitAt: instant.optional(),
});
export type TShelterAdmit = z.infer<typeof shelterAdmitSchema>;

export const shelterExtendSchema = z.strictObject({
  plannedExitAt: instant,
});

export const shelterExitSchema = z.strictObject({
  exitAt: instant,
  reason: z.enum(shelterExitReasons),
  /** Circumstances of the exit (encrypted). */
  note: freeText(2000).optional(),
});
export type TShelterExit = z.infer<typeof shelterExitSchema>;

export const shelterStaySchema = z.object({
  id: z.string(),
  caseId: z.string(),
  facilityAgency: z.object({ id: z.string(), name: z.string() }),
  admittedAt: z.string(),
  plannedExitAt: z.string(),
  extendedCount: z.number(),
  exitAt: z.string().nullable(),
  exitReason: z.enum(shelterExitReasons).nullable(),
  exitNote: z.string().nullable(),
  open: z.boolean(),
  /** Still in the shelter after the planned exit. */
  overstay: z.boolean(),
  createdAt: z.string(),
});
export type TShelterStay = z.infer<typeof shelterStaySchema>;
