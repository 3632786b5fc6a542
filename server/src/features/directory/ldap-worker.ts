// The LDAP sync's durable job: one queue, a worker per node, data holding ids only.
// A job is a run queued by « Synchroniser maintenant » (its runId), a confirmation of a
// stopped run (runId, confirm), or a tick of a tenant's schedule (no runId: the worker
// opens the run, unless one of the tenant's is already queued or running).
import type { Database } from '../../db/client.ts';
import type { JobRunner } from '../../platform/jobs.ts';
import type { FastifyBaseLogger } from 'fastify';
import type { SecretKeyring } from '../../platform/secrets.ts';

export const LDAP_SYNC_QUEUE = 'directory.ldap-sync';

export type LdapDeps = { database: Database; secrets: SecretKeyring; jobs: JobRunner; logger: Pick<FastifyBaseLogger, 'error' | 'warn' | 'info'> };
export type LdapJob = { tenantId: string; runId?: string; confirm?: boolean; trigger?: 'schedule' };

/** Registers this node's worker (once); the handler is loaded on first use. */
export async function ensureLdapWorker(deps: LdapDeps): Promise<void> {
  await deps.jobs.work<LdapJob>(LDAP_SYNC_QUEUE, async (job) => {
    const { handleLdapJob } = await import('./ldap-sync.ts');
    await handleLdapJob(deps, job);
  });
}

/** At start-up: a worker when there is work (a stored schedule or a job left queued), none otherwise. */
export async function startLdapWorkerIfNeeded(deps: LdapDeps): Promise<void> {
  if (await deps.jobs.hasWork(LDAP_SYNC_QUEUE)) await ensureLdapWorker(deps);
}
