// Many agents created and changed at once, in the caller's tenant transaction (the
// directory's bulk import and LDAP sync, features/directory): the caller has checked
// every record against readDirectory's snapshot (unique e-mails and external ids, units
// and sites of the tenant, roles it may give); the database's unique indexes and CHECKs
// hold again here. Each created agent is audited as agent.created and each changed one
// as agent.updated with the fields before and after — the same events as the forms —
// appended as one batch before COMMIT (audit's recordAudit).
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import type { DirectoryAgent } from './read-directory.ts';
import { agents } from './schema.ts';

/** The fields a directory source sets on an agent. */
export type DirectoryAgentFields = Omit<DirectoryAgent, 'id' | 'status'>;
export const directoryAgentFieldNames = [
  'email',
  'firstName',
  'lastName',
  'component',
  'unitId',
  'siteId',
  'roles',
  'professionalPhone',
  'mobilePhone',
  'externalId',
] as const satisfies readonly (keyof DirectoryAgentFields)[];

/** Rows a statement carries at once (PostgreSQL's 65,535 bind parameters, 11 columns a row). */
const CHUNK = 2000;

export async function bulkUpsertAgents(
  tx: Tx,
  tenantId: string,
  input: {
    create: DirectoryAgentFields[];
    update: { before: DirectoryAgent; after: DirectoryAgentFields }[];
    actor: AuditActor;
    /** Said in each event's data: `import` (a file) or `ldap`. */
    source: string;
    requestId?: string | undefined;
  },
): Promise<{ created: string[]; updated: string[] }> {
  const created: string[] = [];
  for (let i = 0; i < input.create.length; i += CHUNK) {
    const chunk = input.create.slice(i, i + CHUNK);
    const rows = await tx
      .insert(agents)
      .values(chunk.map((a) => ({ tenantId, ...a })))
      .returning({ id: agents.id });
    for (const [j, row] of rows.entries()) {
      created.push(row.id);
      await recordAudit(tx, tenantId, {
        action: 'agent.created',
        actor: input.actor,
        target: { type: 'agent', id: row.id },
        data: { ...chunk[j], source: input.source },
        requestId: input.requestId,
      });
    }
  }

  const updated: string[] = [];
  for (let i = 0; i < input.update.length; i += CHUNK) {
    const chunk = input.update.slice(i, i + CHUNK);
    const json = JSON.stringify(
      chunk.map(({ before, after }) => ({
        id: before.id,
        email: after.email,
        first_name: after.firstName,
        last_name: after.lastName,
        component: after.component,
        unit_id: after.unitId,
        site_id: after.siteId,
        roles: after.roles,
        professional_phone: after.professionalPhone,
        mobile_phone: after.mobilePhone,
        external_id: after.externalId,
      })),
    );
    // One statement a chunk: the new values as a JSON record set joined on the id.
    await tx.execute(sql`
      UPDATE agents AS a SET
        email = v.email, first_name = v.first_name, last_name = v.last_name, component = v.component,
        unit_id = v.unit_id, site_id = v.site_id, roles = v.roles, professional_phone = v.professional_phone,
        mobile_phone = v.mobile_phone, external_id = v.external_id, updated_at = now()
      FROM jsonb_to_recordset(${json}::jsonb) AS v(
        id uuid, email text, first_name text, last_name text, component text, unit_id uuid, site_id uuid,
        roles text[], professional_phone text, mobile_phone text, external_id text)
      WHERE a.id = v.id`);
    for (const { before, after } of chunk) {
      updated.push(before.id);
      const changes: Record<string, { before: unknown; after: unknown }> = {};
      for (const f of directoryAgentFieldNames) {
        if (JSON.stringify(before[f]) !== JSON.stringify(after[f])) changes[f] = { before: before[f], after: after[f] };
      }
      await recordAudit(tx, tenantId, {
        action: 'agent.updated',
        actor: input.actor,
        target: { type: 'agent', id: before.id },
        data: { changes, source: input.source },
        requestId: input.requestId,
      });
    }
  }
  return { created, updated };
}
