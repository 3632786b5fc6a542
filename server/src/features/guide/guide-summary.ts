// The guide's front page for one agent: its packages (what each bulletin changed) and
// the agent's previous visit, which the "changed since your last visit" markers use.
import { and, desc, eq } from 'drizzle-orm';
import type { GuideSummary } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guidePackages, guideVisits } from './schema.ts';
import { findGuide } from './find-guide.ts';

export async function guideSummary(database: Database, input: { tenantId: string; agentId: string | null; guide?: string | undefined }): Promise<GuideSummary> {
  return database.tenant(input.tenantId, async (tx) => {
    const guide = await findGuide(tx, input.tenantId, input.guide);
    const packages = await tx.select().from(guidePackages).where(eq(guidePackages.guideId, guide.id)).orderBy(desc(guidePackages.published));
    const [visit] = input.agentId
      ? await tx
          .select({ at: guideVisits.lastVisitAt })
          .from(guideVisits)
          .where(and(eq(guideVisits.agentId, input.agentId), eq(guideVisits.guideId, guide.id)))
      : [];
    return {
      slug: guide.slug,
      name: guide.name,
      shared: guide.tenantId === null,
      current: packages[0]?.published ?? null,
      packages: packages.map((p) => {
        const r = p.report as { added?: number; changed?: number; removed?: number };
        return {
          kind: p.kind,
          published: p.published,
          importedAt: p.importedAt.toISOString(),
          references: p.references,
          added: r.added ?? 0,
          changed: r.changed ?? 0,
          removed: r.removed ?? 0,
        };
      }),
      lastVisit: visit?.at.toISOString() ?? null,
    };
  });
}

export async function recordVisit(database: Database, input: { tenantId: string; agentId: string; guide?: string | undefined }): Promise<void> {
  await database.tenant(input.tenantId, async (tx) => {
    const guide = await findGuide(tx, input.tenantId, input.guide);
    await tx
      .insert(guideVisits)
      .values({ tenantId: input.tenantId, agentId: input.agentId, guideId: guide.id, lastVisitAt: new Date() })
      .onConflictDoUpdate({ target: [guideVisits.tenantId, guideVisits.agentId, guideVisits.guideId], set: { lastVisitAt: new Date() } });
  });
}
