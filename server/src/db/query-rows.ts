import type { SQL } from 'drizzle-orm';
import type { Db, Tx } from './client.ts';

/** Raw SQL (in a transaction or not), typed rows. PGlite and node-postgres both answer `{ rows }`. */
export async function queryRows<T>(tx: Tx | Db, query: SQL): Promise<T[]> {
  const result = (await tx.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
