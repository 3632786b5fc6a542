// Behind a TLS-terminating reverse proxy every request comes from the proxy's address
// (issue 15, finding 5: 8 unknown-key assertions made a legitimate agent wait 32 s; 60
// login/options calls throttled everyone for a minute). With ESTRAN_TRUSTED_PROXIES the
// client's address is read from X-Forwarded-For — from those proxies only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { limits } from '@estran/contracts';
import { createTestApp, SoftwareAuthenticator, TEST_ORIGIN } from '../../../test/index.ts';

const PROXY = '127.0.0.1';

describe('client addresses behind a reverse proxy', () => {
  let app: FastifyInstance;
  let close: () => Promise<void>;
  before(async () => {
    ({ app, close } = await createTestApp({ env: { ESTRAN_TRUSTED_PROXIES: `${PROXY},::1`, ESTRAN_AUTH_RATE_PER_MINUTE: '10' } }));
  });
  after(async () => close());

  let n = 0;
  /** A client address of its own for each test. */
  const client = () => `203.0.113.${++n}`;
  const options = (peer: string, forwardedFor?: string) =>
    app.inject({
      method: 'POST',
      url: '/api/auth/webauthn/login/options',
      remoteAddress: peer,
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      payload: '{}',
    });
  /** An assertion of a key nobody enrolled: an address failure. */
  async function unknownKey(peer: string, forwardedFor?: string) {
    const opts = await options(peer, forwardedFor);
    assert.equal(opts.statusCode, 200, opts.body);
    const stranger = new SoftwareAuthenticator({ origin: TEST_ORIGIN });
    return app.inject({
      method: 'POST',
      url: '/api/auth/webauthn/login/verify',
      remoteAddress: peer,
      headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
      payload: JSON.stringify(stranger.assert(opts.json())),
    });
  }

  it('slows down the client that fails, not the others behind the same proxy', async () => {
    const attacker = client();
    const agent = client();
    for (let i = 0; i <= limits.throttleFreeFailures; i++) assert.equal((await unknownKey(PROXY, attacker)).statusCode, 401);
    assert.equal((await options(PROXY, attacker)).statusCode, 429, 'the failing client waits');
    assert.equal((await options(PROXY, agent)).statusCode, 200, 'another client of the same proxy does not');
  });

  it('counts the per-minute ceiling per client', async () => {
    const busy = client();
    let last = 0;
    for (let i = 0; i <= 10; i++) last = (await options(PROXY, busy)).statusCode;
    assert.equal(last, 429, 'the busy client reaches its ceiling');
    assert.equal((await options(PROXY, client())).statusCode, 200, 'the others do not');
  });

  it('takes the address the trusted proxy saw, not what a client wrote before it', async () => {
    // nginx appends the peer it saw: "<whatever the client sent>, <client>".
    const real = client();
    for (let i = 0; i <= limits.throttleFreeFailures; i++) {
      assert.equal((await unknownKey(PROXY, `198.18.0.${i}, ${real}`)).statusCode, 401);
    }
    assert.equal((await options(PROXY, `198.18.0.200, ${real}`)).statusCode, 429, 'a forged first hop changes nothing');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const direct = '198.51.100.7';
    for (let i = 0; i <= limits.throttleFreeFailures; i++) {
      assert.equal((await unknownKey(direct, client())).statusCode, 401);
    }
    assert.equal((await options(direct, client())).statusCode, 429, 'the peer itself is throttled, whatever it claims');
  });
});

describe('client addresses without a trusted proxy', () => {
  it('never reads X-Forwarded-For', async () => {
    const { app, close } = await createTestApp({ env: { ESTRAN_AUTH_RATE_PER_MINUTE: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/api/auth/webauthn/login/options',
          remoteAddress: PROXY,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${100 + i}` },
          payload: '{}',
        });
        statuses.push(res.statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 200, 429]);
    } finally {
      await close();
    }
  });
});
