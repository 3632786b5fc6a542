// Steps of the unblock-code redemption alone (redeem-unblock-code.ts), each run over a
// context built by hand in a real tenant transaction. The whole flow over HTTP, with the
// helpdesk issuing the code, is in features/helpdesk/unblock-denials.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import { createTestDatabase, makeAgent, makeTenant } from '../../../test/index.ts';
import type { Database, Tx } from '../../db/client.ts';
import { agents, auditEvents, throttleCounters, unblockCodes } from '../../db/schema.ts';
import { HttpError } from '../../platform/http-errors.ts';
import {
  findLiveCode,
  redeemUnblockCodeSteps,
  refuseWrongCode,
  unblockInTenant,
  unblockTenantSteps,
  type UnblockContext,
  type UnblockTenantContext,
} from './redeem-unblock-code.ts';
import { throttleKeys } from './throttle.ts';
import { hashUnblockCode } from './unblock-code.ts';

const CODE = 'ACDEFGHJKM';

describe('unblock-code redemption steps, alone', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  let lastOctet = 0;
  const newAddress = () => `198.18.0.${++lastOctet}`;

  /** A suspended agent with a live code issued by a helpdesk agent, and the outer context of a redemption. */
  async function suspendedAgentWithCode(input: { expiresInMs?: number } = {}) {
    const tenant = await makeTenant(database);
    const helpdesk = await makeAgent(database, tenant.id, { roles: ['helpdesk'] });
    const agent = await makeAgent(database, tenant.id);
    const code = await database.tenant(tenant.id, async (tx) => {
      await tx.update(agents).set({ status: 'suspended', failedAttempts: 3, suspendedAt: new Date(), suspensionReason: 'wrong_totp' }).where(eq(agents.id, agent.id));
      const [row] = await tx
        .insert(unblockCodes)
        .values({
          tenantId: tenant.id,
          agentId: agent.id,
          codeHash: hashUnblockCode(agent.id, CODE),
          issuedBy: helpdesk.id,
          identityCheck: { method: 'callback' },
          delivery: 'read-out',
          expiresAt: new Date(Date.now() + (input.expiresInMs ?? 15 * 60_000)),
        })
        .returning();
      return row!;
    });
    const login = agent.email.toLowerCase();
    const ip = newAddress();
    const ctx = (typed: string): UnblockContext => ({
      database,
      input: { login, code: typed },
      meta: { ip },
      perMinute: 1000,
      login,
      addressKey: throttleKeys.address(ip),
      tenantId: tenant.id,
    });
    return { tenantId: tenant.id, agentId: agent.id, codeId: code.id, ctx };
  }

  /** Runs one tenant step in the tenant's transaction over a context filled by `fill`. */
  function runTenantStep<T>(outer: UnblockContext, fill: (tx: Tx) => Promise<Partial<UnblockTenantContext>>, step: (ctx: UnblockTenantContext) => T) {
    const tenantId = outer.tenantId!;
    return database.tenant(tenantId, async (tx) => step({ ...outer, tx, tenantId, ...(await fill(tx)) }));
  }
  const agentAndCode = (tenantId: string, agentId: string, codeId: string) => async (tx: Tx) => {
    const [agent] = await tx.select().from(agents).where(eq(agents.id, agentId));
    const [code] = await tx.select().from(unblockCodes).where(eq(unblockCodes.id, codeId));
    return { agent: agent!, code: code! };
  };
  const codeRow = async (tenantId: string, codeId: string) =>
    (await database.tenant(tenantId, (tx) => tx.select().from(unblockCodes).where(eq(unblockCodes.id, codeId))))[0]!;
  const actions = async (tenantId: string, agentId: string) =>
    (
      await database.tenant(tenantId, (tx) =>
        tx.select({ action: auditEvents.action }).from(auditEvents).where(and(eq(auditEvents.targetId, agentId))).orderBy(auditEvents.seq),
      )
    )
      .map((e) => e.action)
      .filter((a) => a.startsWith('unblock.') || a === 'agent.unblocked');

  it('lists the steps in order', () => {
    assert.deepEqual(redeemUnblockCodeSteps.map((s) => s.name), ['refuseThrottledAddress', 'findLoginTenant', 'refuseUnknownLogin', 'unblockInTenant']);
    assert.deepEqual(unblockTenantSteps.map((s) => s.name), ['findAgent', 'findLiveCode', 'refuseWrongCode', 'unblockAgent']);
  });

  describe('refuseWrongCode', () => {
    it('uses one try per wrong code, audited, and voids the code at the last allowed try', async () => {
      const { tenantId, agentId, codeId, ctx } = await suspendedAgentWithCode();
      for (let i = 1; i <= limits.unblockCodeMaxAttempts; i++) {
        assert.equal(await runTenantStep(ctx('ZZZZZZZZZZ'), agentAndCode(tenantId, agentId, codeId), refuseWrongCode), false);
        const row = await codeRow(tenantId, codeId);
        assert.equal(row.attempts, i);
        assert.equal(row.voidedAt !== null, i === limits.unblockCodeMaxAttempts, `voided after try ${i}`);
      }
      assert.deepEqual(await actions(tenantId, agentId), [
        ...Array.from({ length: limits.unblockCodeMaxAttempts - 1 }, () => 'unblock.code_wrong'),
        'unblock.code_voided',
      ]);
    });

    it('lets the right code go on, typed in lower case with dashes, and writes nothing', async () => {
      const { tenantId, agentId, codeId, ctx } = await suspendedAgentWithCode();
      assert.equal(await runTenantStep(ctx('acdef-ghjkm'), agentAndCode(tenantId, agentId, codeId), refuseWrongCode), undefined);
      assert.equal((await codeRow(tenantId, codeId)).attempts, 0);
      assert.deepEqual(await actions(tenantId, agentId), []);
    });
  });

  describe('findLiveCode', () => {
    it('finds no expired code', async () => {
      const { tenantId, agentId, codeId, ctx } = await suspendedAgentWithCode({ expiresInMs: -1000 });
      const fill = async (tx: Tx) => ({ agent: (await agentAndCode(tenantId, agentId, codeId)(tx)).agent });
      assert.equal(await runTenantStep(ctx(CODE), fill, findLiveCode), false);
    });
    it('finds the live code and fills it for the steps after', async () => {
      const { tenantId, agentId, codeId, ctx } = await suspendedAgentWithCode();
      const fill = async (tx: Tx) => ({ agent: (await agentAndCode(tenantId, agentId, codeId)(tx)).agent });
      assert.equal(
        await runTenantStep(ctx(CODE), fill, async (c) => {
          const result = await findLiveCode(c);
          return result === undefined ? c.code?.id : result;
        }),
        codeId,
      );
    });
  });

  describe('unblockInTenant', () => {
    it('commits the try a wrong code used, then throws 401 with an address failure', async () => {
      const { tenantId, codeId, ctx } = await suspendedAgentWithCode();
      const outer = ctx('ZZZZZZZZZZ');
      await assert.rejects(unblockInTenant(outer), (e) => e instanceof HttpError && e.status === 401 && e.code === 'authentication_failed');
      assert.equal((await codeRow(tenantId, codeId)).attempts, 1);
      const [counter] = await database.global((db) => db.select().from(throttleCounters).where(eq(throttleCounters.key, outer.addressKey)));
      assert.equal(counter?.failures, 1);
    });
    it('unblocks the agent with the right code: active, no strikes, the code used, audited', async () => {
      const { tenantId, agentId, codeId, ctx } = await suspendedAgentWithCode();
      assert.equal(await unblockInTenant(ctx(CODE)), true);
      const [agent] = await database.tenant(tenantId, (tx) => tx.select().from(agents).where(eq(agents.id, agentId)));
      assert.equal(agent!.status, 'active');
      assert.equal(agent!.failedAttempts, 0);
      assert.equal(agent!.suspensionReason, null);
      assert.notEqual((await codeRow(tenantId, codeId)).usedAt, null);
      assert.deepEqual(await actions(tenantId, agentId), ['agent.unblocked']);
    });
  });
});
