// An endpoint, declared once: method, path, inputs, answers, summary and who may call.
// The server registers its handler from this object (validation, the OpenAPI document
// and response checking come from the same zod schemas: server/src/platform/endpoint.ts),
// and the web calls it through one typed client (web/src/lib/api.ts:
// `api.call(endpoints.guide.search, { query })`). No route keeps an inline schema and no
// page writes a response type by hand (CONVENTIONS: the schema beside the endpoint, the
// type inferred from it).
import type { z } from 'zod';
import type { Actor } from './policies/admin.ts';
import type { ServiceScope } from './service-tokens/schemas.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call:
 * - `public`: anyone (health, the pre-session steps of authentication; the endpoint's own
 *   guard, if any, is given where the server registers it);
 * - `session`: an agent's session (state-changing requests carry its CSRF token), then
 *   `policy`, when given, on the session's roles;
 * - `{ scope }`: a session, or a bearer service token holding that scope.
 */
export type EndpointAccess = 'public' | 'session' | { scope: ServiceScope };

export type EndpointDefinition = {
  method: HttpMethod;
  /** Fastify's syntax: `:name` for a parameter, a trailing `*` for the rest of the path. */
  path: string;
  tags: readonly string[];
  summary: string;
  description?: string;
  access: EndpointAccess;
  /** A pure rule from contracts/policies, checked on the session before the handler. */
  policy?: (actor: Actor) => boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Keyed by status code; the lowest 2xx is the success answer the client returns. */
  responses: { [status: number]: z.ZodType };
  /** The success answer's media type when it is not JSON (a CSV export): the OpenAPI document says so. */
  contentType?: string;
  /** Not in the OpenAPI document (the document itself). */
  hidden?: boolean;
};

/** Declares an endpoint, keeping its literal types (for the server's handler and the web client). */
export function endpoint<const E extends EndpointDefinition>(definition: E): E {
  return definition;
}

type SuccessStatus = 200 | 201 | 202 | 204;
type Schema<E, K extends string> = E extends { [P in K]: infer S extends z.ZodType } ? S : undefined;

/** The parsed inputs a handler receives (defaults applied, strings coerced). */
export type EndpointParams<E extends EndpointDefinition> = Schema<E, 'params'> extends z.ZodType ? z.output<Schema<E, 'params'>> : Record<string, never>;
export type EndpointQuery<E extends EndpointDefinition> = Schema<E, 'query'> extends z.ZodType ? z.output<Schema<E, 'query'>> : Record<string, never>;
export type EndpointBody<E extends EndpointDefinition> = Schema<E, 'body'> extends z.ZodType ? z.output<Schema<E, 'body'>> : undefined;

/** The success answer's status and body. */
export type EndpointSuccessStatus<E extends EndpointDefinition> = Extract<keyof E['responses'], SuccessStatus>;
export type EndpointResult<E extends EndpointDefinition> = z.output<E['responses'][EndpointSuccessStatus<E>]>;

/** What a caller gives: the inputs as sent over the wire (before defaults). */
export type EndpointInput<E extends EndpointDefinition> = (Schema<E, 'params'> extends z.ZodType ? { params: z.input<Schema<E, 'params'>> } : { params?: undefined }) &
  (Schema<E, 'query'> extends z.ZodType ? { query?: z.input<Schema<E, 'query'>> } : { query?: undefined }) &
  (Schema<E, 'body'> extends z.ZodType ? { body: z.input<Schema<E, 'body'>> } : { body?: undefined });

/** The success status of an endpoint: its lowest 2xx response. */
export function successStatus(definition: EndpointDefinition): number {
  const codes = Object.keys(definition.responses)
    .map(Number)
    .filter((c) => c >= 200 && c < 300)
    .sort((a, b) => a - b);
  return codes[0] ?? 200;
}

/**
 * The URL of an endpoint for given parameters: `:name` replaced by the encoded value,
 * a trailing `*` by the value's segments, each encoded.
 */
export function endpointUrl(definition: Pick<EndpointDefinition, 'path'>, params?: Record<string, unknown>, query?: Record<string, unknown>): string {
  let url = definition.path.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null) throw new Error(`Paramètre manquant : ${name}`);
    return encodeURIComponent(String(value));
  });
  if (url.endsWith('*')) {
    const rest = String(params?.['*'] ?? '');
    url = url.slice(0, -1) + rest.split('/').map(encodeURIComponent).join('/');
  }
  if (query) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      for (const item of Array.isArray(v) ? v : [v]) q.append(k, String(item));
    }
    const s = q.toString();
    if (s) url += `?${s}`;
  }
  return url;
}
