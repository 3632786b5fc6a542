// The authentication routes, by flow: logging in, enrolling, the current session, my
// account. Each is a thin registration of the endpoints of contracts/src/auth.
import type { FastifyInstance } from 'fastify';
import { accountRoutes } from './account-routes.ts';
import { enrolmentRoutes } from './enrolment-routes.ts';
import { loginRoutes } from './login-routes.ts';
import { sessionIdleRoutes } from './session-idle.ts';
import { sessionRoutes } from './session-routes.ts';

export { presentSession } from './session-cookie.ts';

export async function authRoutes(app: FastifyInstance) {
  loginRoutes(app);
  enrolmentRoutes(app);
  sessionRoutes(app);
  sessionIdleRoutes(app);
  accountRoutes(app);
}
