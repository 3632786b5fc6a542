// Editing a guide from the admin area: uploading an edition or an update bulletin as a
// zip (checked first, applied on a second call with the same file), and the synonyms its
// search uses (read by every reader of the guide).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiError, canAdministerTenant, canEditGuide, guideImportReport, guidePackageUploadQuery, guideSynonyms, limits, saveGuideSynonymsBody, text } from '@estran/contracts';
import { forbidden } from '../../platform/http-errors.ts';
import { requirePolicy, requireSession } from '../auth/index.ts';
import { requireScope } from '../service-tokens/index.ts';
import { importGuideZip } from './import-package-zip.ts';
import { readSynonyms, resetSynonyms, saveSynonyms } from './synonyms.ts';

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
          `${limits.guidePackageMaxEntries} entries, ${limits.guidePackageMaxFileBytes / 1024 / 1024} MiB per file and ${limits.guidePackageMaxUncompressedBytes / 1024 / 1024} MiB in all once inflated; ` +
          'an entry inflating past the size it declares is refused (413). A refused package answers 200 with outcome "refused" and its problems; an archive that cannot be read safely answers 400 or 413.',
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
  const guideQuery = z.object({ guide: text().max(63).optional() });
  const editor = (request: FastifyRequest) => {
    const s = request.session!;
    return { tenantId: s.tenantId, agentId: s.agentId, roles: s.roles, operator: s.operator };
  };
  const writeDenials = { 400: apiError, 401: apiError, 403: apiError, 404: apiError };

  r.get(
    '/api/guide/synonyms',
    {
      schema: {
        tags: ['guide'],
        summary: 'The synonyms and abbreviations the guide’s search uses',
        description: 'The list saved for the guide, else the default list (isDefault). A session or a service token with the guide:read scope.',
        security: [{ session: [] }, { bearer: [] }],
        querystring: guideQuery,
        response: { 200: guideSynonyms, 400: apiError, 401: apiError, 404: apiError },
      },
      preHandler: requireScope('guide:read'),
    },
    async (request) => readSynonyms(app.database, { tenantId: request.principal!.tenantId, guide: request.query.guide }),
  );

  r.put(
    '/api/guide/synonyms',
    {
      schema: {
        tags: ['guide'],
        summary: 'Replace the guide’s synonyms (audited)',
        description:
          'Groups of 2 or more phrases that search treats as one. A tenant’s own guide: its administrators; the shared guide: the operator’s administrators. ' +
          `At most ${limits.guideSynonymGroupsMax} groups of ${limits.guideSynonymPhrasesMax} phrases of ${limits.guideSynonymPhraseMax} characters.`,
        security: [{ session: [] }],
        querystring: guideQuery,
        body: saveGuideSynonymsBody,
        response: { 200: guideSynonyms, ...writeDenials },
      },
      preHandler: requireSession,
    },
    async (request) => saveSynonyms(app.database, { editor: editor(request), guide: request.query.guide, groups: request.body.groups, requestId: request.id }),
  );

  r.delete(
    '/api/guide/synonyms',
    {
      schema: {
        tags: ['guide'],
        summary: 'Go back to the default synonyms (audited)',
        description: 'Deletes the list saved for the guide; search then uses the default list. Same rule as PUT.',
        security: [{ session: [] }],
        querystring: guideQuery,
        response: { 200: guideSynonyms, ...writeDenials },
      },
      preHandler: requireSession,
    },
    async (request) => resetSynonyms(app.database, { editor: editor(request), guide: request.query.guide, requestId: request.id }),
  );
}
