// Recomputes every tenant's audit chain and names the first broken row: a changed field
// (hash mismatch), a removed or inserted row (sequence gap or previous-hash mismatch), or
// a truncated tail (the chain head records a later event than the last row).
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { auditEvents, auditHeads, tenants } from '../../db/schema/index.ts';
import { GENESIS_HASH, hashEvent } from './hash-event.ts';

export type ChainReport = {
  tenantId: string;
  tenantName: string;
  events: number;
  ok: boolean;
  broken?: { seq: number; id: string | null; reason: string };
};

const BATCH = 2000;

export async function verifyAuditChain(
  database: Database,
  options: { tenantId?: string; onProgress?: (done: number) => void } = {},
): Promise<ChainReport[]> {
  const list = await database.operator((tx) =>
    tx.select({ id: tenants.id, name: tenants.name }).from(tenants).orderBy(asc(tenants.createdAt)),
  );
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
        const rows = await tx
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.tenantId, t.id), gt(auditEvents.seq, expectedSeq - 1)))
          .orderBy(asc(auditEvents.seq))
          .limit(BATCH);
        for (const r of rows) {
          if (r.seq !== expectedSeq) {
            return fail(expectedSeq, null, `événement ${expectedSeq} manquant (suivant trouvé : ${r.seq})`);
          }
          if (r.prevHash !== prevHash) {
            return fail(r.seq, r.id, 'empreinte précédente incohérente (ligne insérée ou remplacée)');
          }
          const recomputed = hashEvent(prevHash, {
            tenantId: r.tenantId,
            seq: r.seq,
            id: r.id,
            at: r.at,
            actorType: r.actorType,
            actorId: r.actorId,
            action: r.action,
            targetType: r.targetType,
            targetId: r.targetId,
            data: r.data,
            requestId: r.requestId,
          });
          if (recomputed !== r.hash) return fail(r.seq, r.id, 'contenu modifié (empreinte recalculée différente)');
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
