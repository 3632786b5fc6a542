export { auditEvent, recordAudit, type AuditActor, type AuditEntry, type AuditEventJson } from './record-audit.ts';
export { GENESIS_HASH, verifyAuditChain, type ChainReport } from './verify-audit-chain.ts';
export { auditRoutes } from './routes.ts';
export { agentAuthEvents, type AgentAuthEvent } from './agent-auth-events.ts';
