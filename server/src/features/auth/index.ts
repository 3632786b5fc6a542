// Public surface of the auth feature (bootstrap level: enrolment links and sessions;
// security keys and the helpdesk procedure build on these).
export { authRoutes } from './routes.ts';
export { requireSession, requirePolicy, checkOrigin } from './guard.ts';
export { createEnrolment } from './create-enrolment.ts';
export { ensureFirstTenant, type FirstStart } from './ensure-first-tenant.ts';
export { createSession, loadSession, revokeSession, SESSION_COOKIE, type SessionContext } from './sessions.ts';
