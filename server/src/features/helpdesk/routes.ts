import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  agentStatus,
  apiError,
  canUseHelpdesk,
  helpdeskAgent,
  helpdeskAgentFile,
  issuedEnrolment,
  issuedUnblockCode,
  issueEnrolmentBody,
  issueUnblockCodeBody,
  listQuery,
  page,
} from '@estran/contracts';
import { endSessions, requirePolicy, revokeKey } from '../auth/index.ts';
import { agentFile } from './agent-file.ts';
import { credentialTarget } from './credential-target.ts';
import { issueEnrolment } from './issue-enrolment.ts';
import { issueUnblockCode } from './issue-unblock-code.ts';
import { searchAgents } from './search-agents.ts';

/** The session, once it may act on this agent's credentials (404 / 403 otherwise). */
async function actOn(request: FastifyRequest, agentId: string) {
  const s = request.session!;
  await credentialTarget(request.server.database, s, agentId);
  return s;
}

export async function helpdeskRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['helpdesk'];
  const security = [{ session: [] }];
  const helpdesk = requirePolicy(canUseHelpdesk);
  const denials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 409: apiError };
  const agentParams = z.object({ id: z.uuid() });

  r.get(
    '/api/helpdesk/agents',
    {
      schema: {
        tags,
        summary: 'Find an agent (name, e-mail, phone)',
        security,
        querystring: listQuery.extend({ status: agentStatus.optional() }),
        response: { 200: page(helpdeskAgent), ...denials },
      },
      preHandler: helpdesk,
    },
    async (request) => searchAgents(app.database, request.session!.tenantId, request.query),
  );

  r.get(
    '/api/helpdesk/agents/:id',
    { schema: { tags, summary: 'An agent’s file: status, keys, sessions, required identity checks', security, params: agentParams, response: { 200: helpdeskAgentFile, ...denials } }, preHandler: helpdesk },
    async (request) => agentFile(app.database, request.session!, request.params.id, app.sms !== null),
  );

  r.post(
    '/api/helpdesk/agents/:id/unblock-code',
    {
      schema: {
        tags,
        summary: 'Issue a single-use unblock code after the identity check',
        description: '10 characters, valid 15 minutes, void after 3 wrong tries; shown once (read out) or sent by SMS to the mobile on file.',
        security,
        params: agentParams,
        body: issueUnblockCodeBody,
        response: { 201: issuedUnblockCode, ...denials },
      },
      preHandler: helpdesk,
    },
    async (request, reply) => {
      const actor = await actOn(request, request.params.id);
      const issued = await issueUnblockCode(app.database, { actor, agentId: request.params.id, body: request.body, sms: app.sms, requestId: request.id });
      return reply.code(201).send(issued);
    },
  );

  r.post(
    '/api/helpdesk/agents/:id/keys/:keyId/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke an agent’s key (lost, locked by wrong PINs)',
        security,
        params: z.object({ id: z.uuid(), keyId: z.uuid() }),
        body: z.object({ reason: z.enum(['lost', 'locked', 'stolen', 'other']).default('other') }).optional(),
        response: { 204: z.null(), ...denials },
      },
      preHandler: helpdesk,
    },
    async (request, reply) => {
      const actor = await actOn(request, request.params.id);
      await revokeKey(app.database, {
        tenantId: actor.tenantId,
        agentId: request.params.id,
        keyId: request.params.keyId,
        actor: { type: 'agent', id: actor.agentId },
        reason: `helpdesk:${request.body?.reason ?? 'other'}`,
        requestId: request.id,
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/api/helpdesk/agents/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'Issue an enrolment invitation: a spare or new key, or password + TOTP for a personal computer',
        description:
          'After the identity checks the tenant requires, as for an unblock code; only for agents whose roles are agent or manager, unless the caller is an administrator.',
        security,
        params: agentParams,
        body: issueEnrolmentBody,
        response: { 201: issuedEnrolment, ...denials },
      },
      preHandler: helpdesk,
    },
    async (request, reply) => {
      const actor = await actOn(request, request.params.id);
      const { token, expiresAt } = await issueEnrolment(app.database, { actor, agentId: request.params.id, body: request.body, requestId: request.id });
      return reply.code(201).send({ token, link: `${app.config.origin}/enrol#${token}`, expiresAt: expiresAt.toISOString() });
    },
  );

  r.post(
    '/api/helpdesk/agents/:id/sessions/revoke',
    {
      schema: { tags, summary: 'End all sessions of an agent', security, params: agentParams, body: z.object({}).passthrough().optional(), response: { 200: z.object({ ended: z.number().int() }), ...denials } },
      preHandler: helpdesk,
    },
    async (request) => {
      const actor = await actOn(request, request.params.id);
      const ended = await endSessions(app.database, {
        tenantId: actor.tenantId,
        agentId: request.params.id,
        actor: { type: 'agent', id: actor.agentId },
        reason: 'ended_by_helpdesk',
        requestId: request.id,
      });
      return { ended };
    },
  );
}
