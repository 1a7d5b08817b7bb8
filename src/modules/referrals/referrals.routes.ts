import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import {
  acceptReferral,
  completeReferral,
  createReferral,
  declineReferral,
  recordServicesDelivered,
  revokeReferral,
} from './referrals.commands.js';
import { getReferral, outgoingReferrals, referralInbox } from './referrals.presentation.js';
import {
  inboxQuery,
  outgoingQuery,
  referralCreateSchema,
  referralReasonSchema,
  referralSchema,
  servicesDeliveredSchema,
} from './referrals.schema.js';

const ridParam = z.strictObject({ rid: z.uuid({ message: 'uuid' }) });

export async function referralRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['referrals'];

  r.post('/api/cases/:id/referrals', {
    config: {
      conflict:
        'No active consent covers the recipient and services (`referral_consent_required`, naming `consentId` in `errors`), or the case is closed (`case_closed`).',
    },
    schema: {
      operationId: 'referrals.create',
      summary: 'Refer the victim to another agency for open service requests',
      description:
        "Needs a consent that covers the recipient and the services: otherwise 409 `referral_consent_required` with `errors[0].field = consentId`. Due: urgent +24 h, normal +3 working days in the recipient's time zone, skipping national holidays and cuti bersama.",
      tags,
      params: idParam,
      body: referralCreateSchema,
      response: { 201: referralSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await createReferral(req.ctx, req.params.id, req.body)),
  });
  r.get('/api/cases/:id/referrals', {
    schema: {
      operationId: 'referrals.outgoing',
      summary: "The case's referrals (sender view)",
      description: 'Needs `referrals.manage` on the case.',
      tags,
      params: idParam,
      querystring: outgoingQuery,
      response: { 200: page(referralSchema) },
    },
    handler: (req) => outgoingReferrals(req.ctx, req.params.id, req.query),
  });
  r.get('/api/referrals/inbox', {
    schema: {
      operationId: 'referrals.inbox',
      summary: "Referrals to the caller's agency (shared views without identity)",
      tags,
      description: "The caller's agency's incoming referrals with their shared views (identity only on referrals.get).",
      querystring: inboxQuery,
      response: { 200: page(referralSchema) },
    },
    handler: (req) => referralInbox(req.ctx, req.query),
  });
  r.get('/api/referrals/:rid', {
    schema: {
      operationId: 'referrals.get',
      summary: "One referral: the recipient's view (identity only as consented, audited) or the sender's",
      description:
        'The sender (`referrals.manage` on the case) sees the referral; staff of the receiving agency who work referrals see the shared view, with identity only as far as the consent covers it (Law 21/2007 Art. 44), and each such view is audited. Anyone else gets 404.',
      tags,
      params: ridParam,
      response: { 200: referralSchema },
    },
    handler: (req) => getReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/accept', {
    config: { conflict: 'The referral is no longer pending (`referral_transition_not_allowed`).' },
    schema: {
      operationId: 'referrals.accept',
      summary: 'Accept a referral (recipient): the referred service requests become accepted',
      description:
        'Staff of the receiving agency who work referrals (`referrals.receive` or `referrals.manage`). The referred service requests become accepted, unless the case team has already moved them on; the sending team is alerted. Audited.',
      tags,
      params: ridParam,
      response: { 200: referralSchema },
    },
    handler: (req) => acceptReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/decline', {
    config: { conflict: 'The referral is no longer pending (`referral_transition_not_allowed`).' },
    schema: {
      operationId: 'referrals.decline',
      summary: 'Decline a referral with a reason (recipient); the shared view ends',
      description:
        'Staff of the receiving agency who work referrals. The reason is encrypted, the shared view ends and the sending team is alerted. Audited.',
      tags,
      params: ridParam,
      body: referralReasonSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => declineReferral(req.ctx, req.params.rid, req.body.reason),
  });
  r.post('/api/referrals/:rid/complete', {
    config: { conflict: 'The referral is not accepted or in progress (`referral_transition_not_allowed`).' },
    schema: {
      operationId: 'referrals.complete',
      summary: 'Complete a referral (recipient)',
      description: 'Staff of the receiving agency who work referrals. The sending team is alerted. Audited.',
      tags,
      params: ridParam,
      response: { 200: referralSchema },
    },
    handler: (req) => completeReferral(req.ctx, req.params.rid),
  });
  r.post('/api/referrals/:rid/revoke', {
    config: {
      conflict: 'The referral is already completed, declined or revoked (`referral_transition_not_allowed`).',
      caseRecord: true,
    },
    schema: {
      operationId: 'referrals.revoke',
      summary: 'Revoke a referral with a reason (sender), while it is not completed or declined',
      description:
        "Needs `referrals.manage` on the referral's case. The receiving agency loses the shared view at once and is alerted. Audited.",
      tags,
      params: ridParam,
      body: referralReasonSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => revokeReferral(req.ctx, req.params.rid, req.body.reason),
  });
  r.post('/api/referrals/:rid/services-delivered', {
    config: {
      conflict:
        'The referral is not accepted (`referral_transition_not_allowed`), or a service cannot become delivered from its status (`service_transition_not_allowed`).',
    },
    schema: {
      operationId: 'referrals.servicesDelivered',
      summary: 'Report services delivered under an accepted referral (recipient)',
      description:
        'Staff of the receiving agency who work referrals. Each referred service request becomes delivered on its date, so the 7-day rule for statutory services (Law 21/2007 Art. 51–53) and the late count follow. Audited.',
      tags,
      params: ridParam,
      body: servicesDeliveredSchema,
      response: { 200: referralSchema },
    },
    handler: (req) => recordServicesDelivered(req.ctx, req.params.rid, req.body),
  });
}
