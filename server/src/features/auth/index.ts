// Public surface of the auth feature: security keys, password + TOTP, strikes and
// suspension, unblock codes, sessions, device trust, the enrolment invitations.
export { authRoutes, presentSession } from './routes.ts';
export { countActiveSessions } from './count-active-sessions.ts';
export { requireSession, checkOrigin, guardPreSession } from './guard.ts';
export { createEnrolment } from './create-enrolment.ts';
export { createEnrolmentForLogin } from './create-enrolment-for-login.ts';
export { ensureFirstTenant, type FirstStart } from './ensure-first-tenant.ts';
export { createSession, loadSession, revokeSession, SESSION_COOKIE, type SessionContext } from './sessions.ts';
export { endSessions, listKeys, listSessions, revokeKey } from './my-account.ts';
export { readAuthSettings, type TenantAuthContext } from './auth-settings.ts';
export { DEVICE_COOKIE, deviceRevoked } from './device-trust.ts';
export { createUnblockCode } from './create-unblock-code.ts';
export { credentialSummaryOf } from './credential-summary.ts';
export { endDeviceSessions } from './end-device-sessions.ts';
export { revokeAgentCredentials, type RevokedCredentials } from './revoke-agent-credentials.ts';
export { checkThrottle, pruneThrottle, throttleKeys } from './throttle.ts';
export { startAuthHousekeeping, sweepAuthTables } from './housekeeping.ts';
// For the helpdesk's file on an agent (issue 17):
export { credentialFactsOf, sessionUserAgents } from './credential-facts.ts';
export { resetPasswordTotp } from './reset-password-totp.ts';
export { accountDisabled } from './login-failures.ts';
