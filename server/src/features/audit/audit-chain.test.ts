import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { createTestDatabase, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { auditEvents } from '../../db/schema.ts';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/query-rows.ts';
import { GENESIS_HASH, recordAudit, verifyAuditChain } from './index.ts';

async function write(database: Database, tenantId: string, n: number, action = 'test.event') {
  for (let i = 0; i < n; i++) {
    await database.tenant(tenantId, (tx) =>
      recordAudit(tx, tenantId, { action, actor: { type: 'system' }, target: { type: 'thing', id: String(i) }, data: { i, note: 'é' } }),
    );
  }
}

const reportFor = async (database: Database, tenantId: string) =>
  (await verifyAuditChain(database, { tenantId }))[0]!;

describe('audit chain', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => {
    await database.close();
  });

  it('chains each tenant’s events from the genesis hash', async () => {
    const t = await makeTenant(database);
    await write(database, t.id, 3);
    const rows = await database.tenant(t.id, (tx) => tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)));
    assert.deepEqual(rows.map((r) => r.seq), [1, 2, 3]);
    assert.equal(rows[0]!.prevHash, GENESIS_HASH);
    assert.equal(rows[1]!.prevHash, rows[0]!.hash);
    assert.equal(rows[2]!.prevHash, rows[1]!.hash);
    // The stored hash is SHA-256 of the documented JSON array (a verifier outside Estran
    // can recompute it from an export).
    const [check] = await database.tenant(t.id, (tx) =>
      queryRows<{ expected: string }>(
        tx,
        sql`select encode(sha256(convert_to(jsonb_build_array('estran-audit-v1', prev_hash, tenant_id, seq, id,
              to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor_type, actor_id, action, target_type, target_id, data, request_id)::text, 'UTF8')), 'hex') as expected
            from audit_events where tenant_id = ${t.id} and seq = 1`,
      ),
    );
    assert.equal(rows[0]!.hash, check!.expected);
    assert.match(rows[0]!.hash, /^[0-9a-f]{64}$/);
    const report = await reportFor(database, t.id);
    assert.deepEqual(report, { tenantId: t.id, tenantName: t.name, events: 3, ok: true });
  });

  it('rolls the event back with the change it records', async () => {
    const t = await makeTenant(database);
    await assert.rejects(
      database.tenant(t.id, async (tx) => {
        await recordAudit(tx, t.id, { action: 'doomed', actor: { type: 'system' } });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    const rows = await database.tenant(t.id, (tx) => tx.select().from(auditEvents));
    assert.equal(rows.length, 0);
    await write(database, t.id, 1);
    assert.equal((await reportFor(database, t.id)).ok, true);
  });

  it('keeps one gapless chain per tenant under concurrent writers', async () => {
    const a = await makeTenant(database);
    const b = await makeTenant(database);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        database.tenant(a.id, (tx) => recordAudit(tx, a.id, { action: 'a', actor: { type: 'system' }, data: { i } })),
      ),
      ...Array.from({ length: 10 }, (_, i) =>
        database.tenant(b.id, (tx) => recordAudit(tx, b.id, { action: 'b', actor: { type: 'system' }, data: { i } })),
      ),
    ]);
    for (const t of [a, b]) {
      const report = await reportFor(database, t.id);
      assert.equal(report.ok, true);
      assert.equal(report.events, 10);
    }
  });

  it('names the first row whose content was changed', async () => {
    const t = await makeTenant(database);
    await write(database, t.id, 4);
    const [third] = await database.tenant(t.id, (tx) =>
      tx.select().from(auditEvents).where(eq(auditEvents.seq, 3)),
    );
    await database.ownerQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      UPDATE audit_events SET data = '{"i": 99}' WHERE tenant_id = '${t.id}' AND seq = 3;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const report = await reportFor(database, t.id);
    assert.equal(report.ok, false);
    assert.equal(report.broken!.seq, 3);
    assert.equal(report.broken!.id, third!.id);
    assert.match(report.broken!.reason, /modifié/);
  });

  it('detects a removed row and a truncated tail', async () => {
    const t = await makeTenant(database);
    await write(database, t.id, 5);
    await database.ownerQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      DELETE FROM audit_events WHERE tenant_id = '${t.id}' AND seq = 2;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const gap = await reportFor(database, t.id);
    assert.equal(gap.ok, false);
    assert.equal(gap.broken!.seq, 2);
    assert.match(gap.broken!.reason, /manquant/);

    const u = await makeTenant(database);
    await write(database, u.id, 5);
    await database.ownerQuery(`
      ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update;
      DELETE FROM audit_events WHERE tenant_id = '${u.id}' AND seq >= 4;
      ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update;`);
    const tail = await reportFor(database, u.id);
    assert.equal(tail.ok, false);
    assert.equal(tail.broken!.seq, 4);
    assert.match(tail.broken!.reason, /fin de chaîne/);
  });

  it('refuses updates and deletes even from the schema owner (trigger)', async () => {
    const t = await makeTenant(database);
    await write(database, t.id, 1);
    await assert.rejects(database.ownerQuery(`UPDATE audit_events SET action = 'x' WHERE tenant_id = '${t.id}'`), /append-only/);
    await assert.rejects(database.ownerQuery(`DELETE FROM audit_events WHERE tenant_id = '${t.id}'`), /append-only/);
  });
});
