// A row refers to rows of its own tenant only, in the database itself (issue 15, finding
// 8; migration 0007): every foreign key between tenant-scoped tables has a composite
// (tenant_id, …) twin, so a new table that forgets one fails here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, makeAgent, makeTenant } from '../../test/index.ts';
import type { Database } from './client.ts';

describe('references between tenant-scoped rows', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  it('pair every foreign key between tenant-scoped tables with a (tenant_id, …) key', async () => {
    const rows = (await database.ownerQuery(`
      select c.conrelid::regclass::text as tbl, a.attname as col, c.confrelid::regclass::text as ref,
             exists (select 1 from pg_constraint t
                      where t.contype = 'f' and t.conrelid = c.conrelid and t.confrelid = c.confrelid
                        and array_length(t.conkey, 1) = 2
                        and t.conkey @> array[c.conkey[1], (select attnum from pg_attribute where attrelid = c.conrelid and attname = 'tenant_id')]) as paired
        from pg_constraint c
        join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
       where c.contype = 'f' and array_length(c.conkey, 1) = 1 and a.attname <> 'tenant_id'
         and exists (select 1 from pg_attribute t where t.attrelid = c.conrelid and t.attname = 'tenant_id')
         and exists (select 1 from pg_attribute t where t.attrelid = c.confrelid and t.attname = 'tenant_id')
       order by 1, 2`)) as { tbl: string; col: string; ref: string; paired: boolean }[];
    assert.ok(rows.length >= 20, 'the schema has its references');
    for (const r of rows) {
      // A guide with no tenant is shared with every tenant: its references stay single.
      if (r.ref === 'guides') continue;
      assert.ok(r.paired, `${r.tbl}.${r.col} → ${r.ref} has a (tenant_id, ${r.col}) twin`);
    }
  });

  it('refuses a session of one tenant pointing at another tenant’s agent, even from the owner', async () => {
    const a = await makeTenant(database);
    const b = await makeTenant(database);
    const own = await makeAgent(database, a.id);
    const foreign = await makeAgent(database, b.id);
    const insert = (agentId: string, n: number) =>
      database.ownerQuery(`insert into sessions (tenant_id, agent_id, secret_hash, csrf_token, trust, method, authenticated_at, idle_timeout_ms, expires_at)
                           values ('${a.id}', '${agentId}', '\\x0${n}', 'x', 'managed', 'security-key', now(), 60000, now() + interval '1 hour')`);
    await insert(own.id, 1); // the same row for the tenant's own agent is accepted
    await assert.rejects(insert(foreign.id, 2), /sessions_agent_id_same_tenant/);
  });
});
