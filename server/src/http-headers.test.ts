// Headers every answer carries (issue 15, finding 12): HSTS once the origin is https,
// and API answers never stored by a browser or a cache.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTestApp } from '../test/index.ts';

describe('response headers', () => {
  it('sends Strict-Transport-Security with an https origin, and not over plain http', async () => {
    const secure = await createTestApp({ env: { ESTRAN_ORIGIN: 'https://estran.cd22.fr' } });
    try {
      for (const url of ['/healthz', '/api/auth/session', '/api/nowhere']) {
        const res = await secure.app.inject({ url });
        assert.equal(res.headers['strict-transport-security'], 'max-age=63072000; includeSubDomains', url);
      }
    } finally {
      await secure.close();
    }
    const plain = await createTestApp();
    try {
      assert.equal((await plain.app.inject({ url: '/healthz' })).headers['strict-transport-security'], undefined);
    } finally {
      await plain.close();
    }
  });

  it('marks every API answer Cache-Control: no-store, denials and errors included', async () => {
    const { app, close } = await createTestApp();
    try {
      for (const [method, url] of [
        ['GET', '/api/auth/session'], // 401
        ['GET', '/api/openapi.json'],
        ['GET', '/api/guide/search?q=rsa'], // 401
        ['POST', '/api/auth/webauthn/login/options'],
        ['GET', '/api/nowhere'], // 404
        ['GET', '/readyz'],
        ['GET', '/healthz'],
      ] as const) {
        const res = await app.inject({ method, url, ...(method === 'POST' ? { payload: {} } : {}) });
        assert.equal(res.headers['cache-control'], 'no-store', `${method} ${url} (${res.statusCode})`);
      }
    } finally {
      await close();
    }
  });
});
