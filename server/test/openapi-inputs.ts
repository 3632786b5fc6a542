// Inputs for the OpenAPI-driven fuzzer (src/openapi-fuzz.test.ts): requests generated from
// an operation's JSON Schemas with fast-check, and a fixed set broken on purpose (wrong
// types, NULs, lone surrogates, huge strings, deep nesting, path traversal, bad UUIDs, bad
// content types). Generation uses values the test database holds (`hints`: an agent's id,
// an article's path) often enough to get past "not found" and into the handlers.
import fc from 'fast-check';
import { safeTextPatternSources } from '@estran/contracts';

export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  items?: JsonSchema;
};

export type Parameter = { in: 'path' | 'query' | 'header' | 'cookie'; name: string; required?: boolean; schema: JsonSchema };
export type Operation = {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: JsonSchema }> };
};

/** One request, before the caller's credentials: the path's raw segments, the raw query string, the body. */
export type FuzzInput = {
  label: string;
  path: Record<string, string>;
  query: string;
  body?: { contentType: string; payload: string | Buffer } | undefined;
};

/** Known-good values by parameter or property name: what reaches past "not found". */
export type Hints = Record<string, readonly unknown[]>;

const MAX_GENERATED_STRING = 60;

function patternsOf(schema: JsonSchema): string[] {
  return [schema.pattern, ...(schema.allOf ?? []).map((s) => s.pattern)].filter((p): p is string => typeof p === 'string' && !safeTextPatternSources.includes(p));
}

const oddStrings = ['', ' ', 'é', 'Œuvre', "l'article", '%', '_', '\\', '*', "'; DROP TABLE agents; --", '" OR 1=1 --', 'RSA', '${7*7}', '<script>', '🧭'];

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? MAX_GENERATED_STRING, MAX_GENERATED_STRING));
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'email':
      return fc.emailAddress();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    default:
  }
  const [pattern] = patternsOf(schema);
  if (pattern === '^\\d{4}-\\d{2}-\\d{2}$') {
    return fc.oneof(fc.date({ min: new Date('2013-06-01'), max: new Date('2016-06-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.stringMatching(/^\d{4}-\d{2}-\d{2}$/));
  }
  const free = fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength, maxLength }) },
    { weight: 2, arbitrary: fc.string({ minLength, maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...oddStrings) },
  );
  if (pattern === undefined) return free;
  let matching: fc.Arbitrary<string>;
  try {
    const re = new RegExp(pattern, 'u');
    matching = fc.stringMatching(re).filter((s) => s.length >= minLength && s.length <= (schema.maxLength ?? Infinity));
    fc.sample(matching, { numRuns: 1, seed: 1 }); // patterns fast-check cannot read (look-aheads) throw here
  } catch {
    return free;
  }
  return fc.oneof({ weight: 3, arbitrary: matching }, { weight: 1, arbitrary: free });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : -1_000_000);
  const max = schema.maximum ?? (schema.exclusiveMaximum !== undefined ? schema.exclusiveMaximum - 1 : 1_000_000);
  const inRange = integer ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: fc.constantFrom(0, -1, min - 1, max + 1, 2 ** 31, Number.MAX_SAFE_INTEGER + 2) });
}

/** An arbitrary of values for a JSON Schema (zod's output for OpenAPI 3.1), hinted by the property's name. */
export function arbitraryFor(schema: JsonSchema, hints: Hints, name?: string): fc.Arbitrary<unknown> {
  const plain = plainArbitrary(schema, hints);
  const known = name !== undefined ? hints[name] : undefined;
  return known?.length ? fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: plain }) : plain;
}

