// A database set up as deploy/postgres/roles.sql says, on DATABASE_URL's server: that
// very file run by psql as the superuser of DATABASE_URL, with role and database names
// unique to this run (roles are cluster-wide: concurrent runs must not collide), and
// dropped afterwards.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const rolesSql = path.resolve(import.meta.dirname, '../../deploy/postgres/roles.sql');

export type DeployDatabase = {
  name: string;
  roles: { owner: string; web: string; app: string; backup: string | null };
  /** The schema owner (DATABASE_MIGRATION_URL). */
  ownerUrl: string;
  /** The serving login (DATABASE_URL). */
  webUrl: string;
  /** The pg_dump role (options.backup), or null. */
  backupUrl: string | null;
  /** DATABASE_URL's superuser, on this database. */
  superUrl: string;
  /** Drops the database and the roles, then runs roles.sql again with the same names (a new server). */
  recreate(): Promise<void>;
  drop(): Promise<void>;
};

function urlFor(base: string, database: string, user?: { name: string; password: string }): string {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
}

export async function createDeployDatabase(base: string, label = 'deploy', options: { backup?: boolean } = {}): Promise<DeployDatabase> {
  const suffix = `${process.pid}_${randomBytes(3).toString('hex')}`;
  const name = `estran_${label}_${suffix}`;
  const roles = {
    owner: `estran_owner_${suffix}`,
    web: `estran_web_${suffix}`,
    app: `estran_app_${suffix}`,
    backup: options.backup ? `estran_backup_${suffix}` : null,
  };
  const passwords = { owner: randomBytes(12).toString('hex'), web: randomBytes(12).toString('hex'), backup: randomBytes(12).toString('hex') };
  const drop = async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      for (const role of [roles.web, roles.app, roles.backup, roles.owner]) if (role) await admin.query(`DROP ROLE IF EXISTS ${role}`);
    } finally {
      await admin.end();
    }
  };
  const rolesSqlRun = async () => {
    try {
      await run('psql', [
        '--no-psqlrc', '--quiet', '-d', base, '-f', rolesSql,
        '-v', `db=${name}`, '-v', `owner=${roles.owner}`, '-v', `web=${roles.web}`, '-v', `app=${roles.app}`,
        '-v', `owner_password=${passwords.owner}`, '-v', `web_password=${passwords.web}`,
        ...(roles.backup ? ['-v', `backup=${roles.backup}`, '-v', `backup_password=${passwords.backup}`] : []),
      ]);
    } catch (error) {
      await drop().catch(() => {});
      const e = error as Error & { stderr?: string };
      throw new Error(`psql -f deploy/postgres/roles.sql failed: ${e.stderr ?? e.message}`, { cause: error });
    }
  };
  await rolesSqlRun();
  return {
    name,
    roles,
    ownerUrl: urlFor(base, name, { name: roles.owner, password: passwords.owner }),
    webUrl: urlFor(base, name, { name: roles.web, password: passwords.web }),
    backupUrl: roles.backup ? urlFor(base, name, { name: roles.backup, password: passwords.backup }) : null,
    superUrl: urlFor(base, name),
    recreate: async () => {
      await drop();
      await rolesSqlRun();
    },
    drop,
  };
}
