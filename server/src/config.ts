// Configuration, read from the environment and validated once at boot. No variable at
// all means: embedded PGlite in ./data, http://localhost:3000. Each bad variable gets
// its own message (.env.example documents them all).
import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** An empty variable counts as unset (a template's `PORT=` line). */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

const env = z.object({
  PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.string().min(1).default('localhost'),
  ESTRAN_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ESTRAN_DATA_DIR: z.string().min(1).default(path.join(repoRoot, 'data')),
  ESTRAN_WEB_DIST: z.string().min(1).default(path.join(repoRoot, 'web', 'dist')),
  ESTRAN_ADMIN_SOCKET: z.string().min(1).optional(),
  ESTRAN_TENANT_NAME: z.string().trim().min(1).max(200).default('Estran'),
  ESTRAN_ADMIN_EMAIL: z.email().default('admin@estran.localhost'),
  ESTRAN_DB_POOL_SIZE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(200).default(10)),
  ESTRAN_AUTH_RATE_PER_MINUTE: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(1).max(1_000_000).default(60)),
  SMPP_URL: z
    .string()
    .regex(/^smpps?:\/\//, 'doit commencer par smpp:// ou smpps://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SMPP_SOURCE: z.string().trim().min(1).max(11).default('ESTRAN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NODE_ENV: z.enum(['production', 'development', 'test']).default('production'),
});

export type Config = {
  port: number;
  host: string;
  origin: string;
  database: { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string; poolSize: number };
  dataDir: string;
  adminSocket: string;
  webDist: string;
  firstTenantName: string;
  firstAdminEmail: string;
  /** Requests per minute per address on each authentication endpoint. */
  authRatePerMinute: number;
  /** SMS gateway (SMPP 3.4) for unblock codes and alerts; none: SMS unavailable. */
  smpp: { url: string; source: string } | null;
  logLevel: z.infer<typeof env>['LOG_LEVEL'];
  nodeEnv: z.infer<typeof env>['NODE_ENV'];
};

/** A bad value as it may be shown: a URL's password never (DATABASE_URL, SMPP_URL). */
function shown(value: string | undefined): string | undefined {
  return value?.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`Configuration invalide :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = env.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (valeur reçue : ${JSON.stringify(shown(source[String(i.path[0])]))})`),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.ESTRAN_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    origin: (e.ESTRAN_ORIGIN ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolSize: e.ESTRAN_DB_POOL_SIZE }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pg') },
    dataDir,
    adminSocket: path.resolve(e.ESTRAN_ADMIN_SOCKET ?? path.join(dataDir, 'admin.sock')),
    webDist: path.resolve(e.ESTRAN_WEB_DIST),
    firstTenantName: e.ESTRAN_TENANT_NAME,
    firstAdminEmail: e.ESTRAN_ADMIN_EMAIL,
    authRatePerMinute: e.ESTRAN_AUTH_RATE_PER_MINUTE,
    smpp: e.SMPP_URL ? { url: e.SMPP_URL, source: e.SMPP_SOURCE } : null,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
  };
}
