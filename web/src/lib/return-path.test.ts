import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath } from './return-path.ts';
import { idleBounds } from './idle-bounds.ts';

const origin = 'https://estran.cd22.fr';

describe('safeReturnPath', () => {
  it('keeps a path of this site, with its query and fragment', () => {
    assert.equal(safeReturnPath('/guide/articles/code-civil/article-371-1.md?at=2014-03-01', origin), '/guide/articles/code-civil/article-371-1.md?at=2014-03-01');
    assert.equal(safeReturnPath('/mon-compte/cles#ajout', origin), '/mon-compte/cles#ajout');
  });
  it('refuses whatever could leave the site, and the login page itself', () => {
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', '\\\\evil.example', '/\t/evil.example', '/\n/evil.example', 'javascript:alert(1)', 'guide', '', null, undefined, '/connexion', '/connexion?retour=/x']) {
      assert.equal(safeReturnPath(bad, origin), null, String(bad));
    }
  });
});

describe('idleBounds', () => {
  const limit = 30 * 60_000;
  it('warns from the earliest deadline a slide written once a minute allows, checks after the latest', () => {
    // The server said 29 min left at t=0; a request at t=10 min slid it, maybe not written.
    const b = idleBounds({ idleTimeoutMs: limit, idleRemainingMs: 29 * 60_000 }, 0, 10 * 60_000);
    assert.equal(b.earliest, 10 * 60_000 + limit - 60_000);
    assert.equal(b.latest, 10 * 60_000 + limit);
  });
  it('never earlier than what the server said', () => {
    const b = idleBounds({ idleTimeoutMs: limit, idleRemainingMs: limit }, 1_000, 1_000);
    assert.equal(b.earliest, 1_000 + limit);
    assert.equal(b.latest, 1_000 + limit);
  });
});
