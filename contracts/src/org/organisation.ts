// The organisation edited by its administrator (issue 17): its name, kind, helpdesk
// number, time zone and logo; the host names its login page answers to (set by the
// operator). The server checks a logo by its bytes (organisationLogoType), never by its
// name or the Content-Type it was sent with.
import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';
import { tenantKind } from './schemas.ts';

/** The logo types served (SVG never: it may carry script). */
export const organisationLogoTypes = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type OrganisationLogoType = (typeof organisationLogoTypes)[number];

/**
 * The type of an image from its first bytes (its "magic number"), or null: PNG (ISO/IEC
 * 15948 §5.2 signature), JPEG (SOI marker FF D8 then a marker FF), WebP (a RIFF container
 * whose form type is "WEBP", RFC 9649 §2.1).
 */
export function organisationLogoType(bytes: Uint8Array): OrganisationLogoType | null {
  const starts = (offset: number, ...sig: number[]) => bytes.length >= offset + sig.length && sig.every((b, i) => bytes[offset + i] === b);
  if (starts(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0, 0x52, 0x49, 0x46, 0x46) && starts(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return null;
}

/**
 * A French telephone number as agents dial it: ten digits, 01 to 09 first, however they
 * are grouped (spaces, dots or dashes: « 02 96 46 64 22 », « 0 800 123 456 »), the same in
 * international form (+33 then nine digits), or a four-digit short number starting with 3
 * (the 39xx helplines of ARCEP's numbering plan).
 */
// No '-' inside a class: the same source serves as an HTML pattern attribute, compiled with the v flag.
export const frenchPhonePattern = /^(?:0 ?[1-9]|\+33 ?[1-9])(?:(?:[ .]|-)?\d){8}$|^3 ?\d{3}$/;
export const helpdeskPhone = text()
  .trim()
  .max(limits.phoneMax, 'Numéro de téléphone trop long.')
  .regex(frenchPhonePattern, 'Numéro de téléphone français attendu : dix chiffres (01 23 45 67 89), +33 1 23 45 67 89 ou un numéro court à quatre chiffres (3939).');

let zones: Set<string> | undefined;
/** Whether `name` is an IANA time zone this runtime knows (Intl.supportedValuesOf, ECMA-402 §6.5.1). */
export function isTimeZone(name: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones.has(name);
}
export const defaultTimeZone = 'Europe/Paris';
export const timeZone = text()
  .trim()
  .max(64, 'Fuseau horaire inconnu.')
  .refine(isTimeZone, 'Fuseau horaire inconnu : indiquez un nom IANA, par exemple Europe/Paris, America/Cayenne ou Indian/Reunion.');

/** A host name the login page is reached at (lower case, no port), RFC 1123 labels. */
export const hostname = text()
  .trim()
  .toLowerCase()
  .max(253, 'Nom d’hôte trop long.')
  .regex(/^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/, 'Nom d’hôte invalide (par exemple estran.finistere.fr, sans https:// ni port).');

export const organisationLogo = z.object({
  contentType: z.enum(organisationLogoTypes),
  bytes: z.number().int(),
  updatedAt: z.iso.datetime(),
  url: z.string().meta({ description: 'Where the logo is served (public; changes when the logo does)' }),
});

export const organisation = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  kind: tenantKind,
  operator: z.boolean().meta({ description: 'The mutualisation operator’s own tenant (its kind stays operator)' }),
  helpdeskPhone: z.string().nullable(),
  timeZone: z.string().meta({ description: 'IANA name; dates are shown in it (Europe/Paris by default)' }),
  hostnames: z.array(z.string()).meta({ description: 'Host names whose login page shows this organisation (set by the operator)' }),
  logo: organisationLogo.nullable(),
});
export type Organisation = z.infer<typeof organisation>;

const organisationFields = {
  name: text().trim().min(1, 'Nom de l’organisation obligatoire.').max(limits.nameMax, 'Nom de l’organisation trop long.'),
  kind: tenantKind.exclude(['operator'], { error: 'Type d’organisation inconnu : département, commune, intercommunalité, CCAS ou syndicat.' }),
  helpdeskPhone: helpdeskPhone.nullable(),
  timeZone,
};

/**
 * Changing one's organisation (administrators; audited as tenant.updated with before and
 * after): only the fields given change, at least one; `helpdeskPhone: null` removes the
 * number. The operator's own kind stays `operator`.
 */
export const updateOrganisationBody = z
  .object({
    name: organisationFields.name.optional(),
    kind: organisationFields.kind.optional(),
    helpdeskPhone: organisationFields.helpdeskPhone.optional(),
    timeZone: organisationFields.timeZone.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Indiquez au moins un champ à modifier.' });
export type UpdateOrganisationBody = z.infer<typeof updateOrganisationBody>;

/** The operator changes a member organisation: the same fields, and its host names. */
export const updateTenantBody = z
  .object({
    name: organisationFields.name.optional(),
    kind: organisationFields.kind.optional(),
    helpdeskPhone: organisationFields.helpdeskPhone.optional(),
    timeZone: organisationFields.timeZone.optional(),
    hostnames: z
      .array(hostname)
      .max(limits.organisationHostnamesMax, `${limits.organisationHostnamesMax} noms d’hôte au plus.`)
      .refine((h) => new Set(h).size === h.length, 'Un nom d’hôte est donné deux fois.')
      .optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'Indiquez au moins un champ à modifier.' });
export type UpdateTenantBody = z.infer<typeof updateTenantBody>;
export const tenantIdParams = z.object({ id: z.uuid() });

/** The content types a logo upload may be sent with; the bytes decide (organisationLogoType). */
export const organisationLogoUploadTypes = [...organisationLogoTypes, 'application/octet-stream'] as const;
/** The logo itself, the raw body (a Buffer on the server). */
export const organisationLogoBody = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'Une image PNG, JPEG ou WebP est attendue.' })
  .meta({ type: 'string', format: 'binary', description: 'The image file itself: PNG, JPEG or WebP, checked by its content' });
export const organisationLogoImage = z.any().meta({ type: 'string', format: 'binary', description: 'The logo, with its own Content-Type (image/png, image/jpeg or image/webp)' });
export const logoTenantParams = z.object({ tenantId: z.uuid() });
/** `v`: the version organisationLogoUrl puts in the URL; the current one is cached for a year. */
export const logoQuery = z.object({ v: text().max(32).optional() });

/** What the login page shows before anyone logs in: the organisation the host names, else the operator. */
export const organisationBranding = z.object({
  name: z.string(),
  logoUrl: z.string().nullable(),
});
export type OrganisationBranding = z.infer<typeof organisationBranding>;

/** Where an organisation's logo is served: its version (the time it changed) in the URL, so a new logo is fetched at once. */
export function organisationLogoUrl(tenantId: string, updatedAt: Date): string {
  return `/api/org/tenants/${tenantId}/logo?v=${updatedAt.getTime().toString(36)}`;
}
