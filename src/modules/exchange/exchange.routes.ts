import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, typed } from '../../platform/http.js';
import {
  exportReferralPackage,
  importReferralPackage,
  listIncomingPackages,
  publishedKeys,
  trustSigner,
} from './exchange.service.js';
import { htcdsRoutes } from './htcds.routes.js';

const incomingSchema = z.object({
  id: z.string(),
  status: z.string(),
  receivedAt: z.string(),
  signer: z.string(),
  from: z.string(),
  urgency: z.string(),
  reason: z.string(),
  services: z.array(z.string()),
  incomingReferral: z.object({
    cas_ReferringOrganisation: z.string(),
    cas_IncomingReferralDate: z.string(),
    cas_ReasonForIncomingReferral: z.string(),
  }),
  spl_Type: z.array(z.string()),
  consent: z.record(z.string(), z.unknown()).nullable(),
  person: z.record(z.string(), z.unknown()),
  victim: z.record(z.string(), z.unknown()),
  extensions: z.record(z.string(), z.unknown()),
});

export async function exchangeRoutes(app: FastifyInstance): Promise<void> {
  await htcdsRoutes(app);
  const r = typed(app);
  const tags = ['exchange'];
  r.get('/.well-known/pulih/keys', {
    // Public and cheap, but not a free amplifier: partners fetch it when they add a trusted signer.
    config: { auth: 'public', rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      operationId: 'exchange.keys',
      summary: "This instance's public signing keys, for partners who verify its referral packages",
      description:
        'Public (no session), rate-limited. The Ed25519 keys this instance signs referral packages with; a partner ' +
        'administrator adds one with `exchange.trustedSigners.add` on their side before importing our packages.',
      tags,
      response: {
        200: z.object({
          instance: z.string(),
          keys: z.array(z.object({ keyId: z.string(), algorithm: z.literal('Ed25519'), publicKey: z.string() })),
        }),
      },
    },
    handler: (req) => publishedKeys(req.ctx),
  });
  r.post('/api/referrals/:id/package', {
    config: { conflict: 'The referral cannot be shared as a package (`package_not_shareable`).' },
    schema: {
      operationId: 'exchange.referralPackage.export',
      summary: 'Export a referral as a signed package for a partner instance',
      description:
        'Only the sending agency of the referral (anyone else gets 404) and only while the victim’s consent for the ' +
        'referral stands: a revoked referral, or one whose consent was withdrawn, answers 409 `package_not_shareable`. ' +
        'The package carries the HTCDS fields of the consented field groups only (as the bulk export limits them), ' +
        'identity only when the consent covers it, and is signed with this instance’s key. Audited.',
      tags,
      params: idParam,
      response: { 200: z.record(z.string(), z.unknown()) },
    },
    handler: (req) => exportReferralPackage(req.ctx, req.params.id),
  });
  r.post('/api/exchange/referral-packages', {
    config: { conflict: 'This package was imported before (`package_duplicate`).' },
    schema: {
      operationId: 'exchange.referralPackage.import',
      summary: 'Import a signed referral package from a trusted partner instance',
      tags,
      description:
        'Body: a package exported by another Pulih instance. It is accepted only when its signer is trusted here ' +
        '(Law 21/2007 Art. 59, cooperation between states; an unknown signer or a bad signature is a 400 naming ' +
        '`issuer.keyId` or `signature`, and a bad signature is audited) and is stored as an incoming referral of ' +
        'the caller’s agency. A package imported before answers 409 `package_duplicate` and changes nothing. ' +
        'Caller: referral staff of an agency. Audited.',
      body: z.record(z.string(), z.unknown()),
      response: { 201: incomingSchema },
    },
    handler: async (req, reply) => reply.status(201).send(await importReferralPackage(req.ctx, req.body)),
  });
  r.get('/api/exchange/incoming', {
    schema: {
      operationId: 'exchange.incoming.list',
      summary: 'Referral packages received from partner instances',
      description:
        'The packages received for the caller’s own agency only, newest first (referral staff; 403 for other roles).',
      tags,
      response: { 200: z.array(incomingSchema) },
    },
    handler: (req) => listIncomingPackages(req.ctx),
  });
  r.post('/api/exchange/trusted-signers', {
    schema: {
      operationId: 'exchange.trustedSigners.add',
      summary: "Trust a partner instance's signing key",
      description:
        'Administrators only. Adds (or re-trusts, after a revocation) a partner instance’s public signing key, so ' +
        'packages it signs can be imported here. Audited.',
      tags,
      body: z.strictObject({
        publicKey: z.string().min(20).max(500),
        instanceName: z.string().trim().min(2).max(200),
        baseUrl: z.url().optional(),
      }),
      response: { 201: z.object({ keyId: z.string(), instanceName: z.string() }) },
    },
    handler: async (req, reply) => reply.status(201).send(await trustSigner(req.ctx, req.body)),
  });
}
