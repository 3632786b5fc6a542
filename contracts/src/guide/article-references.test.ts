import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { referencedNumbers, splitReferences } from './article-references.ts';

const refs = (text: string) => splitReferences(text).flatMap((p) => (p.kind === 'ref' ? [[p.text, p.number]] : []));

describe('references between articles', () => {
  it('finds the guide’s own articles, as written and canonical', () => {
    assert.deepEqual(refs('dans les conditions prévues à l’article L. 262-2 et à l’article 371-1 du code civil'), [
      ['L. 262-2', 'l262-2'],
      ['371-1', '371-1'],
    ]);
    assert.deepEqual(refs('mentionnés aux articles L. 262-34 à L. 262-36'), [
      ['L. 262-34', 'l262-34'],
      ['L. 262-36', 'l262-36'],
    ]);
    assert.deepEqual(refs('prévue à l’article R. 521-1 du présent code'), [['R. 521-1', 'r521-1']]);
  });

  it('leaves references to other texts as text', () => {
    assert.deepEqual(refs('l’article L. 5312-1 du code du travail'), []);
    assert.deepEqual(refs('l’article 2 de la loi n° 2008-1249'), []);
    assert.deepEqual(refs('l’article 21 bis'), []);
  });

  it('lists each referenced number once', () => {
    assert.deepEqual(referencedNumbers('article L. 262-2 ; voir encore l’article L262-2 et l’article L. 262-3'), ['l262-2', 'l262-3']);
  });

  it('never loses or reorders a character of the text', () => {
    const chunk = fc.constantFrom('article ', 'articles ', 'L. 262-2', ' et ', '371-1', ' du code civil', ' du code du travail', ', ', 'art. ', 'R.521-1', ' à ', 'x', '\n');
    fc.assert(
      fc.property(fc.array(fc.oneof(chunk, fc.string({ maxLength: 6 })), { maxLength: 12 }), (parts) => {
        const text = parts.join('');
        return splitReferences(text).map((p) => p.text).join('') === text;
      }),
      { numRuns: 2000 },
    );
  });
});
