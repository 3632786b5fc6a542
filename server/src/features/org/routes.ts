// The organisation's routes: thin handlers for the endpoints of contracts/src/org.
import type { FastifyInstance } from 'fastify';
import { endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { forbidden } from '../../platform/http-errors.ts';
import { auditActor, type Principal } from '../../platform/principal.ts';
import { createTenant } from './create-tenant.ts';
import { createSite } from './create-site.ts';
import { createUnit } from './create-unit.ts';
import { updateSite } from './update-site.ts';
import { updateUnit } from './update-unit.ts';
import { listAgents } from './list-agents.ts';
import { listSites } from './list-sites.ts';
import { listTenants } from './list-tenants.ts';
import { listUnits } from './list-units.ts';
import { readMyPreferences, updateMyPreferences } from './my-preferences.ts';
import { updateAgent } from './update-agent.ts';
import { createAgent } from './create-agent.ts';
import { deactivateAgent } from './deactivate-agent.ts';
import { reactivateAgent } from './reactivate-agent.ts';
import { organisationRoutes } from './organisation-routes.ts';
import { readTenantSecuritySettings, updateTenantSecuritySettings } from './tenant-security-settings.ts';

const e = endpoints.org;

export async function orgRoutes(app: FastifyInstance) {
  route(app, e.listTenants, (request) => listTenants(app.database, request.query));

  route(app, e.createTenant, (request) =>
    createTenant(app.database, {
      ...request.body,
      operatorTenantId: request.principal.tenantId,
      actor: auditActor(request.principal),
      requestId: request.id,
    }),
  );

  route(app, e.listUnits, (request) => listUnits(app.database, request.principal.tenantId, request.query));
  route(app, e.listSites, (request) => listSites(app.database, request.principal.tenantId, request.query));
  // Units and sites, created and changed by an administrator (audited).
  const admin = (request: { principal: Principal; id: string }) => ({
    tenantId: request.principal.tenantId,
    actor: auditActor(request.principal),
    requestId: request.id,
  });
  route(app, e.createUnit, (request) => createUnit(app.database, { ...admin(request), unit: request.body }));
  route(app, e.updateUnit, (request) => updateUnit(app.database, { ...admin(request), unitId: request.params.id, changes: request.body }));
  route(app, e.createSite, (request) => createSite(app.database, { ...admin(request), site: request.body }));
  route(app, e.updateSite, (request) => updateSite(app.database, { ...admin(request), siteId: request.params.id, changes: request.body }));
  route(app, e.listAgents, (request) => listAgents(app.database, request.principal.tenantId, request.query));
  route(app, e.updateAgent, (request) =>
    updateAgent(app.database, {
      tenantId: request.principal.tenantId,
      agentId: request.params.id,
      changes: request.body,
      actor: auditActor(request.principal),
      requestId: request.id,
    }),
  );

  route(app, e.createAgent, (request) =>
    createAgent(app.database, { tenantId: request.principal.tenantId, agent: request.body, actor: auditActor(request.principal), requestId: request.id }),
  );
  const agentAction = (request: { principal: Principal; params: { id: string }; id: string }) => ({
    tenantId: request.principal.tenantId,
    agentId: request.params.id,
    actor: auditActor(request.principal),
    requestId: request.id,
  });
  route(app, e.deactivateAgent, (request) => deactivateAgent(app.database, agentAction(request)));
  route(app, e.reactivateAgent, (request) => reactivateAgent(app.database, agentAction(request)));

  // « Mon compte »: a session's own agent (a service token has no preferences).
  const self = (request: { principal: Principal }) => {
    if (request.principal.kind !== 'agent') throw forbidden();
    return { tenantId: request.principal.tenantId, agentId: request.principal.agentId };
  };
  route(app, e.readMyPreferences, (request) => readMyPreferences(app.database, self(request)));
  route(app, e.updateMyPreferences, (request) =>
    updateMyPreferences(app.database, { ...self(request), preferences: request.body, actor: auditActor(request.principal), requestId: request.id }),
  );

  // The organisation itself, its logo, the login page's branding (issue 17).
  await app.register(organisationRoutes);

  route(app, e.readSecuritySettings, (request) => readTenantSecuritySettings(app.database, request.principal.tenantId));

  route(app, e.updateSecuritySettings, (request) =>
    updateTenantSecuritySettings(app.database, {
      tenantId: request.principal.tenantId,
      settings: request.body,
      actor: auditActor(request.principal),
      requestId: request.id,
    }),
  );
}
