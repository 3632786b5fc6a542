// The agent types the unblock code the helpdesk gave them; their credentials work again
// and they must then log in with their key (or password + TOTP).
//
// redeemUnblockCode runs `redeemUnblockCodeSteps`, whose last step runs
// `unblockTenantSteps` in one transaction of the login's tenant (both below, in order).
// A refusal inside that transaction is returned (false), not thrown, so that the try it
// used commits; the 401 is thrown once the transaction is over.
import { timingSafeEqual } from 'node:crypto';
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { loginDirectory, unblockCodes } from './schema.ts';
import { agentByLogin, liftAgentSuspension, type AgentRecord } from '../org/index.ts';
import { unblockCodeRefused } from './login-failures.ts';
import { filled, runSteps, type Steps } from '../../platform/run-steps.ts';
import { recordAudit } from '../audit/index.ts';
import { checkThrottle, recordThrottleFailure, throttleKeys } from './throttle.ts';
import { hashUnblockCode } from './unblock-code.ts';
import type { RequestMeta } from './webauthn-login.ts';

export type UnblockContext = {
  database: Database;
  input: { login: string; code: string };
  meta: RequestMeta;
  perMinute: number;
  /** The login as the directory holds it (lower case). */
  login: string;
  addressKey: string;
  /** findLoginTenant: the login's tenant, null when the directory does not know it */
  tenantId?: string | null;
};

/** The context of the steps run in the tenant's transaction. */
export type UnblockTenantContext = Omit<UnblockContext, 'tenantId'> & {
  tx: Tx;
  tenantId: string;
  /** findAgent */
  agent?: AgentRecord;
  /** findLiveCode (its row locked until the transaction ends) */
  code?: typeof unblockCodes.$inferSelect;
};

/**
 * Every refusal: the address counts a failure, then 401 — one answer whatever the cause
 * (an unknown login, no live code, a wrong code), worded about the code: retype it, or
 * ask the helpdesk for a new one; never about the key or the password.
 */
async function fail(ctx: UnblockContext): Promise<never> {
  await recordThrottleFailure(ctx.database, [ctx.addressKey]);
  throw unblockCodeRefused();
}

/** The address is not throttled → 429. */
export async function refuseThrottledAddress(ctx: UnblockContext): Promise<void> {
  await checkThrottle(ctx.database, { keys: [ctx.addressKey], address: ctx.meta.ip, perMinute: ctx.perMinute });
}

/** The login's tenant, from the directory. */
export async function findLoginTenant(ctx: UnblockContext): Promise<void> {
  const [entry] = await ctx.database.global((db) => db.select().from(loginDirectory).where(eq(loginDirectory.login, ctx.login)));
  ctx.tenantId = entry?.tenantId ?? null;
}

/** The login is in the directory → 401. */
export async function refuseUnknownLogin(ctx: UnblockContext): Promise<void> {
  if (filled(ctx.tenantId, 'tenantId') === null) return fail(ctx);
}

/** The agent of that login in the tenant; none → 401. */
export async function findAgent(ctx: UnblockTenantContext): Promise<false | void> {
  const agent = await agentByLogin(ctx.tx, ctx.login);
  if (!agent) return false;
  ctx.agent = agent;
}

/** The agent's latest live code (unused, not voided, unexpired), locked; none → 401. */
export async function findLiveCode(ctx: UnblockTenantContext): Promise<false | void> {
  const [code] = await ctx.tx
    .select()
    .from(unblockCodes)
    .where(
      and(
        eq(unblockCodes.agentId, filled(ctx.agent, 'agent').id),
        isNull(unblockCodes.usedAt),
        isNull(unblockCodes.voidedAt),
        gt(unblockCodes.expiresAt, sql`now()`),
      ),
    )
    .orderBy(desc(unblockCodes.createdAt))
    .limit(1)
    .for('update');
  if (!code) return false;
  ctx.code = code;
}

/**
 * The code matches. If not → 401: one try is used and audited, and the last allowed
 * wrong try voids the code (a new identity check is then needed).
 */
export async function refuseWrongCode(ctx: UnblockTenantContext): Promise<false | void> {
  const { tx, tenantId, meta } = ctx;
  const agent = filled(ctx.agent, 'agent');
  const code = filled(ctx.code, 'code');
  const typed = hashUnblockCode(agent.id, ctx.input.code);
  if (timingSafeEqual(typed, code.codeHash)) return;
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

/** The code used; strikes, suspension and lockout cleared; audited with the helpdesk agent who issued it. */
export async function unblockAgent(ctx: UnblockTenantContext): Promise<true> {
  const { tx, tenantId, meta } = ctx;
  const agent = filled(ctx.agent, 'agent');
  const code = filled(ctx.code, 'code');
  const now = new Date();
  await tx.update(unblockCodes).set({ usedAt: now }).where(eq(unblockCodes.id, code.id));
  await liftAgentSuspension(tx, agent, now);
  await recordAudit(tx, tenantId, {
    action: 'agent.unblocked',
    actor: { type: 'agent', id: agent.id },
    target: { type: 'agent', id: agent.id },
    data: { code: code.id, issuedBy: code.issuedBy, identityCheck: code.identityCheck, ip: meta.ip },
    requestId: meta.requestId,
  });
  return true;
}

/** Steps 3–5, in one transaction of the login's tenant: true when the agent is unblocked. */
export const unblockTenantSteps: Steps<UnblockTenantContext, boolean> = [
  findAgent, //         3. the agent has a live code (unused, not voided, unexpired)   → 401
  findLiveCode,
  refuseWrongCode, //   4. the code matches; if not, one try is used, and the last
  //                       allowed wrong try voids it                                  → 401
  unblockAgent, //      5. strikes, suspension and lockout cleared, the code used,
  //                       audited with the agent and the helpdesk agent who issued it → 200
];

/** Runs unblockTenantSteps in the tenant's transaction, which commits the try they used; then a refusal is thrown. */
export async function unblockInTenant(ctx: UnblockContext): Promise<true> {
  const tenantId = filled(ctx.tenantId ?? undefined, 'tenantId of a known login');
  const unblocked = await ctx.database.tenant(tenantId, (tx) => runSteps(unblockTenantSteps, { ...ctx, tx, tenantId }));
  if (!unblocked) return fail(ctx);
  return true;
}

/** The unblock, in order. */
export const redeemUnblockCodeSteps: Steps<UnblockContext, true> = [
  refuseThrottledAddress, //  1. the address is not throttled      → 429
  findLoginTenant,
  refuseUnknownLogin, //      2. the login is in the directory     → 401
  unblockInTenant, //         3–5. unblockTenantSteps, in the tenant's transaction
];

export async function redeemUnblockCode(
  database: Database,
  input: { login: string; code: string },
  meta: RequestMeta,
  perMinute: number,
): Promise<void> {
  await runSteps(redeemUnblockCodeSteps, { database, input, meta, perMinute, login: input.login.toLowerCase(), addressKey: throttleKeys.address(meta.ip) });
}
