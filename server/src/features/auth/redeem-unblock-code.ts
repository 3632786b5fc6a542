// The agent types the unblock code the helpdesk gave them; their credentials work again
// and they must then log in with their key (or password + TOTP).
//
// Steps:
//   1. the address is not throttled                                        → 429
//   2. the login is in the directory                                       → 401
//   3. the agent has a live code (unused, not voided, unexpired)           → 401
//   4. the code matches; if not, one try is used, and the third wrong try
//      voids it (a new identity check is then needed)                      → 401
//   5. strikes, suspension and lockout cleared, the code used, audited
//      with the agent and the helpdesk agent who issued it                 → 200
import { timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { loginDirectory, unblockCodes } from './schema.ts';
import { agents } from '../org/schema.ts';
import { authenticationFailed, type HttpError } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';
import { checkThrottle, recordThrottleFailure, throttleKeys } from './throttle.ts';
import { hashUnblockCode } from './unblock-code.ts';
import type { RequestMeta } from './webauthn-login.ts';

export async function redeemUnblockCode(
  database: Database,
  input: { login: string; code: string },
  meta: RequestMeta,
  perMinute: number,
): Promise<void> {
  const login = input.login.toLowerCase();
  const addressKey = throttleKeys.address(meta.ip);
  await checkThrottle(database, { keys: [addressKey], address: meta.ip, perMinute });
  const [entry] = await database.global((db) => db.select().from(loginDirectory).where(eq(loginDirectory.login, login)));
  const tenantId = entry?.tenantId ?? null;
  const fail = async (error: HttpError = authenticationFailed()) => {
    await recordThrottleFailure(database, [addressKey]);
    throw error;
  };
  if (!tenantId) return fail();

  const ok = await database.tenant(tenantId, async (tx) => {
    const [agent] = await tx.select().from(agents).where(sql`lower(${agents.email}) = ${login}`);
    if (!agent) return false;
    const [code] = await tx
      .select()
      .from(unblockCodes)
      .where(
        and(
          eq(unblockCodes.agentId, agent.id),
          isNull(unblockCodes.usedAt),
          isNull(unblockCodes.voidedAt),
          gt(unblockCodes.expiresAt, sql`now()`),
        ),
      )
      .orderBy(desc(unblockCodes.createdAt))
      .limit(1)
      .for('update');
    if (!code) return false;
    const typed = hashUnblockCode(agent.id, input.code);
    if (!timingSafeEqual(typed, code.codeHash)) {
      const attempts = code.attempts + 1;
      const voided = attempts >= limits.unblockCodeMaxAttempts;
      await tx
        .update(unblockCodes)
        .set({ attempts, ...(voided ? { voidedAt: new Date() } : {}) })
        .where(eq(unblockCodes.id, code.id));
      await recordAudit(tx, tenantId, {
        action: voided ? 'unblock.code_voided' : 'unblock.code_wrong',
        actor: { type: 'agent', id: agent.id },
        target: { type: 'agent', id: agent.id },
        data: { code: code.id, attempts, issuedBy: code.issuedBy, ip: meta.ip },
        requestId: meta.requestId,
      });
      return false;
    }
    const now = new Date();
    await tx.update(unblockCodes).set({ usedAt: now }).where(eq(unblockCodes.id, code.id));
    await tx
      .update(agents)
      .set({
        status: agent.status === 'suspended' ? 'active' : agent.status,
        failedAttempts: 0,
        suspendedAt: null,
        suspensionReason: null,
        lockedUntil: null,
        updatedAt: now,
      })
      .where(eq(agents.id, agent.id));
    await recordAudit(tx, tenantId, {
      action: 'agent.unblocked',
      actor: { type: 'agent', id: agent.id },
      target: { type: 'agent', id: agent.id },
      data: { code: code.id, issuedBy: code.issuedBy, identityCheck: code.identityCheck, ip: meta.ip },
      requestId: meta.requestId,
    });
    return true;
  });
  if (!ok) await fail();
}
