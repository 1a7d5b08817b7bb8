import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { dueList } from './due.service.js';
import { getLegalFigures } from './legal.figures.js';
import {
  caseLegalSchema,
  claimAssessSchema,
  claimCreateSchema,
  dueItemSchema,
  dueListQuery,
  figureQuery,
  hearingCreateSchema,
  informedRecordSchema,
  informedSchema,
  measureCreateSchema,
  measureSchema,
  measureUpdateSchema,
  paymentRecordSchema,
  proceedingCreateSchema,
  proceedingListQuery,
  proceedingSchema,
  proceedingSummarySchema,
  proceedingUpdateSchema,
  stageAdvanceSchema,
  stepRecordSchema,
  verdictRecordSchema,
} from './legal.schema.js';
import { createProceeding, listProceedings, listSharedCases, updateProceeding } from './legal.service.js';
import { getProceeding } from './legal.view.js';
import { advanceStage, createHearing, recordVerdict } from './proceeding.stages.js';
import {
  createMeasure,
  getMeasure,
  listAgencyMeasures,
  listCaseMeasures,
  updateMeasure,
} from './protection.service.js';
import { assessClaim, createClaim, recordPayment, recordStep } from './restitution.service.js';
import { listVictimInformed, recordVictimInformed } from './victim-informed.service.js';

