// `estran doctor`: checks a configuration for production and says, in French, what to
// fix — one line per check. It reads the configuration and opens its own connections
// (never the server's database object: it migrates nothing, and runs even when the
// serving role is wrong, which is when it is needed). Exit 0 when every check passes
// (warnings allowed), 78 (configuration) otherwise.
//
// Checks, in order (README, Production):
//   1. origin        ESTRAN_ORIGIN is https (WebAuthn and __Host- cookies need it)
//   2. proxies       behind a TLS proxy, ESTRAN_TRUSTED_PROXIES names it (and not everyone)
//   PostgreSQL only (PGlite has one connection in one process, and no roles to check):
//   3. migration     DATABASE_MIGRATION_URL is set and connects: the serving login never migrates
//   4. login         DATABASE_URL's session_user: no superuser, no BYPASSRLS, owns neither
//                    the database nor a table, not a member of the owner
//   5. app role      its queries run as ESTRAN_APP_ROLE, not superuser, no BYPASSRLS, row security on
//   6. role name     ESTRAN_APP_ROLE is not the shared default estran_app (a warning)
//   7. clock         this host's clock and the database's agree within 2 s
//   8. backups       the newest file of ESTRAN_BACKUP_DIR is under 26 h old, or WAL archiving works
//   9. secret key    the key file exists, is private (0600) and holds one active key
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import { exitCodes } from '../platform/exit-codes.ts';
import { checkSecretKeys } from '../platform/secrets.ts';

export type CheckStatus = 'ok' | 'fail' | 'warn' | 'skip';
export type DoctorCheck = { id: string; status: CheckStatus; text: string };

/** Backups older than this fail the check: a daily job, with some slack. */
export const BACKUP_MAX_AGE_MS = 26 * 3_600_000;
/** Clocks further apart than this fail the check (sessions, TOTP codes, links expire by it). */
export const CLOCK_MAX_SKEW_MS = 2_000;
const DEFAULT_APP_ROLE = 'estran_app';

const mark: Record<CheckStatus, string> = { ok: '✓', fail: '✗', warn: '⚠', skip: '–' };

export function formatCheck(check: DoctorCheck): string {
  return `${mark[check.status]} ${check.text}`;
}

export function doctorExitCode(checks: DoctorCheck[]): number {
  return checks.some((c) => c.status === 'fail') ? exitCodes.config : exitCodes.ok;
}

