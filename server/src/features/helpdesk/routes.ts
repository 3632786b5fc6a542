// The helpdesk's routes: thin handlers for the endpoints of contracts/src/helpdesk. Every
// action on an agent's credentials first checks the caller may act for that agent.
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor, type AgentPrincipal } from '../../platform/principal.ts';
import { endSessions, revokeKey } from '../auth/index.ts';
import { agentFile } from './agent-file.ts';
import { authHistory } from './auth-history.ts';
import { credentialTarget } from './credential-target.ts';
import { issueEnrolment } from './issue-enrolment.ts';
import { issueUnblockCode } from './issue-unblock-code.ts';
import { resetAuthenticatorApp } from './reset-authenticator-app.ts';
import { searchAgents } from './search-agents.ts';

const e = endpoints.helpdesk;

export async function helpdeskRoutes(app: FastifyInstance) {
  /** The caller, once they may act on this agent's credentials (404 / 403 otherwise). */
  async function actOn(principal: AgentPrincipal, agentId: string): Promise<AgentPrincipal> {
    await credentialTarget(app.database, principal, agentId);
    return principal;
  }

  route(app, e.searchAgents, (request) => searchAgents(app.database, request.principal.tenantId, request.query));

  route(app, e.agentFile, (request) => agentFile(app.database, request.principal, request.params.id, app.sms !== null));

  route(app, e.authHistory, (request) => authHistory(app.database, request.principal, request.params.id, request.query));

  route(app, e.resetPasswordTotp, async (request) => {
    const actor = await actOn(request.principal, request.params.id);
    const { token, expiresAt } = await resetAuthenticatorApp(app.database, { actor, agentId: request.params.id, body: request.body, requestId: request.id });
    return { token, link: `${app.config.origin}/enrol#${token}`, expiresAt: expiresAt.toISOString() };
  });

  route(app, e.issueUnblockCode, async (request) => {
    const actor = await actOn(request.principal, request.params.id);
    return issueUnblockCode(app.database, { actor, agentId: request.params.id, body: request.body, sms: app.sms, requestId: request.id });
  });

  route(app, e.revokeKey, async (request) => {
    const actor = await actOn(request.principal, request.params.id);
    await revokeKey(app.database, {
      tenantId: actor.tenantId,
      agentId: request.params.id,
      keyId: request.params.keyId,
      actor: auditActor(actor),
      reason: `helpdesk:${request.body?.reason ?? 'other'}`,
      requestId: request.id,
    });
  });

  route(app, e.issueEnrolment, async (request) => {
    const actor = await actOn(request.principal, request.params.id);
    const { token, expiresAt } = await issueEnrolment(app.database, { actor, agentId: request.params.id, body: request.body, requestId: request.id });
    return { token, link: `${app.config.origin}/enrol#${token}`, expiresAt: expiresAt.toISOString() };
  });

  route(app, e.endSessions, async (request) => {
    const actor = await actOn(request.principal, request.params.id);
    const ended = await endSessions(app.database, {
      tenantId: actor.tenantId,
      agentId: request.params.id,
      actor: auditActor(actor),
      reason: 'ended_by_helpdesk',
      requestId: request.id,
    });
    return { ended };
  });
}
