// The tenant's LDAP / Active Directory settings (GET and PUT /api/admin/directory/ldap).
// The bind password is write-only: sealed with the server's secret key for this tenant and
// purpose (platform/secrets.ts), so a sealed value copied to another tenant's row does not
// open; it is never answered (bindPasswordSet says whether one is stored), never audited,
// never logged. The schedule becomes a durable pg-boss schedule keyed by tenant.
import { eq } from 'drizzle-orm';
import type { LdapConfig, LdapConfigInput, LdapMapping, LdapSchedule } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import type { SecretKeyring } from '../../platform/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { directoryLdapConfigs } from './ldap-schema.ts';
import { ensureLdapWorker, LDAP_SYNC_QUEUE, type LdapDeps } from './ldap-worker.ts';

export const ldapBindPasswordContext = (tenantId: string) => `directory.ldap-bind-password:${tenantId}`;

const defaultMapping: LdapMapping = {
  externalId: 'uid',
  firstName: 'givenName',
  lastName: 'sn',
  email: 'mail',
  professionalPhone: 'telephoneNumber',
  mobilePhone: 'mobile',
  unit: 'department',
  component: null,
  defaultComponent: 'general_social_work',
  groups: 'memberOf',
  groupRoles: [],
};

type Row = typeof directoryLdapConfigs.$inferSelect;

function view(row: Row | undefined): LdapConfig {
  if (!row) {
    return {
      configured: false,
      url: '',
      bindDn: '',
      bindPasswordSet: false,
      baseDn: '',
      filter: '(objectClass=inetOrgPerson)',
      tls: 'starttls',
      caCertificate: null,
      schedule: 'off',
      mapping: defaultMapping,
      updatedAt: null,
    };
  }
  return {
    configured: true,
    url: row.url,
    bindDn: row.bindDn,
    bindPasswordSet: row.bindPasswordSealed !== null,
    baseDn: row.baseDn,
    filter: row.filter,
    tls: row.tls,
    caCertificate: row.caCertificate,
    schedule: row.schedule,
    mapping: { ...defaultMapping, ...row.mapping },
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function readLdapConfig(database: Database, tenantId: string): Promise<LdapConfig> {
  const [row] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs).where(eq(directoryLdapConfigs.tenantId, tenantId)));
  return view(row);
}

/**
 * The cron of a tenant's schedule (Europe/Paris): at a minute of the hour drawn from the
 * tenant's id, so hundreds of tenants of an operator do not all query their directories
 * at :00; daily at 02:MM, outside office hours.
 */
export function ldapCron(tenantId: string, schedule: Exclude<LdapSchedule, 'off'>): string {
  const minute = Number.parseInt(tenantId.replace(/-/g, '').slice(-4), 16) % 60;
  return schedule === 'hourly' ? `${minute} * * * *` : `${minute} 2 * * *`;
}

export async function updateLdapConfig(
  deps: LdapDeps,
  input: { tenantId: string; config: LdapConfigInput; actor: AuditActor; requestId?: string | undefined },
): Promise<LdapConfig> {
  const { tenantId, config } = input;
  const sealed = config.bindPassword !== undefined ? deps.secrets.seal(config.bindPassword, ldapBindPasswordContext(tenantId)) : undefined;
  const row = await deps.database.tenant(tenantId, async (tx) => {
    const [before] = await tx.select().from(directoryLdapConfigs).where(eq(directoryLdapConfigs.tenantId, tenantId)).for('update');
    const values = {
      url: config.url,
      bindDn: config.bindDn,
      baseDn: config.baseDn,
      filter: config.filter,
      tls: config.tls,
      caCertificate: config.caCertificate ?? null,
      schedule: config.schedule,
      mapping: config.mapping,
      updatedAt: new Date(),
      ...(sealed !== undefined ? { bindPasswordSealed: sealed } : {}),
    };
    const [after] = await tx
      .insert(directoryLdapConfigs)
      .values({ tenantId, ...values })
      .onConflictDoUpdate({ target: directoryLdapConfigs.tenantId, set: values })
      .returning();
    // Before and after without the password: only whether it changed.
    const shown = (r: Row | undefined) =>
      r && { url: r.url, bindDn: r.bindDn, baseDn: r.baseDn, filter: r.filter, tls: r.tls, caCertificate: r.caCertificate !== null, schedule: r.schedule, mapping: r.mapping };
    await recordAudit(tx, tenantId, {
      action: 'directory.ldap.updated',
      actor: input.actor,
      target: { type: 'tenant', id: tenantId },
      data: { before: shown(before) ?? null, after: shown(after), bindPasswordChanged: sealed !== undefined },
      requestId: input.requestId,
    });
    return after!;
  });
  if (config.schedule === 'off') {
    await deps.jobs.unschedule(LDAP_SYNC_QUEUE, tenantId);
  } else {
    await ensureLdapWorker(deps);
    await deps.jobs.schedule(LDAP_SYNC_QUEUE, tenantId, ldapCron(tenantId, config.schedule), { tenantId, trigger: 'schedule' });
  }
  return view(row);
}

/** The stored settings with the bind password opened, for a run (null: none set). */
export async function ldapSettingsForRun(database: Database, secrets: SecretKeyring, tenantId: string) {
  const [row] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapConfigs).where(eq(directoryLdapConfigs.tenantId, tenantId)));
  if (!row) return null;
  const bindPassword = row.bindPasswordSealed ? secrets.openString(row.bindPasswordSealed, ldapBindPasswordContext(tenantId)) : null;
  return { ...view(row), bindPassword };
}
