export { recordAudit, type AuditActor, type AuditEntry } from './record-audit.ts';
export { verifyAuditChain, type ChainReport } from './verify-audit-chain.ts';
