import { z } from 'zod';
import { components } from '../org/schemas.ts';
import { text } from '../text.ts';
import { directoryGrantableRoles, directoryRefusal } from './import-schemas.ts';

// Directory sync from LDAP / Active Directory (issue 17): one configuration per tenant,
// runs queued as durable jobs (pg-boss), each with its report. The bind password is
// write-only: sealed with the server's secret key, never answered, never logged.

export const ldapTlsModes = ['none', 'starttls', 'ldaps'] as const;
export type LdapTlsMode = (typeof ldapTlsModes)[number];
export const ldapSchedules = ['hourly', 'daily', 'off'] as const;
export type LdapSchedule = (typeof ldapSchedules)[number];
export const ldapRunStatuses = ['queued', 'running', 'succeeded', 'failed', 'awaiting_confirmation'] as const;
export type LdapRunStatus = (typeof ldapRunStatuses)[number];
export const ldapRunTriggers = ['manual', 'schedule'] as const;
export type LdapRunTrigger = (typeof ldapRunTriggers)[number];
/** Why a run stopped before deactivating anyone (awaiting an administrator's confirmation). */
export const ldapStopReasons = ['empty_result', 'deactivation_threshold'] as const;
export type LdapStopReason = (typeof ldapStopReasons)[number];
/** Groups give non-privileged roles only: admin, helpdesk, alert sender and DPO are given in Estran. */
export const ldapGroupRoles = directoryGrantableRoles;
export type LdapGroupRole = (typeof ldapGroupRoles)[number];

/** A run stops for confirmation when it would deactivate more than this share of the tenant's active agents. */
export const ldapDeactivationThreshold = 0.05;

const attribute = text()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9-]{0,63}$/, 'Nom d’attribut LDAP invalide (lettres, chiffres et tirets, 64 caractères au plus).');
const optionalAttribute = attribute.nullable().optional();

export const ldapMapping = z
  .object({
    /** The stable identifier, kept as the agent's external id (uid, sAMAccountName, employeeNumber…). */
    externalId: attribute.meta({ description: 'The attribute kept as the agent’s external id: uid, sAMAccountName, employeeNumber…' }),
    firstName: attribute,
    lastName: attribute,
    email: attribute,
    professionalPhone: optionalAttribute,
    mobilePhone: optionalAttribute,
    /** Its value names a unit of Estran by code, else by name (case and accents aside). */
    unit: optionalAttribute.meta({ description: 'Its value names an Estran unit by its code, else by its name (case and accents aside)' }),
    /** Its value names a component by code or French label; absent or unknown: defaultComponent. */
    component: optionalAttribute,
    defaultComponent: z.enum(components).default('general_social_work').meta({ description: 'The component of an agent whose entry names none' }),
    /** The attribute listing the entry's groups (memberOf on Active Directory and OpenLDAP's memberof overlay). */
    groups: optionalAttribute,
    groupRoles: z
      .array(
        z
          .object({
            group: text().trim().min(1, 'Groupe obligatoire.').max(500, 'Nom de groupe trop long.').meta({ description: 'A group DN, or its cn' }),
            role: z.enum(ldapGroupRoles, { message: 'Seuls les rôles agent et encadrant (manager) viennent de l’annuaire.' }),
          })
          .strict(),
      )
      .max(50)
      .default([]),
  })
  .strict();
export type LdapMapping = z.infer<typeof ldapMapping>;

const ldapUrl = text()
  .trim()
  .max(500)
  .regex(/^ldaps?:\/\/[^\s/?#]+\/?$/i, 'Adresse du serveur attendue sous la forme ldap://hôte:port ou ldaps://hôte:port.');
const dn = text().trim().min(1, 'DN obligatoire.').max(1000, 'DN trop long.');

export const ldapConfigBody = z
  .object({
    url: ldapUrl,
    bindDn: dn,
    /** Write-only; absent: the stored one is kept. */
    bindPassword: text().min(1, 'Mot de passe vide.').max(500, 'Mot de passe trop long.').optional().meta({ description: 'Write-only: sealed with the server key; absent keeps the stored one' }),
    baseDn: dn,
    filter: text()
      .trim()
      .max(2000, 'Filtre trop long.')
      .regex(/^\(.*\)$/, 'Filtre LDAP attendu entre parenthèses, par exemple (objectClass=inetOrgPerson).'),
    tls: z.enum(ldapTlsModes),
    /** PEM of the CA that signed the server's certificate (StartTLS and LDAPS); null: the system's CAs. */
    caCertificate: text({ multiline: true })
      .trim()
      .max(20_000, 'Certificat trop long.')
      .regex(/^(-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\s*)+$/, 'Certificat PEM attendu (-----BEGIN CERTIFICATE-----).')
      .nullable()
      .optional(),
    schedule: z.enum(ldapSchedules),
    mapping: ldapMapping,
  })
  .strict();
export type LdapConfigBody = z.input<typeof ldapConfigBody>;
export type LdapConfigInput = z.output<typeof ldapConfigBody>;

export const ldapConfig = z.object({
  configured: z.boolean().meta({ description: 'false: nothing set yet (the other fields are defaults)' }),
  url: z.string(),
  bindDn: z.string(),
  bindPasswordSet: z.boolean(),
  baseDn: z.string(),
  filter: z.string(),
  tls: z.enum(ldapTlsModes),
  caCertificate: z.string().nullable(),
  schedule: z.enum(ldapSchedules),
  mapping: ldapMapping,
  updatedAt: z.string().nullable(),
});
export type LdapConfig = z.infer<typeof ldapConfig>;

export const ldapRunRefusal = directoryRefusal.pick({ dn: true, field: true, reason: true }).extend({ dn: z.string() });

export const ldapRun = z.object({
  id: z.uuid(),
  status: z.enum(ldapRunStatuses),
  trigger: z.enum(ldapRunTriggers),
  entries: z.number().int().meta({ description: 'Entries the search returned' }),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deactivated: z.number().int(),
  refused: z.array(ldapRunRefusal),
  stopReason: z.enum(ldapStopReasons).nullable().meta({ description: 'Why the run waits for confirmation (awaiting_confirmation)' }),
  pendingDeactivations: z.number().int().meta({ description: 'Agents a confirmation would deactivate' }),
  error: z.string().nullable().meta({ description: 'Why the run failed, in French' }),
  summary: z.string().meta({ description: 'The outcome in one French sentence' }),
  queuedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  confirmedAt: z.string().nullable(),
});
export type LdapRun = z.infer<typeof ldapRun>;

export const ldapRunPage = z.object({ items: z.array(ldapRun), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export const ldapRunsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const ldapRunParams = z.object({ runId: z.uuid() });
export const ldapRunQueued = z.object({ runId: z.uuid() });
