import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { guidePath } from './format.ts';

const segment = fc.oneof(fc.constantFrom('..', '.', '', 'code-civil', 'README.md', 'article-144.md', 'titre-v'), fc.string({ maxLength: 8 }));

describe('guide paths', () => {
  it('never accept a path that climbs out of texts/, is absolute, or is not Markdown', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.boolean(), (parts, absolute) => {
        const p = `${absolute ? '/' : ''}${parts.join('/')}`;
        const ok = guidePath.safeParse(p).success;
        const climbs = parts.some((x) => x === '..' || x === '.' || x === '');
        return !ok || (!climbs && !absolute && p.endsWith('.md') && !p.includes('\\'));
      }),
      { numRuns: 2000 },
    );
  });

  it('accept the corpus’s paths', () => {
    for (const p of ['code-civil/livre-ier/titre-v/chapitre-ier/article-144.md', 'code-civil/livre-ier/README.md']) {
      assert.equal(guidePath.safeParse(p).success, true, p);
    }
    for (const p of ['../../../etc/passwd', 'texts/../x.md', '/etc/x.md', 'a//b.md', 'a/./b.md']) assert.equal(guidePath.safeParse(p).success, false, p);
  });
});
