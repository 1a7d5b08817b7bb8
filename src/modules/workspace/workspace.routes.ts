import type { FastifyInstance } from 'fastify';
import { typed } from '../../platform/http.js';
import { approvalsQuery, approvalsSchema, teamSchema, todaySchema } from './workspace.schema.js';
import { approvalsList, teamOverview, today } from './workspace.service.js';

export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  const r = typed(app);
  const tags = ['workspace'];
  r.get('/api/workspace/today', {
    schema: {
      operationId: 'workspace.today',
      summary: "The caller's work for today by role: counts within scope, first items, links to the filtered lists",
      description:
        "Any signed-in user. Each part follows a permission: case work (`cases.read` and `services.manage`), referrals to answer (`referrals.receive`), approvals (`cases.approve`), privacy reviews (`dsr.manage` and `audit.read`). Counts are within the caller's scope.",
      tags,
      response: { 200: todaySchema },
    },
    handler: (req) => today(req.ctx),
  });
  r.get('/api/approvals', {
    schema: {
      operationId: 'approvals.list',
      summary: 'Screenings, closures and lead transfers waiting for a supervisor of the agency, oldest first',
      description: 'Needs `cases.approve`; only the cases the caller supervises.',
      tags,
      querystring: approvalsQuery,
      response: { 200: approvalsSchema },
    },
    handler: (req) => approvalsList(req.ctx, req.query),
  });
  r.get('/api/team', {
    schema: {
      operationId: 'team.overview',
      summary: "Each team member's open cases, late services and tasks (supervisors)",
      description:
        "Needs `cases.approve`. The team is the users of the caller's agency who may work cases (`cases.update`).",
      tags,
      response: { 200: teamSchema },
    },
    handler: (req) => teamOverview(req.ctx),
  });
}
