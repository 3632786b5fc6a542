// The audit viewer's endpoints (server/src/features/audit): the tenant's trail, paged and
// filtered, its CSV export, and the chain's verification. Administrators and the data
// protection officer (policies/audit.ts); row-level security keeps each to its tenant.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { canReadAudit } from '../policies/audit.ts';
import { auditCsv, auditCsvContentType, auditFilters, auditListQuery, auditPage, auditVerification } from './schemas.ts';

const tags = ['audit'];
const denials = { 400: apiError, 401: apiError, 403: apiError };

export const auditEndpoints = {
  list: endpoint({
    method: 'GET',
    path: '/api/admin/audit',
    tags,
    summary: 'The tenant’s audit trail, filtered and paged, newest first',
    description: 'Each event with its acting agent’s name. Administrators and the data protection officer.',
    access: 'session',
    policy: canReadAudit,
    query: auditListQuery,
    responses: { 200: auditPage, ...denials },
  }),
  export: endpoint({
    method: 'GET',
    path: '/api/admin/audit/export',
    tags,
    summary: 'The tenant’s audit trail as CSV (the same filters; audited)',
    description: 'UTF-8 with a byte-order mark, `;` between fields, as French spreadsheets open it; sent as an attachment, streamed.',
    access: 'session',
    policy: canReadAudit,
    query: auditFilters,
    contentType: auditCsvContentType,
    responses: { 200: auditCsv, ...denials },
  }),
  verification: endpoint({
    method: 'GET',
    path: '/api/admin/audit/verification',
    tags,
    summary: 'The tenant’s audit chain recomputed: whether it holds, and its first broken row',
    access: 'session',
    policy: canReadAudit,
    responses: { 200: auditVerification, 401: apiError, 403: apiError },
  }),
};
