// The organisation's own routes (issue 17): read and change it, its logo set, removed and
// served, what the login page shows for a host name. Registered by routes.ts as a child
// plugin, so the logo upload's raw-body parser applies to these routes only.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { endpoints, limits } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { notFound } from '../../platform/http-errors.ts';
import { auditActor } from '../../platform/principal.ts';
import { brandingForHost, logoTooLarge, organisationForHost, readOrganisationLogo, removeOrganisationLogo, setOrganisationLogo, type StoredLogo } from './organisation-logo.ts';
import { readOrganisation } from './read-organisation.ts';
import { updateOrganisation } from './update-organisation.ts';

const e = endpoints.org;

export async function organisationRoutes(app: FastifyInstance) {
  // A logo upload's body is read whole, whatever Content-Type it claims (application/json
  // keeps its parser): the bytes decide what it is (organisation-logo.ts).
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  // Past the size limit, Fastify stops reading and fails with 413: said in French, with the limit.
  app.setErrorHandler((error: FastifyError, _request, _reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') throw logoTooLarge();
    throw error;
  });

  route(app, e.readOrganisation, (request) => {
    const tenantId = request.principal.tenantId;
    return app.database.tenant(tenantId, async (tx) => (await readOrganisation(tx, tenantId))!);
  });
  route(app, e.updateOrganisation, (request) =>
    updateOrganisation(app.database, { tenantId: request.principal.tenantId, changes: request.body, actor: auditActor(request.principal), requestId: request.id }),
  );
  route(app, e.updateTenant, (request) =>
    updateOrganisation(app.database, {
      tenantId: request.params.id,
      changes: request.body,
      actor: auditActor(request.principal),
      requestId: request.id,
      operatorTenantId: request.principal.tenantId,
    }),
  );

  route(
    app,
    e.putOrganisationLogo,
    (request) => setOrganisationLogo(app.database, { tenantId: request.principal.tenantId, image: request.body, actor: auditActor(request.principal), requestId: request.id }),
    // Before the body is read: an administrator's session, its CSRF token and the Origin.
    { bodyLimit: limits.organisationLogoMaxBytes, consumes: ['image/png', 'image/jpeg', 'image/webp', 'application/octet-stream'], guardOnRequest: true },
  );
  route(app, e.deleteOrganisationLogo, (request) =>
    removeOrganisationLogo(app.database, { tenantId: request.principal.tenantId, actor: auditActor(request.principal), requestId: request.id }),
  );

  // Public: the login page knows no session. request.hostname is the Host header's name
  // (X-Forwarded-Host only behind a trusted proxy, app.ts trustProxy).
  route(app, e.branding, (request) => brandingForHost(app.database, request.hostname));
  route(app, e.logoByHost, async (request, reply) => {
    const t = await organisationForHost(app.database, request.hostname);
    return sendLogo(request, reply, t ? await readOrganisationLogo(app.database, t.id) : undefined, request.query.v);
  });
  route(app, e.logo, async (request, reply) => sendLogo(request, reply, await readOrganisationLogo(app.database, request.params.tenantId), request.query.v));
}

/**
 * The logo with its own image type (nosniff: app.ts), inline. Its URL carries its version
 * (organisationLogoUrl): the current version is cached for a year, any other URL for five
 * minutes, then revalidated with its ETag (304).
 */
function sendLogo(request: Pick<FastifyRequest, 'headers'>, reply: FastifyReply, logo: StoredLogo | undefined, version: string | undefined) {
  if (!logo) throw notFound('Cette organisation n’a pas de logo.');
  const current = logo.updatedAt.getTime().toString(36);
  const etag = `"${current}-${logo.image.length}"`;
  reply
    .header('etag', etag)
    .header('last-modified', logo.updatedAt.toUTCString())
    .header('cache-control', version === current ? 'public, max-age=31536000, immutable' : 'public, max-age=300, must-revalidate')
    .header('content-disposition', `inline; filename="logo.${logo.contentType.slice('image/'.length)}"`);
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  return reply.type(logo.contentType).send(logo.image);
}
