// Registers a handler for an endpoint declared in contracts (contracts/src/endpoint.ts):
// the route's validation, OpenAPI description and response checking all come from that
// one object, and its access is enforced before the handler runs — `public` (the
// options' own guard, if any), `session` (+ the endpoint's policy on the session's
// roles), or `{ scope }` (a session, or a service token with that scope). The guards
// themselves belong to the auth and service-tokens features; app.ts hands them over
// (app.guards), so platform/ depends on no feature.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import {
  successStatus,
  type EndpointBody,
  type EndpointDefinition,
  type EndpointParams,
  type EndpointQuery,
  type EndpointResult,
  type EndpointSuccessStatus,
  type ServiceScope,
} from '@estran/contracts';
import { forbidden } from './http-errors.ts';
import type { AgentPrincipal, Principal } from './principal.ts';

export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** The access guards, provided by the features that own them (app.ts). */
export type Guards = {
  /** An agent's session, with CSRF on state-changing requests. */
  session: Guard;
  /** A session, or a bearer service token holding the scope. */
  scope: (scope: ServiceScope) => Guard;
};

/** The request a handler receives: inputs parsed by the endpoint's schemas. */
export type EndpointRequest<E extends EndpointDefinition> = Omit<FastifyRequest, 'params' | 'query' | 'body'> & {
  params: EndpointParams<E>;
  query: EndpointQuery<E>;
  body: EndpointBody<E>;
};

/**
 * After the endpoint's guard, `principal` is set (except on public endpoints): an agent's
 * for `session` endpoints (requireSession), an agent's or a service token's for `{ scope }`.
 */
export type GuardedRequest<E extends EndpointDefinition> = EndpointRequest<E> & {
  principal: E['access'] extends 'session' ? AgentPrincipal : Principal;
};

/** What a handler returns: the success body (nothing for a 204: route() sends null), or the reply it sent. */
type HandlerResult<E extends EndpointDefinition> = EndpointResult<E> | FastifyReply | (EndpointSuccessStatus<E> extends 204 ? void : never);

export type EndpointHandler<E extends EndpointDefinition> = (
  request: E['access'] extends 'public' ? EndpointRequest<E> : GuardedRequest<E>,
  reply: FastifyReply,
) => Promise<HandlerResult<E>> | HandlerResult<E>;

export type RouteExtras = {
  /** Run after the endpoint's access guard (e.g. the pre-session throttle). */
  preHandler?: Guard | Guard[];
  /** Fastify route options the endpoint object does not carry (body parsers' limits…). */
  bodyLimit?: number;
  config?: RouteOptions['config'];
  /** The route's log level (health probes and scrapes log only warnings). */
  logLevel?: RouteOptions['logLevel'];
  /**
   * The OpenAPI security of a public endpoint whose preHandler checks a credential itself
   * (/metrics: an allowed address, or a bearer token of the operator's tenant).
   */
  security?: { [name: string]: string[] }[];
  /**
   * Run the access guard in onRequest, before the body is read: a large upload from
   * someone who may not send it is refused without being received (guide packages).
   */
  guardOnRequest?: boolean;
  /** The body's content types in the OpenAPI document, for a raw body read by the plugin's own parser. */
  consumes?: readonly string[];
};

const SECURITY: Record<'public' | 'session' | 'scope', { [name: string]: string[] }[]> = {
  public: [],
  session: [{ session: [] }],
  scope: [{ session: [] }, { bearer: [] }],
};

function accessKind(definition: EndpointDefinition): 'public' | 'session' | 'scope' {
  return typeof definition.access === 'string' ? definition.access : 'scope';
}

/** The guards an endpoint's access asks for, in order. */
function guardsFor(app: FastifyInstance, definition: EndpointDefinition): Guard[] {
  const access = definition.access;
  if (access === 'public') return [];
  const first = access === 'session' ? app.guards.session : app.guards.scope(access.scope);
  const policy = definition.policy;
  if (!policy) return [first];
  return [
    first,
    async (request) => {
      const p = request.principal;
      // A policy is on an agent's roles: a service token passes only endpoints with none.
      if (!p || p.kind !== 'agent' || !policy({ roles: p.roles, operator: p.operator })) throw forbidden();
    },
  ];
}

/** Registers `handler` for `definition` on `app`. */
export function route<const E extends EndpointDefinition>(app: FastifyInstance, definition: E, handler: EndpointHandler<E>, extras: RouteExtras = {}): void {
  const status = successStatus(definition);
  const kind = accessKind(definition);
  const description =
    typeof definition.access === 'object'
      ? [definition.description, `A session, or a service token with the \`${definition.access.scope}\` scope.`].filter(Boolean).join(' ')
      : definition.description;
  const guards = guardsFor(app, definition);
  const preHandler = [...(extras.guardOnRequest ? [] : guards), ...[extras.preHandler ?? []].flat()];
  app.route({
    method: definition.method,
    url: definition.path,
    schema: {
      tags: [...definition.tags],
      summary: definition.summary,
      ...(description ? { description } : {}),
      security: extras.security ?? SECURITY[kind],
      ...(extras.consumes ? { consumes: [...extras.consumes] } : {}),
      ...(definition.params ? { params: definition.params } : {}),
      ...(definition.query ? { querystring: definition.query } : {}),
      ...(definition.body ? { body: definition.body } : {}),
      response: definition.contentType ? { ...definition.responses, [status]: { content: { [definition.contentType]: { schema: definition.responses[status] } } } } : definition.responses,
      ...(definition.hidden ? { hide: true } : {}),
    },
    ...(extras.guardOnRequest && guards.length ? { onRequest: guards } : {}),
    ...(preHandler.length ? { preHandler } : {}),
    ...(extras.bodyLimit ? { bodyLimit: extras.bodyLimit } : {}),
    ...(extras.config ? { config: extras.config } : {}),
    ...(extras.logLevel ? { logLevel: extras.logLevel } : {}),
    handler: async (request, reply) => {
      if (status !== 200) reply.code(status);
      const result = await handler(request as never, reply);
      if (status === 204 && result === undefined) return reply.send(null);
      return result;
    },
  });
}
