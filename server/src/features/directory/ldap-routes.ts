// The LDAP sync's routes (contracts/src/directory/ldap-endpoints.ts), thin; and this
// node's worker, started with the application when there is work (a stored schedule, a
// job left queued) and stopped with it (app.ts closes the job runner).
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor, type Principal } from '../../platform/principal.ts';
import { readLdapConfig, updateLdapConfig } from './ldap-config.ts';
import { confirmLdapRun, listLdapRuns, readLdapRun, requestLdapSync } from './ldap-runs.ts';
import { startLdapWorkerIfNeeded, type LdapDeps } from './ldap-worker.ts';

const e = endpoints.directory.ldap;

export async function ldapRoutes(app: FastifyInstance) {
  const deps: LdapDeps = { database: app.database, secrets: app.secrets, jobs: app.jobs, logger: app.log };
  const admin = (request: { principal: Principal; id: string }) => ({
    tenantId: request.principal.tenantId,
    actor: auditActor(request.principal),
    requestId: request.id,
  });
  app.addHook('onReady', () => startLdapWorkerIfNeeded(deps));

  route(app, e.readConfig, (request) => readLdapConfig(app.database, request.principal.tenantId));
  route(app, e.updateConfig, (request) => updateLdapConfig(deps, { ...admin(request), config: request.body }));
  route(app, e.sync, (request) => requestLdapSync(deps, admin(request)));
  route(app, e.listRuns, (request) => listLdapRuns(app.database, request.principal.tenantId, request.query));
  route(app, e.readRun, (request) => readLdapRun(app.database, request.principal.tenantId, request.params.runId));
  route(app, e.confirmRun, (request) => confirmLdapRun(deps, { ...admin(request), runId: request.params.runId }));
}
