// Editing a guide from the admin area: uploading an edition or an update bulletin as a
// zip (checked first, applied on a second call with the same file), and the synonyms its
// search uses (read by every reader of the guide). Endpoints: contracts/src/guide/endpoints.ts.
import type { FastifyInstance } from 'fastify';
import { canEditGuide, endpoints, guidePackageContentTypes, limits } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { forbidden } from '../../platform/http-errors.ts';
import { auditActor, type AgentPrincipal } from '../../platform/principal.ts';
import { importGuideZip } from './import-package-zip.ts';
import { readSynonyms, resetSynonyms, saveSynonyms } from './synonyms.ts';

const e = endpoints.guide;

export async function guideEditingRoutes(app: FastifyInstance) {
  // A zip body is read whole into one Buffer, for the routes of this plugin only (Fastify
  // scopes content-type parsers to the plugin that adds them).
  app.addContentTypeParser([...guidePackageContentTypes], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  route(
    app,
    e.uploadPackage,
    async (request) => {
      const p = request.principal;
      const shared = request.query.scope === 'shared';
      if (!canEditGuide({ roles: p.roles, operator: p.operator }, { shared })) {
        throw forbidden('Seuls les administrateurs de l’opérateur de mutualisation peuvent modifier le guide partagé avec toutes les collectivités.');
      }
      return importGuideZip(app.database, {
        zip: request.body,
        guideSlug: request.query.guide,
        tenantId: shared ? null : p.tenantId,
        actor: auditActor(p),
        dryRun: request.query.mode !== 'apply',
        requestId: request.id,
      });
    },
    {
      // The app's body limit is 1 MiB; a package is larger, on this route only.
      bodyLimit: limits.guidePackageMaxBytes,
      consumes: guidePackageContentTypes,
      // Before the body is even read: an administrator's session, its CSRF token and the
      // Origin (service tokens never open admin routes). Which guide: checked above.
      guardOnRequest: true,
    },
  );

  const editor = (p: AgentPrincipal) => ({ tenantId: p.tenantId, agentId: p.agentId, roles: p.roles, operator: p.operator });

  route(app, e.readSynonyms, (request) => readSynonyms(app.database, { tenantId: request.principal.tenantId, guide: request.query.guide }));

  route(app, e.saveSynonyms, (request) =>
    saveSynonyms(app.database, { editor: editor(request.principal), guide: request.query.guide, groups: request.body.groups, requestId: request.id }),
  );

  route(app, e.resetSynonyms, (request) => resetSynonyms(app.database, { editor: editor(request.principal), guide: request.query.guide, requestId: request.id }));
}
