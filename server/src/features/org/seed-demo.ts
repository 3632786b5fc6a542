// `estran seed-demo`: a realistic département for demonstrations and benchmarks —
// a social-solidarity direction, 12 territorial units (circonscriptions) with their
// teams, 90 sites (12 unit offices, 72 permanence sites, 6 telecentres), the five
// professional components, and ~900 agents (4 in 9 nomadic) with roles. The same seed
// gives the same data (faker's seeded generator; ids come from the database).
import { Faker, fr } from '@faker-js/faker';
import { count, eq } from 'drizzle-orm';
import { foldAccents, type Component, type Role } from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import { agents, sites, tenants, units } from './schema.ts';
import { conflict } from '../../platform/http-errors.ts';
import { recordAudit } from '../audit/index.ts';

// Communes of the Côtes-d'Armor: the 12 seats of territorial units, then towns that
// host permanences (town halls, social-action centres, France services houses).
const SEATS: [string, string][] = [
  ['Lannion', '22300'], ['Guingamp', '22200'], ['Saint-Brieuc', '22000'], ['Dinan', '22100'],
  ['Loudéac', '22600'], ['Paimpol', '22500'], ['Lamballe-Armor', '22400'], ['Rostrenen', '22110'],
  ['Tréguier', '22220'], ['Plérin', '22190'], ['Quintin', '22800'], ['Broons', '22250'],
];
const TOWNS: [string, string][] = [
  ['Plestin-les-Grèves', '22310'], ['Perros-Guirec', '22700'], ['Trébeurden', '22560'], ['Cavan', '22140'],
  ['Bégard', '22140'], ['Belle-Isle-en-Terre', '22810'], ['Callac', '22160'], ['Bourbriac', '22390'],
  ['Ploufragan', '22440'], ['Trégueux', '22950'], ['Langueux', '22360'], ['Plancoët', '22130'],
  ['Matignon', '22550'], ['Évran', '22630'], ['Merdrignac', '22230'], ['Uzel', '22460'],
  ['Plouha', '22580'], ['Lanvollon', '22290'], ['Pléneuf-Val-André', '22370'], ['Moncontour', '22510'],
  ['Maël-Carhaix', '22340'], ['Gouarec', '22570'], ['La Roche-Jaudy', '22450'], ['Pontrieux', '22260'],
];
const TEAMS: { component: Component; name: string }[] = [
  { component: 'medico_social', name: 'Protection maternelle et infantile' },
  { component: 'child_welfare', name: 'Aide sociale à l’enfance' },
  { component: 'insertion', name: 'Insertion' },
  { component: 'general_social_work', name: 'Action sociale de proximité' },
];
const FIELD_COMPONENTS: Component[] = ['medico_social', 'child_welfare', 'insertion', 'general_social_work'];

export type SeedReport = {
  tenantId: string;
  tenantSlug: string;
  tenantName: string;
  units: number;
  sites: number;
  agents: number;
  nomadic: number;
};

