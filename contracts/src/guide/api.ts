import { z } from 'zod';
import { text } from '../text.ts';
import { guidePath, isoDate } from './format.ts';
import { guideDocumentKinds, guidePackageKinds } from './kinds.ts';

// The guide's reading API (server/src/features/guide/routes.ts, endpoints.ts), shared with the web client.

/** Which guide: a slug; absent, the tenant's own guide, else the shared one. */
export const guideQuery = z.object({ guide: text().max(63).optional() });
export type GuideQuery = z.input<typeof guideQuery>;

/** A date in force (default today). */
const at = isoDate.optional();

export const guideSearchQuery = z.object({
  q: text().trim().min(1).max(300),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  at,
  guide: text().max(63).optional(),
});
export type GuideSearchQuery = z.input<typeof guideSearchQuery>;

export const guideSearchResults = z.object({
  results: z.array(z.object({ path: z.string(), number: z.string(), title: z.string(), snippet: z.string(), score: z.number() })),
});
export type GuideSearchResults = z.infer<typeof guideSearchResults>;

/** An article's path relative to texts/ (checked by the handler: guidePath). */
export const guideArticleParams = z.object({ '*': text() });
export const guideArticleQuery = z.object({ at, guide: text().max(63).optional() });

/** Recording a visit takes no body (any object is accepted, and none). */
export const guideVisitBody = z.object({}).passthrough().optional();

export const guideTocQuery = guideQuery.extend({ path: text().max(400).regex(/^[A-Za-z0-9/_.-]*$/).default(''), at });
export type GuideTocQuery = z.input<typeof guideTocQuery>;

export const guideBulletinParams = z.object({ published: isoDate });

export const guideDiffQuery = guideQuery.extend({ path: guidePath, from: isoDate, to: isoDate });
export type GuideDiffQuery = z.input<typeof guideDiffQuery>;

export const guideSummary = z.object({
  slug: z.string(),
  name: z.string(),
  shared: z.boolean(),
  /** The date of the latest package applied. */
  current: z.string().nullable(),
  packages: z.array(
    z.object({
      kind: z.enum(guidePackageKinds),
      published: z.string(),
      /** When it was applied here: what an agent has or has not seen since a visit. */
      importedAt: z.string(),
      references: z.array(z.string()),
      added: z.number().int(),
      changed: z.number().int(),
      removed: z.number().int(),
    }),
  ),
  /** The agent's previous visit (null: first visit); articles changed since are marked. */
  lastVisit: z.string().nullable(),
});
export type GuideSummary = z.infer<typeof guideSummary>;

export const tocEntry = z.object({
  path: z.string(),
  kind: z.enum(guideDocumentKinds),
  heading: z.string(),
  number: z.string().nullable(),
  /** In force from a date after the agent's last visit. */
  changedSinceLastVisit: z.boolean(),
});
export const tocPage = z.object({
  /** '' for the root (the codes); a folder path otherwise. */
  path: z.string(),
  heading: z.string(),
  breadcrumbs: z.array(z.object({ path: z.string(), heading: z.string() })),
  children: z.array(tocEntry),
});
export type TocPage = z.infer<typeof tocPage>;

export const articlePage = z.object({
  path: z.string(),
  number: z.string(),
  title: z.string(),
  text: z.string().meta({ description: 'Markdown' }),
  validFrom: z.string(),
  validTo: z.string().nullable(),
  versions: z.array(z.object({ validFrom: z.string(), validTo: z.string().nullable(), bulletin: z.string().nullable() })),
  /** The guide's articles the text refers to, in force at that date: canonical number ("l262-2") → path. */
  links: z.record(z.string(), z.string()),
});
export type ArticlePage = z.infer<typeof articlePage>;

export const bulletinPage = z.object({
  published: z.string(),
  follows: z.string().nullable(),
  references: z.array(z.string()),
  added: z.array(z.object({ path: z.string(), number: z.string(), title: z.string() })),
  changed: z.array(z.object({ path: z.string(), number: z.string(), title: z.string() })),
  removed: z.array(z.object({ path: z.string(), number: z.string(), title: z.string() })),
});
export type BulletinPage = z.infer<typeof bulletinPage>;

/** A word-level diff between two versions of an article. */
export const articleDiff = z.object({
  path: z.string(),
  from: z.string(),
  to: z.string(),
  parts: z.array(z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() })),
});
export type ArticleDiff = z.infer<typeof articleDiff>;

export const bookmark = z.object({
  path: z.string(),
  number: z.string().nullable(),
  title: z.string(),
  note: z.string().nullable(),
  updatedAt: z.string(),
});
export type Bookmark = z.infer<typeof bookmark>;
export const saveBookmarkBody = z.object({ path: text().max(400), note: text({ multiline: true }).max(4000).nullable().optional() });
export type SaveBookmarkBody = z.input<typeof saveBookmarkBody>;
export const removeBookmarkBody = z.object({ path: text().max(400) });
export const bookmarkList = z.object({ items: z.array(bookmark) });
export type BookmarkList = z.infer<typeof bookmarkList>;

/** The articles that bulletins applied since the agent's last visit added, changed or removed. */
export const changesSinceVisit = z.object({
  /** The previous visit; null on a first visit (nothing is "new" then). */
  since: z.string().nullable(),
  /** How many articles changed; `items` holds at most GUIDE_CHANGES_SHOWN of them. */
  total: z.number().int(),
  items: z.array(
    z.object({
      path: z.string(),
      number: z.string(),
      title: z.string(),
      change: z.enum(['added', 'changed', 'removed']),
      /** The latest bulletin that touched it. */
      bulletin: z.string(),
      /** The text seen at the last visit: in force the day before the first of these bulletins (null when added). */
      before: z.string().nullable(),
    }),
  ),
});
export type ChangesSinceVisit = z.infer<typeof changesSinceVisit>;
