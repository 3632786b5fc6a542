// `estran secret rotate --reseal` (platform/secrets.ts, registerResealer): the tenants'
// LDAP bind passwords sealed by an older key are sealed again with the active one, each in
// its tenant's transaction with an audit entry (never the password).
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import { registerResealer, type Resealer, type SecretKeyring } from '../../platform/secrets.ts';
import { recordAudit } from '../audit/index.ts';
import { tenantsByCreation } from '../org/index.ts';
import { ldapBindPasswordContext } from './ldap-config.ts';
import { directoryLdapConfigs } from './ldap-schema.ts';

export const ldapBindPasswordResealer: Resealer = {
  name: 'directory.ldap-bind-password',
  async reseal(keyring: SecretKeyring, database: Database): Promise<number> {
    const tenantIds = (await database.operator((tx) => tenantsByCreation(tx))).map((t) => t.id);
    let resealed = 0;
    for (const tenantId of tenantIds) {
      resealed += await database.tenant(tenantId, async (tx) => {
        const [row] = await tx.select().from(directoryLdapConfigs).where(eq(directoryLdapConfigs.tenantId, tenantId)).for('update');
        if (!row?.bindPasswordSealed || !keyring.needsReseal(row.bindPasswordSealed)) return 0;
        const sealed = keyring.reseal(row.bindPasswordSealed, ldapBindPasswordContext(tenantId));
        await tx.update(directoryLdapConfigs).set({ bindPasswordSealed: sealed }).where(eq(directoryLdapConfigs.tenantId, tenantId));
        await recordAudit(tx, tenantId, {
          action: 'directory.ldap.resealed',
          actor: { type: 'cli' },
          target: { type: 'tenant', id: tenantId },
          data: { keyId: keyring.activeKeyId },
        });
        return 1;
      });
    }
    return resealed;
  },
};
registerResealer(ldapBindPasswordResealer);