export async function legalRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['legal'];

  r.post('/api/legal/proceedings', {
    schema: {
      operationId: 'legal.proceedings.create',
      summary: 'Open a criminal proceeding from a police report for one or more victims',
      description:
        "Needs `legal.manage`; the caller's agency becomes a party. A victim's case may be linked only when the caller may read it or when her agency shared her legal data with the caller's agency by consent; any other case id gets the same field error as a missing one. Suspects' identities go into the identity vault, encrypted. Audited.",
      tags,
      body: proceedingCreateSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createProceeding(req.ctx, req.body)),
  });
  r.get('/api/legal/proceedings', {
    schema: {
      operationId: 'legal.proceedings.list',
      summary: "Proceedings the caller's agency is party to, or of one case",
      description:
        "Proceedings the caller's agency is party to (with `legal.read` or `legal.manage`), newest first; with `caseId`, that case's proceedings, when the caller may read the case or its legal data was shared with her agency by consent.",
      tags,
      querystring: proceedingListQuery,
      response: { 200: page(proceedingSummarySchema) },
    },
    handler: (req) => listProceedings(req.ctx, req.query),
  });
  r.get('/api/legal/proceedings/:id', {
    schema: {
      operationId: 'legal.proceedings.get',
      summary: 'A proceeding: stages, suspects, charges, hearings, verdicts, restitution',
      description:
        "Parties with `legal.read` or `legal.manage` see the proceeding; a victim's case team and agencies she shared her legal data with by consent see it through her case. Anyone else gets 404.",
      tags,
      params: idParam,
      response: { 200: proceedingSchema },
    },
    handler: (req) => getProceeding(req.ctx, req.params.id),
  });
  r.patch('/api/legal/proceedings/:id', {
    config: { conflict: 'Someone changed the proceeding since `version` was read (`version_conflict`).' },
    schema: {
      operationId: 'legal.proceedings.update',
      summary: 'Change report facts; add parties, suspects and charges',
      description:
        'Police, prosecutors and courts that are party to it, with `legal.manage`. Send the `version` you read: a proceeding changed meanwhile answers 409. Audited.',
      tags,
      params: idParam,
      body: proceedingUpdateSchema,
      response: { 200: proceedingSchema },
    },
    handler: (req) => updateProceeding(req.ctx, req.params.id, req.body),
  });
  r.post('/api/legal/proceedings/:id/stage', {
    config: { conflict: 'The proceeding is no longer at stage `from` (`stage_changed`).' },
    schema: {
      operationId: 'legal.stages.advance',
      summary: 'Move a proceeding to its next stage (or stop it: SP3)',
      description:
        "Police, prosecutors and courts that are party to it, with `legal.manage`. Stages follow the KUHAP order from the stage given as `from`; SP3 stops the investigation. Audited and written on each linked case's timeline.",
      tags,
      params: idParam,
      body: stageAdvanceSchema,
      response: { 200: proceedingSchema },
    },
    handler: (req) => advanceStage(req.ctx, req.params.id, req.body),
  });
  r.post('/api/legal/proceedings/:id/hearings', {
    schema: {
      operationId: 'legal.hearings.create',
      summary: "Record a hearing and the victim's testimony mode",
      description:
        'Police, prosecutors and courts that are party to it, with `legal.manage`. A child victim never testifies face to face in open court (Law 21/2007 Art. 38–40). Audited.',
      tags,
      params: idParam,
      body: hearingCreateSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createHearing(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/legal/proceedings/:id/verdicts', {
    config: { conflict: 'Someone changed the proceeding meanwhile (`version_conflict`).' },
    schema: {
      operationId: 'legal.verdicts.record',
      summary: 'Record a verdict (restitution ordered, legally final date)',
      description:
        "Police, prosecutors and courts that are party to it, with `legal.manage`. Restitution ordered sets the victims' claims (shared in proportion to what each claimed); a legally final verdict starts each claim's payment chain (Law 21/2007 Art. 50: 14 days after notice of the final verdict). Audited.",
      tags,
      params: idParam,
      body: verdictRecordSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await recordVerdict(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/legal/proceedings/:id/informed', {
    schema: {
      operationId: 'legal.victimInformed.record',
      summary: 'Record that the victim was told of progress (Art. 36)',
      description:
        "The victim's case team, or a party with `legal.manage`. The victim has the right to be told how her case progresses (Law 21/2007 Art. 36); when nothing is logged for the configured number of days while the proceeding is open, her case team is alerted. Audited.",
      tags,
      params: idParam,
      body: informedRecordSchema,
      response: { 201: z.object({ items: z.array(informedSchema) }) },
    },
    handler: async (req, reply) => reply.status(201).send(await recordVictimInformed(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/legal/proceedings/:id/informed', {
    schema: {
      operationId: 'legal.victimInformed.list',
      summary: 'The victim-information log of a proceeding',
      description: 'Those who may read the proceeding; only the victims whose cases the caller may see. Newest first.',
      tags,
      params: idParam,
      response: { 200: z.object({ items: z.array(informedSchema) }) },
    },
    handler: (req) => listVictimInformed(req.ctx, req.params.id),
  });
  r.post('/api/legal/proceedings/:id/claims', {
    schema: {
      operationId: 'restitution.claims.create',
      summary: "File a victim's restitution claim with its heads of loss",
      description:
        "The victim's case team, or a party with `legal.manage`. A claim with its heads of loss (Law 21/2007 Art. 48(2); PERMA 1/2022), before or after the verdict; after it, within 90 days of learning of the final verdict (PERMA 1/2022 Art. 5(2)(b)). Audited.",
      tags,
      params: idParam,
      body: claimCreateSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createClaim(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/restitution/claims/:id/assessment', {
    config: { conflict: 'Someone changed the claim since `version` was read (`version_conflict`).' },
    schema: {
      operationId: 'restitution.claims.assess',
      summary: "LPSK's assessment of a claim",
      description:
        'LPSK staff (`restitution.assess`) of an agency party to the proceeding (Law 31/2014 Art. 7A). Send the `version` you read. Audited.',
      tags,
      params: idParam,
      body: claimAssessSchema,
      response: { 200: proceedingSchema },
    },
    handler: (req) => assessClaim(req.ctx, req.params.id, req.body),
  });
  r.post('/api/restitution/claims/:id/payments', {
    config: {
      conflict:
        'Restitution was not ordered (`restitution_not_ordered`), is paid in full (`restitution_paid`), or the claim changed meanwhile (`version_conflict`, `step_changed`).',
    },
    schema: {
      operationId: 'restitution.payments.record',
      summary: 'Record a restitution payment (partial allowed) with its evidence',
      description:
        "The victim's case team, or a party with `legal.manage`. Evidence is required (PERMA 1/2022 Art. 30); a payment larger than what is outstanding is a field error; paying in full meets the pending steps of the chain. Audited.",
      tags,
      params: idParam,
      body: paymentRecordSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await recordPayment(req.ctx, req.params.id, req.body)),
  });
  r.post('/api/restitution/claims/:id/steps', {
    config: {
      conflict:
        'Restitution was not ordered (`restitution_not_ordered`), or the claim changed meanwhile (`version_conflict`, `step_changed`).',
    },
    schema: {
      operationId: 'restitution.steps.record',
      summary: 'Record the step of the restitution chain now offered',
      description:
        "The victim's case team, or a party with `legal.manage`. The chain follows Law 21/2007 Art. 50 (or Law 12/2022 Art. 33 for sexual violence): notice, payment due, the victim's notice to the court, warning, seizure and auction, substitute detention; each recorded step sets the next one's due time. Audited.",
      tags,
      params: idParam,
      body: stepRecordSchema,
      response: { 201: proceedingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await recordStep(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/restitution/due', {
    schema: {
      operationId: 'restitution.dueList',
      summary: 'Restitution and protection steps due across cases, in due order',
      description:
        "Any legal permission (`legal.read`, `legal.manage` or `protection.manage`). Steps of proceedings the caller's agency is party to and measures it provides; a victim's service agency sees only the cases the caller may see.",
      tags,
      querystring: dueListQuery,
      response: { 200: page(dueItemSchema) },
    },
    handler: (req) => dueList(req.ctx, req.query),
  });
  r.post('/api/protection/measures', {
    schema: {
      operationId: 'protection.measures.create',
      summary: 'Request a protection measure for a victim',
      description:
        "The victim's case team, or police or LPSK staff (`protection.manage`) party to her proceeding (Law 21/2007 Art. 43, 47; Law 31/2014). Temporary protection is due within 1×24 hours of the request (Law 12/2022 Art. 42(1)); the providing agency's protection staff are alerted. Audited.",
      tags,
      body: measureCreateSchema,
      response: { 201: measureSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createMeasure(req.ctx, req.body)),
  });
  r.get('/api/protection/measures', {
    schema: {
      operationId: 'protection.measures.list',
      summary: "Measures the caller's agency provides (requested first)",
      description: 'Staff with `protection.manage`: the measures their own agency provides.',
      tags,
      querystring: z.strictObject({
        limit: z.coerce.number().int().min(1).max(100).default(50),
        cursor: z.string().max(500).optional(),
      }),
      response: { 200: page(measureSchema) },
    },
    handler: (req) => listAgencyMeasures(req.ctx, req.query),
  });
  r.get('/api/protection/measures/:id', {
    schema: {
      operationId: 'protection.measures.get',
      summary: 'A protection measure',
      description:
        "The victim's case team, agencies she shared her legal data with by consent, and the providing agency's protection staff; anyone else gets 404.",
      tags,
      params: idParam,
      response: { 200: measureSchema },
    },
    handler: (req) => getMeasure(req.ctx, req.params.id),
  });
  r.patch('/api/protection/measures/:id', {
    config: { conflict: 'Someone changed the measure since `version` was read (`version_conflict`).' },
    schema: {
      operationId: 'protection.measures.update',
      summary: 'Grant, refuse or end a measure; update threat assessment, review date, child checklist',
      description:
        'Staff with `protection.manage` of the providing agency. Send the `version` you read: a measure changed meanwhile answers 409. Audited.',
      tags,
      params: idParam,
      body: measureUpdateSchema,
      response: { 200: measureSchema },
    },
    handler: (req) => updateMeasure(req.ctx, req.params.id, req.body),
  });
  r.get('/api/cases/:id/legal', {
    schema: {
      operationId: 'legal.case.get',
      summary: "A case's legal data: its proceedings and protection measures",
      description:
        'Whoever may read the case (`cases.read`), or an agency the victim shared her legal data with by consent; anyone else gets 404.',
      tags,
      params: idParam,
      response: { 200: caseLegalSchema },
    },
    handler: async (req) => {
      const [proceedings, measures] = await Promise.all([
        listProceedings(req.ctx, { limit: 100, caseId: req.params.id }),
        listCaseMeasures(req.ctx, req.params.id),
      ]);
      return { proceedings: proceedings.items, measures };
    },
  });
  r.get('/api/legal/shared-cases', {
    schema: {
      operationId: 'legal.sharedCases.list',
      summary: "Cases whose legal data victims shared with the caller's agency (to link to a proceeding)",
      description:
        "Cases whose victims shared their legal data with the caller's agency by consent (what police may link to a proceeding they open): the case number and whether she is a child, nothing else.",
      tags,
      response: {
        200: z.object({
          items: z.array(z.object({ caseId: z.string(), caseNumber: z.string(), isChild: z.boolean() })),
        }),
      },
    },
    handler: (req) => listSharedCases(req.ctx),
  });
  r.get('/api/legal/figures', {
    schema: {
      operationId: 'legal.figures',
      summary: 'Law-enforcement figures for evaluation, with their definitions',
      description:
        'Needs `reports.aggregate`. Counts only (investigations, prosecutions, convictions; persons prosecuted and convicted by sex and form of exploitation), never a person-level row, each with its definition.',
      tags,
      querystring: figureQuery,
      response: {
        200: z.object({
          period: z.object({ from: z.string(), to: z.string() }),
          facts: z.array(
            z.object({
              key: z.string(),
              definition: z.object({ id: z.string(), en: z.string() }),
              value: z.number().nullable(),
              breakdown: z
                .array(z.object({ dimensions: z.record(z.string(), z.string().nullable()), value: z.number() }))
                .optional(),
            }),
          ),
        }),
      },
    },
    handler: (req) => getLegalFigures(req.ctx, req.query),
  });
}
