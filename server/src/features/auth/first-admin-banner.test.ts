import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstAdminBanner } from './first-admin-banner.ts';

describe('first administrator banner', () => {
  const url = 'http://localhost:3000/enrol#t.secret';
  it('frames the link on a line of its own, with the expiry in French, Paris time', () => {
    const text = firstAdminBanner({ created: true, url, expiresAt: new Date('2026-12-03T17:05:00Z') });
    assert.match(text, /^║\s+http:\/\/localhost:3000\/enrol#t\.secret\s*║$/m);
    assert.match(text, /jeudi 3 décembre 2026 à 18:05/);
    assert.doesNotMatch(text, /2026-12-03T|Z\b|UTC/);
    const framed = text.trim().split('\n');
    assert.ok(framed[0]!.startsWith('╔') && framed.at(-1)!.startsWith('╚'));
    // Every line of the frame has the same width.
    assert.equal(new Set(framed.map((l) => [...l].length)).size, 1);
    assert.match(text, /Première installation/);
  });
  it('says the administrator has not activated their key yet on a later start', () => {
    assert.match(firstAdminBanner({ created: false, url, expiresAt: new Date() }), /pas encore activé sa clé/);
  });
});
