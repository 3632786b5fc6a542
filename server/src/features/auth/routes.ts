import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, redeemEnrolmentBody, sessionInfo } from '@estran/contracts';
import type { SessionContext } from './sessions.ts';
import { revokeSession, SESSION_COOKIE } from './sessions.ts';
import { checkOrigin, requireSession } from './guard.ts';
import { redeemEnrolment } from './redeem-enrolment.ts';

function present(s: SessionContext) {
  return {
    agent: {
      id: s.agentId,
      displayName: s.displayName,
      tenant: { id: s.tenantId, name: s.tenantName, operator: s.operator },
      roles: s.roles,
    },
    trust: s.trust,
    authenticatedAt: s.authenticatedAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    csrfToken: s.csrfToken,
  };
}

function setSessionCookie(reply: FastifyReply, value: string, expires: Date) {
  reply.setCookie(SESSION_COOKIE, value, {
    path: '/',
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    expires,
  });
}

export async function authRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: apiError, 401: apiError, 403: apiError, 404: apiError, 410: apiError };

  r.get(
    '/api/auth/session',
    {
      schema: {
        tags: ['auth'],
        summary: 'The current session',
        response: { 200: sessionInfo, 401: apiError },
      },
      preHandler: requireSession,
    },
    async (request) => present(request.session!),
  );

  r.post(
    '/api/auth/enrolment/redeem',
    {
      schema: {
        tags: ['auth'],
        summary: 'Open the first administrator’s one-time enrolment link',
        description:
          'Single use, valid 24 hours. Until security keys are enrolled, opens a `bootstrap` session for the first administrator.',
        body: redeemEnrolmentBody,
        response: { 200: sessionInfo, ...errors },
      },
    },
    async (request, reply) => {
      checkOrigin(request);
      const { cookie, context } = await redeemEnrolment(request.server.database, {
        token: request.body.token,
        userAgent: request.headers['user-agent'],
        ip: request.ip,
        requestId: request.id,
      });
      setSessionCookie(reply, cookie, context.expiresAt);
      return present(context);
    },
  );

  r.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'End the current session',
        body: z.object({}).optional(),
        response: { 204: z.null(), 401: apiError, 403: apiError },
      },
      preHandler: requireSession,
    },
    async (request, reply) => {
      await revokeSession(request.server.database, request.session!, { reason: 'logout', requestId: request.id });
      reply.clearCookie(SESSION_COOKIE, { path: '/', secure: true, httpOnly: true, sameSite: 'strict' });
      return reply.code(204).send(null);
    },
  );
}
