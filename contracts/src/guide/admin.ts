import { z } from 'zod';
import { limits } from '../limits.ts';
import { guidePackageKinds } from './kinds.ts';
import { text } from '../text.ts';

// Editing a guide in the admin area (server/src/features/guide/editing-routes.ts):
// uploading an edition or an update bulletin as a zip, and the field's words and
// abbreviations that search treats as one (GuideSearch's `synonyms`).

export const guideSlug = text().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'identifiant de guide invalide (minuscules, chiffres, tirets)');

export const guideProblem = z.object({
  severity: z.enum(['fatal', 'warning']).meta({ description: 'fatal: the package cannot be applied; warning: odd but usable' }),
  file: z.string().nullable().meta({ description: 'manifest.json or a path relative to texts/; null: the package as a whole' }),
  message: z.string().meta({ description: 'In French' }),
});
export type GuideProblem = z.infer<typeof guideProblem>;

/** What checking or applying a package found and did (the same report as `estran guide import`). */
export const guideImportReport = z.object({
  guide: z.string(),
  kind: z.enum(guidePackageKinds).nullable(),
  published: z.string().nullable(),
  outcome: z.enum(['applied', 'unchanged', 'refused', 'checked']).meta({
    description: 'checked: valid, nothing written yet; applied: written; unchanged: this package was already applied; refused: fatal problems, nothing written',
  }),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  articlesInForce: z.number().int().nullable(),
  problems: z.array(guideProblem),
});
export type GuideImportReport = z.infer<typeof guideImportReport>;

export const guidePackageUploadQuery = z.object({
  /** tenant: the agent's own tenant's guide; shared: the guide the operator shares with every tenant. */
  scope: z.enum(['tenant', 'shared']).default('tenant'),
  guide: guideSlug.default('guide'),
  /** check: validate and report, write nothing; apply: the same checks, then write (re-send the same file). */
  mode: z.enum(['check', 'apply']).default('check'),
});
export type GuidePackageUploadQuery = z.input<typeof guidePackageUploadQuery>;

/** The content types a package upload is sent with (the server reads these bodies whole). */
export const guidePackageContentTypes = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'] as const;

/** The package itself, the raw body (a Buffer on the server, read by the zip parser). */
export const guidePackageZip = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'une archive zip est attendue (Content-Type: application/zip)' })
  .meta({ type: 'string', format: 'binary', description: 'The package as a .zip: manifest.json and texts/… at its root or inside one top folder' });

const synonymPhrase = text()
  .trim()
  .min(1, 'expression vide')
  .max(limits.guideSynonymPhraseMax, `expression de ${limits.guideSynonymPhraseMax} caractères au plus`)
  .regex(/[\p{L}\p{N}]/u, 'une expression contient au moins une lettre ou un chiffre');

export const saveGuideSynonymsBody = z.object({
  groups: z
    .array(
      z
        .array(synonymPhrase)
        .min(2, 'un groupe réunit au moins deux expressions')
        .max(limits.guideSynonymPhrasesMax, `un groupe réunit ${limits.guideSynonymPhrasesMax} expressions au plus`),
    )
    .max(limits.guideSynonymGroupsMax, `${limits.guideSynonymGroupsMax} groupes au plus`),
});
export type SaveGuideSynonymsBody = z.infer<typeof saveGuideSynonymsBody>;

/** The list in force for a guide: the one saved for it, else the default list. */
export const guideSynonyms = z.object({
  guide: z.string(),
  shared: z.boolean(),
  isDefault: z.boolean(),
  groups: z.array(z.array(z.string())),
  updatedAt: z.string().nullable(),
});
export type GuideSynonyms = z.infer<typeof guideSynonyms>;
