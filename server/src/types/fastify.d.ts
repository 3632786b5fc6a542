// What Estran adds to Fastify's types: the decorations of app.ts (config, database, sms),
// the request's session (auth guard) and principal (service-token guard), and the
// cookie plugin's methods.
import '@fastify/cookie';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import type { SessionContext } from '../features/auth/sessions.ts';
import type { Principal } from '../features/service-tokens/guard.ts';
import type { SecretKeyring } from '../platform/secrets.ts';
import type { SmsSender } from '../platform/sms.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    sms: SmsSender | null;
    /** The server secret keys: seal and open secrets at rest (platform/secrets.ts). */
    secrets: SecretKeyring;
    /** The routes as registered (app.ts onRoute hook). */
    routeList: { method: string; url: string }[];
  }
  interface FastifyRequest {
    session: SessionContext | null;
    principal: Principal | null;
  }
}
