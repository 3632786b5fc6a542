import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { z } from 'zod';
import * as contracts from './index.ts';
import { safeTextPatternSources, text, unsafeTextMessage } from './text.ts';

const forbiddenSingle = [...Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(i)), '\u007f'];
const forbiddenMulti = forbiddenSingle.filter((c) => !'\t\n\r'.includes(c));
const loneSurrogate = fc.oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff })).map((c) => String.fromCharCode(c));
/** Printable text in any script, emoji included (surrogate pairs). */
// eslint-disable-next-line no-control-regex -- the controls text() refuses, kept out of good input
const printable = fc.string({ unit: 'grapheme', maxLength: 40 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));

describe('text()', () => {
  it('takes printable text in any script, emoji included', () => {
    fc.assert(fc.property(printable, (s) => text().safeParse(s).success && text({ multiline: true }).safeParse(s).success), { seed: 15, numRuns: 300 });
    assert.equal(text().parse('Rozenn Le Hénaff — 🧭 Ŀ ß 漢字'), 'Rozenn Le Hénaff — 🧭 Ŀ ß 漢字');
  });

  it('refuses a NUL, a C0 control, DEL or a lone surrogate anywhere, with a French message', () => {
    const bad = fc.tuple(printable, fc.oneof(fc.constantFrom(...forbiddenMulti), loneSurrogate), printable).map(([a, c, b]) => a + c + b);
    // A lone surrogate is "lone" only if its neighbours do not pair with it: the printable
    // parts hold whole code points, so a high surrogate followed by one's low half would
    // need the generated part to start with a low surrogate, which a grapheme never does.
    fc.assert(
      fc.property(bad, (s) => {
        for (const schema of [text(), text({ multiline: true })]) {
          const r = schema.safeParse(s);
          if (r.success || r.error.issues[0]?.message !== unsafeTextMessage) return false;
        }
        return true;
      }),
      { seed: 15, numRuns: 500 },
    );
    for (const c of ['\t', '\n', '\r']) {
      assert.equal(text().safeParse(`a${c}b`).success, false, JSON.stringify(c));
      assert.equal(text({ multiline: true }).safeParse(`a${c}b`).success, true, JSON.stringify(c));
    }
    assert.equal(text().safeParse('\ud83e\udded').success, true); // 🧭 as its pair
    assert.equal(text().safeParse('\udded\ud83e').success, false); // the pair reversed
  });

  it('runs before the checks chained after it, and keeps them', () => {
    const name = text().trim().min(1).max(5);
    assert.equal(name.parse('  abc '), 'abc');
    assert.equal(name.safeParse('abcdef').success, false);
    assert.equal(name.safeParse(' \u0000 ').success, false);
  });
});

/** A JSON Schema's string schemas that lack the rule, with where they are (a raw binary body — `format: binary`, a file checked by its content — is bytes, not text). */
function unsafeStrings(schema: Record<string, unknown>, where: string, out: string[] = []): string[] {
  const s = schema as { type?: unknown; enum?: unknown; const?: unknown; format?: string; pattern?: string; allOf?: { pattern?: string }[] };
  if ([s.type].flat().includes('string') && s.enum === undefined && s.const === undefined && !['uuid', 'email', 'date-time', 'binary'].includes(s.format ?? '')) {
    const patterns = [s.pattern, ...(s.allOf ?? []).map((a) => a.pattern)];
    if (!patterns.some((p) => p !== undefined && safeTextPatternSources.includes(p))) out.push(where);
  }
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'allOf') continue;
    if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v && typeof v === 'object') unsafeStrings(v as Record<string, unknown>, `${where}.${key === 'properties' ? k : `${key}.${k}`}`, out);
      }
      if (key === 'items' || key === 'propertyNames' || key === 'additionalProperties') unsafeStrings(value as Record<string, unknown>, `${where}.${key}`, out);
    }
  }
  return out;
}

describe('the contracts’ input schemas', () => {
  // Inputs are named for what they are (…Body, …Query) or listed here; the server's
  // string-inputs test checks every route of the OpenAPI document besides.
  const inputs = Object.entries(contracts).filter(
    ([name, value]) =>
      value instanceof z.ZodType &&
      (/(Body|Query)$/.test(name) ||
        ['guidePath', 'guideSlug', 'guideManifest', 'registrationResponseJSON', 'authenticationResponseJSON', 'tenantSecuritySettings'].includes(name)),
  ) as [string, z.ZodType][];

  it('a string without the rule is found, however deep', () => {
    const bad = z.object({ a: z.string(), b: z.array(z.object({ c: text(), d: z.string().max(3).optional() })), e: z.record(z.string(), z.number()) });
    assert.deepEqual(unsafeStrings(z.toJSONSchema(bad, { io: 'input' }) as Record<string, unknown>, 'bad'), ['bad.a', 'bad.b.items.d', 'bad.e.propertyNames']);
  });

  it('are found', () => {
    assert.ok(inputs.length >= 12, inputs.map(([n]) => n).join(', '));
  });

  for (const [name, schema] of inputs) {
    it(`${name}: every string refuses NULs and lone surrogates`, () => {
      const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      assert.deepEqual(unsafeStrings(json, name), []);
    });
  }
});
