// Token helpers. A bearer secret is 32 random bytes, base64url; only its SHA-256 is
// stored, so a database dump never yields a usable token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function sha256(input: string | Buffer): Buffer {
  return createHash('sha256').update(input).digest();
}

export function sha256Hex(input: string | Buffer): string {
  return createHash('sha256').update(input).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

const uuidRe = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Tokens handed to people (enrolment links, session cookies) carry the id of their
 * tenant in clear before the secret: `<tenant uuid>.<secret>`. The server sets the
 * tenant context from it and finds the row by the secret's hash under row-level
 * security, so no global lookup table is needed.
 */
export function tenantToken(tenantId: string, secret = randomToken()): string {
  return `${tenantId}.${secret}`;
}

export function parseTenantToken(token: string): { tenantId: string; secret: string } | null {
  const dot = token.indexOf('.');
  if (dot !== 36) return null;
  const tenantId = token.slice(0, 36);
  const secret = token.slice(37);
  if (!uuidRe.test(tenantId) || !/^[A-Za-z0-9_-]{32,128}$/.test(secret)) return null;
  return { tenantId, secret };
}
