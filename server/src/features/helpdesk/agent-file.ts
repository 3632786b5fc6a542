// What the helpdesk sees of one agent: status, keys, open sessions, the identity checks
// the tenant requires, whether an unblock code is pending, whether they have a password +
// TOTP app, the fleet's computers they hold, their pending invitations and past unblocks (the login history is paged
// apart: auth-history.ts). The agent is org's (findAgentForHelpdesk), the credentials
// auth's (credentialSummaryOf, credentialFactsOf), the unblocks the audit trail's.
import type { HelpdeskAgentFile } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { notFound } from '../../platform/http-errors.ts';
import { credentialFactsOf, credentialSummaryOf, readAuthSettings, type SessionContext } from '../auth/index.ts';
import { devicesHeldBy } from '../devices/index.ts';
import { findAgentForHelpdesk } from '../org/index.ts';
import { pastUnblocks } from './auth-history.ts';
import { presentHelpdeskAgent } from './search-agents.ts';

export async function agentFile(database: Database, actor: SessionContext, agentId: string, smsAvailable: boolean): Promise<HelpdeskAgentFile> {
  const { row, settings, facts, unblocks, held } = await database.tenant(actor.tenantId, async (tx) => {
    const row = await findAgentForHelpdesk(tx, agentId);
    if (!row) throw notFound('Agent introuvable.');
    return { row, settings: await readAuthSettings(tx, actor.tenantId), facts: await credentialFactsOf(tx, agentId), unblocks: await pastUnblocks(tx, agentId), held: await devicesHeldBy(tx, agentId) };
  });
  const credentials = await credentialSummaryOf(database, actor, agentId);
  return {
    agent: {
      ...presentHelpdeskAgent(row.agent, row.unitName),
      professionalPhone: row.agent.professionalPhone,
      mobilePhone: row.agent.mobilePhone,
      suspensionReason: row.agent.suspensionReason,
    },
    keys: credentials.keys,
    sessions: credentials.sessions,
    devices: held,
    requiredChecks: settings.identityChecks,
    smsAvailable: smsAvailable && Boolean(row.agent.mobilePhone),
    pendingUnblockCode: credentials.pendingUnblockCode,
    hasPasswordTotp: facts.hasPasswordTotp,
    pendingEnrolments: facts.pendingEnrolments,
    unblocks,
  };
}
