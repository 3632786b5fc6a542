// The audit viewer's routes: thin handlers for the endpoints of contracts/src/audit.
import type { FastifyInstance } from 'fastify';
import { auditCsvContentType, endpoints } from '@estran/contracts';
import { route } from '../../platform/endpoint.ts';
import { auditActor } from '../../platform/principal.ts';
import { exportAuditEvents } from './export-audit-events.ts';
import { listAuditEvents } from './list-audit-events.ts';
import { verifyTenantChain } from './verify-tenant-chain.ts';

const e = endpoints.audit;

export async function auditRoutes(app: FastifyInstance) {
  route(app, e.list, (request) => listAuditEvents(app.database, request.principal.tenantId, request.query));

  route(app, e.export, async (request, reply) => {
    const csv = await exportAuditEvents(app.database, {
      tenantId: request.principal.tenantId,
      filters: request.query,
      actor: auditActor(request.principal),
      requestId: request.id,
    });
    csv.on('error', (err) => request.log.error({ err }, 'audit export interrupted'));
    const day = new Date().toISOString().slice(0, 10);
    return reply
      .header('content-disposition', `attachment; filename="journal-audit-${day}.csv"`)
      .type(auditCsvContentType)
      .send(csv);
  });

  route(app, e.verification, (request) => verifyTenantChain(app.database, request.principal.tenantId));
}
