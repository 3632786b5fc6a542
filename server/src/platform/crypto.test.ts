import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTenantToken, randomToken, tenantToken } from './crypto.ts';

describe('tenant tokens', () => {
  it('round-trip any tenant id and fresh secret', () => {
    fc.assert(
      fc.property(fc.uuid(), (id) => {
        const token = tenantToken(id);
        const parsed = parseTenantToken(token);
        return parsed !== null && parsed.tenantId === id && token === `${id}.${parsed.secret}`;
      }),
    );
  });

  it('never parse arbitrary strings into a token', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => parseTenantToken(s) === null || /^[0-9a-f-]{36}\.[A-Za-z0-9_-]{32,128}$/.test(s)));
  });

  it('refuse upper-case ids, short secrets and odd characters', () => {
    const id = randomUUID();
    assert.equal(parseTenantToken(`${id.toUpperCase()}.${randomToken()}`), null);
    assert.equal(parseTenantToken(`${id}.short`), null);
    assert.equal(parseTenantToken(`${id}.${randomToken()}%00`), null);
    assert.equal(parseTenantToken(`${id}${randomToken()}`), null);
  });

  it('draw 256-bit secrets', () => {
    assert.equal(Buffer.from(randomToken(), 'base64url').length, 32);
    assert.notEqual(randomToken(), randomToken());
  });
});