function plainArbitrary(schema: JsonSchema, hints: Hints): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((s) => arbitraryFor(s, hints)));
  const types = [schema.type ?? []].flat();
  if (types.length > 1) return fc.oneof(...types.map((type) => plainArbitrary({ ...schema, type }, hints)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'string':
      return stringArbitrary(schema);
    case 'array': {
      const item = schema.items ? arbitraryFor(schema.items, hints) : fc.anything();
      const minLength = schema.minItems ?? 0;
      return fc.array(item, { minLength, maxLength: Math.max(minLength, Math.min(schema.maxItems ?? 4, 4)) });
    }
    case 'object': {
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) shape[key] = arbitraryFor(sub, hints, key);
      return fc.record(shape, { requiredKeys: (schema.required ?? []).filter((k) => k in shape) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** The schema of an operation's JSON body, and its content type; or the first other type. */
export function bodyOf(op: Operation): { contentType: string; schema: JsonSchema } | null {
  const content = op.requestBody?.content;
  if (!content) return null;
  const [contentType, media] = Object.entries(content).find(([t]) => t === 'application/json') ?? Object.entries(content)[0] ?? [];
  return contentType && media ? { contentType, schema: media.schema } : null;
}

const encodePath = (name: string, value: unknown) =>
  // A wildcard holds slashes: each segment is encoded, as a browser would.
  name === '*' ? String(value).split('/').map(encodeURIComponent).join('/') : encodeURIComponent(String(value));

function encodeQuery(values: Record<string, unknown>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' ? JSON.stringify(v) : String(v))}`)
    .join('&');
}

function encodeBody(contentType: string, value: unknown): FuzzInput['body'] {
  if (contentType === 'application/json') return { contentType, payload: JSON.stringify(value) ?? '' };
  return { contentType, payload: Buffer.isBuffer(value) ? value : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value) ?? '') };
}

/** `runs` requests generated from the operation's schemas, the same ones for a seed. */
export function generatedInputs(op: Operation, hints: Hints, runs: number, seed: number): FuzzInput[] {
  const params = op.parameters ?? [];
  const pathShape: Record<string, fc.Arbitrary<unknown>> = {};
  const queryShape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of params) (p.in === 'path' ? pathShape : queryShape)[p.name] = arbitraryFor(p.schema, hints, p.name);
  const requiredQuery = params.filter((p) => p.in === 'query' && p.required).map((p) => p.name);
  const body = bodyOf(op);
  const bodyArbitrary = body ? (hints[`body:${body.contentType}`]?.length ? fc.oneof(fc.constantFrom(...hints[`body:${body.contentType}`]!), arbitraryFor(body.schema, hints)) : arbitraryFor(body.schema, hints)) : fc.constant(undefined);
  const request = fc.record({
    path: fc.record(pathShape),
    query: fc.record(queryShape, { requiredKeys: requiredQuery }),
    body: bodyArbitrary,
  });
  return fc.sample(request, { numRuns: runs, seed }).map((r, i) => ({
    label: `generated #${i}`,
    path: Object.fromEntries(Object.entries(r.path).map(([k, v]) => [k, encodePath(k, v)])),
    query: encodeQuery(r.query),
    body: body ? encodeBody(body.contentType, r.body) : undefined,
  }));
}

const NUL = '\u0000';
const HIGH = '\ud800';
const LOW = '\udc00';
const HUGE = 'A'.repeat(100_000);
const traversals = ['../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%2e%2e%2f%2e%2e%2fetc%2fpasswd', '%2e%2e/%2e%2e/etc/passwd', '....//....//etc/passwd', '..\\..\\windows\\win.ini', '%252e%252e%252f'];
const badUuids = ['not-a-uuid', '00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '123e4567-e89b-12d3-a456-42661417400', '123e4567-e89b-12d3-a456-4266141740000', "1' OR '1'='1", '%00', '%0a'];
const badQueryValues = ['%00', 'a%00b', '%01', '%ED%A0%80', '%C0%AE%C0%AE', '%zz', encodeURIComponent(HUGE), '../../etc/passwd', '%2e%2e%2f', '-1', '1e309', '2014-02-30'];
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
const deepObject = (n: number) => `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`;

/** The fixed set of inputs broken on purpose, built from a valid-looking base request. */
export function brokenInputs(op: Operation, base: FuzzInput, baseBody: unknown): FuzzInput[] {
  const out: FuzzInput[] = [];
  const params = op.parameters ?? [];
  const body = bodyOf(op);
  const add = (label: string, change: Partial<FuzzInput>) => out.push({ ...base, ...change, label });

  for (const p of params.filter((x) => x.in === 'path')) {
    // %ED%A0%80 is U+D800 in UTF-8 form (CESU), what a client that encodes a lone surrogate sends.
    for (const v of [...traversals, ...badUuids, encodeURIComponent(NUL), 'a%ED%A0%80', 'A'.repeat(2000)]) {
      add(`path ${p.name}=${v.slice(0, 40)}`, { path: { ...base.path, [p.name]: v } });
    }
  }
  for (const p of params.filter((x) => x.in === 'query')) {
    for (const v of badQueryValues) {
      const others = base.query.split('&').filter((kv) => kv && !kv.startsWith(`${encodeURIComponent(p.name)}=`));
      add(`query ${p.name}=${v.slice(0, 40)}`, { query: [...others, `${encodeURIComponent(p.name)}=${v}`].join('&') });
    }
    add(`query ${p.name} twice`, { query: `${base.query}&${encodeURIComponent(p.name)}=a&${encodeURIComponent(p.name)}=b` });
  }
  add('query with a stray parameter and a %00 name', { query: `${base.query}&%00=1&__proto__=x&constructor[prototype][x]=1` });

  const json = body?.contentType === 'application/json' ? body : null;
  if (json) {
    const withProperty = (key: string, value: unknown) => JSON.stringify({ ...(typeof baseBody === 'object' && baseBody !== null ? baseBody : {}), [key]: value });
    for (const key of Object.keys(json.schema.properties ?? {})) {
      for (const [label, value] of [
        ['a NUL', `x${NUL}y`],
        ['a lone high surrogate', `x${HIGH}`],
        ['a lone low surrogate', `${LOW}x`],
        ['a huge string', HUGE],
        ['an object', { $gt: '' }],
        ['a number', 1e308],
        ['null', null],
        ['a deep array', JSON.parse(deep(200)) as unknown],
      ] as [string, unknown][]) {
        add(`body.${key} = ${label}`, { body: { contentType: 'application/json', payload: withProperty(key, value) } });
      }
    }
    for (const [label, payload] of [
      ['an array', '[]'],
      ['a string', '"texte"'],
      ['a number', '42'],
      ['null', 'null'],
      ['malformed JSON', '{"a":'],
      ['a NUL outside strings', `{${NUL}}`],
      ['an escaped NUL key', '{"\\u0000":1}'],
      ['__proto__', '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}}}'],
      ['a deep array (10,000 levels)', deep(10_000)],
      ['a deep object (10,000 levels)', deepObject(10_000)],
      ['2 MiB of spaces', `{${' '.repeat(2 * 1024 * 1024)}}`],
    ] as [string, string][]) {
      add(`body is ${label}`, { body: { contentType: 'application/json', payload } });
    }
  }
  const payload = base.body?.payload ?? '{}';
  for (const contentType of ['text/plain', 'application/xml', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'application/zip', '']) {
    add(`content type ${contentType || '(none)'}`, { body: { contentType, payload } });
  }
  if (body && body.contentType !== 'application/json') {
    add('body is a JSON object instead', { body: { contentType: 'application/json', payload: '{"a":1}' } });
    add('body is empty', { body: { contentType: body.contentType, payload: Buffer.alloc(0) } });
  }
  return out;
}
