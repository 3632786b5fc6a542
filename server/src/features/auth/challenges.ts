// WebAuthn challenges (WebAuthn L2 §13.4.3: random, ≥16 bytes, single use). Stored
// server-side for 2 minutes (login: auth_login_options and auth_login_begin, migration
// 0002; registration: here); the verify call finds its challenge again from the
// response's clientDataJSON, so no cookie is needed between the two calls.
import { and, eq, gt, sql } from 'drizzle-orm';
import { limits } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { authChallenges } from './schema.ts';

export async function storeChallenge(
  tx: Tx,
  input: { challenge: string; purpose: 'login' | 'register'; tenantId?: string; agentId?: string; enrolmentId?: string | null },
): Promise<void> {
  await tx.insert(authChallenges).values({
    challenge: input.challenge,
    purpose: input.purpose,
    tenantId: input.tenantId ?? null,
    agentId: input.agentId ?? null,
    enrolmentId: input.enrolmentId ?? null,
    expiresAt: new Date(Date.now() + limits.challengeTtlMs),
  });
}

/** The challenge the client signed, read from clientDataJSON (base64url JSON). */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const parsed = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown };
    return typeof parsed.challenge === 'string' && /^[A-Za-z0-9_-]{16,128}$/.test(parsed.challenge) ? parsed.challenge : null;
  } catch {
    return null;
  }
}

/** Deletes and returns a live challenge of that purpose: a second use finds nothing. */
export async function consumeChallenge(tx: Tx, challenge: string, purpose: 'login' | 'register') {
  const [row] = await tx
    .delete(authChallenges)
    .where(and(eq(authChallenges.challenge, challenge), eq(authChallenges.purpose, purpose), gt(authChallenges.expiresAt, sql`now()`)))
    .returning();
  return row ?? null;
}
