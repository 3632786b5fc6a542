// `estran seed-demo`: a realistic département, the same for the same seed, only into an
// empty tenant, audited.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { asc, eq } from 'drizzle-orm';
import { components, roles } from '@estran/contracts';
import { createTestDatabase, makeTenant } from '../../../test/index.ts';
import type { Database } from '../../db/client.ts';
import { agents, auditEvents, sites, units } from '../../db/schema.ts';
import { HttpError } from '../../platform/http-errors.ts';
import { seedDemo } from './seed-demo.ts';

describe('seed-demo', () => {
  let database: Database;
  before(async () => {
    database = await createTestDatabase();
  });
  after(async () => database.close());

  const contents = (tenantId: string) =>
    database.tenant(tenantId, async (tx) => ({
      units: await tx.select().from(units),
      sites: await tx.select().from(sites),
      agents: await tx.select().from(agents).orderBy(asc(agents.email)),
      audit: await tx.select().from(auditEvents).orderBy(asc(auditEvents.seq)),
    }));

  const countBy = <T>(rows: T[], key: (row: T) => string) => {
    const out: Record<string, number> = {};
    for (const r of rows) out[key(r)] = (out[key(r)] ?? 0) + 1;
    return out;
  };

  describe('the default département (900 agents)', () => {
    let tenant: { id: string; slug: string; name: string };
    let report: Awaited<ReturnType<typeof seedDemo>>;
    let data: Awaited<ReturnType<typeof contents>>;

    before(async () => {
      tenant = await makeTenant(database);
      report = await seedDemo(database, { tenantSlug: tenant.slug });
      data = await contents(tenant.id);
    });

    it('reports what it wrote, into the tenant named', () => {
      assert.deepEqual(report, {
        tenantId: tenant.id,
        tenantSlug: tenant.slug,
        tenantName: tenant.name,
        units: 61,
        sites: 90,
        agents: 900,
        nomadic: 400,
      });
    });

    it('writes 61 units: one direction, 12 territorial units, 48 teams, as a tree', () => {
      assert.equal(data.units.length, 61);
      assert.deepEqual(countBy(data.units, (u) => u.kind), { direction: 1, territorial: 12, team: 48 });
      const byId = new Map(data.units.map((u) => [u.id, u]));
      const direction = data.units.find((u) => u.kind === 'direction')!;
      assert.equal(direction.parentId, null);
      for (const u of data.units.filter((x) => x.kind === 'territorial')) assert.equal(u.parentId, direction.id);
      for (const u of data.units.filter((x) => x.kind === 'team')) assert.equal(byId.get(u.parentId!)?.kind, 'territorial');
      for (const t of data.units.filter((x) => x.kind === 'territorial')) {
        assert.equal(data.units.filter((u) => u.parentId === t.id).length, 4, `${t.name} has 4 teams`);
      }
      assert.equal(new Set(data.units.map((u) => u.code)).size, 61, 'unit codes are unique');
    });

    it('writes 90 sites: 12 offices, 72 permanences, 6 telecentres', () => {
      assert.equal(data.sites.length, 90);
      assert.deepEqual(countBy(data.sites, (s) => s.kind), { office: 12, permanence: 72, telecentre: 6 });
      const territorial = new Set(data.units.filter((u) => u.kind === 'territorial').map((u) => u.id));
      for (const s of data.sites.filter((x) => x.kind !== 'telecentre')) assert.ok(territorial.has(s.unitId!), `${s.name} belongs to a territorial unit`);
      for (const t of territorial) {
        assert.equal(data.sites.filter((s) => s.unitId === t && s.kind === 'office').length, 1);
        assert.equal(data.sites.filter((s) => s.unitId === t && s.kind === 'permanence').length, 6);
      }
    });

    it('writes 900 agents, exactly 400 of them nomadic', () => {
      assert.equal(data.agents.length, 900);
      assert.equal(data.agents.filter((a) => a.nomadic).length, 400);
      for (const a of data.agents) assert.equal(a.tenantId, tenant.id);
    });

    it('covers the five components and every role', () => {
      assert.deepEqual(new Set(data.agents.map((a) => a.component)), new Set(components));
      const present = new Set(data.agents.flatMap((a) => a.roles));
      for (const role of roles) assert.ok(present.has(role), `some agent has the role ${role}`);
      for (const a of data.agents) assert.ok(a.roles.includes('agent'), 'everyone is an agent');
    });

    it('gives every agent a unique e-mail in the tenant’s domain and a unit of the tenant', () => {
      const emails = data.agents.map((a) => a.email.toLowerCase());
      assert.equal(new Set(emails).size, 900);
      for (const e of emails) assert.match(e, new RegExp(`^[a-z0-9.-]+@${tenant.slug}\\.fr$`));
      const unitIds = new Set(data.units.map((u) => u.id));
      for (const a of data.agents) assert.ok(a.unitId && unitIds.has(a.unitId));
      const teamIds = new Set(data.units.filter((u) => u.kind === 'team').map((u) => u.id));
      for (const a of data.agents.filter((x) => x.nomadic)) {
        assert.ok(teamIds.has(a.unitId!), 'a nomadic agent works in a team');
        assert.notEqual(a.component, 'administration');
        assert.ok(a.mobilePhone, 'a nomadic agent has a mobile phone');
      }
    });

    it('records one org.demo_seeded audit event', () => {
      const seeded = data.audit.filter((e) => e.action === 'org.demo_seeded');
      assert.equal(seeded.length, 1);
      assert.equal(seeded[0]!.actorType, 'cli');
      assert.equal(seeded[0]!.targetId, tenant.id);
      assert.deepEqual(seeded[0]!.data, { units: 61, sites: 90, agents: 900, seed: 1 });
    });

    it('refuses to seed the tenant again (409) and adds nothing', async () => {
      await assert.rejects(seedDemo(database, { tenantSlug: tenant.slug, agents: 10 }), (error: unknown) => {
        assert.ok(error instanceof HttpError);
        assert.equal(error.status, 409);
        assert.equal(error.code, 'conflict');
        return true;
      });
      const afterwards = await contents(tenant.id);
      assert.equal(afterwards.units.length, 61);
      assert.equal(afterwards.sites.length, 90);
      assert.equal(afterwards.agents.length, 900);
      assert.equal(afterwards.audit.filter((e) => e.action === 'org.demo_seeded').length, 1);
      assert.equal(afterwards.audit.length, data.audit.length, 'no audit event for a refusal');
    });
  });

  describe('smaller runs and determinism', () => {
    it('writes the number of agents asked for', async () => {
      const t = await makeTenant(database);
      const report = await seedDemo(database, { tenantSlug: t.slug, agents: 50 });
      assert.equal(report.agents, 50);
      const data = await contents(t.id);
      assert.equal(data.agents.length, 50);
      assert.equal(data.units.length, 61);
      assert.equal(data.sites.length, 90);
      assert.equal(data.agents.filter((a) => a.nomadic).length, report.nomadic);
      assert.equal(report.nomadic, Math.round((50 * 4) / 9));
    });

    it('gives the same agents for the same seed, and other agents for another seed', async () => {
      const people = async (seed: number | undefined) => {
        const t = await makeTenant(database);
        await seedDemo(database, { tenantSlug: t.slug, agents: 120, seed });
        const rows = await database.tenant(t.id, (tx) => tx.select().from(agents).orderBy(asc(agents.email)));
        // The domain is the tenant's own; the rest of the address comes from the seed.
        return rows.map((a) => ({
          firstName: a.firstName,
          lastName: a.lastName,
          local: a.email.slice(0, a.email.indexOf('@')),
          domain: a.email.slice(a.email.indexOf('@') + 1),
          component: a.component,
          nomadic: a.nomadic,
          roles: a.roles,
        }));
      };
      const first = await people(7);
      const second = await people(7);
      assert.equal(first.length, 120);
      assert.notEqual(first[0]!.domain, second[0]!.domain, 'two tenants, two domains');
      const strip = (rows: typeof first) => rows.map(({ domain: _domain, ...rest }) => rest);
      assert.deepEqual(strip(second), strip(first));

      const other = await people(8);
      const names = (rows: typeof first) => rows.map((r) => `${r.firstName} ${r.lastName}`);
      assert.notDeepEqual(names(other), names(first));
      const common = names(other).filter((n) => names(first).includes(n)).length;
      assert.ok(common < 60, `another seed gives mostly other people (${common} in common)`);

      const byDefault = await people(undefined);
      const seedOne = await people(1);
      assert.deepEqual(strip(byDefault), strip(seedOne), 'the default seed is 1');
    });

    it('creates the tenant when the slug names none', async () => {
      const slug = `demo-${Date.now().toString(36)}`;
      const report = await seedDemo(database, { tenantSlug: slug, agents: 5 });
      assert.equal(report.tenantSlug, slug);
      const data = await contents(report.tenantId);
      assert.equal(data.agents.length, 5);
      assert.ok(data.agents.every((a) => a.email.endsWith(`@${slug}.fr`)));
    });

    it('writes nothing into another tenant', async () => {
      const bystander = await makeTenant(database);
      const t = await makeTenant(database);
      await seedDemo(database, { tenantSlug: t.slug, agents: 5 });
      const seen = await contents(bystander.id);
      assert.deepEqual([seen.units.length, seen.sites.length, seen.agents.length], [0, 0, 0]);
      const leaked = await database.tenant(t.id, (tx) => tx.select().from(agents).where(eq(agents.tenantId, bystander.id)));
      assert.equal(leaked.length, 0);
    });
  });
});
