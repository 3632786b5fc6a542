// An administrator creates a unit (POST /api/admin/units): at the root or under an open
// unit of the tenant, with a code no other unit of the tenant has. Audited in the same
// transaction.
import type { CreateUnitBody } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { units } from './schema.ts';
import { asCodeConflict, checkUnitCode, openUnit } from './unit-rules.ts';

export async function createUnit(
  database: Database,
  input: { tenantId: string; unit: CreateUnitBody; actor: AuditActor; requestId?: string | undefined },
): Promise<{ id: string }> {
  const { name, code, kind } = input.unit;
  const parentId = input.unit.parentId ?? null;
  return database
    .tenant(input.tenantId, async (tx) => {
      if (parentId) await openUnit(tx, parentId, 'parent');
      await checkUnitCode(tx, code);
      const [row] = await tx.insert(units).values({ tenantId: input.tenantId, name, code, kind, parentId }).returning({ id: units.id });
      await recordAudit(tx, input.tenantId, {
        action: 'unit.created',
        actor: input.actor,
        target: { type: 'unit', id: row!.id },
        data: { name, code, kind, parentId },
        requestId: input.requestId,
      });
      return { id: row!.id };
    })
    .catch((error: unknown) => asCodeConflict(error, code));
}
