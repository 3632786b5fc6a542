// Every table of the schema is covered by forced row-level security, the application
// role owns nothing and bypasses nothing, and the named global exceptions are listed
// here explicitly: a new table without a policy fails this suite.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, dbError, makeAgent, makeTenant } from '../../test/index.ts';
import type { Database } from './client.ts';
import { queryRows } from './query-rows.ts';
import { agents, tenants } from './schema.ts';

/**
 * Global by nature (ARCHITECTURE.md), each with its own narrow policy, checked below:
 * what every one of its policies must mention.
 */
const GLOBAL_TABLES = new Map<string, RegExp>([
  // each tenant sees its own row; only the operator's scope sees or writes the others
  ['tenants', /app_is_operator\(\)/],
  // read before login; written only by the tenant an entry points to
  ['credential_directory', /^true $|tenant_id = app_tenant_id\(\)/],
  ['login_directory', /^true $|tenant_id = app_tenant_id\(\)/],
  // challenges exist before a tenant is known; one bound to a tenant stays in it
  ['auth_challenges', /tenant_id IS NULL/],
  // counters keyed by address or account, shared by all nodes
  ['throttle_counters', /^true true$/],
  // a guide with no tenant is shared by the operator: read by all, written by the operator
  ['guides', /tenant_id IS NULL/],
  ['guide_packages', /tenant_id IS NULL/],
  ['guide_documents', /tenant_id IS NULL/],
  ['guide_synonyms', /tenant_id IS NULL/],
]);
/**
 * Owner-only: the application role has no privilege on it at all. Row security is
 * enabled but not forced, so that an owner without BYPASSRLS reads it (migrate.ts).
 */
const OWNER_ONLY = new Set(['schema_migrations', 'schema_functions']);

describe('row-level security', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('forces RLS with a policy on every table, tenant_id-scoped unless a named exception', async () => {
    const rows = (await database.ownerQuery(`
      select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             exists (select 1 from information_schema.columns k where k.table_schema = 'public' and k.table_name = c.relname and k.column_name = 'tenant_id') as has_tenant,
             coalesce((select array_agg(coalesce(p.qual, '') || ' ' || coalesce(p.with_check, '') order by p.policyname) from pg_policies p where p.schemaname = 'public' and p.tablename = c.relname), '{}') as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
      order by 1`)) as { name: string; enabled: boolean; forced: boolean; has_tenant: boolean; policies: string[] }[];
    assert.ok(rows.length >= 8, 'the schema has its tables');
    for (const t of rows) {
      assert.ok(t.enabled, `${t.name}: row-level security enabled`);
      if (OWNER_ONLY.has(t.name)) continue;
      assert.ok(t.forced, `${t.name}: row-level security forced`);
      assert.ok(t.policies.length > 0, `${t.name}: has at least one policy`);
      const narrow = GLOBAL_TABLES.get(t.name);
      if (narrow) {
        for (const p of t.policies) assert.match(p, narrow, `${t.name}: its narrow policy`);
        continue;
      }
      assert.ok(t.has_tenant, `${t.name}: has tenant_id (or is a named global exception)`);
      for (const p of t.policies) assert.match(p, /tenant_id = app_tenant_id\(\)/, `${t.name}: policy scopes by tenant`);
    }
  });

  it('runs the application as a role that owns nothing and cannot bypass RLS', async () => {
    const [me] = await database.anonymous((tx) =>
      queryRows<{ who: string; superuser: boolean; bypass: boolean; owned: number }>(
        tx,
        sql`select current_user as who, r.rolsuper as superuser, r.rolbypassrls as bypass,
                   (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
            from pg_roles r where r.rolname = current_user`,
      ),
    );
    assert.deepEqual(me, { who: 'estran_app', superuser: false, bypass: false, owned: 0 });
  });

  it('cannot read the migrations table', async () => {
    await assert.rejects(database.anonymous((tx) => tx.execute(sql`select * from schema_migrations`)), dbError(/permission denied/));
  });

  it('shows a tenant only its own rows, and refuses writes into another tenant', async () => {
    const a = await makeTenant(database);
    const b = await makeTenant(database);
    await makeAgent(database, a.id, { email: 'claire@a.fr' });
    await makeAgent(database, b.id, { email: 'marc@b.fr' });
    const seenByA = await database.tenant(a.id, (tx) => tx.select({ email: agents.email }).from(agents));
    assert.deepEqual(seenByA.map((r) => r.email), ['claire@a.fr']);
    const tenantsSeenByA = await database.tenant(a.id, (tx) => tx.select({ id: tenants.id }).from(tenants));
    assert.deepEqual(tenantsSeenByA.map((r) => r.id), [a.id]);
    await assert.rejects(
      database.tenant(a.id, (tx) =>
        tx.insert(agents).values({ tenantId: b.id, firstName: 'X', lastName: 'Y', email: 'x@b.fr', component: 'insertion' }),
      ),
      dbError(/row-level security/),
    );
    // Without a tenant context nothing tenant-scoped is visible at all.
    const none = await database.anonymous((tx) => tx.select({ id: agents.id }).from(agents));
    assert.equal(none.length, 0);
    // Only the operator's scope creates tenants.
    await assert.rejects(
      database.tenant(a.id, (tx) => tx.insert(tenants).values({ slug: 'intrus', name: 'Intrus', kind: 'commune' })),
      dbError(/row-level security/),
    );
  });

  it('keeps the audit trail append-only for the application role', async () => {
    const t = await makeTenant(database);
    await makeAgent(database, t.id);
    await assert.rejects(database.tenant(t.id, (tx) => tx.execute(sql`update audit_events set action = 'x'`)), dbError(/permission denied/));
    await assert.rejects(database.tenant(t.id, (tx) => tx.execute(sql`delete from audit_events`)), dbError(/permission denied/));
  });
});
