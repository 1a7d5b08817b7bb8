import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { idParam, page, typed } from '../../platform/http.js';
import { serviceAccountRoutes } from './service-accounts.routes.js';
import { roleSchema, userCreateSchema, userListQuery, userSchema, userUpdateSchema } from './users.schema.js';
import {
  createUser,
  getUser,
  listRoles,
  listUsers,
  resetPassword,
  resetTotp,
  setUserStatus,
  updateUser,
} from './users.service.js';

export async function userRoutes(app: FastifyInstance): Promise<void> {
  await serviceAccountRoutes(app);
  const r = typed(app);
  const tags = ['users'];
  r.get('/api/users', {
    schema: {
      operationId: 'users.list',
      summary: 'List users, filtered by name, agency, status or role',
      description:
        "Needs `users.read`; users in the caller's scope (agency, jurisdiction or all). Cursor pages as in cases.list.",
      tags,
      querystring: userListQuery,
      response: { 200: page(userSchema) },
    },
    handler: (req) => listUsers(req.ctx, req.query),
  });
  r.post('/api/users', {
    config: { conflict: 'The username is taken (`username_taken`).' },
    schema: {
      operationId: 'users.create',
      summary: 'Create a user in an agency; answers the temporary password once',
      description:
        'The user must change the temporary password at first sign-in; roles that require TOTP enrol it then.',
      tags,
      body: userCreateSchema,
      response: { 201: z.object({ user: userSchema, temporaryPassword: z.string() }) },
    },
    handler: async (req, reply) => reply.status(201).send(await createUser(req.ctx, req.body)),
  });
  r.get('/api/users/:id', {
    schema: {
      operationId: 'users.get',
      summary: 'One user',
      description: "Needs `users.read`; a user outside the caller's scope answers 404.",
      tags,
      params: idParam,
      response: { 200: userSchema },
    },
    handler: (req) => getUser(req.ctx, req.params.id),
  });
  r.patch('/api/users/:id', {
    schema: {
      operationId: 'users.update',
      summary: 'Change a user’s display name, agency, roles, language or time zone',
      description:
        "Needs `users.manage`. A change of roles or agency ends the user's sessions, so new rights apply at once. No administrator grants herself a role that reaches persons' records (403 `self_grant_forbidden`; the data protection officer and the other administrators are alerted). Audited.",
      tags,
      params: idParam,
      body: userUpdateSchema,
      response: { 200: userSchema },
    },
    handler: (req) => updateUser(req.ctx, req.params.id, req.body),
  });
  r.post('/api/users/:id/disable', {
    config: { conflict: 'An administrator cannot disable their own account (`cannot_disable_self`).' },
    schema: {
      operationId: 'users.disable',
      summary: 'Disable a user and end their sessions',
      description: 'Needs `users.manage`; every session of the user ends. Audited.',
      tags,
      params: idParam,
      response: { 200: userSchema },
    },
    handler: (req) => setUserStatus(req.ctx, req.params.id, 'disabled'),
  });
  r.post('/api/users/:id/enable', {
    schema: {
      operationId: 'users.enable',
      summary: 'Enable a disabled user',
      description: 'Needs `users.manage`. Audited.',
      tags,
      params: idParam,
      response: { 200: userSchema },
    },
    handler: (req) => setUserStatus(req.ctx, req.params.id, 'active'),
  });
  r.post('/api/users/:id/reset-password', {
    schema: {
      operationId: 'users.resetPassword',
      summary: 'Issue a new temporary password (forces a change at next sign-in and clears a lockout)',
      description:
        'Needs `users.manage`. The temporary password is shown only in this answer (no mail is sent); the user must change it at the next sign-in, and a lockout is cleared. Audited.',
      tags,
      params: idParam,
      response: { 200: z.object({ temporaryPassword: z.string() }) },
    },
    handler: (req) => resetPassword(req.ctx, req.params.id),
  });
  r.post('/api/users/:id/reset-totp', {
    schema: {
      operationId: 'users.resetTotp',
      summary: "Remove a user's TOTP enrolment (they enrol again at next sign-in)",
      description:
        'Needs `users.manage`. For a lost authenticator: if her role requires TOTP, the user enrols again at the next sign-in. Audited.',
      tags,
      params: idParam,
      response: { 200: userSchema },
    },
    handler: (req) => resetTotp(req.ctx, req.params.id),
  });
  r.get('/api/roles', {
    schema: {
      operationId: 'roles.list',
      summary: 'The roles with their scope, permissions and whether they require TOTP',
      description:
        'Needs `roles.read`. The access engine reads roles from this table; built-in roles are synchronised into it at start.',
      tags: ['roles'],
      response: { 200: z.array(roleSchema) },
    },
    handler: (req) => listRoles(req.ctx),
  });
}
