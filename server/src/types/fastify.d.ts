// What Estran adds to Fastify's types: the decorations of app.ts (config, database, sms),
// the request's session and principal (platform/principal.ts, set by the guards), and the
// cookie plugin's methods.
import '@fastify/cookie';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { Guards } from '../platform/endpoint.ts';
import type { JobRunner } from '../platform/jobs.ts';
import type { AgentSession, Principal } from '../platform/principal.ts';
import type { SecretKeyring } from '../platform/secrets.ts';
import type { SmsSender } from '../platform/sms.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    sms: SmsSender | null;
    /** The server secret keys: seal and open secrets at rest (platform/secrets.ts). */
    secrets: SecretKeyring;
    /** Durable jobs (platform/jobs.ts, pg-boss), started on first use, stopped on close. */
    jobs: JobRunner;
    /** The routes as registered (app.ts onRoute hook). */
    routeList: { method: string; url: string }[];
    /** The access guards endpoints are registered with (platform/endpoint.ts). */
    guards: Guards;
  }
  interface FastifyRequest {
    /** The agent's session, when the caller has one (set by requireSession). */
    session: AgentSession | null;
    /** Who is calling, set by every guard: the session's agent or a service token. */
    principal: Principal | null;
  }
}
