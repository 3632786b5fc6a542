import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBlocks } from './article-blocks.ts';

describe('article blocks', () => {
  it('splits paragraphs on blank lines and joins the lines of one paragraph', () => {
    assert.deepEqual(parseBlocks('Premier alinéa\nsuite.\n\nSecond alinéa.'), [
      { kind: 'paragraph', text: 'Premier alinéa suite.' },
      { kind: 'paragraph', text: 'Second alinéa.' },
    ]);
  });

  it('makes one list of consecutive items, even with blank lines between them', () => {
    assert.deepEqual(parseBlocks('Sont admis :\n\n- les enfants ;\n\n- les mineurs.\n\nFin.'), [
      { kind: 'paragraph', text: 'Sont admis :' },
      { kind: 'list', items: ['les enfants ;', 'les mineurs.'] },
      { kind: 'paragraph', text: 'Fin.' },
    ]);
  });

  it('reads heading lines of the annexes and Windows line ends', () => {
    assert.deepEqual(parseBlocks('## Tableau 1\r\n\r\nTexte.'), [
      { kind: 'heading', text: 'Tableau 1' },
      { kind: 'paragraph', text: 'Texte.' },
    ]);
    assert.deepEqual(parseBlocks(' \n\n \n'), []);
  });
});
