// The runs as the API shows them: « Synchroniser maintenant » (a run queued, then its
// job), the list and one run with its report, and the confirmation a stopped run waits for.
import { and, count, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import type { LdapRun } from '@estran/contracts';
import { conflict, notFound } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { directoryLdapConfigs, directoryLdapRuns } from './ldap-schema.ts';
import { ensureLdapWorker, LDAP_SYNC_QUEUE, type LdapDeps } from './ldap-worker.ts';
import type { Database, Tx } from '../../db/client.ts';

type Run = typeof directoryLdapRuns.$inferSelect;

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
}

export function runSummary(run: Run): string {
  const counts = `${plural(run.created, 'créé', 'créés')}, ${plural(run.updated, 'modifié', 'modifiés')}, ${plural(run.unchanged, 'inchangé', 'inchangés')}, ${plural(run.deactivated, 'désactivé', 'désactivés')}`;
  const refused = run.refused.length ? `, ${plural(run.refused.length, 'entrée refusée', 'entrées refusées')}` : '';
  switch (run.status) {
    case 'queued':
      return 'En attente de démarrage.';
    case 'running':
      return 'Synchronisation en cours.';
    case 'failed':
      return `Échec : ${run.error ?? 'erreur inconnue'}`;
    case 'awaiting_confirmation':
      return run.stopReason === 'empty_result'
        ? `Arrêtée : l’annuaire n’a renvoyé aucune entrée. Confirmez pour désactiver ${plural(run.pendingDeactivations.length, 'agent', 'agents')} venus de l’annuaire, ou vérifiez le filtre.`
        : `Arrêtée : ${plural(run.pendingDeactivations.length, 'agent serait désactivé', 'agents seraient désactivés')}, plus de 5 % des agents actifs. ${counts}${refused}. Confirmez pour les désactiver.`;
    case 'succeeded':
      return `${counts}${refused}.`;
  }
}

export function runView(run: Run): LdapRun {
  return {
    id: run.id,
    status: run.status,
    trigger: run.trigger,
    entries: run.entries,
    created: run.created,
    updated: run.updated,
    unchanged: run.unchanged,
    deactivated: run.deactivated,
    refused: run.refused.map((r) => ({ dn: r.dn, ...(r.field ? { field: r.field } : {}), reason: r.reason })),
    stopReason: run.stopReason,
    pendingDeactivations: run.pendingDeactivations.length,
    error: run.error,
    summary: runSummary(run),
    queuedAt: run.queuedAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    confirmedAt: run.confirmedAt?.toISOString() ?? null,
  };
}

/**
 * A run left queued or running for an hour was lost (a node stopped mid-run, its job
 * expired): it fails with that reason, so the tenant's next run is not refused forever by
 * the one-active-run rule. A sync of 10,000 agents takes seconds to a minute.
 */
export async function failStaleRuns(tx: Tx): Promise<void> {
  await tx
    .update(directoryLdapRuns)
    .set({ status: 'failed', finishedAt: new Date(), error: 'Synchronisation interrompue (serveur arrêté ou tâche perdue) : relancez-la.' })
    .where(and(inArray(directoryLdapRuns.status, ['queued', 'running']), lt(sql`coalesce(${directoryLdapRuns.startedAt}, ${directoryLdapRuns.queuedAt})`, sql`now() - interval '1 hour'`)));
}

const isUniqueViolation = (error: unknown) => {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) if (e.code === '23505') return true;
  return false;
};
const busy = () => conflict('Une synchronisation de l’annuaire est déjà en attente ou en cours : suivez-la dans la liste des synchronisations.');