/** A duration in French, rounded: "3 h", "2 j 4 h", "12 min". */
function ago(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} j ${hours % 24} h`;
}

function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || '(utilisateur du système)';
  } catch {
    return '(illisible)';
  }
}

const isEveryone = (range: string) => /^(0\.0\.0\.0\/0|::\/0)$/.test(range) || range.endsWith('/0');

function checkOrigin(config: Config): DoctorCheck {
  const https = config.origin.startsWith('https://');
  return https
    ? { id: 'origin', status: 'ok', text: `Origine publique : ${config.origin}` }
    : {
        id: 'origin',
        status: 'fail',
        text:
          `Origine publique : ${config.origin} n’est pas en https. Les clés de sécurité (WebAuthn) et les cookies __Host- l’exigent : ` +
          'définissez ESTRAN_ORIGIN=https://<nom public> (celui du proxy TLS, deploy/nginx/estran.conf).',
      };
}

function checkProxies(config: Config): DoctorCheck {
  if (!config.origin.startsWith('https://')) {
    return { id: 'proxies', status: 'skip', text: 'Proxys de confiance : sans objet tant que l’origine n’est pas en https (corrigez-la d’abord).' };
  }
  if (config.trustedProxies.length === 0) {
    return {
      id: 'proxies',
      status: 'fail',
      text:
        'Proxys de confiance : ESTRAN_TRUSTED_PROXIES n’est pas défini. Derrière le proxy TLS, toutes les requêtes sembleraient venir de lui ' +
        'et le ralentissement des échecs frapperait tous les agents à la fois : indiquez l’adresse du proxy vue des nœuds ' +
        '(ESTRAN_TRUSTED_PROXIES=127.0.0.1 si nginx est sur la même machine).',
    };
  }
  const everyone = config.trustedProxies.filter(isEveryone);
  if (everyone.length) {
    return {
      id: 'proxies',
      status: 'fail',
      text:
        `Proxys de confiance : ${everyone.join(', ')} fait croire l’en-tête X-Forwarded-For de n’importe qui, et un client choisirait son adresse : ` +
        'limitez ESTRAN_TRUSTED_PROXIES aux adresses des proxys.',
    };
  }
  return { id: 'proxies', status: 'ok', text: `Proxys de confiance : ${config.trustedProxies.join(', ')}` };
}

function newestBackup(dir: string): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.')) continue;
    const { mtimeMs } = statSync(path.join(dir, entry.name));
    if (!newest || mtimeMs > newest.mtimeMs) newest = { file: entry.name, mtimeMs };
  }
  return newest;
}

type Archiver = { archive_mode: string; last_archived_ms: number | null; last_failed_ms: number | null };

function checkBackups(config: Config, now: number, archiver: Archiver | null): DoctorCheck {
  const plan = config.database.kind === 'postgres'
    ? 'Planifiez un pg_dump -Fc quotidien dans un dossier que nomme ESTRAN_BACKUP_DIR, ou l’archivage continu des WAL (archive_mode, archive_command) avec pg_basebackup.'
    : 'Planifiez une sauvegarde quotidienne (estran backup <fichier>) dans un dossier que nomme ESTRAN_BACKUP_DIR.';
  // WAL archiving that works: archived in the last 26 h, and no failure since.
  const archiving =
    archiver && archiver.archive_mode !== 'off' && archiver.last_archived_ms !== null && now - archiver.last_archived_ms < BACKUP_MAX_AGE_MS &&
    (archiver.last_failed_ms === null || archiver.last_failed_ms < archiver.last_archived_ms);
  if (archiving) {
    return { id: 'backups', status: 'ok', text: `Sauvegardes : archivage continu des WAL, dernier segment archivé il y a ${ago(now - archiver!.last_archived_ms!)}` };
  }
  const walNote = archiver && archiver.archive_mode !== 'off'
    ? archiver.last_failed_ms !== null && (archiver.last_archived_ms === null || archiver.last_failed_ms >= archiver.last_archived_ms)
      ? ' (l’archivage des WAL échoue : voyez pg_stat_archiver et le journal de PostgreSQL)'
      : ' (l’archivage des WAL est actif mais n’a rien archivé depuis 26 h)'
    : '';
  if (!config.backupDir) {
    return {
      id: 'backups',
      status: 'fail',
      text: `Sauvegardes : aucune n’est déclarée${walNote}. ${plan}`,
    };
  }
  let newest: ReturnType<typeof newestBackup>;
  try {
    newest = newestBackup(config.backupDir);
  } catch (error) {
    return {
      id: 'backups',
      status: 'fail',
      text: `Sauvegardes : le dossier ESTRAN_BACKUP_DIR=${config.backupDir} est illisible (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})${walNote}. ${plan}`,
    };
  }
  if (!newest) {
    return { id: 'backups', status: 'fail', text: `Sauvegardes : ${config.backupDir} est vide${walNote}. ${plan}` };
  }
  const age = now - newest.mtimeMs;
  if (age > BACKUP_MAX_AGE_MS) {
    return {
      id: 'backups',
      status: 'fail',
      text: `Sauvegardes : la plus récente, ${newest.file}, date d’il y a ${ago(age)} (plus de 26 h)${walNote}. Vérifiez la tâche planifiée. ${plan}`,
    };
  }
  return { id: 'backups', status: 'ok', text: `Sauvegardes : ${path.join(config.backupDir, newest.file)}, il y a ${ago(Math.max(0, age))}` };
}

function checkSecretKey(config: Config): DoctorCheck {
  const result = checkSecretKeys(config);
  if (!result.ok) return { id: 'secret-key', status: 'fail', text: `Clé secrète du serveur : ${result.problems.join(' ')}` };
  return {
    id: 'secret-key',
    status: 'ok',
    text: `Clé secrète du serveur : ${result.file} (mode 0600), clé active « ${result.activeKeyId} »${result.keyIds.length > 1 ? `, ${result.keyIds.length} clés` : ''}`,
  };
}

type ServingFacts = {
  login: string;
  role: string;
  row_security: string;
  login_super: boolean;
  login_bypass: boolean;
  role_super: boolean;
  role_bypass: boolean;
  database: string;
  owner: string;
  login_owns_database: boolean;
  login_member_of_owner: boolean;
  login_tables: number;
  role_tables: number;
  db_now_ms: number;
  archive_mode: string;
  last_archived_ms: number | null;
  last_failed_ms: number | null;
};

// Everything about the serving connection in one statement, as that connection sees it.
const SERVING_FACTS_SQL = `
  with owned as (
    select c.relowner, count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema' group by c.relowner)
  select s.rolname::text as login, r.rolname::text as role, current_setting('row_security') as row_security,
         s.rolsuper as login_super, s.rolbypassrls as login_bypass, r.rolsuper as role_super, r.rolbypassrls as role_bypass,
         d.datname::text as database, o.rolname::text as owner,
         d.datdba = s.oid as login_owns_database,
         d.datdba <> s.oid and pg_has_role(s.oid, d.datdba, 'MEMBER') as login_member_of_owner,
         coalesce((select n from owned where relowner = s.oid), 0) as login_tables,
         coalesce((select n from owned where relowner = r.oid), 0) as role_tables,
         (extract(epoch from clock_timestamp()) * 1000)::float8 as db_now_ms,
         current_setting('archive_mode') as archive_mode,
         (extract(epoch from a.last_archived_time) * 1000)::float8 as last_archived_ms,
         (extract(epoch from a.last_failed_time) * 1000)::float8 as last_failed_ms
    from pg_roles s, pg_roles r, pg_database d, pg_roles o, pg_stat_archiver a
   where s.rolname = session_user and r.rolname = current_user
     and d.datname = current_database() and o.oid = d.datdba`;

function loginCheck(f: ServingFacts): DoctorCheck {
  const problems = [
    f.login_super && 'est superutilisateur (il passe outre toute la sécurité par ligne)',
    f.login_bypass && !f.login_super && 'contourne la sécurité par ligne (BYPASSRLS)',
    f.login_owns_database && `possède la base « ${f.database} »`,
    f.login_member_of_owner && !f.login_super && `est membre du propriétaire « ${f.owner} » (il peut agir en son nom)`,
    f.login_tables > 0 && `possède ${f.login_tables} objet${f.login_tables > 1 ? 's' : ''} (tables, vues, séquences)`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length === 0) {
    return { id: 'login', status: 'ok', text: `Rôle de connexion (DATABASE_URL) : « ${f.login} », ni superutilisateur ni BYPASSRLS, ne possède rien` };
  }
  return {
    id: 'login',
    status: 'fail',
    text:
      `Rôle de connexion (DATABASE_URL) : « ${f.login} » ${problems.join(', ')}. Servez avec un rôle de connexion dédié, membre du rôle applicatif ` +
      'et qui ne possède rien (estran_web de deploy/postgres/roles.sql) ; le propriétaire va dans DATABASE_MIGRATION_URL.',
  };
}

function appRoleCheck(f: ServingFacts, appRole: string): DoctorCheck {
  const problems = [
    f.role !== appRole && `les requêtes s’exécutent en tant que « ${f.role} » et non « ${appRole} »`,
    f.role_super && `« ${f.role} » est superutilisateur`,
    f.role_bypass && !f.role_super && `« ${f.role} » contourne la sécurité par ligne (BYPASSRLS)`,
    f.role_tables > 0 && `« ${f.role} » possède ${f.role_tables} objet${f.role_tables > 1 ? 's' : ''}`,
    f.row_security !== 'on' && `row_security vaut « ${f.row_security} »`,
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length === 0) {
    return { id: 'app-role', status: 'ok', text: `Rôle applicatif : les requêtes s’exécutent en tant que « ${appRole} », sécurité par ligne active` };
  }
  return {
    id: 'app-role',
    status: 'fail',
    text: `Rôle applicatif : ${problems.join(' ; ')}. L’isolement des collectivités n’est pas garanti : voyez ESTRAN_APP_ROLE et deploy/postgres/roles.sql.`,
  };
}

async function connect(url: string, options?: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, ...(options ? { options } : {}), connectionTimeoutMillis: 5_000 });
  client.on('error', () => {}); // a dropped connection surfaces in the query that needed it
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

async function postgresChecks(
  database: Extract<Config['database'], { kind: 'postgres' }>,
  now: () => number,
): Promise<{ checks: DoctorCheck[]; archiver: Archiver | null }> {
  const { url, migrationUrl, appRole } = database;
  const checks: DoctorCheck[] = [];

  if (!migrationUrl) {
    checks.push({
      id: 'migration',
      status: 'fail',
      text:
        'Migrations : DATABASE_MIGRATION_URL n’est pas défini, donc la connexion de service migre elle-même et doit posséder le schéma. ' +
        'Indiquez le rôle propriétaire (estran_owner, deploy/postgres/roles.sql) dans DATABASE_MIGRATION_URL.',
    });
  } else {
    try {
      const owner = await connect(migrationUrl);
      try {
        const [row] = (await owner.query<{ login: string; super: boolean; owns: boolean }>(
          `select r.rolname::text as login, r.rolsuper as super, d.datdba = r.oid as owns
             from pg_roles r, pg_database d where r.rolname = session_user and d.datname = current_database()`,
        )).rows;
        checks.push(
          row!.super
            ? {
                id: 'migration',
                status: 'warn',
                text: `Migrations : « ${row!.login} » est superutilisateur ; un propriétaire ordinaire suffit (LOGIN CREATEROLE, deploy/postgres/roles.sql).`,
              }
            : { id: 'migration', status: 'ok', text: `Migrations : DATABASE_MIGRATION_URL, rôle « ${row!.login} »${row!.owns ? ', propriétaire de la base' : ''}` },
        );
      } finally {
        await owner.end().catch(() => {});
      }
    } catch (error) {
      checks.push({
        id: 'migration',
        status: 'fail',
        text: `Migrations : connexion impossible avec DATABASE_MIGRATION_URL (rôle « ${userOf(migrationUrl)} ») : ${(error as Error).message}.`,
      });
    }
  }

  let facts: ServingFacts;
  let sentAt: number;
  let receivedAt: number;
  try {
    // As the server connects: the application role is a start-up parameter.
    const serving = await connect(url, `-c role=${appRole}`);
    try {
      sentAt = now();
      facts = (await serving.query<ServingFacts>(SERVING_FACTS_SQL)).rows[0]!;
      receivedAt = now();
    } finally {
      await serving.end().catch(() => {});
    }
  } catch (error) {
    const message = (error as Error).message;
    const login = userOf(url);
    checks.push({
      id: 'login',
      status: 'fail',
      text: /permission denied to set role|role .* does not exist/i.test(message)
        ? `Rôle applicatif : « ${login} » ne peut pas prendre le rôle « ${appRole} » (${message}). ` +
          `Créez-le ou accordez-le : GRANT ${appRole} TO ${login}; (deploy/postgres/roles.sql), ou corrigez ESTRAN_APP_ROLE.`
        : `Connexion de service : impossible avec DATABASE_URL (rôle « ${login} ») : ${message}.`,
    });
    return { checks, archiver: null };
  }
  checks.push(loginCheck(facts), appRoleCheck(facts, appRole));
  checks.push(
    appRole === DEFAULT_APP_ROLE
      ? {
          id: 'role-name',
          status: 'warn',
          text:
            `Nom du rôle applicatif : « ${DEFAULT_APP_ROLE} », le nom par défaut. Un rôle vaut pour tout le serveur PostgreSQL : si ce serveur ` +
            `porte ou portera une autre base Estran, donnez à chacune le sien (ESTRAN_APP_ROLE=estran_app_${facts.database.replace(/[^a-z0-9_]/g, '_')}).`,
        }
      : { id: 'role-name', status: 'ok', text: `Nom du rôle applicatif : « ${appRole} », propre à cette base` },
  );
  // The database's clock read halfway through the round trip.
  const skew = facts.db_now_ms - (sentAt + receivedAt) / 2;
  checks.push(
    Math.abs(skew) <= CLOCK_MAX_SKEW_MS
      ? { id: 'clock', status: 'ok', text: `Horloge : écart avec PostgreSQL de ${Math.round(Math.abs(skew))} ms` }
      : {
          id: 'clock',
          status: 'fail',
          text:
            `Horloge : PostgreSQL ${skew > 0 ? 'avance' : 'retarde'} de ${(Math.abs(skew) / 1000).toFixed(1)} s sur cette machine. Les sessions, les codes TOTP ` +
            'et les liens d’enrôlement expirent selon l’heure : synchronisez les deux machines (chrony ou systemd-timesyncd).',
        },
  );
  return {
    checks,
    archiver: { archive_mode: facts.archive_mode, last_archived_ms: facts.last_archived_ms, last_failed_ms: facts.last_failed_ms },
  };
}

/** Runs every check for this configuration. */
export async function runDoctor(config: Config, options: { now?: () => number } = {}): Promise<DoctorCheck[]> {
  const now = options.now ?? Date.now;
  const checks: DoctorCheck[] = [checkOrigin(config), checkProxies(config)];
  let archiver: Archiver | null = null;
  if (config.database.kind === 'postgres') {
    const result = await postgresChecks(config.database, now);
    checks.push(...result.checks);
    archiver = result.archiver;
  } else {
    checks.push({
      id: 'database',
      status: 'skip',
      text:
        `Base de données : embarquée (PGlite, ${config.database.dataDir}) ; une seule connexion dans un seul processus, les contrôles ` +
        'des rôles PostgreSQL et de l’horloge sont sans objet. Plusieurs nœuds demandent PostgreSQL (DATABASE_URL).',
    });
  }
  checks.push(checkBackups(config, now(), archiver), checkSecretKey(config));
  return checks;
}
