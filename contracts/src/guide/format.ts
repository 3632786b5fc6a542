import { z } from 'zod';
import { text } from '../text.ts';

// The reference guide's publication format (../shared/fixtures/guide/README.md): an
// edition, or an update bulletin that follows the current edition.

/** A calendar date, year 1 to 9999: what PostgreSQL's `date` takes (JavaScript's Date.parse takes 2014-02-30). */
export const isoDate = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date AAAA-MM-JJ attendue')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(2000, m - 1, d));
    date.setUTCFullYear(y);
    return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'date invalide');
/** A path relative to texts/: plain segments, no climbing out, Markdown files only. */
export const guidePath = text()
  .max(400)
  .regex(/^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*\.md$/, 'chemin relatif à texts/ attendu (pas de « .. »)');

export const editionManifest = z.object({
  kind: z.literal('edition'),
  published: isoDate,
  files: z.number().int().nonnegative(),
  articles: z.number().int().nonnegative(),
});

export const bulletinManifest = z.object({
  kind: z.literal('update'),
  published: isoDate,
  follows: isoDate,
  references: z.array(text().max(500)),
  changed: z.array(guidePath),
  removed: z.array(guidePath).default([]),
});

export const guideManifest = z.discriminatedUnion('kind', [editionManifest, bulletinManifest]);
export type GuideManifest = z.infer<typeof guideManifest>;
