// The identity check the helpdesk performs before it gives an agent a way back in — an
// unblock code or an enrolment invitation: every check the tenant requires is ticked.
import type { z } from 'zod';
import { identityCheckLabels, type identityChecksPerformed } from '@estran/contracts';
import type { TenantAuthContext } from '../auth/index.ts';
import { badRequest } from '../../platform/http-errors.ts';

export type IdentityCheck = {
  checks: z.infer<typeof identityChecksPerformed>;
  required: TenantAuthContext['identityChecks'];
  note: string | null;
};

/** The check as recorded (unblock code row, audit event); 400 naming what is missing. */
export function requireIdentityCheck(
  settings: TenantAuthContext,
  body: { checks: z.infer<typeof identityChecksPerformed>; note?: string | undefined },
): IdentityCheck {
  const missing = settings.identityChecks.filter((c) => !body.checks[c]);
  if (missing.length) {
    throw badRequest(`Vérification d’identité incomplète : ${missing.map((c) => identityCheckLabels[c]).join(' ; ')}.`);
  }
  return { checks: body.checks, required: settings.identityChecks, note: body.note ?? null };
}
