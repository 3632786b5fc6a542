// Durable jobs: a queue in the database (pg-boss 12, ARCHITECTURE.md "jobs"), the same
// code on embedded PGlite and on a PostgreSQL server. What the directory sync and, later,
// the alerts' fan-out (issue 20) queue and schedule.
//
// Where things are. pg-boss's tables live in schema `pgboss`, created by migration 0014
// (the serving connection — the application role — cannot create schemas); pg-boss starts
// with migrate and createSchema off and only checks the schema's version. Its statements go
// through the application's own connection: PGlite is one connection (pg-boss shares it,
// each of its statements a transaction of its own, so a failed multi-statement block is
// rolled back before anyone else's statement runs); on a server, the serving pool, whose
// connections take the application role at start-up. Job data holds ids only (a tenant,
// a run), never personal data: the queue tables are a named exception to tenancy.
//
// Lazy. A server where nothing queues, works or schedules anything never starts pg-boss
// (tests build many applications); the first call starts it. stop() (the application's
// onClose) lets handlers in flight finish, up to a timeout, then stops polling.
import { sql } from 'drizzle-orm';
import { PgBoss, type Job } from 'pg-boss';
import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { Database } from '../db/client.ts';
import type { Logger } from './logger.ts';

/** pg-boss's schema version that migration 0014 created (pg-boss 12.38.0). */
export const PGBOSS_SCHEMA = 'pgboss';

export type JobHandler<T extends object> = (data: T, job: { id: string; queue: string }) => Promise<void>;

export type SendOptions = {
  /** At most one job of this key queued at a time (pg-boss singletonKey with the `short` policy). */
  singletonKey?: string;
  /** Retries after a failure (default 0: a sync run writes its own report of the failure). */
  retryLimit?: number;
};

type SqlResult = { rows: unknown[] };
type Adapter = { executeSql(text: string, values?: unknown[]): Promise<SqlResult> };

/** pg-boss's statements over the application's connection (see the header). */
async function adapterFor(database: Database): Promise<Adapter> {
  // Drizzle keeps the driver it was built on as $client: the PGlite instance (already in
  // the application role, SET ROLE at open) or the serving pg.Pool.
  const client = await database.global(async (db) => (db as unknown as { $client: unknown }).$client);
  if (database.kind === 'pglite') {
    const pglite = client as PGlite;
    return {
      executeSql: (text, values) =>
        pglite.transaction(async (tx) => {
          if (values?.length) return { rows: (await tx.query(text, values)).rows };
          // No parameters: maybe several statements (pg-boss's locked BEGIN … COMMIT blocks);
          // a COMMIT inside ends this transaction early, harmlessly (PGlite warns only).
          const results = await tx.exec(text);
          return { rows: results.flatMap((r) => r.rows ?? []) };
        }),
    };
  }
  const pool = client as pg.Pool;
  return {
    executeSql: async (text, values) => {
      // A multi-statement text answers one result per statement; a failed one releases its
      // connection destroyed (pg-pool), so no aborted transaction goes back to the pool.
      const result = (await pool.query(text, values)) as unknown as pg.QueryResult | pg.QueryResult[];
      return { rows: Array.isArray(result) ? result.flatMap((r) => r.rows ?? []) : result.rows };
    },
  };
}

export class JobRunner {
  readonly #database: Database;
  readonly #logger: Logger;
  #boss: PgBoss | null = null;
  #starting: Promise<PgBoss> | null = null;
  #stopped = false;
  readonly #queues = new Set<string>();
  readonly #workers = new Map<string, string>();

  constructor(database: Database, logger: Logger) {
    this.#database = database;
    this.#logger = logger;
  }

  get started(): boolean {
    return this.#boss !== null;
  }

