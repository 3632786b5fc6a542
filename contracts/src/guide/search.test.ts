import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalNumber, extractArticleNumbers } from './article-numbers.ts';
import { foldAccents, terms } from './french.ts';
import { GuideSearch, snippet, type GuideSearchDoc } from './search.ts';

const doc = (path: string, number: string, title: string, body: string, validFrom = '2014-01-01', validTo: string | null = null): GuideSearchDoc => ({
  id: `${path}@${validFrom}`,
  path,
  number,
  title,
  body,
  validFrom,
  validTo,
});

const docs = [
  doc('cc/titre-v/article-144.md', '144', 'Article 144 — Titre V : Du mariage › Chapitre Ier', 'Le mariage ne peut être contracté avant dix-huit ans révolus.'),
  doc('cc/titre-vi/article-229.md', '229', 'Article 229 — Titre VI : Du divorce', 'Les époux peuvent consentir mutuellement à leur divorce.'),
  doc('casf/l262-2.md', 'L262-2', 'Article L262-2 — Titre VI : Lutte contre la pauvreté › Chapitre II', 'Toute personne résidant en France dont le foyer dispose de ressources inférieures à un revenu garanti a droit au revenu de solidarité active.'),
  doc('casf/l232-1.md', 'L232-1', 'Article L232-1 — Titre III : Personnes âgées', 'Toute personne âgée résidant en France qui se trouve dans l’incapacité d’assumer les conséquences du manque d’autonomie a droit à une allocation personnalisée d’autonomie.'),
  doc('casf/l264-1.md', 'L264-1', 'Article L264-1 — Domiciliation', 'Pour prétendre au service des prestations sociales, les personnes sans domicile stable doivent élire domicile auprès d’un centre communal d’action sociale.', '2014-01-01', '2015-01-01'),
  doc('casf/l264-1.md', 'L264-1', 'Article L264-1 — Domiciliation', 'Les personnes sans domicile stable élisent domicile auprès d’un organisme agréé.', '2015-01-01'),
];

describe('guide search', () => {
  const engine = new GuideSearch(docs);
  const top = (q: string, at = '2015-06-01') => engine.search(q, { at, limit: 5 }).map((h) => h.path);

  it('ignores accents and case, and joins French inflections', () => {
    assert.equal(top('MARIAGE')[0], 'cc/titre-v/article-144.md');
    assert.equal(top('divorcer')[0], 'cc/titre-vi/article-229.md');
    assert.equal(top('allocations autonomie')[0], 'casf/l232-1.md');
    assert.equal(top('consentement mutuel epoux')[0], 'cc/titre-vi/article-229.md', 'époux without its accent');
    assert.equal(top('SOLIDARITE')[0], 'casf/l262-2.md');
  });

  it('expands the field’s abbreviations and synonyms', () => {
    assert.equal(top('RSA')[0], 'casf/l262-2.md');
    assert.equal(top('APA')[0], 'casf/l232-1.md');
    assert.ok(top('âge pour être marié').includes('cc/titre-v/article-144.md'), '"marié" finds "mariage" through the list');
  });

  it('reads numbers written in words as digits ("dix-huit ans" is "18 ans")', () => {
    assert.equal(top('mariage 18 ans')[0], 'cc/titre-v/article-144.md');
    assert.deepEqual(terms('vingt et un ans, quatre-vingt-dix-sept, un enfant'), ['21', 'an', '97', 'enfant']);
  });

  it('finds the same articles when the question is typed without accents', () => {
    for (const q of ['revenu de solidarité active', 'personnalisée d’autonomie', 'âge pour être marié', 'époux consentement', 'domiciliation sécurité']) {
      assert.deepEqual(top(foldAccents(q)), top(q), q);
    }
  });

  it('counts a synonym as the concept it names, once', () => {
    assert.deepEqual(top('RSA'), top('revenu de solidarité active'));
    assert.deepEqual(engine.analyse('qui a droit au RSA').words, ['droit'], 'the abbreviation is searched as its concept');
  });

  it('weighs the law above the decrees that apply it', () => {
    const same = 'Les personnes âgées dépendantes ont droit à une allocation.';
    const e = new GuideSearch([doc('r.md', 'R232-1', 'Article R232-1', same), doc('l.md', 'L232-1', 'Article L232-1', same), doc('d.md', 'D232-1', 'Article D232-1', same)]);
    assert.deepEqual(e.search('allocation personne âgée', { at: '2015-01-01', limit: 5 }).map((h) => h.number), ['L232-1', 'R232-1', 'D232-1']);
  });

  it('finds article numbers typed loosely', () => {
    for (const q of ['L262-2', 'l 262 2', 'L. 262-2', 'article L262-2', 'l262-2']) assert.equal(top(q)[0], 'casf/l262-2.md', q);
    assert.equal(top('article 229')[0], 'cc/titre-vi/article-229.md');
  });

  it('returns the version in force at the date asked', () => {
    const before = engine.search('domiciliation CCAS', { at: '2014-06-01', limit: 5 });
    assert.equal(before[0]?.path, 'casf/l264-1.md');
    assert.match(before[0]!.snippet, /centre<\/mark> <mark>communal/);
    const after = engine.search('domiciliation', { at: '2015-06-01', limit: 5 });
    assert.match(after[0]!.snippet, /organisme agréé/);
    assert.deepEqual(engine.search('mariage', { at: '2013-01-01', limit: 5 }), [], 'nothing was in force before the edition');
  });

  it('ranks best first, marks matched words and escapes the rest', () => {
    const hits = engine.search('revenu de solidarité active', { at: '2015-06-01', limit: 5 });
    for (let i = 1; i < hits.length; i++) assert.ok(hits[i - 1]!.score >= hits[i]!.score);
    assert.match(hits[0]!.snippet, /<mark>revenu<\/mark> de <mark>solidarité<\/mark> <mark>active<\/mark>/);
    const s = snippet('Les <b>époux</b> & leurs enfants', new Set(terms('époux')));
    assert.equal(s, 'Les &#60;b&#62;<mark>époux</mark>&#60;/b&#62; &#38; leurs enfants');
  });

  it('answers nothing to nothing', () => {
    assert.deepEqual(engine.search('   ', { at: '2015-06-01', limit: 5 }), []);
    assert.deepEqual(engine.search('de la et', { at: '2015-06-01', limit: 5 }), []);
  });
});

describe('article numbers', () => {
  it('canonicalise headings', () => {
    assert.equal(canonicalNumber('L262-2'), 'l262-2');
    assert.equal(canonicalNumber('R. 521-1'), 'r521-1');
    assert.equal(canonicalNumber('371-1'), '371-1');
  });

  it('read any spacing of a prefixed number the same way', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('L', 'l', 'R', 'D'),
        fc.integer({ min: 1, max: 9999 }),
        fc.integer({ min: 1, max: 99 }),
        fc.constantFrom('', ' ', '. '),
        fc.constantFrom('-', ' ', '.'),
        (letter, a, b, sep1, sep2) => {
          const { numbers } = extractArticleNumbers(`conditions ${letter}${sep1}${a}${sep2}${b} du code`);
          return numbers.length === 1 && numbers[0] === `${letter.toLowerCase()}${a}-${b}`;
        },
      ),
    );
  });

  it('do not take ages or amounts for articles', () => {
    assert.deepEqual(extractArticleNumbers('mariage avant 18 ans').numbers, []);
    assert.deepEqual(extractArticleNumbers('article 371-1 autorité parentale').numbers, ['371-1']);
  });
});
