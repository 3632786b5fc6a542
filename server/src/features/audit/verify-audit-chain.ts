// Recomputes every tenant's audit chain and names the first broken row: a changed field
// (hash mismatch), a removed or inserted row (sequence gap or previous-hash mismatch), or
// a truncated tail (the chain head records a later event than the last row). The hash
// is recomputed by audit_event_hash, the function that wrote it (db/functions/audit_chain.sql).
import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { queryRows } from '../../db/query-rows.ts';
import { tenantsByCreation } from '../org/index.ts';
import { auditHeads } from './schema.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainReport = {
  tenantId: string;
  tenantName: string;
  events: number;
  ok: boolean;
  broken?: { seq: number; id: string | null; reason: string };
};

const BATCH = 5000;

export async function verifyAuditChain(
  database: Database,
  options: { tenantId?: string; onProgress?: (done: number) => void } = {},
): Promise<ChainReport[]> {
  const list = await database.operator((tx) => tenantsByCreation(tx));
  const reports: ChainReport[] = [];
  let done = 0;
  for (const t of list) {
    if (options.tenantId && t.id !== options.tenantId) continue;
    const report = await database.tenant(t.id, async (tx) => {
      let prevHash = GENESIS_HASH;
      let expectedSeq = 1;
      const fail = (seq: number, id: string | null, reason: string): ChainReport => ({
        tenantId: t.id,
        tenantName: t.name,
        events: expectedSeq - 1,
        ok: false,
        broken: { seq, id, reason },
      });
      for (;;) {
        const rows = await queryRows<{ seq: string; id: string; prev_hash: string; hash: string; recomputed: string }>(
          tx,
          sql`select seq, id, prev_hash, hash,
                     audit_event_hash(prev_hash, tenant_id, seq, id, at, actor_type, actor_id, action, target_type, target_id, data, request_id) as recomputed
              from audit_events where tenant_id = ${t.id} and seq >= ${expectedSeq} order by seq limit ${BATCH}`,
        );
        for (const r of rows) {
          const seq = Number(r.seq);
          if (seq !== expectedSeq) return fail(expectedSeq, null, `événement ${expectedSeq} manquant (suivant trouvé : ${seq})`);
          if (r.prev_hash !== prevHash) return fail(seq, r.id, 'empreinte précédente incohérente (ligne insérée ou remplacée)');
          if (r.recomputed !== r.hash) return fail(seq, r.id, 'contenu modifié (empreinte recalculée différente)');
          prevHash = r.hash;
          expectedSeq += 1;
        }
        done += rows.length;
        options.onProgress?.(done);
        if (rows.length < BATCH) break;
      }
      const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.tenantId, t.id));
      const last = expectedSeq - 1;
      if (head && (head.seq !== last || head.hash !== prevHash)) {
        return fail(last + 1, null, `fin de chaîne supprimée (la tête annonce ${head.seq} événements, ${last} trouvés)`);
      }
      if (!head && last > 0) return fail(1, null, 'tête de chaîne absente');
      return { tenantId: t.id, tenantName: t.name, events: last, ok: true };
    });
    reports.push(report);
  }
  return reports;
}
