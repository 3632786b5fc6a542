// One run of the directory sync (the job's handler), as a table of steps:
//   1. take the run (queued → running; a schedule's tick opens its own run, unless one of
//      the tenant's is already queued or running);
//   2. read the settings and open the bind password (sealed for this tenant);
//   3. bind and search the directory (ldap-search.ts); an error fails the run with its
//      French reason and deactivates no one;
//   4. in one tenant transaction: map the entries (ldap-map.ts); check them with
//      apply-records (mode check) and set the refused entries aside with their reasons —
//      one bad entry must not hold the département's sync back —, apply the rest (mode
//      apply: created and changed agents, audited); remember the agents the sync brought
//      in by external id; find the leavers: agents a sync brought in whom the directory no
//      longer lists (a refused entry is listed: not a leaver), still active;
//   5. the safety stop (issue 17: an outage or a wrong filter must not disable the
//      département): an empty result, or leavers above 5 % of the tenant's active agents,
//      stops with awaiting_confirmation and the leavers held on the run;
//   6. otherwise each leaver is deactivated through org's deactivateAgent (sessions, keys,
//      tokens… in its own transaction, audited); the last administrator is refused there
//      and reported;
//   7. the report (counts, refusals, error) on the run, audited as directory.ldap.synced.
// A confirmation (POST …/confirm) queues step 6 for exactly the leavers the run held.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { ldapDeactivationThreshold } from '@estran/contracts';
import type { Tx } from '../../db/client.ts';
import { HttpError } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { deactivateAgent, readDirectory } from '../org/index.ts';
import { applyDirectoryRecordsTx, type DirectoryRecord } from './apply-records.ts';
import { ldapSettingsForRun } from './ldap-config.ts';
import { failStaleRuns } from './ldap-runs.ts';
import { attributeLabels, entriesToRecords } from './ldap-map.ts';
import { directoryLdapAgents, directoryLdapRuns, type StoredRefusal } from './ldap-schema.ts';
import { LdapSearchError, searchDirectory } from './ldap-search.ts';
import type { LdapDeps, LdapJob } from './ldap-worker.ts';

type Run = typeof directoryLdapRuns.$inferSelect;

function runActor(run: Pick<Run, 'requestedBy' | 'confirmedBy'>, confirming = false): AuditActor {
  const id = confirming ? run.confirmedBy : run.requestedBy;
  return id ? { type: 'agent', id } : { type: 'system' };
}

/** Step 1: the run, now running; null when there is nothing to do. */
async function takeRun(deps: LdapDeps, job: LdapJob): Promise<Run | null> {
  return deps.database.tenant(job.tenantId, async (tx) => {
    if (job.runId) {
      const [run] = await tx
        .update(directoryLdapRuns)
        .set({ status: 'running', startedAt: sql`coalesce(${directoryLdapRuns.startedAt}, now())` })
        .where(and(eq(directoryLdapRuns.id, job.runId), eq(directoryLdapRuns.status, 'queued')))
        .returning();
      return run ?? null;
    }
    // A schedule's tick: skipped while another run of the tenant is queued or running.
    await failStaleRuns(tx);
    const [run] = await tx
      .insert(directoryLdapRuns)
      .values({ tenantId: job.tenantId, trigger: 'schedule', status: 'running', startedAt: new Date() })
      .onConflictDoNothing()
      .returning();
    return run ?? null;
  });
}

async function finish(deps: LdapDeps, run: Run, changes: Partial<Run>): Promise<void> {
  await deps.database.tenant(run.tenantId, async (tx) => {
    const [after] = await tx
      .update(directoryLdapRuns)
      .set({ ...changes, ...(changes.status === 'awaiting_confirmation' ? {} : { finishedAt: new Date() }) })
      .where(eq(directoryLdapRuns.id, run.id))
      .returning();
    await recordAudit(tx, run.tenantId, {
      action: 'directory.ldap.synced',
      actor: runActor(run, run.confirmedBy !== null),
      target: { type: 'directory_ldap_run', id: run.id },
      data: {
        status: after!.status,
        trigger: after!.trigger,
        entries: after!.entries,
        created: after!.created,
        updated: after!.updated,
        unchanged: after!.unchanged,
        deactivated: after!.deactivated,
        refused: after!.refused.length,
        stopReason: after!.stopReason,
        pendingDeactivations: after!.pendingDeactivations.length,
        error: after!.error,
      },
    });
  });
}

