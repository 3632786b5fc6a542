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

/** Rows a statement carries at once (one JSON parameter each: a few MB at most). */
const CHUNK = 5000;

/** An agent's fields as the statements' JSON record sets carry them (snake_case, as the columns). */
const row = (a: DirectoryAgentFields) => ({
  email: a.email,
  first_name: a.firstName,
  last_name: a.lastName,
  component: a.component,
  unit_id: a.unitId,
  site_id: a.siteId,
  roles: a.roles,
  professional_phone: a.professionalPhone,
  mobile_phone: a.mobilePhone,
  external_id: a.externalId,
});
const recordColumns = sql.raw(
  'email text, first_name text, last_name text, component text, unit_id uuid, site_id uuid, roles text[], professional_phone text, mobile_phone text, external_id text',
);

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
    const byLogin = new Map(chunk.map((a) => [a.email.toLowerCase(), a]));
    // One statement a chunk, its rows as one JSON parameter (PGlite parses one parameter
    // much faster than 11 a row); ids come back with the e-mail, unique in the tenant.
    const rows = await tx.execute(sql`
      INSERT INTO agents (tenant_id, email, first_name, last_name, component, unit_id, site_id, roles, professional_phone, mobile_phone, external_id)
      SELECT ${tenantId}::uuid, v.email, v.first_name, v.last_name, v.component, v.unit_id, v.site_id, v.roles, v.professional_phone, v.mobile_phone, v.external_id
      FROM jsonb_to_recordset(${JSON.stringify(chunk.map(row))}::jsonb) AS v(${recordColumns})
      RETURNING id, lower(email) AS login`);
    for (const r of (rows as unknown as { rows: { id: string; login: string }[] }).rows) {
      created.push(r.id);
      await recordAudit(tx, tenantId, {
        action: 'agent.created',
        actor: input.actor,
        target: { type: 'agent', id: r.id },
        data: { ...byLogin.get(r.login), source: input.source },
        requestId: input.requestId,
      });
    }
  }

  const updated: string[] = [];
  for (let i = 0; i < input.update.length; i += CHUNK) {
    const chunk = input.update.slice(i, i + CHUNK);
    const json = JSON.stringify(chunk.map(({ before, after }) => ({ id: before.id, ...row(after) })));
    // One statement a chunk: the new values as a JSON record set joined on the id.
    await tx.execute(sql`
      UPDATE agents AS a SET
        email = v.email, first_name = v.first_name, last_name = v.last_name, component = v.component,
        unit_id = v.unit_id, site_id = v.site_id, roles = v.roles, professional_phone = v.professional_phone,
        mobile_phone = v.mobile_phone, external_id = v.external_id, updated_at = now()
      FROM jsonb_to_recordset(${json}::jsonb) AS v(id uuid, ${recordColumns})
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
