import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';

// The organisation model: tenant → units (a tree) → sites → agents.
// Glossary (ARCHITECTURE.md): tenant = collectivité, unit = circonscription/service,
// site = site/lieu de permanence, component = pôle professionnel.

/** `syndicat`: a mutualisation syndicate (issue 17; migration 0012 widens the CHECK). */
export const tenantKinds = ['operator', 'departement', 'commune', 'intercommunalite', 'ccas', 'syndicat'] as const;
export const unitKinds = ['direction', 'territorial', 'service', 'team'] as const;
export const siteKinds = ['office', 'permanence', 'telecentre'] as const;
/** The five professional components of a département's social-action direction. */
export const components = [
  'administration',
  'medico_social',
  'child_welfare',
  'insertion',
  'general_social_work',
] as const;
export const roles = ['agent', 'manager', 'helpdesk', 'admin', 'alert_sender', 'dpo'] as const;
/** An agent's standing (agents.status): suspended after three strikes until the helpdesk unblocks. */
export const agentStatuses = ['active', 'suspended', 'disabled'] as const;
/** The interface languages: French, the reference, and English. */
export const languages = ['fr', 'en'] as const;

export const tenantKind = z.enum(tenantKinds);
export const unitKind = z.enum(unitKinds);
export const siteKind = z.enum(siteKinds);
export const component = z.enum(components);
export const role = z.enum(roles);
export const language = z.enum(languages);
export type Language = z.infer<typeof language>;
export type Role = z.infer<typeof role>;
export type Component = z.infer<typeof component>;

const uuid = z.uuid();
const name = text().trim().min(1).max(limits.nameMax);

export const tenant = z.object({
  id: uuid,
  slug: z.string(),
  name: z.string(),
  kind: tenantKind,
  helpdeskPhone: z.string().nullable(),
  timeZone: z.string().meta({ description: 'IANA time zone its dates are shown in (migration 0012)' }),
  hostnames: z.array(z.string()).meta({ description: 'Host names whose login page shows it (set by the operator, migration 0012)' }),
  createdAt: z.iso.datetime(),
});
export type Tenant = z.infer<typeof tenant>;

export const unit = z.object({
  id: uuid,
  parentId: uuid.nullable(),
  kind: unitKind,
  code: z.string(),
  name: z.string(),
  path: z.string().meta({ description: 'Names from the root down, joined by " › "' }),
  closedAt: z.iso.datetime().nullable().meta({ description: 'When an administrator closed the unit (its history is kept); null: open' }),
});
export type Unit = z.infer<typeof unit>;

/** ISO 8601's order, Monday first. */
export const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof weekdays)[number];
const clockTime = text().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Heure au format HH:MM (par exemple 08:30).');
/** One opening of a site: a weekday, from `opens` to `closes` (local time, HH:MM). */
export const openingPeriod = z
  .object({ weekday: z.enum(weekdays), opens: clockTime, closes: clockTime })
  .strict()
  .refine((p) => p.opens < p.closes, { message: 'L’heure de fermeture doit suivre l’heure d’ouverture.', path: ['closes'] });
export type OpeningPeriod = z.infer<typeof openingPeriod>;
/** A site's opening hours: a few periods a week, none overlapping another of its day. */
export const openingHours = z
  .array(openingPeriod)
  .max(21, 'Vingt et une plages par semaine au plus.')
  .refine((periods) => !overlapping(periods), 'Deux plages d’un même jour se chevauchent.');
function overlapping(periods: readonly OpeningPeriod[]): boolean {
  const sorted = [...periods].sort((a, b) => (a.weekday === b.weekday ? a.opens.localeCompare(b.opens) : weekdays.indexOf(a.weekday) - weekdays.indexOf(b.weekday)));
  return sorted.some((p, i) => i > 0 && sorted[i - 1]!.weekday === p.weekday && sorted[i - 1]!.closes > p.opens);
}

export const site = z.object({
  id: uuid,
  unitId: uuid.nullable(),
  kind: siteKind,
  name: z.string(),
  street: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string(),
  sharedWithPartners: z.boolean(),
  openingHours: openingHours,
});
export type Site = z.infer<typeof site>;