/** « Synchroniser maintenant »: a run queued and its job sent. */
export async function requestLdapSync(deps: LdapDeps, input: { tenantId: string; actor: AuditActor; requestId?: string | undefined }): Promise<{ runId: string }> {
  const requestedBy = input.actor.type === 'agent' ? input.actor.id : null;
  const run = await deps.database
    .tenant(input.tenantId, async (tx) => {
      const [config] = await tx.select({ tenantId: directoryLdapConfigs.tenantId }).from(directoryLdapConfigs).where(eq(directoryLdapConfigs.tenantId, input.tenantId));
      if (!config) throw conflict('Aucun annuaire n’est configuré : enregistrez d’abord ses paramètres.');
      await failStaleRuns(tx);
      const [row] = await tx.insert(directoryLdapRuns).values({ tenantId: input.tenantId, trigger: 'manual', status: 'queued', requestedBy }).returning();
      await recordAudit(tx, input.tenantId, {
        action: 'directory.ldap.sync_requested',
        actor: input.actor,
        target: { type: 'directory_ldap_run', id: row!.id },
        requestId: input.requestId,
      });
      return row!;
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? busy() : error;
    });
  await ensureLdapWorker(deps);
  await deps.jobs.send(LDAP_SYNC_QUEUE, { tenantId: input.tenantId, runId: run.id });
  return { runId: run.id };
}

export async function listLdapRuns(database: Database, tenantId: string, query: { page: number; pageSize: number }) {
  return database.tenant(tenantId, async (tx) => {
    const [{ total } = { total: 0 }] = await tx.select({ total: count() }).from(directoryLdapRuns);
    const rows = await tx
      .select()
      .from(directoryLdapRuns)
      .orderBy(desc(directoryLdapRuns.queuedAt), desc(directoryLdapRuns.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    return { items: rows.map(runView), total, page: query.page, pageSize: query.pageSize };
  });
}

export async function readLdapRun(database: Database, tenantId: string, runId: string): Promise<LdapRun> {
  const [row] = await database.tenant(tenantId, (tx) => tx.select().from(directoryLdapRuns).where(eq(directoryLdapRuns.id, runId)));
  if (!row) throw notFound('Synchronisation introuvable.');
  return runView(row);
}

/** An administrator confirms a stopped run: its held deactivations are queued. */
export async function confirmLdapRun(deps: LdapDeps, input: { tenantId: string; runId: string; actor: AuditActor; requestId?: string | undefined }): Promise<{ runId: string }> {
  await deps.database
    .tenant(input.tenantId, async (tx) => {
      const [run] = await tx.select().from(directoryLdapRuns).where(eq(directoryLdapRuns.id, input.runId)).for('update');
      if (!run) throw notFound('Synchronisation introuvable.');
      if (run.status !== 'awaiting_confirmation') throw conflict('Cette synchronisation n’attend pas de confirmation.');
      const [newer] = await tx
        .select({ id: directoryLdapRuns.id })
        .from(directoryLdapRuns)
        // Compared in SQL: a JavaScript Date keeps milliseconds, PostgreSQL microseconds.
        .where(and(gt(directoryLdapRuns.queuedAt, sql`(select r.queued_at from directory_ldap_runs r where r.id = ${run.id})`)))
        .limit(1);
      if (newer) throw conflict('Une synchronisation plus récente a eu lieu depuis : cette confirmation ne vaut plus. Relancez une synchronisation.');
      await tx
        .update(directoryLdapRuns)
        .set({ status: 'queued', confirmedAt: new Date(), confirmedBy: input.actor.type === 'agent' ? input.actor.id : null })
        .where(eq(directoryLdapRuns.id, run.id));
      await recordAudit(tx, input.tenantId, {
        action: 'directory.ldap.confirmed',
        actor: input.actor,
        target: { type: 'directory_ldap_run', id: run.id },
        data: { stopReason: run.stopReason, pendingDeactivations: run.pendingDeactivations.length },
        requestId: input.requestId,
      });
    })
    .catch((error: unknown) => {
      throw isUniqueViolation(error) ? busy() : error;
    });
  await ensureLdapWorker(deps);
  await deps.jobs.send(LDAP_SYNC_QUEUE, { tenantId: input.tenantId, runId: input.runId, confirm: true });
  return { runId: input.runId };
}
