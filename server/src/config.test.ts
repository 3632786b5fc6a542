// Configuration from the environment: defaults with no variable at all, the database
// chosen by DATABASE_URL, and every bad variable reported at once.
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';

/** Runs loadConfig, expecting a ConfigError; returns its problems. */
function problemsOf(env: Record<string, string>): string[] {
  let caught: unknown;
  try {
    loadConfig(env);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ConfigError, `a ConfigError for ${JSON.stringify(env)}`);
  assert.ok(Array.isArray(caught.problems));
  for (const p of caught.problems) assert.ok(caught.message.includes(p), 'the message lists each problem');
  return caught.problems;
}

const named = (problems: string[], variable: string) => problems.filter((p) => p.startsWith(`${variable}:`));

describe('loadConfig', () => {
  it('needs no variable at all: port 3000, http://localhost:3000, embedded PGlite in data/pg', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.host, 'localhost');
    assert.equal(config.origin, 'http://localhost:3000');
    assert.equal(config.database.kind, 'pglite');
    assert.ok(config.database.kind === 'pglite');
    assert.ok(path.isAbsolute(config.database.dataDir));
    assert.ok(config.database.dataDir.endsWith(`${path.sep}data${path.sep}pg`), config.database.dataDir);
    assert.equal(config.database.dataDir, path.join(config.dataDir, 'pg'));
    assert.equal(config.adminSocket, path.join(config.dataDir, 'admin.sock'));
    assert.equal(config.logLevel, 'info');
    assert.equal(config.nodeEnv, 'production');
    assert.equal(config.smpp, null);
    assert.equal(config.authRatePerMinute, 60);
    assert.equal(config.firstAdminEmail, 'admin@estran.localhost');
  });

  it('does not read process.env when given an environment', () => {
    const saved = process.env.PORT;
    process.env.PORT = '4567';
    try {
      assert.equal(loadConfig({}).port, 3000);
    } finally {
      if (saved === undefined) delete process.env.PORT;
      else process.env.PORT = saved;
    }
  });

  it('derives the origin from PORT, and takes ESTRAN_ORIGIN without its trailing slash', () => {
    assert.equal(loadConfig({ PORT: '8080' }).origin, 'http://localhost:8080');
    assert.equal(loadConfig({ PORT: '8080' }).port, 8080);
    assert.equal(loadConfig({ ESTRAN_ORIGIN: 'https://estran.cd22.fr/' }).origin, 'https://estran.cd22.fr');
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    for (const url of ['postgres://estran:pw@db.example:5432/estran', 'postgresql://localhost/estran']) {
      const config = loadConfig({ DATABASE_URL: url, ESTRAN_DB_POOL_SIZE: '7' });
      assert.deepEqual(config.database, { kind: 'postgres', url, migrationUrl: null, poolSize: 7, appRole: 'estran_app' });
    }
    assert.equal((loadConfig({ DATABASE_URL: 'postgres://localhost/estran' }).database as { poolSize: number }).poolSize, 10);
  });

  it('treats an empty DATABASE_URL as unset', () => {
    assert.equal(loadConfig({ DATABASE_URL: '' }).database.kind, 'pglite');
  });

  it('puts the data folder where ESTRAN_DATA_DIR says', () => {
    const config = loadConfig({ ESTRAN_DATA_DIR: '/srv/estran' });
    assert.equal(config.dataDir, '/srv/estran');
    assert.deepEqual(config.database, { kind: 'pglite', dataDir: '/srv/estran/pg', appRole: 'estran_app' });
  });

  it('reads the production settings: migration URL, application role, trusted proxies, metrics addresses', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://estran_web@db/estran',
      DATABASE_MIGRATION_URL: 'postgres://estran_owner@db/estran',
      ESTRAN_APP_ROLE: 'estran_app_cd22',
      ESTRAN_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8,::1',
      ESTRAN_METRICS_ALLOW: '10.20.0.0/16',
    });
    assert.deepEqual(config.database, {
      kind: 'postgres',
      url: 'postgres://estran_web@db/estran',
      migrationUrl: 'postgres://estran_owner@db/estran',
      poolSize: 10,
      appRole: 'estran_app_cd22',
    });
    assert.deepEqual(config.trustedProxies, ['127.0.0.1', '10.0.0.0/8', '::1']);
    assert.deepEqual(config.metricsAllow, ['10.20.0.0/16']);
    assert.deepEqual(loadConfig({}).trustedProxies, []);
    for (const [variable, value] of [
      ['ESTRAN_TRUSTED_PROXIES', 'nginx.local'],
      ['ESTRAN_TRUSTED_PROXIES', '10.0.0.0/33'],
      ['ESTRAN_METRICS_ALLOW', '127.0.0.1/x'],
      ['ESTRAN_APP_ROLE', 'Estran-App'],
      ['ESTRAN_APP_ROLE', 'x; drop table agents'],
      ['DATABASE_MIGRATION_URL', 'mysql://db/estran'],
    ] as const) {
      assert.equal(named(problemsOf({ [variable]: value }), variable).length, 1, `${variable}=${value}`);
    }
  });

  for (const [variable, value] of [
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['DATABASE_URL', 'mysql://localhost/estran'],
    ['DATABASE_URL', 'localhost:5432'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_LEVEL', 'INFO'],
    ['ESTRAN_ORIGIN', 'ftp://estran.example'],
    ['NODE_ENV', 'staging'],
  ] as const) {
    it(`rejects ${variable}=${value}, naming the variable`, () => {
      const problems = problemsOf({ [variable]: value });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.equal(named(problems, variable).length, 1, problems.join('\n'));
    });
  }

  it('reports every bad variable at once, not only the first', () => {
    const problems = problemsOf({ PORT: 'abc', DATABASE_URL: 'mysql://localhost/estran', LOG_LEVEL: 'loud' });
    assert.equal(problems.length, 3, problems.join('\n'));
    for (const variable of ['PORT', 'DATABASE_URL', 'LOG_LEVEL']) {
      assert.equal(named(problems, variable).length, 1, `${variable} in ${problems.join(' | ')}`);
    }
    assert.match(named(problems, 'PORT')[0]!, /"abc"/, 'the value received is quoted');
    assert.match(named(problems, 'DATABASE_URL')[0]!, /postgres:\/\//, 'says what is expected');
  });

  it('does not echo a password from a bad DATABASE_URL into the error', () => {
    // The error is printed on the terminal and collected by the service manager's logs.
    const problems = problemsOf({ DATABASE_URL: 'mysql://estran:S3cr3t-Pa55@db.example/estran' });
    assert.equal(named(problems, 'DATABASE_URL').length, 1);
    for (const p of problems) assert.ok(!p.includes('S3cr3t-Pa55'), p);
  });

  it('treats an empty PORT as unset, as it does an empty DATABASE_URL', () => {
    // `PORT=` in an environment file must not mean "any free port" (port 0).
    const config = loadConfig({ PORT: '' });
    assert.equal(config.port, 3000);
    assert.equal(config.origin, 'http://localhost:3000');
  });
});
