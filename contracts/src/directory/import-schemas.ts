import { z } from 'zod';
import { limits } from '../limits.ts';
import type { Component, Role, siteKinds, unitKinds } from '../org/schemas.ts';

// Bulk import of the directory (issue 17, "Bulk import"): a CSV or ODS file, one agent a
// line, checked first (mode=check), then applied all or nothing (mode=apply). The same
// report comes back from the CLI (`estran directory import`), the admin upload and, for
// its records, the LDAP sync (a refusal names its `dn` there instead of a line).

export const directoryImportModes = ['check', 'apply'] as const;
export type DirectoryImportMode = (typeof directoryImportModes)[number];

export const directoryImportQuery = z.object({
  /** check: validate and report, write nothing; apply: the same checks, then write all or nothing (re-send the same file). */
  mode: z.enum(directoryImportModes).default('check'),
});
export type DirectoryImportQuery = z.input<typeof directoryImportQuery>;

/** The content types an import is sent with (the server reads these bodies whole and looks at the bytes, not the type). */
export const directoryImportContentTypes = [
  'text/csv',
  'text/plain',
  'application/vnd.ms-excel',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/octet-stream',
] as const;

/** The file itself, the raw body (a Buffer on the server). */
export const directoryImportFile = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'un fichier CSV ou ODS est attendu (Content-Type: text/csv ou application/vnd.oasis.opendocument.spreadsheet)' })
  .meta({
    type: 'string',
    format: 'binary',
    description: `A CSV (\`,\` or \`;\`, UTF-8 with or without BOM, or Windows-1252) or ODS file, a header line then one agent a line; at most ${limits.directoryImportMaxLines} lines besides the header`,
  });

/** One refused record: its line as the spreadsheet shows it (the header is line 1), or its LDAP entry's DN. */
export const directoryRefusal = z.object({
  line: z.number().int().min(1).optional().meta({ description: 'The line as the spreadsheet shows it (the header is line 1); absent for an LDAP entry' }),
  dn: z.string().optional().meta({ description: 'The LDAP entry refused (directory sync)' }),
  field: z.string().optional().meta({ description: 'The column (or attribute) at fault, as the file names it' }),
  reason: z.string().meta({ description: 'Why, in French' }),
});
export type DirectoryRefusal = z.infer<typeof directoryRefusal>;

export const directoryImportReport = z.object({
  mode: z.enum(directoryImportModes),
  applied: z.boolean().meta({ description: 'true when mode=apply wrote the records; false for a check, and for an apply refused (nothing written)' }),
  records: z.number().int().meta({ description: 'Agent lines read (the header and blank lines aside)' }),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  refused: z.array(directoryRefusal).meta({ description: 'Every refused line, in file order; one refusal stops the whole import' }),
  summary: z.string().meta({ description: 'The outcome in one French sentence, e.g. "0 créé, 0 modifié, 12 inchangés"' }),
});
export type DirectoryImportReport = z.infer<typeof directoryImportReport>;

/**
 * The roles a directory source (a file, LDAP groups) may give: the others — admin,
 * helpdesk, alert_sender, dpo — are given in Estran by an administrator, one agent at a
 * time (issue 17: groups map to non-privileged roles only). An import keeps the
 * privileged roles an agent already holds.
 */
export const directoryGrantableRoles = ['agent', 'manager'] as const satisfies readonly Role[];

/** The components' French labels, as a spreadsheet names them (a `pole` cell holds the code or this label). */
export const componentLabelsFr: Record<Component, string> = {
  administration: 'Administration',
  medico_social: 'Médico-social et PMI',
  child_welfare: 'Aide sociale à l’enfance',
  insertion: 'Insertion',
  general_social_work: 'Action sociale généraliste',
};
/** The roles' French labels (a `roles` cell holds codes or these labels, separated by `|`). */
export const roleLabelsFr: Record<Role, string> = {
  agent: 'Agent',
  manager: 'Encadrant',
  helpdesk: 'Assistance',
  admin: 'Administrateur',
  alert_sender: 'Émetteur d’alertes',
  dpo: 'Délégué à la protection des données',
};

/** The columns of an import file, by the field they fill: English name first, then the French names accepted. */
export const directoryImportColumns = {
  email: ['email', 'courriel', 'mail', 'e-mail'],
  firstName: ['first_name', 'prenom'],
  lastName: ['last_name', 'nom'],
  unit: ['unit', 'unite'],
  site: ['site'],
  component: ['component', 'pole'],
  roles: ['roles', 'role'],
  professionalPhone: ['phone', 'telephone'],
  mobilePhone: ['mobile', 'portable'],
  externalId: ['external_id', 'matricule'],
} as const;
export type DirectoryImportField = keyof typeof directoryImportColumns;
/** The columns a file must have (the others may be left out: their fields are then kept as they are). */
export const directoryImportRequiredFields = ['email', 'firstName', 'lastName', 'component'] as const satisfies readonly DirectoryImportField[];

/** The kinds of units' French labels (a units file's `type` cell holds the code or this label). */
export const unitKindLabelsFr: Record<(typeof unitKinds)[number], string> = {
  direction: 'Direction',
  territorial: 'Unité territoriale',
  service: 'Service',
  team: 'Équipe',
};
/**
 * A file of units rather than agents (no e-mail column, a `code` column): one unit a line,
 * matched by its code; `parent` names the parent unit by its code (empty: at the root).
 */
export const directoryUnitImportColumns = {
  code: ['code'],
  name: ['name', 'nom'],
  kind: ['kind', 'type'],
  parent: ['parent', 'unite_parente', 'parent_code'],
} as const;
export type DirectoryUnitImportField = keyof typeof directoryUnitImportColumns;
export const directoryUnitImportRequiredFields = ['code', 'name'] as const satisfies readonly DirectoryUnitImportField[];

/** The kinds of sites' French labels (a sites file's `type` cell holds the code or this label). */
export const siteKindLabelsFr: Record<(typeof siteKinds)[number], string> = {
  office: 'Bureau',
  permanence: 'Lieu de permanence',
  telecentre: 'Télécentre',
};
/**
 * A file of sites (no e-mail column, no `code` column, a `city` column): one site a line,
 * matched by its name (case and accents aside; several of one name: the one of its unit).
 */
export const directorySiteImportColumns = {
  name: ['name', 'nom'],
  kind: ['kind', 'type'],
  unit: ['unit', 'unite'],
  street: ['street', 'adresse'],
  postalCode: ['postal_code', 'code_postal'],
  city: ['city', 'commune', 'ville'],
} as const;
export type DirectorySiteImportField = keyof typeof directorySiteImportColumns;
export const directorySiteImportRequiredFields = ['name', 'city'] as const satisfies readonly DirectorySiteImportField[];
