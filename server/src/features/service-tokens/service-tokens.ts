// Service accounts for integrations (another system sending alerts, a statistics export,
// a search client): bearer tokens `<tenant id>.<secret>`, stored hashed, scoped,
// expiring, revocable, audited. They never open helpdesk or admin routes: those read
// the session cookie only.
import { and, desc, eq, gt, isNull, sql } from 'drizzle-orm';
import { limits, type serviceScope } from '@estran/contracts';
import type { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { serviceTokens } from './schema.ts';
import { parseTenantToken, randomToken, sha256, tenantToken } from '../../platform/crypto.ts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { findTenantId } from '../org/index.ts';

type Scope = z.infer<typeof serviceScope>;

export type ServiceTokenView = {
  id: string;
  name: string;
  scopes: Scope[];
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
};

const present = (t: typeof serviceTokens.$inferSelect): ServiceTokenView => ({
  id: t.id,
  name: t.name,
  scopes: t.scopes as Scope[],
  expiresAt: t.expiresAt.toISOString(),
  lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  revokedAt: t.revokedAt?.toISOString() ?? null,
  createdAt: t.createdAt.toISOString(),
});

export async function createServiceToken(
  database: Database,
  input: { tenantId: string; name: string; scopes: Scope[]; days: number; actor: AuditActor; requestId?: string | undefined },
): Promise<ServiceTokenView & { token: string }> {
  const days = Math.min(input.days, limits.serviceTokenMaxDays);
  const secret = randomToken();
  return database.tenant(input.tenantId, async (tx) => {
    const [row] = await tx
      .insert(serviceTokens)
      .values({
        tenantId: input.tenantId,
        name: input.name,
        secretHash: sha256(secret),
        scopes: input.scopes,
        createdBy: input.actor.type === 'agent' ? input.actor.id : null,
        expiresAt: new Date(Date.now() + days * 86_400_000),
      })
      .returning();
    await recordAudit(tx, input.tenantId, {
      action: 'service_token.created',
      actor: input.actor,
      target: { type: 'service_token', id: row!.id },
      data: { name: input.name, scopes: input.scopes, expiresAt: row!.expiresAt.toISOString() },
      requestId: input.requestId,
    });
    return { ...present(row!), token: tenantToken(input.tenantId, secret) };
  });
}

export async function listServiceTokens(database: Database, tenantId: string): Promise<ServiceTokenView[]> {
  const rows = await database.tenant(tenantId, (tx) => tx.select().from(serviceTokens).orderBy(desc(serviceTokens.createdAt)));
  return rows.map(present);
}

export async function revokeServiceToken(database: Database, input: { tenantId: string; id: string; actor: AuditActor; requestId?: string | undefined }) {
  await database.tenant(input.tenantId, async (tx) => {
    const [row] = await tx.select().from(serviceTokens).where(eq(serviceTokens.id, input.id));
    if (!row) throw notFound('Jeton de service introuvable.');
    if (row.revokedAt) throw conflict('Ce jeton est déjà révoqué.');
    await tx.update(serviceTokens).set({ revokedAt: new Date() }).where(eq(serviceTokens.id, input.id));
    await recordAudit(tx, input.tenantId, {
      action: 'service_token.revoked',
      actor: input.actor,
      target: { type: 'service_token', id: input.id },
      data: { name: row.name },
      requestId: input.requestId,
    });
  });
}

/**
 * A leaver's tokens (org's deactivation of an agent), in the caller's transaction: every
 * unrevoked token the agent created is revoked at once. Answers the revoked tokens' ids.
 */
export async function revokeServiceTokensCreatedBy(tx: Tx, agentId: string): Promise<string[]> {
  const rows = await tx
    .update(serviceTokens)
    .set({ revokedAt: new Date() })
    .where(and(eq(serviceTokens.createdBy, agentId), isNull(serviceTokens.revokedAt)))
    .returning({ id: serviceTokens.id });
  return rows.map((r) => r.id);
}

/** The service principal of a bearer token holding `scope`, or null. */
export async function authenticateServiceToken(database: Database, bearer: string, scope: Scope) {
  const parsed = parseTenantToken(bearer);
  if (!parsed) return null;
  return database.tenant(parsed.tenantId, async (tx) => {
    const [row] = await tx
      .update(serviceTokens)
      .set({ lastUsedAt: sql`now()` })
      .where(and(eq(serviceTokens.secretHash, sha256(parsed.secret)), isNull(serviceTokens.revokedAt), gt(serviceTokens.expiresAt, sql`now()`)))
      .returning();
    if (!row || !row.scopes.includes(scope)) return null;
    return { tenantId: parsed.tenantId, tokenId: row.id, name: row.name, scopes: row.scopes as Scope[] };
  });
}

/** For the CLI: the tenant by slug, or the operator's. */
export async function tenantIdBySlug(database: Database, slug: string | undefined): Promise<string> {
  const id = await database.operator((tx) => findTenantId(tx, slug));
  if (!id) throw notFound(`Collectivité introuvable : ${slug ?? '(opérateur)'}.`);
  return id;
}
