// Every string the API accepts refuses NULs, C0 controls and lone surrogates at the edge
// (issue 15, finding 7: 33 answers 500 from `?guide=%00`, `?q=%00`, "\ud800" in names).
// The rule is the shared `text()` schema of contracts/src/text.ts; it shows in the OpenAPI
// document as a pattern, so a string input added without it fails here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { safeTextPatternSources } from '@estran/contracts';
import { createTestApp, makeAgent, makeSession, makeTenant, TEST_ORIGIN } from '../test/index.ts';
import type { Database } from './db/client.ts';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
};
type Operation = {
  parameters?: { in: string; name: string; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
};

/** Formats whose own syntax already excludes control characters (zod's uuid, email, ISO date-time). */
const strictFormats = new Set(['uuid', 'email', 'date-time', 'date', 'binary']);

/** The string schemas inside a schema, each with where it is. */
function stringsIn(schema: JsonSchema, where: string, found: { where: string; schema: JsonSchema }[] = []) {
  const types = [schema.type ?? []].flat();
  if (types.includes('string')) found.push({ where, schema });
  for (const [k, sub] of Object.entries(schema.properties ?? {})) stringsIn(sub, `${where}.${k}`, found);
  if (typeof schema.additionalProperties === 'object') stringsIn(schema.additionalProperties, `${where}.*`, found);
  if (schema.propertyNames) stringsIn(schema.propertyNames, `${where}{key}`, found);
  for (const sub of [schema.items ?? []].flat()) stringsIn(sub, `${where}[]`, found);
  for (const sub of schema.prefixItems ?? []) stringsIn(sub, `${where}[]`, found);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) stringsIn(sub, where, found);
  return found;
}

function isSafe(schema: JsonSchema): boolean {
  if (schema.enum !== undefined || schema.const !== undefined) return true;
  if (schema.format !== undefined && strictFormats.has(schema.format)) return true;
  const patterns = [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)].filter((p): p is string => typeof p === 'string');
  return patterns.some((p) => safeTextPatternSources.includes(p));
}

