// An unblock code stored for an agent (the helpdesk's unblock procedure decides when:
// features/helpdesk/issue-unblock-code.ts, after the identity check). Earlier live codes
// are voided; the new one (unblock-code.ts: 10 characters, unambiguous alphabet) is
// stored as a keyed hash, valid 15 minutes and 3 tries, and audited with both agents'
// ids and the checks performed. The code itself is returned once, to be read out or sent.
import { and, eq, isNull } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import { unblockCodes } from './schema.ts';
import { formatUnblockCode, generateUnblockCode, hashUnblockCode } from './unblock-code.ts';

export async function createUnblockCode(
  tx: Tx,
  input: {
    tenantId: string;
    agentId: string;
    /** The helpdesk agent issuing it. */
    issuedBy: string;
    identityCheck: Record<string, unknown>;
    delivery: (typeof unblockCodes.$inferInsert)['delivery'];
    requestId?: string | undefined;
  },
): Promise<{ code: string; expiresAt: Date }> {
  const code = generateUnblockCode();
  const now = new Date();
  await tx
    .update(unblockCodes)
    .set({ voidedAt: now })
    .where(and(eq(unblockCodes.agentId, input.agentId), isNull(unblockCodes.usedAt), isNull(unblockCodes.voidedAt)));
  const expiresAt = new Date(now.getTime() + limits.unblockCodeTtlMs);
  const [row] = await tx
    .insert(unblockCodes)
    .values({
      tenantId: input.tenantId,
      agentId: input.agentId,
      codeHash: hashUnblockCode(input.agentId, code),
      issuedBy: input.issuedBy,
      identityCheck: input.identityCheck,
      delivery: input.delivery,
      expiresAt,
    })
    .returning({ id: unblockCodes.id });
  await recordAudit(tx, input.tenantId, {
    action: 'unblock.code_issued',
    actor: { type: 'agent', id: input.issuedBy },
    target: { type: 'agent', id: input.agentId },
    data: {
      code: row!.id,
      helpdesk: input.issuedBy,
      agent: input.agentId,
      identityCheck: input.identityCheck,
      delivery: input.delivery,
      expiresAt: expiresAt.toISOString(),
    },
    requestId: input.requestId,
  });
  return { code: formatUnblockCode(code), expiresAt };
}
