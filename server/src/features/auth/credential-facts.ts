// What the helpdesk's file shows of an agent's credentials beyond keys and sessions
// (credential-summary.ts): whether they have a password + TOTP app, their invitations
// still pending, and the browsers of sessions named in the audit trail.
import { and, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { PendingEnrolment } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { enrolments, passwordCredentials, sessions, totpCredentials } from './schema.ts';

export async function credentialFactsOf(tx: Tx, agentId: string): Promise<{ hasPasswordTotp: boolean; pendingEnrolments: PendingEnrolment[] }> {
  const [password] = await tx.select({ id: passwordCredentials.agentId }).from(passwordCredentials).where(eq(passwordCredentials.agentId, agentId));
  const [totp] = await tx.select({ id: totpCredentials.agentId }).from(totpCredentials).where(eq(totpCredentials.agentId, agentId));
  const pending = await tx
    .select({ id: enrolments.id, purpose: enrolments.purpose, createdAt: enrolments.createdAt, expiresAt: enrolments.expiresAt })
    .from(enrolments)
    .where(and(eq(enrolments.agentId, agentId), isNull(enrolments.usedAt), gt(enrolments.expiresAt, sql`now()`)))
    .orderBy(desc(enrolments.createdAt));
  return {
    hasPasswordTotp: Boolean(password && totp),
    pendingEnrolments: pending.map((e) => ({ id: e.id, purpose: e.purpose, createdAt: e.createdAt.toISOString(), expiresAt: e.expiresAt.toISOString() })),
  };
}

/** The user-agent string of each session still on file, by session id. */
export async function sessionUserAgents(tx: Tx, sessionIds: string[]): Promise<Map<string, string | null>> {
  if (sessionIds.length === 0) return new Map();
  const rows = await tx.select({ id: sessions.id, userAgent: sessions.userAgent }).from(sessions).where(inArray(sessions.id, sessionIds));
  return new Map(rows.map((r) => [r.id, r.userAgent]));
}
