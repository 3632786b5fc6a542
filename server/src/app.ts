// The Fastify application: plugins, the one error shape, request ids, the OpenAPI
// document generated from the zod schemas, the features' routes, and the web client.
import type {} from './types/fastify.d.ts';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import { authRoutes, requireSession } from './features/auth/index.ts';
import { healthRoutes } from './features/health/index.ts';
import { orgRoutes } from './features/org/index.ts';
import type { Logger } from './platform/logger.ts';
import { HttpError } from './platform/http-errors.ts';
import type { SmsSender } from './platform/sms.ts';
import { SecretKeyring } from './platform/secrets.ts';
import { deviceRoutes } from './features/devices/index.ts';
import { helpdeskRoutes } from './features/helpdesk/index.ts';
import { requireScope, serviceTokenRoutes } from './features/service-tokens/index.ts';
import type { Guards } from './platform/endpoint.ts';
import { guideRoutes } from './features/guide/index.ts';
import { auditRoutes } from './features/audit/index.ts';
import { directoryRoutes } from './features/directory/index.ts';
import { metricsRoutes, observeRequestDurations } from './features/metrics/index.ts';
import { ldapRoutes } from './features/directory/index.ts';
import { JobRunner } from './platform/jobs.ts';


const REQUEST_ID_RE = /^[A-Za-z0-9._-]{8,128}$/;

export async function buildApp(input: { config: Config; database: Database; logger: Logger; sms?: SmsSender | null; secrets?: SecretKeyring }): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: input.logger as FastifyBaseLogger,
    // A caller's request id is kept when it looks like one (a proxy's), else we make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : randomUUID();
    },
    // Behind a TLS reverse proxy every request comes from the proxy: its X-Forwarded-For
    // is believed only when the peer is one of ESTRAN_TRUSTED_PROXIES (issue 15, finding
    // 5), so request.ip — throttling, strikes, the audit trail — is the client's address.
    trustProxy: input.config.trustedProxies.length ? input.config.trustedProxies : false,
    bodyLimit: 1024 * 1024,
  });
  app.decorate('config', input.config);
  app.decorate('database', input.database);
  app.decorate('sms', input.sms ?? null);
  // main.ts loads the key file; tests get a keyring that lives as long as the process.
  app.decorate('secrets', input.secrets ?? SecretKeyring.ephemeral());
  // Durable jobs (pg-boss), started on first use; closing the application lets the jobs in
  // flight finish and stops the workers before the database closes (main.ts).
  const jobs = new JobRunner(input.database, input.logger);
  app.decorate('jobs', jobs);
  // Within main.ts's 10-second shutdown limit.
  app.addHook('onClose', () => jobs.stop(8_000));
  // Every route as registered (method, URL): what the OpenAPI document must describe.
  const routeList: { method: string; url: string }[] = [];
  app.decorate('routeList', routeList);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routeList.push({ method, url: route.url });
  });
  app.decorateRequest('session', null);
  app.decorateRequest('principal', null);
  app.decorate('guards', { session: requireSession, scope: requireScope } satisfies Guards);
  // A POST without a body reaches validation as null; optional bodies mean undefined.
  app.setValidatorCompiler((route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    return route.httpPart === 'body' ? (data: unknown) => validate(data === null ? undefined : data) : validate;
  });
  app.setSerializerCompiler(serializerCompiler);

  const https = input.config.origin.startsWith('https://');
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // RFC 6797: browsers keep to HTTPS for two years once they have reached us over it.
    if (https) reply.header('strict-transport-security', 'max-age=63072000; includeSubDomains');
    // API answers carry personal data and session state: never stored by a browser or a
    // proxy cache (the web client's files keep their own caching).
    if (/^\/(api|healthz|readyz|metrics)(\/|$|\?)/.test(request.url) && !reply.hasHeader('cache-control')) {
      reply.header('cache-control', 'no-store');
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    reply.header(
      'content-security-policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      return reply.code(400).send({
        error: 'invalid_request',
        message: 'La requête est invalide.',
        issues: error.validation.map((v) => ({
          path: [where, ...v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))],
          code: v.keyword,
          message: v.message ?? 'invalide',
        })),
        requestId: request.id,
      });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
      return reply.code(500).send({
        error: 'internal_error',
        message: 'Une erreur interne est survenue. Réessayez ; si elle persiste, contactez l’assistance avec ce numéro de requête.',
        requestId: request.id,
      });
    }
    if (error instanceof HttpError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      const retry = error.extra?.retryAfterSeconds;
      if (typeof retry === 'number') reply.header('retry-after', String(retry)); // RFC 9110 §10.2.3
      return reply.code(error.status).send({ error: error.code, message: error.message, ...error.extra, requestId: request.id });
    }
    // Fastify's own 4xx (malformed JSON, body too large, unsupported media type).
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.code(error.statusCode).send({
        error: error.statusCode === 413 ? 'payload_too_large' : 'invalid_request',
        message: error.statusCode === 413 ? 'La requête est trop volumineuse.' : 'La requête est invalide.',
        requestId: request.id,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({
      error: 'internal_error',
      message: 'Une erreur interne est survenue. Réessayez ; si elle persiste, contactez l’assistance avec ce numéro de requête.',
      requestId: request.id,
    });
  });

  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    return parseJson(request, text, done);
  });

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Estran API',
        version: '0.1.0',
        description:
          'Secure workspace for the field agents of French local governments. Failures answer `{ "error", "message" }` (message in French).',
      },
      servers: [{ url: input.config.origin }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: '__Host-estran-session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'Service token (admin area or `estran token create`)' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });

  observeRequestDurations(app);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(authRoutes);
  await app.register(orgRoutes);
  await app.register(helpdeskRoutes);
  await app.register(deviceRoutes);
  await app.register(serviceTokenRoutes);
  await app.register(guideRoutes);
  await app.register(auditRoutes);
  await app.register(directoryRoutes);
  await app.register(ldapRoutes);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const webIndex = path.join(input.config.webDist, 'index.html');
  const hasWeb = existsSync(webIndex);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: input.config.webDist, wildcard: false, index: false });
  }

  app.setNotFoundHandler((request, reply) => {
    const apiPath = /^\/(api|healthz|readyz)(\/|$|\?)/.test(request.url);
    if (!apiPath && hasWeb && (request.method === 'GET' || request.method === 'HEAD')) {
      // The web client routes everything else (single-page application).
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.code(404).send({
      error: 'not_found',
      message: `Aucune route ne correspond à ${request.method} ${request.url.split('?')[0]}.`,
      requestId: request.id,
    });
  });

  return app;
}
