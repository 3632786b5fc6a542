import type { Database } from '../../db/client.ts';
import { openGuide } from './guide-index.ts';

export async function searchGuide(database: Database, input: { tenantId: string; guide?: string | undefined; q: string; at: string; limit: number }) {
  const { index } = await openGuide(database, input.tenantId, input.guide);
  return { results: index ? index.search.search(input.q, { at: input.at, limit: input.limit }) : [] };
}
