// The viewer's chain status: the tenant's chain recomputed by verifyAuditChain (the same
// check as `estran audit verify`), as the endpoint answers it.
import type { AuditVerification } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { verifyAuditChain } from './verify-audit-chain.ts';

export async function verifyTenantChain(database: Database, tenantId: string): Promise<AuditVerification> {
  const [report] = await verifyAuditChain(database, { tenantId });
  if (!report) return { ok: true, checked: 0 };
  return { ok: report.ok, checked: report.events, ...(report.broken ? { firstBroken: report.broken } : {}) };
}
