// An agent's authentication history for the helpdesk's file (issue 17, "the helpdesk sees
// the context"): logins (one per session opened, with its trust level, method, address and
// browser), failures with their reason (strikes, and auth.failure: a bad signature, a wrong
// password, a login refused to a suspended or deactivated agent), suspensions, lockouts,
// unblocks and wrong unblock codes, resets of the authenticator app. Read from the audit
// trail (audit's agentAuthEvents); the browsers from auth's sessions (sessionUserAgents).
//
// Not audited, as the agent's file it belongs to is not (agent-file.ts): a read that stays
// within Estran, by the helpdesk the tenant chose.
import {
  loginFailureReasonLabels,
  loginFailureReasons,
  sessionMethods,
  trustLevels,
  type AuthEventKind,
  type HelpdeskAuthEvent,
  type HelpdeskAuthHistory,
  type LoginFailureReason,
} from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { notFound } from '../../platform/http-errors.ts';
import { agentAuthEvents } from '../audit/index.ts';
import { sessionUserAgents, type SessionContext } from '../auth/index.ts';
import { agentNames, agentRoles } from '../org/index.ts';

/** The audit actions the history shows, and what each is. */
const kinds: Record<string, AuthEventKind> = {
  'session.created': 'login',
  'auth.strike': 'failure',
  'auth.failure': 'failure',
  'agent.suspended': 'suspended',
  'agent.locked_out': 'locked_out',
  'agent.unblocked': 'unblocked',
  'unblock.code_wrong': 'unblock_code_wrong',
  'unblock.code_voided': 'unblock_code_wrong',
  'auth.password_totp_reset': 'password_totp_reset',
};
const actions = Object.keys(kinds);

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | null => (list.includes(value as T) ? (value as T) : null);
const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The method a failure reason belongs to, when the event does not say it. */
function methodOfReason(reason: LoginFailureReason | null): 'security-key' | 'password-totp' | null {
  if (!reason || reason === 'account_suspended' || reason === 'account_disabled') return null;
  return reason === 'wrong_password' || reason === 'wrong_totp' || reason === 'totp_replayed' ? 'password-totp' : 'security-key';
}

export async function authHistory(
  database: Database,
  viewer: SessionContext,
  agentId: string,
  query: { page: number; pageSize: number },
): Promise<HelpdeskAuthHistory> {
  return database.tenant(viewer.tenantId, async (tx) => {
    if (!(await agentRoles(tx, agentId))) throw notFound('Agent introuvable.');
    const { rows, total } = await agentAuthEvents(tx, agentId, { actions, page: query.page, pageSize: query.pageSize });
    const sessionIds = rows.flatMap((r) => (r.action === 'session.created' && typeof r.data.session === 'string' ? [r.data.session] : []));
    const browsers = await sessionUserAgents(tx, sessionIds);
    const helpers = rows.flatMap((r) => {
      const by = r.action === 'agent.unblocked' ? r.data.issuedBy : r.action === 'auth.password_totp_reset' ? r.actorId : null;
      return typeof by === 'string' ? [by] : [];
    });
    const names = await agentNames(tx, helpers);
    const items = rows.map((r): HelpdeskAuthEvent => {
      const kind = kinds[r.action]!;
      const reason = kind === 'login' || kind === 'unblocked' ? null : oneOf(loginFailureReasons, r.data.reason);
      const method = oneOf(sessionMethods, r.data.method) ?? (kind === 'failure' ? methodOfReason(reason) : null);
      const by = r.action === 'agent.unblocked' ? str(r.data.issuedBy) : r.action === 'auth.password_totp_reset' ? r.actorId : null;
      const session = kind === 'login' ? str(r.data.session) : null;
      return {
        id: r.id,
        at: r.at.toISOString(),
        kind,
        method,
        reason,
        reasonText: reason ? loginFailureReasonLabels[reason] : null,
        trust: kind === 'login' ? oneOf(trustLevels, r.data.trust) : null,
        userAgent: session ? (browsers.get(session) ?? null) : null,
        ip: str(r.data.ip),
        strikes: typeof r.data.strikes === 'number' && r.action === 'auth.strike' ? r.data.strikes : null,
        byName: by ? (names.get(by) ?? null) : null,
      };
    });
    return { items, total, page: query.page, pageSize: query.pageSize };
  });
}

/** The latest unblocks of the agent (at most 10), with the helpdesk agent who issued each code. */
export async function pastUnblocks(tx: Parameters<typeof agentAuthEvents>[0], agentId: string): Promise<{ at: string; issuedByName: string | null }[]> {
  const { rows } = await agentAuthEvents(tx, agentId, { actions: ['agent.unblocked'], page: 1, pageSize: 10 });
  const names = await agentNames(tx, rows.flatMap((r) => (typeof r.data.issuedBy === 'string' ? [r.data.issuedBy] : [])));
  return rows.map((r) => ({ at: r.at.toISOString(), issuedByName: typeof r.data.issuedBy === 'string' ? (names.get(r.data.issuedBy) ?? null) : null }));
}
