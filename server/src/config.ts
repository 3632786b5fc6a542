// Configuration, read from the environment and validated once at boot. No variable at
// all means: embedded PGlite in ./data, http://localhost:3000. Each bad variable gets
// its own message (.env.example documents them all).
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** An empty variable counts as unset (a template's `PORT=` line). */
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** An IPv4/IPv6 address or a CIDR range (`10.0.0.0/8`, `::1`). */
function isAddressOrRange(value: string): boolean {
  const [address, bits, ...rest] = value.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

/** A comma-separated list of addresses and ranges. */
const addressList = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every(isAddressOrRange), 'une liste d’adresses IP ou de plages CIDR séparées par des virgules (127.0.0.1,10.0.0.0/8)');

const env = z.object({
  PORT: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.string().min(1).default('localhost'),
  ESTRAN_ORIGIN: z.url({ protocol: /^https?$/ }).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // The schema owner, for migrations only; the serving connection (DATABASE_URL) never
  // holds it. Unset: DATABASE_URL migrates too (development; `estran doctor` refuses it).
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'doit commencer par postgres:// ou postgresql://')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  ESTRAN_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'un nom de rôle PostgreSQL en minuscules (lettres, chiffres, _), 63 caractères au plus')
    .default('estran_app'),
  ESTRAN_TRUSTED_PROXIES: z.preprocess(unsetIfEmpty, addressList.optional()),
  ESTRAN_METRICS_ALLOW: z.preprocess(unsetIfEmpty, addressList.optional()),
  ESTRAN_SECRET_KEY_FILE: z.string().min(1).optional(),
  ESTRAN_BACKUP_DIR: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
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
  database:
    | { kind: 'pglite'; dataDir: string; appRole: string }
    | { kind: 'postgres'; url: string; migrationUrl: string | null; poolSize: number; appRole: string };
  /**
   * Reverse proxies whose `X-Forwarded-For` is believed (addresses and CIDR ranges);
   * empty: the peer's address is the client's.
   */
  trustedProxies: string[];
  /** Addresses allowed to scrape /metrics without a token; empty: a `metrics:read` token only. */
  metricsAllow: string[];
  /** The server secret key file; null: `<data dir>/secret.key` (generated on first start). */
  secretKeyFile: string | null;
  /** Where the backups land (`estran doctor` checks the newest is under 26 h old); null: not said. */
  backupDir: string | null;
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

/** A bad value as it may be shown: a URL's password never (DATABASE_URL, DATABASE_MIGRATION_URL, SMPP_URL). */
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
      ? {
          kind: 'postgres',
          url: e.DATABASE_URL,
          migrationUrl: e.DATABASE_MIGRATION_URL ?? null,
          poolSize: e.ESTRAN_DB_POOL_SIZE,
          appRole: e.ESTRAN_APP_ROLE,
        }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pg'), appRole: e.ESTRAN_APP_ROLE },
    trustedProxies: e.ESTRAN_TRUSTED_PROXIES ?? [],
    metricsAllow: e.ESTRAN_METRICS_ALLOW ?? [],
    secretKeyFile: e.ESTRAN_SECRET_KEY_FILE ? path.resolve(e.ESTRAN_SECRET_KEY_FILE) : null,
    backupDir: e.ESTRAN_BACKUP_DIR ? path.resolve(e.ESTRAN_BACKUP_DIR) : null,
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