/** Step 6: deactivates each leaver (its own transaction, through org); refusals reported. */
async function deactivateLeavers(deps: LdapDeps, run: Run, agentIds: string[], actor: AuditActor): Promise<{ deactivated: number; refused: StoredRefusal[] }> {
  const dns = new Map(
    agentIds.length
      ? (
          await deps.database.tenant(run.tenantId, (tx) =>
            tx.select({ agentId: directoryLdapAgents.agentId, dn: directoryLdapAgents.dn }).from(directoryLdapAgents).where(inArray(directoryLdapAgents.agentId, agentIds)),
          )
        ).map((r) => [r.agentId, r.dn])
      : [],
  );
  let deactivated = 0;
  const refused: StoredRefusal[] = [];
  for (const agentId of agentIds) {
    try {
      await deactivateAgent(deps.database, { tenantId: run.tenantId, agentId, actor });
      deactivated += 1;
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      refused.push({ dn: dns.get(agentId) ?? agentId, reason: `Départ non appliqué : ${error.message}` });
    }
  }
  return { deactivated, refused };
}

/** Step 4 in the caller's transaction: apply, remember, find the leavers. */
async function reconcile(tx: Tx, run: Run, entries: Awaited<ReturnType<typeof searchDirectory>>, mapping: Parameters<typeof entriesToRecords>[1]) {
  const before = await readDirectory(tx);
  const externalIds = new Set(before.agents.map((a) => a.externalId).filter(Boolean));
  const emails = new Set(before.agents.map((a) => a.email.toLowerCase()));
  const mapped = entriesToRecords(entries, mapping, (externalId, email) => externalIds.has(externalId) || (email !== null && emails.has(email.toLowerCase())));
  const refused: StoredRefusal[] = [...mapped.refused];
  const options = { actor: runActor(run), source: 'ldap', fieldLabels: attributeLabels(mapping) } as const;

  let records: DirectoryRecord[] = mapped.records;
  // Refused entries are set aside (a duplicate's first entry passes once the second is out):
  // a few passes at most.
  let check = null as Awaited<ReturnType<typeof applyDirectoryRecordsTx>> | null;
  for (let pass = 0; pass < 3 && records.length; pass++) {
    check = await applyDirectoryRecordsTx(tx, run.tenantId, records, { ...options, mode: 'check' });
    if (!check.refused.length) break;
    const out = new Set(check.refused.map((r) => r.dn));
    for (const r of check.refused) refused.push({ dn: r.dn ?? '?', ...(r.field ? { field: r.field } : {}), reason: r.reason });
    records = records.filter((r) => !out.has(r.dn));
    check = null;
  }
  // Nothing to create or change (the usual hourly run): no second pass.
  const unchanged = check !== null && check.created === 0 && check.updated === 0;
  const report =
    !records.length || unchanged
      ? { created: 0, updated: 0, unchanged: check?.unchanged ?? 0, refused: [] }
      : await applyDirectoryRecordsTx(tx, run.tenantId, records, { ...options, mode: 'apply' });
  if (report.refused.length) throw new Error(`apply refused ${report.refused.length} records its check accepted`);

  // The agents the sync brought in (or found again), by external id: new or changed rows
  // written, every listed one's last_seen_at in one statement.
  const after = report.created || report.updated ? await readDirectory(tx) : before;
  const byExternalId = new Map(after.agents.filter((a) => a.externalId).map((a) => [a.externalId!, a]));
  const known = new Map((await tx.select().from(directoryLdapAgents)).map((m) => [m.externalId, m]));
  const changed = records
    .map((r) => ({ agent: byExternalId.get(r.externalId!), dn: r.dn! }))
    .filter((s): s is { agent: NonNullable<typeof s.agent>; dn: string } => s.agent !== undefined)
    .filter((s) => {
      const m = known.get(s.agent.externalId!);
      return !m || m.agentId !== s.agent.id || m.dn !== s.dn;
    });
  for (let i = 0; i < changed.length; i += 1000) {
    const rows = changed.slice(i, i + 1000).map((s) => ({ tenantId: run.tenantId, externalId: s.agent.externalId!, agentId: s.agent.id, dn: s.dn, lastSeenAt: new Date() }));
    await tx
      .insert(directoryLdapAgents)
      .values(rows)
      .onConflictDoUpdate({
        target: [directoryLdapAgents.tenantId, directoryLdapAgents.externalId],
        set: { agentId: sql`excluded.agent_id`, dn: sql`excluded.dn`, lastSeenAt: sql`excluded.last_seen_at` },
      });
    for (const r of rows) known.set(r.externalId, { ...r });
  }
  await tx.execute(
    sql`update directory_ldap_agents set last_seen_at = now() where external_id in (select jsonb_array_elements_text(${JSON.stringify([...mapped.listed])}::jsonb))`,
  );

  const byId = new Map(after.agents.map((a) => [a.id, a]));
  const leavers = [...known.values()]
    .filter((m) => !mapped.listed.has(m.externalId))
    .map((m) => byId.get(m.agentId))
    .filter((a): a is NonNullable<typeof a> => a !== undefined && a.status !== 'disabled' && a.externalId !== null && !mapped.listed.has(a.externalId));
  const activeAgents = after.agents.filter((a) => a.status !== 'disabled').length;
  return { report, refused, leavers: leavers.map((a) => a.id), activeAgents };
}

