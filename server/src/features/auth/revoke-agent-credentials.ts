// A leaver's access, revoked in the caller's transaction (org's deactivation of an agent):
// their sessions end at once, their security keys are revoked (the rows and the global
// directory entries stay, so a key presented later is still known and refused), their
// password + TOTP are deleted, and their pending invitations (enrolments) and unblock
// codes are voided. Nothing else of theirs is touched: their records stay.
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { enrolments, passwordCredentials, sessions, totpCredentials, unblockCodes, webauthnCredentials } from './schema.ts';

export type RevokedCredentials = {
  sessions: number;
  keys: string[];
  passwordTotp: boolean;
  enrolments: number;
  unblockCodes: number;
};

export async function revokeAgentCredentials(
  tx: Tx,
  agentId: string,
  input: { revokedBy: string | null; reason: string },
): Promise<RevokedCredentials> {
  const now = new Date();
  const endedSessions = await tx
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.agentId, agentId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  const keys = await tx
    .update(webauthnCredentials)
    .set({ revokedAt: now, revokedBy: input.revokedBy, revokedReason: input.reason })
    .where(and(eq(webauthnCredentials.agentId, agentId), isNull(webauthnCredentials.revokedAt)))
    .returning({ id: webauthnCredentials.id });
  const passwords = await tx.delete(passwordCredentials).where(eq(passwordCredentials.agentId, agentId)).returning({ id: passwordCredentials.agentId });
  const totps = await tx.delete(totpCredentials).where(eq(totpCredentials.agentId, agentId)).returning({ id: totpCredentials.agentId });
  const invitations = await tx
    .update(enrolments)
    .set({ expiresAt: now })
    .where(and(eq(enrolments.agentId, agentId), isNull(enrolments.usedAt), gt(enrolments.expiresAt, now)))
    .returning({ id: enrolments.id });
  const codes = await tx
    .update(unblockCodes)
    .set({ voidedAt: now })
    .where(and(eq(unblockCodes.agentId, agentId), isNull(unblockCodes.usedAt), isNull(unblockCodes.voidedAt)))
    .returning({ id: unblockCodes.id });
  return {
    sessions: endedSessions.length,
    keys: keys.map((k) => k.id),
    passwordTotp: passwords.length + totps.length > 0,
    enrolments: invitations.length,
    unblockCodes: codes.length,
  };
}
