// Every feature's messages have the same keys in French and English, and no two features
// declare the same section (the type checks the first; this checks both at run time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { missingKeys } from '../lib/messages.ts';
import { featureMessages, messages } from './messages.ts';

describe('interface messages', () => {
  it('has every French key in English and every English key in French', () => {
    const all = { fr: messages.fr, en: messages.en };
    assert.deepEqual(missingKeys(all.fr, all.en), [], 'missing in English');
    assert.deepEqual(missingKeys(all.en, all.fr), [], 'missing in French');
  });

  it('gives each section to one feature only', () => {
    const seen = new Map<string, number>();
    for (const m of featureMessages) for (const section of Object.keys(m.fr)) seen.set(section, (seen.get(section) ?? 0) + 1);
    assert.deepEqual([...seen].filter(([, n]) => n > 1), []);
  });

  it('finds a key missing in one language', () => {
    assert.deepEqual(missingKeys({ a: { b: 'x', c: 'y' } }, { a: { b: 'x' } }), ['a.c']);
  });
});