export const agent = z.object({
  id: uuid,
  firstName: z.string(),
  lastName: z.string(),
  displayName: z.string(),
  email: z.email(),
  personalEmail: z.email().nullable(),
  professionalPhone: z.string().nullable(),
  mobilePhone: z.string().nullable(),
  component: component,
  unitId: uuid.nullable(),
  unitName: z.string().nullable(),
  siteId: uuid.nullable(),
  nomadic: z.boolean(),
  roles: z.array(role),
  preferredLanguage: language.nullable().meta({ description: 'The interface language the agent chose; null: the browser’s choice' }),
  status: z.enum(agentStatuses).meta({ description: 'active; suspended after three strikes; disabled: deactivated by an administrator' }),
  externalId: z.string().nullable().meta({ description: 'The identifier in the organisation’s directory (matricule), unique in the tenant' }),
});
export type Agent = z.infer<typeof agent>;

const email = text().trim().max(limits.emailMax).pipe(z.email('Adresse électronique invalide.'));
const phone = text().trim().max(limits.phoneMax, 'Numéro de téléphone trop long.');
const externalId = text().trim().min(1, 'Identifiant externe vide.').max(limits.nameMax, 'Identifiant externe trop long.');
const agentFields = {
  email,
  personalEmail: email.nullable(),
  firstName: text().trim().min(1, 'Prénom obligatoire.').max(limits.nameMax, 'Prénom trop long.'),
  lastName: text().trim().min(1, 'Nom obligatoire.').max(limits.nameMax, 'Nom trop long.'),
  component,
  unitId: uuid.nullable(),
  siteId: uuid.nullable(),
  roles: z.array(role).max(roles.length).refine((r) => new Set(r).size === r.length, 'Un rôle est donné deux fois.'),
  professionalPhone: phone.nullable(),
  mobilePhone: phone.nullable(),
  externalId: externalId.nullable(),
  nomadic: z.boolean(),
};

/** Creating an agent (administrators; audited). Roles default to `agent`. */
export const createAgentBody = z
  .object({
    email: agentFields.email,
    firstName: agentFields.firstName,
    lastName: agentFields.lastName,
    component: agentFields.component,
    unitId: agentFields.unitId.optional(),
    siteId: agentFields.siteId.optional(),
    roles: agentFields.roles.optional(),
    personalEmail: agentFields.personalEmail.optional(),
    professionalPhone: agentFields.professionalPhone.optional(),
    mobilePhone: agentFields.mobilePhone.optional(),
    externalId: agentFields.externalId.optional(),
    nomadic: agentFields.nomadic.optional(),
  })
  .strict();
export type CreateAgentBody = z.infer<typeof createAgentBody>;
export const createdAgent = z.object({ id: uuid });

/**
 * Changing an agent (administrators; audited). Each field is optional, at least one is
 * given; null clears a nullable field. Roles: never one's own (403), never the tenant's
 * last active administrator's `admin` (422 last_admin).
 */
