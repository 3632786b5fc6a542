import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatSynonymLines, parseSynonymLines } from './synonym-lines.ts';
import { defaultSynonyms } from './synonyms.ts';

describe('synonym lines', () => {
  it('reads one group per line, phrases separated by commas, blank lines skipped', () => {
    assert.deepEqual(parseSynonymLines('RSA, revenu de solidarité active\n\n  CMU ,couverture   maladie universelle, \r\n'), {
      groups: [
        ['RSA', 'revenu de solidarité active'],
        ['CMU', 'couverture maladie universelle'],
      ],
      problems: [],
    });
  });

  it('names the lines that hold fewer than two different phrases', () => {
    const { groups, problems } = parseSynonymLines('PACS\nRSA, revenu de solidarité active\nAPA, apa\n , ,');
    assert.deepEqual(groups, [['RSA', 'revenu de solidarité active']]);
    assert.deepEqual(problems.map((p) => p.line), [1, 3, 4]);
  });

  it('gives back the default list from its text', () => {
    assert.deepEqual(parseSynonymLines(formatSynonymLines(defaultSynonyms)).groups, defaultSynonyms);
  });

  it('round-trips any list of comma-free, trimmed phrases', () => {
    const phrase = fc.stringMatching(/^[a-zà-ü0-9]+( [a-zà-ü0-9]+)*$/).filter((p) => p.length <= 40);
    const group = fc.uniqueArray(phrase, { minLength: 2, maxLength: 6, selector: (p) => p.toLocaleLowerCase('fr') });
    fc.assert(fc.property(fc.array(group, { maxLength: 20 }), (groups) => {
      assert.deepEqual(parseSynonymLines(formatSynonymLines(groups)), { groups, problems: [] });
    }));
  });
});
