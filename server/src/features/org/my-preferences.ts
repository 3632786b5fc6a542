// The agent's own preferences, set in « Mon compte » (GET / PUT /api/org/me/preferences):
// today the interface language, which the web client switches to after login. A change
// is audited like an administrator's, with the agent as actor.
import { eq } from 'drizzle-orm';
import type { MyPreferences } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { agents } from './schema.ts';

export async function readMyPreferences(database: Database, input: { tenantId: string; agentId: string }): Promise<MyPreferences> {
  const [row] = await database.tenant(input.tenantId, (tx) =>
    tx.select({ preferredLanguage: agents.preferredLanguage }).from(agents).where(eq(agents.id, input.agentId)),
  );
  return { preferredLanguage: row?.preferredLanguage ?? null };
}

export async function updateMyPreferences(
  database: Database,
  input: { tenantId: string; agentId: string; preferences: MyPreferences; actor: AuditActor; requestId?: string | undefined },
): Promise<MyPreferences> {
  return database.tenant(input.tenantId, async (tx) => {
    const [row] = await tx.select({ preferredLanguage: agents.preferredLanguage }).from(agents).where(eq(agents.id, input.agentId));
    const before = row?.preferredLanguage ?? null;
    if (before !== input.preferences.preferredLanguage) {
      await tx.update(agents).set({ preferredLanguage: input.preferences.preferredLanguage, updatedAt: new Date() }).where(eq(agents.id, input.agentId));
      await recordAudit(tx, input.tenantId, {
        action: 'agent.preferences_changed',
        actor: input.actor,
        target: { type: 'agent', id: input.agentId },
        data: { changes: { preferredLanguage: { before, after: input.preferences.preferredLanguage } } },
        requestId: input.requestId,
      });
    }
    return { preferredLanguage: input.preferences.preferredLanguage };
  });
}
