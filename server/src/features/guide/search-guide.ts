import type { Database } from '../../db/client.ts';
import { findGuide } from './find-guide.ts';
import { guideIndex } from './guide-index.ts';

export async function searchGuide(database: Database, input: { tenantId: string; guide?: string | undefined; q: string; at: string; limit: number }) {
  return database.tenant(input.tenantId, async (tx) => {
    const guide = await findGuide(tx, input.tenantId, input.guide);
    const index = await guideIndex(tx, guide.id);
    return { results: index ? index.search.search(input.q, { at: input.at, limit: input.limit }) : [] };
  });
}
