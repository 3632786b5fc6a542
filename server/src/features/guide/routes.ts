import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, isoDate, text, articleDiff as articleDiffSchema, articlePage as articlePageSchema, changesSinceVisit as changesSinceVisitSchema, bookmark, bulletinPage as bulletinPageSchema, guidePath, guideSummary as guideSummarySchema, saveBookmarkBody, tocPage } from '@estran/contracts';
import { badRequest } from '../../platform/http-errors.ts';
import { requireSession } from '../auth/index.ts';
import { requireScope } from '../service-tokens/index.ts';
import { articleDiff } from './article-diff.ts';
import { listBookmarks, removeBookmark, saveBookmark } from './bookmarks.ts';
import { bulletinPage } from './bulletin-page.ts';
import { changesSinceVisit } from './changes-since-visit.ts';
import { guideEditingRoutes } from './editing-routes.ts';
import { guideSummary, recordVisit } from './guide-summary.ts';
import { tableOfContents } from './table-of-contents.ts';
import { readArticle } from './read-article.ts';
import { searchGuide } from './search-guide.ts';

const today = () => new Date().toISOString().slice(0, 10);
const at = isoDate.optional();

export async function guideRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const security: { [label: string]: string[] }[] = [{ session: [] }, { bearer: [] }];
  const denials = { 400: apiError, 401: apiError, 404: apiError };

  r.get(
    '/api/guide/search',
    {
      schema: {
        tags: ['guide'],
        summary: 'Search the guide in plain French',
        description:
          'Accents and case ignored, French stemming, the field’s abbreviations and synonyms, article numbers typed loosely. Best first. A session or a service token with the guide:read scope.',
        security,
        querystring: z.object({
          q: text().trim().min(1).max(300),
          limit: z.coerce.number().int().min(1).max(50).default(10),
          at,
          guide: text().max(63).optional(),
        }),
        response: {
          200: z.object({
            results: z.array(z.object({ path: z.string(), number: z.string(), title: z.string(), snippet: z.string(), score: z.number() })),
          }),
          ...denials,
        },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) =>
      searchGuide(app.database, {
        tenantId: request.principal!.tenantId,
        guide: request.query.guide,
        q: request.query.q,
        at: request.query.at ?? today(),
        limit: request.query.limit,
      }),
  );

  r.get(
    '/api/guide/articles/*',
    {
      schema: {
        tags: ['guide'],
        summary: 'An article as in force at a date (default today), with its versions',
        security,
        params: z.object({ '*': text() }),
        querystring: z.object({ at, guide: text().max(63).optional() }),
        response: { 200: articlePageSchema, ...denials },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => {
      const path = request.params['*'];
      if (!guidePath.safeParse(path).success) throw badRequest('Chemin d’article invalide.');
      return readArticle(app.database, { tenantId: request.principal!.tenantId, guide: request.query.guide, path, at: request.query.at ?? today() });
    },
  );

  const agentOf = (p: { kind: string; agentId?: string }) => (p.kind === 'agent' ? (p as { agentId: string }).agentId : null);
  const guideQuery = z.object({ guide: text().max(63).optional() });

  r.get(
    '/api/guide',
    {
      schema: { tags: ['guide'], summary: 'The guide: its updates, and the agent’s last visit', security, querystring: guideQuery, response: { 200: guideSummarySchema, ...denials } },
      preHandler: requireScope('guide:read'),
    },
    async (request) => guideSummary(app.database, { tenantId: request.principal!.tenantId, agentId: agentOf(request.principal!), guide: request.query.guide }),
  );

  r.get(
    '/api/guide/changes',
    {
      schema: {
        tags: ['guide'],
        summary: 'The articles that bulletins applied since the agent’s last visit added, changed or removed',
        description: 'Newest bulletin first; a word-level diff of a changed article runs from `before` to `bulletin`. Empty on a first visit or for a service token.',
        security,
        querystring: guideQuery,
        response: { 200: changesSinceVisitSchema, ...denials },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => changesSinceVisit(app.database, { tenantId: request.principal!.tenantId, agentId: agentOf(request.principal!), guide: request.query.guide }),
  );

  r.post(
    '/api/guide/visit',
    {
      schema: { tags: ['guide'], summary: 'Record the agent’s visit (the "changed since" markers start again from now)', security: [{ session: [] }], querystring: guideQuery, body: z.object({}).passthrough().optional(), response: { 204: z.null(), ...denials, 403: apiError } },
      preHandler: requireSession,
    },
    async (request, reply) => {
      await recordVisit(app.database, { tenantId: request.session!.tenantId, agentId: request.session!.agentId, guide: request.query.guide });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/api/guide/toc',
    {
      schema: {
        tags: ['guide'],
        summary: 'One level of the table of contents at a date',
        security,
        querystring: guideQuery.extend({ path: text().max(400).regex(/^[A-Za-z0-9/_.-]*$/).default(''), at }),
        response: { 200: tocPage, ...denials },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => {
      if (request.query.path.split('/').some((s) => s === '..' || s === '.')) throw badRequest('Chemin de section invalide.');
      return tableOfContents(app.database, {
        tenantId: request.principal!.tenantId,
        agentId: agentOf(request.principal!),
        guide: request.query.guide,
        path: request.query.path,
        at: request.query.at ?? today(),
      });
    },
  );

  r.get(
    '/api/guide/bulletins/:published',
    {
      schema: {
        tags: ['guide'],
        summary: 'What one update bulletin changed',
        security,
        params: z.object({ published: isoDate }),
        querystring: guideQuery,
        response: { 200: bulletinPageSchema, ...denials },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => bulletinPage(app.database, { tenantId: request.principal!.tenantId, guide: request.query.guide, published: request.params.published }),
  );

  r.get(
    '/api/guide/diff',
    {
      schema: {
        tags: ['guide'],
        summary: 'Word-level diff of an article between the texts in force at two dates',
        security,
        querystring: guideQuery.extend({ path: guidePath, from: at.unwrap(), to: at.unwrap() }),
        response: { 200: articleDiffSchema, ...denials },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => articleDiff(app.database, { tenantId: request.principal!.tenantId, ...request.query }),
  );

  r.get(
    '/api/guide/bookmarks',
    { schema: { tags: ['guide'], summary: 'My bookmarks and notes', security: [{ session: [] }], querystring: guideQuery, response: { 200: z.object({ items: z.array(bookmark) }), ...denials } }, preHandler: requireSession },
    async (request) => ({ items: await listBookmarks(app.database, { tenantId: request.session!.tenantId, agentId: request.session!.agentId, guide: request.query.guide }) }),
  );

  r.put(
    '/api/guide/bookmarks',
    {
      schema: { tags: ['guide'], summary: 'Bookmark an article, with a private note', security: [{ session: [] }], querystring: guideQuery, body: saveBookmarkBody, response: { 200: bookmark, ...denials, 403: apiError } },
      preHandler: requireSession,
    },
    async (request) => {
      if (!guidePath.safeParse(request.body.path).success) throw badRequest('Chemin d’article invalide.');
      return saveBookmark(app.database, {
        tenantId: request.session!.tenantId,
        agentId: request.session!.agentId,
        guide: request.query.guide,
        path: request.body.path,
        note: request.body.note ?? null,
        requestId: request.id,
      });
    },
  );

  r.post(
    '/api/guide/bookmarks/remove',
    {
      schema: { tags: ['guide'], summary: 'Remove a bookmark', security: [{ session: [] }], querystring: guideQuery, body: z.object({ path: text().max(400) }), response: { 204: z.null(), ...denials, 403: apiError } },
      preHandler: requireSession,
    },
    async (request, reply) => {
      await removeBookmark(app.database, { tenantId: request.session!.tenantId, agentId: request.session!.agentId, guide: request.query.guide, path: request.body.path, requestId: request.id });
      return reply.code(204).send(null);
    },
  );

  // Editing the guide (admin area), in a child plugin: the zip body parser is its own.
  await app.register(guideEditingRoutes);
}
