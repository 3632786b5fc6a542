// The hash of one audit event: SHA-256 over the previous event's hash, a newline, and the
// RFC 8785 (JSON Canonicalization Scheme) form of the event's fields. JCS makes the bytes
// independent of key order and of how PostgreSQL's jsonb hands the data back.
import canonicalize from 'canonicalize';
import { sha256Hex } from '../../platform/crypto.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = {
  tenantId: string;
  seq: number;
  id: string;
  at: Date;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  requestId: string | null;
};

export function hashEvent(prevHash: string, e: HashedFields): string {
  const body = canonicalize({
    v: 1,
    tenantId: e.tenantId,
    seq: e.seq,
    id: e.id,
    at: e.at.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    data: e.data,
    requestId: e.requestId,
  });
  return sha256Hex(`${prevHash}\n${body}`);
}
