// Editing a guide from the admin area: uploading an edition or an update bulletin as a
// zip (checked first, applied on a second call with the same file).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, canAdministerTenant, canEditGuide, guideImportReport, guidePackageUploadQuery, limits } from '@estran/contracts';
import { forbidden } from '../../platform/http-errors.ts';
import { requirePolicy } from '../auth/index.ts';
import { importGuideZip } from './import-package-zip.ts';

const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed', 'application/octet-stream'];

const zipBody = z
  .custom<Buffer>((v) => Buffer.isBuffer(v), { message: 'une archive zip est attendue (Content-Type: application/zip)' })
  .meta({ type: 'string', format: 'binary', description: 'The package as a .zip: manifest.json and texts/… at its root or inside one top folder' });

export async function guideEditingRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  // A zip body is read whole into one Buffer, for the routes of this plugin only (Fastify
  // scopes content-type parsers to the plugin that adds them).
  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  r.post(
    '/api/admin/guide/packages',
    {
      // The app's body limit is 1 MiB; a package is larger, on this route only.
      bodyLimit: limits.guidePackageMaxBytes,
      schema: {
        tags: ['guide'],
        summary: 'Check, then apply, an edition or an update bulletin of the guide uploaded as a zip',
        description:
          'mode=check validates and answers the report (articles added, changed, removed; problems with their file; broken links), writing nothing; ' +
          'mode=apply re-does the checks on the same file and applies it all or nothing (audited). scope=shared writes the guide the operator shares with every tenant ' +
          `(operator administrators only); scope=tenant the tenant’s own guide (its administrators). At most ${limits.guidePackageMaxBytes / 1024 / 1024} MiB, ` +
          `${limits.guidePackageMaxEntries} entries, ${limits.guidePackageMaxUncompressedBytes / 1024 / 1024} MiB once inflated. A refused package answers 200 with outcome "refused" and its problems; an archive that cannot be read safely answers 400 or 413.`,
        security: [{ session: [] }],
        consumes: ZIP_TYPES,
        querystring: guidePackageUploadQuery,
        body: zipBody,
        response: { 200: guideImportReport, 400: apiError, 401: apiError, 403: apiError, 413: apiError, 415: apiError },
      },
      // Before the body is even read: an administrator's session, its CSRF token and the
      // Origin (service tokens never open admin routes). Which guide: checked below.
      onRequest: requirePolicy(canAdministerTenant),
    },
    async (request) => {
      const s = request.session!;
      const shared = request.query.scope === 'shared';
      if (!canEditGuide({ roles: s.roles, operator: s.operator }, { shared })) {
        throw forbidden('Seuls les administrateurs de l’opérateur de mutualisation peuvent modifier le guide partagé avec toutes les collectivités.');
      }
      return importGuideZip(app.database, {
        zip: request.body,
        guideSlug: request.query.guide,
        tenantId: shared ? null : s.tenantId,
        actor: { type: 'agent', id: s.agentId },
        dryRun: request.query.mode !== 'apply',
        requestId: request.id,
      });
    },
  );
}
