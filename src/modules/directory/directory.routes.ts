import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import {
  directorySearchQuery,
  directoryServiceSchema,
  directoryServiceUpsertSchema,
  serviceTypeParams,
} from './directory.schema.js';
import {
  listAgencyDirectoryServices,
  removeDirectoryService,
  searchDirectory,
  upsertDirectoryService,
} from './directory.service.js';

export async function directoryRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['directory'];

  r.get('/api/directory/services', {
    schema: {
      operationId: 'directory.search',
      summary: 'Find service providers by service type, region, eligibility, language and availability, nearest first',
      description:
        'A regency search matches offers for that regency and province-wide offers; a province search matches everything inside it. `proximity` is `regency`, `province` or `other`. Disabled agencies are left out.',
      tags,
      querystring: directorySearchQuery,
      response: { 200: page(directoryServiceSchema) },
    },
    handler: (req) => searchDirectory(req.ctx, req.query),
  });
  r.get('/api/agencies/:id/services', {
    schema: {
      operationId: 'directory.agency',
      summary: 'The services an agency publishes in the directory',
      description: 'Needs `agencies.read`.',
      tags,
      params: idParam,
      response: { 200: z.object({ items: z.array(directoryServiceSchema) }) },
    },
    handler: async (req) => ({ items: await listAgencyDirectoryServices(req.ctx, req.params.id) }),
  });
  r.put('/api/agencies/:id/services/:serviceType', {
    schema: {
      operationId: 'directory.services.upsert',
      summary: 'Publish or change one service an agency offers: regions, eligibility, languages, capacity, contact',
      description: "Needs `directory.manage`: for the caller's own agency, unless her scope reaches further. Audited.",
      tags,
      params: serviceTypeParams,
      body: directoryServiceUpsertSchema,
      response: { 200: directoryServiceSchema },
    },
    handler: (req) => upsertDirectoryService(req.ctx, req.params.id, req.params.serviceType, req.body),
  });
  r.delete('/api/agencies/:id/services/:serviceType', {
    schema: {
      operationId: 'directory.services.remove',
      summary: 'Withdraw one service an agency offers from the directory',
      description: "Needs `directory.manage`: for the caller's own agency, unless her scope reaches further. Audited.",
      tags,
      params: serviceTypeParams,
      response: { 204: z.null() },
    },
    handler: async (req, reply) => {
      await removeDirectoryService(req.ctx, req.params.id, req.params.serviceType);
      return reply.status(204).send(null);
    },
  });
}
