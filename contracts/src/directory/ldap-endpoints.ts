// Directory sync from LDAP / Active Directory (server/src/features/directory/ldap-*.ts):
// the tenant's configuration, "Synchroniser maintenant", the runs and their reports, and
// the confirmation a stopped run waits for. Administrators only; audited.
import { apiError } from '../errors.ts';
import { endpoint } from '../endpoint.ts';
import { emptyBody } from '../inputs.ts';
import { canAdministerTenant } from '../policies/admin.ts';
import { ldapConfig, ldapConfigBody, ldapRun, ldapRunPage, ldapRunParams, ldapRunQueued, ldapRunsQuery } from './ldap-schemas.ts';

const tags = ['directory'];
const denials = { 400: apiError, 401: apiError, 403: apiError };

export const ldapEndpoints = {
  readConfig: endpoint({
    method: 'GET',
    path: '/api/admin/directory/ldap',
    tags,
    summary: 'The tenant’s LDAP / Active Directory sync settings (never the bind password: bindPasswordSet says whether one is stored)',
    access: 'session',
    policy: canAdministerTenant,
    responses: { 200: ldapConfig, ...denials },
  }),
  updateConfig: endpoint({
    method: 'PUT',
    path: '/api/admin/directory/ldap',
    tags,
    summary: 'Set the LDAP / Active Directory sync (audited; the bind password is write-only, sealed with the server key)',
    description:
      'The whole configuration; `bindPassword` absent keeps the stored one. `schedule` hourly or daily makes a durable scheduled job for the tenant; off removes it. ' +
      'Groups map to the non-privileged roles agent and manager only. Answers the configuration as GET does.',
    access: 'session',
    policy: canAdministerTenant,
    body: ldapConfigBody,
    responses: { 200: ldapConfig, ...denials },
  }),
  sync: endpoint({
    method: 'POST',
    path: '/api/admin/directory/ldap/sync',
    tags,
    summary: '« Synchroniser maintenant »: queue a sync run (audited); follow it with GET …/runs/{runId}',
    description:
      'A run reads the directory, creates and updates agents (by external id, else e-mail) and deactivates the agents a previous sync brought that the directory no longer lists. ' +
      'An empty result, or one that would deactivate more than 5 % of the tenant’s active agents, stops with status awaiting_confirmation and deactivates no one until confirmed. ' +
      '`409` when no configuration is set, or a run of the tenant is already queued or running.',
    access: 'session',
    policy: canAdministerTenant,
    body: emptyBody,
    responses: { 202: ldapRunQueued, ...denials, 409: apiError },
  }),
  listRuns: endpoint({
    method: 'GET',
    path: '/api/admin/directory/ldap/runs',
    tags,
    summary: 'The tenant’s sync runs, newest first, each with its report',
    access: 'session',
    policy: canAdministerTenant,
    query: ldapRunsQuery,
    responses: { 200: ldapRunPage, ...denials },
  }),
  readRun: endpoint({
    method: 'GET',
    path: '/api/admin/directory/ldap/runs/:runId',
    tags,
    summary: 'One sync run: its status and report (created, updated, deactivated, refused with reasons)',
    access: 'session',
    policy: canAdministerTenant,
    params: ldapRunParams,
    responses: { 200: ldapRun, ...denials, 404: apiError },
  }),
  confirmRun: endpoint({
    method: 'POST',
    path: '/api/admin/directory/ldap/runs/:runId/confirm',
    tags,
    summary: 'Confirm a stopped run (awaiting_confirmation): the deactivations it held back are queued (audited)',
    description: 'Deactivates exactly the agents the report counted (those still active). `409` for a run that is not awaiting confirmation; `404` for a run of another tenant.',
    access: 'session',
    policy: canAdministerTenant,
    params: ldapRunParams,
    body: emptyBody,
    responses: { 202: ldapRunQueued, ...denials, 404: apiError, 409: apiError },
  }),
};
