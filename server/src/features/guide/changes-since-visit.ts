// What changed in the guide since the agent's last visit: the articles that bulletins
// applied after it (import time, what the agent has not seen) added, changed or removed,
// each with the date of the text they last saw, for a word-level diff.
import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { ChangesSinceVisit } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { guideDocuments, guidePackages, guideVisits } from './schema.ts';
import { openGuide } from './guide-index.ts';

/** At most this many articles are listed; the bulletin pages hold the rest. */
export const CHANGES_SHOWN = 200;

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

export async function changesSinceVisit(database: Database, input: { tenantId: string; agentId: string | null; guide?: string | undefined }): Promise<ChangesSinceVisit> {
  const { guide, index } = await openGuide(database, input.tenantId, input.guide);
  return database.tenant(input.tenantId, async (tx) => {
    const ofAgent = input.agentId ? and(eq(guideVisits.agentId, input.agentId), eq(guideVisits.guideId, guide.id)) : undefined;
    const [visit] = ofAgent ? await tx.select({ at: guideVisits.lastVisitAt }).from(guideVisits).where(ofAgent) : [];
    if (!visit) return { since: null, total: 0, items: [] };
    const since = visit.at.toISOString();
    const lastVisit = tx.select({ at: guideVisits.lastVisitAt }).from(guideVisits).where(ofAgent);
    const bulletins = await tx
      .select({ id: guidePackages.id, published: guidePackages.published })
      .from(guidePackages)
      // Compared in SQL: a JavaScript Date keeps milliseconds, timestamptz microseconds.
      .where(and(eq(guidePackages.guideId, guide.id), eq(guidePackages.kind, 'update'), gt(guidePackages.importedAt, lastVisit)))
      .orderBy(asc(guidePackages.published));
    if (bulletins.length === 0) return { since, total: 0, items: [] };

    const dates = bulletins.map((b) => b.published);
    const articles = and(eq(guideDocuments.guideId, guide.id), eq(guideDocuments.kind, 'article'));
    const columns = { path: guideDocuments.path, number: guideDocuments.number, heading: guideDocuments.heading, validFrom: guideDocuments.validFrom, validTo: guideDocuments.validTo };
    // Versions these bulletins started, and versions they ended.
    const brought = await tx.select(columns).from(guideDocuments).where(and(articles, inArray(guideDocuments.packageId, bulletins.map((b) => b.id))));
    const ended = await tx.select(columns).from(guideDocuments).where(and(articles, inArray(guideDocuments.validTo, dates)));

    type Row = (typeof brought)[number];
    const byPath = new Map<string, { brought: Row[]; ended: Row[] }>();
    const entry = (path: string) => byPath.get(path) ?? byPath.set(path, { brought: [], ended: [] }).get(path)!;
    for (const r of brought) entry(r.path).brought.push(r);
    for (const r of ended) entry(r.path).ended.push(r);

    const items: ChangesSinceVisit['items'] = [];
    for (const [path, { brought: started, ended: stopped }] of byPath) {
      // What the agent saw: the version in force before the first of these bulletins —
      // one they ended but did not start.
      const seen = stopped.find((v) => !dates.includes(v.validFrom)) ?? null;
      const latestStart = started.reduce<Row | null>((a, v) => (a && a.validFrom > v.validFrom ? a : v), null);
      const inForce = latestStart !== null && latestStart.validTo === null;
      // Came and went between two visits: nothing to show.
      if (!seen && !inForce) continue;
      const latest = [...started.map((v) => v.validFrom), ...stopped.map((v) => v.validTo!)].sort().at(-1)!;
      const shown = latestStart ?? seen!;
      items.push({
        path,
        number: shown.number ?? '',
        title: index?.titles.get(path) ?? shown.heading,
        change: !seen ? 'added' : inForce ? 'changed' : 'removed',
        bulletin: latest,
        before: seen ? dayBefore(seen.validTo!) : null,
      });
    }
    items.sort((a, b) => b.bulletin.localeCompare(a.bulletin) || a.number.localeCompare(b.number, 'fr', { numeric: true }));
    return { since, total: items.length, items: items.slice(0, CHANGES_SHOWN) };
  });
}