export const updateAgentBody = z
  .object({
    email: agentFields.email.optional(),
    firstName: agentFields.firstName.optional(),
    lastName: agentFields.lastName.optional(),
    component: agentFields.component.optional(),
    unitId: agentFields.unitId.optional(),
    siteId: agentFields.siteId.optional(),
    roles: agentFields.roles.optional(),
    personalEmail: agentFields.personalEmail.optional(),
    professionalPhone: agentFields.professionalPhone.optional(),
    mobilePhone: agentFields.mobilePhone.optional(),
    externalId: agentFields.externalId.optional(),
    nomadic: agentFields.nomadic.optional(),
    preferredLanguage: language.nullable().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Indiquez au moins un champ à modifier.' });
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;

export const agentIdParams = z.object({ id: z.uuid() });
/** The answer of deactivate / reactivate: the agent's new standing. */
export const agentStatusChange = z.object({ status: z.enum(agentStatuses) });

const unitFields = {
  name: text().trim().min(1, 'Nom de l’unité obligatoire.').max(limits.nameMax, 'Nom de l’unité trop long.'),
  code: text().trim().min(1, 'Code de l’unité obligatoire.').max(50, 'Code de l’unité trop long (50 caractères au plus).'),
  kind: unitKind,
  parentId: uuid.nullable(),
};
/** Creating a unit (administrators; audited): under `parentId`, an open unit of the tenant, or at the root. */
export const createUnitBody = z
  .object({ name: unitFields.name, code: unitFields.code, kind: unitFields.kind, parentId: unitFields.parentId.optional() })
  .strict();
export type CreateUnitBody = z.infer<typeof createUnitBody>;
export const createdUnit = z.object({ id: uuid });
/**
 * Changing a unit (administrators; audited with before and after): rename, change its
 * code or kind, move it (`parentId`, null: to the root), close it (`closed: true`, its
 * history kept) or reopen it. At least one field.
 */
export const updateUnitBody = z
  .object({
    name: unitFields.name.optional(),
    code: unitFields.code.optional(),
    kind: unitFields.kind.optional(),
    parentId: unitFields.parentId.optional(),
    closed: z.boolean().optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Indiquez au moins un champ à modifier.' });
export type UpdateUnitBody = z.infer<typeof updateUnitBody>;
export const unitIdParams = z.object({ id: z.uuid() });

const siteFields = {
  name: text().trim().min(1, 'Nom du site obligatoire.').max(limits.nameMax, 'Nom du site trop long.'),
  kind: siteKind,
  unitId: uuid.nullable(),
  street: text().trim().max(limits.nameMax, 'Adresse trop longue.').nullable(),
  postalCode: text().trim().regex(/^\d{5}$/, 'Code postal : cinq chiffres.').nullable(),
  city: text().trim().min(1, 'Commune obligatoire.').max(limits.nameMax, 'Nom de commune trop long.'),
  sharedWithPartners: z.boolean(),
  openingHours,
};
/** Creating a site (administrators; audited): attached to an open unit of the tenant or to none. */
export const createSiteBody = z
  .object({
    name: siteFields.name,
    kind: siteFields.kind,
    unitId: siteFields.unitId.optional(),
    street: siteFields.street.optional(),
    postalCode: siteFields.postalCode.optional(),
    city: siteFields.city,
    sharedWithPartners: siteFields.sharedWithPartners.optional(),
    openingHours: siteFields.openingHours.optional(),
  })
  .strict();
export type CreateSiteBody = z.infer<typeof createSiteBody>;
export const createdSite = z.object({ id: uuid });
/** Changing a site (administrators; audited with before and after); null clears a nullable field. At least one field. */
export const updateSiteBody = z
  .object({
    name: siteFields.name.optional(),
    kind: siteFields.kind.optional(),
    unitId: siteFields.unitId.optional(),
    street: siteFields.street.optional(),
    postalCode: siteFields.postalCode.optional(),
    city: siteFields.city.optional(),
    sharedWithPartners: siteFields.sharedWithPartners.optional(),
    openingHours: siteFields.openingHours.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Indiquez au moins un champ à modifier.' });
export type UpdateSiteBody = z.infer<typeof updateSiteBody>;
export const siteIdParams = z.object({ id: z.uuid() });

/** The agent's own preferences (« Mon compte »). */
export const myPreferences = z.object({
  preferredLanguage: language.nullable(),
});
export type MyPreferences = z.infer<typeof myPreferences>;
export const updateMyPreferencesBody = myPreferences.strict();

/** Creating a tenant (operator only). */
export const createTenantBody = z.object({
  name,
  slug: text()
    .trim()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lettres minuscules, chiffres et tirets'),
  kind: tenantKind.exclude(['operator']),
  helpdeskPhone: text().trim().max(limits.phoneMax).optional(),
});
export type CreateTenantBody = z.infer<typeof createTenantBody>;

/** Paged listing with a free-text filter, shared by every admin list. */
export const listQuery = z.object({
  q: text().trim().max(limits.searchQueryMax).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
});
export type ListQuery = z.infer<typeof listQuery>;

export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export const tenantPage = page(tenant);
export const unitPage = page(unit);
export const sitePage = page(site);
export const agentPage = page(agent);