  /** Starts pg-boss (once; later calls wait for the first). */
  async start(): Promise<PgBoss> {
    if (this.#stopped) throw new Error('job runner stopped');
    if (this.#boss) return this.#boss;
    this.#starting ??= (async () => {
      const boss = new PgBoss({
        db: await adapterFor(this.#database),
        schema: PGBOSS_SCHEMA,
        backend: this.#database.kind === 'pglite' ? 'pglite' : 'postgres',
        migrate: false,
        createSchema: false,
        // Estran's own timers and tables: no per-queue statistics partitions (DDL the
        // application role may not run), no REINDEX (only the owner may).
        persistQueueStats: false,
        persistWarnings: false,
        reindex: false,
        monitorVacuum: false,
        registerInstance: false,
        openTelemetry: { enabled: false },
      });
      boss.on('error', (error) => this.#logger.error({ err: error }, 'job queue error'));
      await boss.start();
      this.#boss = boss;
      return boss;
    })();
    try {
      return await this.#starting;
    } catch (error) {
      this.#starting = null;
      throw error;
    }
  }

  async #queue(name: string): Promise<PgBoss> {
    const boss = await this.start();
    if (!this.#queues.has(name)) {
      // `short`: one job of a singleton key waiting at a time (a tenant's sync is not
      // queued twice), any number running.
      await boss.createQueue(name, { policy: 'short' });
      this.#queues.add(name);
    }
    return boss;
  }

  /** Queues a job; null when one of the same singleton key is already waiting. */
  async send(queue: string, data: object, options: SendOptions = {}): Promise<string | null> {
    const boss = await this.#queue(queue);
    const id = await boss.send(queue, data, {
      retryLimit: options.retryLimit ?? 0,
      ...(options.singletonKey ? { singletonKey: options.singletonKey } : {}),
    });
    // This node's worker, if any, fetches now instead of at its next poll.
    const worker = this.#workers.get(queue);
    if (id && worker) boss.notifyWorker(worker);
    return id;
  }

  /** Runs `handler` for each job of the queue on this node, one at a time. */
  async work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void> {
    if (this.#workers.has(queue)) return;
    const boss = await this.#queue(queue);
    const id = await boss.work<T>(queue, { pollingIntervalSeconds: 2, batchSize: 1 }, async (jobs: Job<T>[]) => {
      for (const job of jobs) await handler(job.data, { id: job.id, queue });
    });
    this.#workers.set(queue, id);
  }

  /** A recurring job (cron in Europe/Paris), one per key; replaces the key's previous one. */
  async schedule(queue: string, key: string, cron: string, data: object): Promise<void> {
    const boss = await this.#queue(queue);
    await boss.schedule(queue, cron, data, { key, tz: 'Europe/Paris', retryLimit: 0, singletonKey: key });
  }

  async unschedule(queue: string, key: string): Promise<void> {
    // Nothing to remove when pg-boss never ran here and no schedule is stored.
    if (!this.#boss && !(await this.hasSchedules(queue, key))) return;
    const boss = await this.#queue(queue);
    await boss.unschedule(queue, key);
  }

  /** Whether schedules are stored (for this queue, this key), read without starting pg-boss. */
  async hasSchedules(queue?: string, key?: string): Promise<boolean> {
    return this.#exists(
      sql`select exists (select 1 from pgboss.schedule where (${queue ?? null}::text is null or name = ${queue ?? null}) and (${key ?? null}::text is null or key = ${key ?? null})) as found`,
    );
  }

  /** Whether a node should work this queue: a schedule is stored, or a job waits or was left running. */
  async hasWork(queue: string): Promise<boolean> {
    return (
      (await this.hasSchedules(queue)) ||
      this.#exists(sql`select exists (select 1 from pgboss.job where name = ${queue} and state in ('created', 'retry', 'active')) as found`)
    );
  }

  async #exists(query: ReturnType<typeof sql>): Promise<boolean> {
    const result = await this.#database.global((db) => db.execute(query));
    const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { found: boolean }[];
    return Boolean(rows[0]?.found);
  }

  /** Lets handlers in flight finish (up to `timeoutMs`), then stops polling; idempotent. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopped = true;
    const boss = this.#boss ?? (this.#starting ? await this.#starting.catch(() => null) : null);
    this.#boss = null;
    if (boss) await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }
}
