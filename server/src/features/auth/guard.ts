// Request guards. Every state-changing request of a session must carry the session's
// CSRF token (synchronizer token pattern, OWASP CSRF cheat sheet) and, when the browser
// sends an Origin header, come from the configured origin.
import type {} from '../../types/fastify.d.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { safeEqual } from '../../platform/crypto.ts';
import { agentPrincipal } from '../../platform/principal.ts';
import { HttpError, unauthenticated } from '../../platform/http-errors.ts';
import { loadSession, SESSION_COOKIE } from './sessions.ts';
import { checkThrottle, throttleKeys } from './throttle.ts';


const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== request.server.config.origin) {
    throw new HttpError(403, 'forbidden', 'Origine de la requête refusée.');
  }
}

/** Every pre-session endpoint: the Origin check, then the address's ceiling and delay. */
export async function guardPreSession(request: FastifyRequest): Promise<void> {
  checkOrigin(request);
  await checkThrottle(request.server.database, {
    keys: [throttleKeys.address(request.ip)],
    address: request.ip,
    perMinute: request.server.config.authRatePerMinute,
  });
}

export async function requireSession(request: FastifyRequest, _reply?: FastifyReply): Promise<void> {
  const cookie = request.cookies[SESSION_COOKIE];
  const session = cookie ? await loadSession(request.server.database, cookie) : null;
  if (!session) throw unauthenticated('Votre session a expiré ou n’existe pas. Connectez-vous.');
  checkCsrf(request, session);
  request.session = session;
  request.principal = agentPrincipal(session);
}

/** A state-changing request made with a session: the configured Origin and the session's CSRF token. */
export function checkCsrf(request: FastifyRequest, session: { csrfToken: string }): void {
  if (SAFE_METHODS.has(request.method)) return;
  checkOrigin(request);
  const token = request.headers['x-csrf-token'];
  if (typeof token !== 'string' || !safeEqual(token, session.csrfToken)) {
    throw new HttpError(403, 'csrf_failed', 'Jeton anti-falsification (CSRF) absent ou invalide.');
  }
}