describe('string inputs', () => {
  let app: FastifyInstance;
  let database: Database;
  let close: () => Promise<void>;
  let headers: Record<string, string>;
  let operatorHeaders: Record<string, string>;

  before(async () => {
    ({ app, database, close } = await createTestApp());
    const tenant = await makeTenant(database);
    const admin = await makeAgent(database, tenant.id, { roles: ['admin', 'helpdesk'] });
    const s = await makeSession(database, tenant.id, admin.id);
    headers = { cookie: s.cookie, 'x-csrf-token': s.csrfToken, origin: TEST_ORIGIN };
    const operator = await makeTenant(database, { operator: true });
    const opAdmin = await makeAgent(database, operator.id, { roles: ['admin'] });
    const o = await makeSession(database, operator.id, opAdmin.id);
    operatorHeaders = { cookie: o.cookie, 'x-csrf-token': o.csrfToken, origin: TEST_ORIGIN };
  });
  after(async () => close());

  it('every string of every route’s parameters and body carries the shared rule', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const strings: { where: string; schema: JsonSchema }[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) stringsIn(p.schema, `${route} ${p.in}:${p.name}`, strings);
        for (const [type, content] of Object.entries(op.requestBody?.content ?? {})) stringsIn(content.schema, `${route} body(${type})`, strings);
      }
    }
    // The walk sees what it must (a vacuous pass would prove nothing).
    for (const known of ['GET /api/admin/agents query:q', 'GET /api/guide/search query:guide', 'POST /api/admin/tenants body(application/json).name', 'GET /api/guide/articles/{*} path:*']) {
      assert.ok(strings.some((s) => s.where === known), `not found: ${known}`);
    }
    const unsafe = strings.filter((s) => !isSafe(s.schema)).map((s) => s.where);
    assert.deepEqual(unsafe, [], 'string inputs without text() from @estran/contracts');
  });

  const guideRoutes = ['/api/guide', '/api/guide/changes', '/api/guide/toc', '/api/guide/bookmarks', '/api/guide/synonyms', '/api/guide/search?q=rsa', '/api/guide/articles/code/article-1.md', '/api/guide/bulletins/2014-03-01', '/api/guide/diff?path=a.md&from=2014-01-01&to=2015-01-01'];
  for (const route of guideRoutes) {
    it(`GET ${route} with ?guide=%00 answers 400 invalid_request`, async () => {
      const url = `${route}${route.includes('?') ? '&' : '?'}guide=%00`;
      const res = await app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error, 'invalid_request');
      assert.ok(res.json().issues.some((i: { path: unknown[] }) => i.path.join('.') === 'querystring.guide'), res.body);
    });
  }

  for (const route of ['/api/admin/agents', '/api/admin/units', '/api/admin/sites', '/api/helpdesk/agents', '/api/helpdesk/devices']) {
    for (const q of ['%00', 'a%00b', '%01', '%7F']) {
      it(`GET ${route}?q=${q} answers 400 invalid_request`, async () => {
        const res = await app.inject({ method: 'GET', url: `${route}?q=${q}`, headers });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
      });
    }
  }

  it('GET /api/admin/tenants?q=%00 (operator) answers 400 invalid_request', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/admin/tenants?q=%00', headers: operatorHeaders });
    assert.equal(res.statusCode, 400, res.body);
  });

  const names: [string, string, (name: string) => Record<string, unknown>, () => Record<string, string>][] = [
    ['POST', '/api/admin/tenants', (name) => ({ name, slug: 'une-commune', kind: 'commune' }), () => operatorHeaders],
    ['POST', '/api/admin/devices', (name) => ({ name, kind: 'managed' }), () => headers],
    ['POST', '/api/admin/service-tokens', (name) => ({ name, scopes: ['guide:read'] }), () => headers],
  ];
  for (const [method, url, body, who] of names) {
    const bads: [string, string][] = [['a lone high surrogate', 'Portable \ud800'], ['a lone low surrogate', '\udc00 Portable'], ['a NUL', 'Portable\u0000'], ['a line feed', 'Portable\nbis']];
    for (const [label, bad] of bads) {
      it(`${method} ${url} with ${label} in the name answers 400 invalid_request`, async () => {
        // JSON.stringify escapes lone surrogates ("\ud800"): what a client sends on the wire.
        const res = await app.inject({ method: method as 'POST', url, headers: { ...who(), 'content-type': 'application/json' }, payload: JSON.stringify(body(bad)) });
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.json().error, 'invalid_request');
        assert.deepEqual(res.json().issues.map((i: { path: unknown[] }) => i.path.join('.')), ['body.name']);
      });
    }
    it(`${method} ${url} takes a name with accents and an emoji (a surrogate pair)`, async () => {
      const res = await app.inject({ method: method as 'POST', url, headers: who(), payload: body('Portable de Rozenn Le Hénaff 🧭') });
      assert.equal(res.statusCode, 201, res.body);
    });
  }

  for (const url of ['/api/guide/bulletins/2014-02-30', '/api/guide/bulletins/0000-01-01', '/api/guide/search?q=rsa&at=2014-02-30', '/api/guide/toc?at=2015-13-01', '/api/guide/diff?path=a.md&from=2014-01-01&to=2014-04-31']) {
    it(`GET ${url}: a date the calendar does not have answers 400, not 500 from the database`, async () => {
      const res = await app.inject({ method: 'GET', url, headers });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error, 'invalid_request');
    });
  }

  it('a bookmark note keeps its line breaks and tabs, and refuses a NUL', async () => {
    const bad = await app.inject({ method: 'PUT', url: '/api/guide/bookmarks', headers, payload: { path: 'code/article-1.md', note: 'à revoir\u0000' } });
    assert.equal(bad.statusCode, 400, bad.body);
    assert.deepEqual(bad.json().issues.map((i: { path: unknown[] }) => i.path.join('.')), ['body.note']);
    const ok = await app.inject({ method: 'PUT', url: '/api/guide/bookmarks', headers, payload: { path: 'code/article-1.md', note: 'à revoir\n\tavec la famille' } });
    assert.equal(ok.statusCode, 404, ok.body); // past validation: no guide is published here
  });
});
