// Reading the guide: thin handlers for the endpoints of contracts/src/guide/endpoints.ts
// (a session, or a service token with guide:read; bookmarks and visits are the agent's).
import type { FastifyInstance } from 'fastify';
import { endpoints, guidePath } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { badRequest } from '../../platform/http-errors.ts';
import { agentIdOf } from '../../platform/principal.ts';
import { articleDiff } from './article-diff.ts';
import { listBookmarks, removeBookmark, saveBookmark } from './bookmarks.ts';
import { bulletinPage } from './bulletin-page.ts';
import { changesSinceVisit } from './changes-since-visit.ts';
import { guideEditingRoutes } from './editing-routes.ts';
import { guideSummary, recordVisit } from './guide-summary.ts';
import { tableOfContents } from './table-of-contents.ts';
import { readArticle } from './read-article.ts';
import { searchGuide } from './search-guide.ts';

const e = endpoints.guide;
const today = () => new Date().toISOString().slice(0, 10);

export async function guideRoutes(app: FastifyInstance) {
  route(app, e.search, (request) =>
    searchGuide(app.database, {
      tenantId: request.principal.tenantId,
      guide: request.query.guide,
      q: request.query.q,
      at: request.query.at ?? today(),
      limit: request.query.limit,
    }),
  );

  route(app, e.article, (request) => {
    const path = request.params['*'];
    if (!guidePath.safeParse(path).success) throw badRequest('Chemin d’article invalide.');
    return readArticle(app.database, { tenantId: request.principal.tenantId, guide: request.query.guide, path, at: request.query.at ?? today() });
  });

  route(app, e.summary, (request) =>
    guideSummary(app.database, { tenantId: request.principal.tenantId, agentId: agentIdOf(request.principal), guide: request.query.guide }),
  );

  route(app, e.changes, (request) =>
    changesSinceVisit(app.database, { tenantId: request.principal.tenantId, agentId: agentIdOf(request.principal), guide: request.query.guide }),
  );

  route(app, e.recordVisit, async (request) => {
    await recordVisit(app.database, { tenantId: request.principal.tenantId, agentId: request.principal.agentId, guide: request.query.guide });
    return null;
  });

  route(app, e.toc, (request) => {
    if (request.query.path.split('/').some((s) => s === '..' || s === '.')) throw badRequest('Chemin de section invalide.');
    return tableOfContents(app.database, {
      tenantId: request.principal.tenantId,
      agentId: agentIdOf(request.principal),
      guide: request.query.guide,
      path: request.query.path,
      at: request.query.at ?? today(),
    });
  });

  route(app, e.bulletin, (request) =>
    bulletinPage(app.database, { tenantId: request.principal.tenantId, guide: request.query.guide, published: request.params.published }),
  );

  route(app, e.diff, (request) => articleDiff(app.database, { tenantId: request.principal.tenantId, ...request.query }));

  route(app, e.listBookmarks, async (request) => ({
    items: await listBookmarks(app.database, { tenantId: request.principal.tenantId, agentId: request.principal.agentId, guide: request.query.guide }),
  }));

  route(app, e.saveBookmark, (request) => {
    if (!guidePath.safeParse(request.body.path).success) throw badRequest('Chemin d’article invalide.');
    return saveBookmark(app.database, {
      tenantId: request.principal.tenantId,
      agentId: request.principal.agentId,
      guide: request.query.guide,
      path: request.body.path,
      note: request.body.note ?? null,
      requestId: request.id,
    });
  });

  route(app, e.removeBookmark, async (request) => {
    await removeBookmark(app.database, {
      tenantId: request.principal.tenantId,
      agentId: request.principal.agentId,
      guide: request.query.guide,
      path: request.body.path,
      requestId: request.id,
    });
    return null;
  });

  // Editing the guide (admin area), in a child plugin: the zip body parser is its own.
  await app.register(guideEditingRoutes);
}