function ascii(s: string) {
  return foldAccents(s.toLowerCase())
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export async function seedDemo(
  database: Database,
  options: { tenantSlug?: string | undefined; agents?: number | undefined; seed?: number | undefined; onProgress?: (done: number, total: number) => void },
): Promise<SeedReport> {
  const total = options.agents ?? 900;
  const faker = new Faker({ locale: [fr] });
  faker.seed(options.seed ?? 1);

  const tenant = await database.operator(async (tx) => {
    const where = options.tenantSlug ? eq(tenants.slug, options.tenantSlug) : eq(tenants.isOperator, true);
    const [found] = await tx.select().from(tenants).where(where);
    if (found && !found.helpdeskPhone) {
      // The demonstration's helpdesk number, shown to suspended agents.
      const [updated] = await tx.update(tenants).set({ helpdeskPhone: '02 96 00 00 00' }).where(eq(tenants.id, found.id)).returning();
      return updated!;
    }
    if (found) return found;
    if (!options.tenantSlug) throw conflict('Aucune collectivité opérateur : démarrez le serveur une première fois.');
    const [made] = await tx
      .insert(tenants)
      .values({ slug: options.tenantSlug, name: 'Département de démonstration', kind: 'departement', helpdeskPhone: '02 96 00 00 00' })
      .returning();
    return made!;
  });

  return database.tenant(tenant.id, async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(units);
    if (n > 0) throw conflict(`La collectivité « ${tenant.name} » a déjà des unités : seed-demo ne remplit qu’une collectivité vide.`);

    // Units: direction → 12 territorial units → 4 teams each.
    const [direction] = await tx
      .insert(units)
      .values({ tenantId: tenant.id, kind: 'direction', code: 'DSD', name: 'Direction de la solidarité départementale' })
      .returning({ id: units.id });
    const territorial = await tx
      .insert(units)
      .values(
        SEATS.map(([city], i) => ({
          tenantId: tenant.id,
          parentId: direction!.id,
          kind: 'territorial' as const,
          code: `CAS-${String(i + 1).padStart(2, '0')}`,
          name: `Circonscription d’action sociale de ${city}`,
        })),
      )
      .returning({ id: units.id, code: units.code });
    const teams = await tx
      .insert(units)
      .values(
        territorial.flatMap((t) =>
          TEAMS.map((team, j) => ({
            tenantId: tenant.id,
            parentId: t.id,
            kind: 'team' as const,
            code: `${t.code}-E${j + 1}`,
            name: `${team.name} — ${SEATS[territorial.indexOf(t)]![0]}`,
          })),
        ),
      )
      .returning({ id: units.id, parentId: units.parentId, code: units.code });

    // Sites: each unit's office, 6 permanence sites per unit (town hall, social-action
    // centre or France services house in two towns), 6 telecentres.
    const siteRows: (typeof sites.$inferInsert)[] = [];
    territorial.forEach((t, i) => {
      const [city, postalCode] = SEATS[i]!;
      siteRows.push({
        tenantId: tenant.id, unitId: t.id, kind: 'office', name: `Centre départemental de solidarité de ${city}`,
        street: `${faker.number.int({ min: 1, max: 60 })} ${faker.location.street()}`, postalCode, city, sharedWithPartners: false,
      });
      for (const [town, cp] of [TOWNS[(2 * i) % TOWNS.length]!, TOWNS[(2 * i + 1) % TOWNS.length]!]) {
        for (const [label, shared] of [['Mairie', false], ['CCAS', true], ['Maison France services', true]] as const) {
          siteRows.push({
            tenantId: tenant.id, unitId: t.id, kind: 'permanence', name: `${label} de ${town}`,
            street: `${faker.number.int({ min: 1, max: 60 })} ${faker.location.street()}`, postalCode: cp, city: town, sharedWithPartners: shared,
          });
        }
      }
    });
    for (let k = 0; k < 6; k++) {
      const [city, postalCode] = SEATS[k * 2]!;
      siteRows.push({
        tenantId: tenant.id, unitId: null, kind: 'telecentre', name: `Télécentre de ${city}`,
        street: `${faker.number.int({ min: 1, max: 60 })} ${faker.location.street()}`, postalCode, city, sharedWithPartners: false,
      });
    }
    const insertedSites = await tx.insert(sites).values(siteRows).returning({ id: sites.id, unitId: sites.unitId, kind: sites.kind });
    const officeOf = new Map(insertedSites.filter((s) => s.kind === 'office').map((s) => [s.unitId!, s.id]));

    // Agents: 4 in 9 nomadic (field work in a team), the others sedentary (offices).
    const nomadicTarget = Math.round((total * 4) / 9);
    const domain = `${ascii(tenant.slug)}.fr`;
    const used = new Set<string>();
    const managedTeams = new Set<string>();
    let done = 0;
    let nomadic = 0;
    const batch: (typeof agents.$inferInsert)[] = [];
    const flush = async (t: Tx) => {
      if (batch.length === 0) return;
      await t.insert(agents).values(batch);
      done += batch.length;
      batch.length = 0;
      options.onProgress?.(done, total);
    };
    for (let i = 0; i < total; i++) {
      const isNomadic = i % 9 < 4 && nomadic < nomadicTarget;
      const firstName = faker.person.firstName();
      const lastName = faker.person.lastName();
      let local = `${ascii(firstName)}.${ascii(lastName)}`.replace(/-+/g, '-');
      for (let k = 2; used.has(local); k++) local = `${ascii(firstName)}.${ascii(lastName)}${k}`;
      used.add(local);
      const seat = i % territorial.length;
      const unitTeams = teams.filter((t) => t.parentId === territorial[seat]!.id);
      let component: Component;
      let unitId: string;
      if (isNomadic) {
        nomadic += 1;
        const team = faker.helpers.arrayElement(unitTeams);
        component = FIELD_COMPONENTS[unitTeams.indexOf(team)]!;
        unitId = team.id;
      } else if (faker.number.int({ min: 0, max: 9 }) < 4) {
        component = 'administration';
        unitId = i % 11 === 0 ? direction!.id : territorial[seat]!.id;
      } else {
        const team = faker.helpers.arrayElement(unitTeams);
        component = FIELD_COMPONENTS[unitTeams.indexOf(team)]!;
        unitId = team.id;
      }
      const roles: Role[] = ['agent'];
      if (unitTeams.some((t) => t.id === unitId) && !managedTeams.has(unitId) && !isNomadic) {
        managedTeams.add(unitId);
        roles.push('manager');
      }
      if (component === 'administration' && i % 97 === 3) roles.push('helpdesk');
      if (component === 'administration' && i % 211 === 5) roles.push('admin');
      if (i % 173 === 7) roles.push('alert_sender');
      if (component === 'administration' && i % 151 === 9) roles.push('dpo');
      batch.push({
        tenantId: tenant.id,
        firstName,
        lastName,
        email: `${local}@${domain}`,
        personalEmail: faker.number.int({ min: 0, max: 9 }) < 3 ? faker.internet.email({ firstName, lastName }).toLowerCase() : null,
        professionalPhone: `02 96 ${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)}`,
        mobilePhone: isNomadic || faker.number.int({ min: 0, max: 9 }) < 2 ? `06 ${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)} ${faker.string.numeric(2)}` : null,
        component,
        unitId,
        siteId: officeOf.get(territorial[seat]!.id) ?? null,
        nomadic: isNomadic,
        roles,
      });
      if (batch.length === 500) await flush(tx);
    }
    await flush(tx);

    const report: SeedReport = {
      tenantId: tenant.id,
      tenantSlug: tenant.slug,
      tenantName: tenant.name,
      units: 1 + territorial.length + teams.length,
      sites: insertedSites.length,
      agents: total,
      nomadic,
    };
    await recordAudit(tx, tenant.id, {
      action: 'org.demo_seeded',
      actor: { type: 'cli' },
      target: { type: 'tenant', id: tenant.id },
      data: { units: report.units, sites: report.sites, agents: report.agents, seed: options.seed ?? 1 },
    });
    return report;
  });
}