async function runSync(deps: LdapDeps, run: Run): Promise<void> {
  const settings = await ldapSettingsForRun(deps.database, deps.secrets, run.tenantId);
  if (!settings) throw new LdapSearchError('Aucun annuaire n’est configuré pour la collectivité.');
  if (!settings.bindPassword) throw new LdapSearchError('Aucun mot de passe de connexion à l’annuaire n’est enregistré.');
  const entries = await searchDirectory(
    { url: settings.url, bindDn: settings.bindDn, bindPassword: settings.bindPassword, baseDn: settings.baseDn, filter: settings.filter, tls: settings.tls, caCertificate: settings.caCertificate },
    settings.mapping,
  );
  const outcome = await deps.database.tenant(run.tenantId, (tx) => reconcile(tx, run, entries, settings.mapping));
  const counts = { entries: entries.length, created: outcome.report.created, updated: outcome.report.updated, unchanged: outcome.report.unchanged };
  const stopReason =
    entries.length === 0 ? 'empty_result' : outcome.leavers.length > ldapDeactivationThreshold * outcome.activeAgents ? 'deactivation_threshold' : null;
  if (stopReason) {
    await finish(deps, run, { ...counts, refused: outcome.refused, status: 'awaiting_confirmation', stopReason, pendingDeactivations: outcome.leavers });
    return;
  }
  const left = await deactivateLeavers(deps, run, outcome.leavers, runActor(run));
  await finish(deps, run, { ...counts, refused: [...outcome.refused, ...left.refused], deactivated: left.deactivated, status: 'succeeded' });
}

/** The job's handler (ldap-worker.ts). */
export async function handleLdapJob(deps: LdapDeps, job: LdapJob): Promise<void> {
  const run = await takeRun(deps, job);
  if (!run) return;
  try {
    if (job.confirm) {
      const left = await deactivateLeavers(deps, run, run.pendingDeactivations, runActor(run, true));
      await finish(deps, run, { deactivated: run.deactivated + left.deactivated, refused: [...run.refused, ...left.refused], pendingDeactivations: [], status: 'succeeded' });
      return;
    }
    await runSync(deps, run);
  } catch (error) {
    const known = error instanceof LdapSearchError;
    // The message only: an LDAP error's fields may echo the request (never the password, which
    // ldapts does not keep, but the DN and filter are the administrator's concern, not the log's).
    deps.logger.error({ runId: run.id, tenantId: run.tenantId, reason: known ? (error as Error).message : undefined, err: known ? undefined : error }, 'directory sync failed');
    await finish(deps, run, {
      status: 'failed',
      error: known ? (error as Error).message : 'Erreur interne pendant la synchronisation ; l’équipe technique en trouvera le détail dans le journal du serveur.',
      pendingDeactivations: [],
    });
  }
}
