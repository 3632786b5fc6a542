// Errors reach the logs without the SQL and the values they carried (issue 15, finding 7:
// a private bookmark note was logged in clear inside drizzle's "Failed query … params: …").
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../../test/index.ts';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createLogger } from './logger.ts';

const SECRET = 'SECRET-note-7f3a9c41';
const sqlText = /\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set)\b|Failed query:|params:|Failing row/i;

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger('info', destination) };
}

describe('errors in the logs', () => {
  let database: Database;
  let app: FastifyInstance;
  const log = capture();

  before(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ ESTRAN_ORIGIN: TEST_ORIGIN, ESTRAN_WEB_DIST: '/nonexistent', LOG_LEVEL: 'info', NODE_ENV: 'test' });
    app = await buildApp({ config, database, logger: log.logger });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('a request the database refuses logs the SQL state, not the query nor its parameters', async () => {
    const tenant = await makeTenant(database);
    const admin = await makeAgent(database, tenant.id, { roles: ['admin'] });
    const session = await makeSession(database, tenant.id, admin.id);
    // A rule only the database knows: the insert reaches it and fails there.
    await database.ownerQuery(`ALTER TABLE devices ADD CONSTRAINT log_test_refuses CHECK (name NOT LIKE '%SECRET%')`);
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/devices',
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, origin: TEST_ORIGIN },
      payload: { name: `Portable ${SECRET}`, kind: 'managed' },
    });
    assert.equal(res.statusCode, 500, res.body);
    assert.equal(res.json().error, 'internal_error');
    assert.doesNotMatch(res.body, new RegExp(`${SECRET}|${sqlText.source}`, 'i'));

    const errorLine = log.lines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.level === 50 && l.err);
    assert.ok(errorLine, `no error logged:\n${log.lines.join('\n')}`);
    const err = errorLine.err as { type: string; cause?: { sqlState?: string; constraint?: string } };
    assert.equal(err.type, 'DrizzleQueryError');
    assert.equal(err.cause?.sqlState, '23514'); // check_violation
    assert.equal(err.cause?.constraint, 'log_test_refuses');
    for (const line of log.lines) {
      assert.ok(!line.includes(SECRET), `the value reached the logs: ${line}`);
      assert.doesNotMatch(line, sqlText, `SQL reached the logs: ${line}`);
    }
  });

  it('a PostgreSQL message that quotes the refused value is logged without it, however the error is passed', async () => {
    const { lines, logger } = capture();
    const error = await database.anonymous((tx) => tx.execute(sql`select ${SECRET}::uuid`)).then(
      () => assert.fail('the cast should fail'),
      (e: unknown) => e as Error,
    );
    logger.error({ err: error }, 'with a message');
    logger.error(error);
    logger.child({ reqId: 'r1' }).warn({ err: new Error('outer', { cause: error }) }, 'wrapped');
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(lines.length, 3);
    for (const line of lines) {
      assert.ok(!line.includes(SECRET), `the value reached the logs: ${line}`);
      assert.doesNotMatch(line, sqlText, `SQL reached the logs: ${line}`);
      assert.match(line, /"sqlState":"22P02"/); // invalid_text_representation, kept to diagnose
    }
  });
});
