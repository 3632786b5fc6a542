// The file import's route (POST /api/admin/directory/import), in its own plugin: its
// content-type parsers (the raw file) stay out of the JSON routes beside it.
import type { FastifyInstance } from 'fastify';
import { directoryImportContentTypes, endpoints, limits } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor } from '../../platform/principal.ts';
import { importDirectoryFile } from './import-file.ts';

export async function directoryImportRoutes(app: FastifyInstance) {
  // The file is read whole into one Buffer, for the routes of this plugin only (Fastify
  // scopes content-type parsers to the plugin that adds them); the bytes decide CSV or ODS.
  if (app.hasContentTypeParser('text/plain')) app.removeContentTypeParser('text/plain');
  app.addContentTypeParser([...directoryImportContentTypes], { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  route(
    app,
    endpoints.directory.import.upload,
    async (request) => {
      const { agentIds: _ids, format: _format, kind: _kind, ...report } = await importDirectoryFile(app.database, {
        tenantId: request.principal.tenantId,
        file: request.body,
        mode: request.query.mode,
        actor: auditActor(request.principal),
        requestId: request.id,
      });
      return report;
    },
    {
      // The app's body limit is 1 MiB; 50,000 agent lines need more, on this route only.
      bodyLimit: limits.directoryImportMaxBytes,
      consumes: directoryImportContentTypes,
      // Before the body is even read: an administrator's session, its CSRF token and the Origin.
      guardOnRequest: true,
    },
  );
}
