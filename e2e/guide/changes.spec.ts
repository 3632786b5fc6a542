// Claire on Tuesday morning: the workspace tells her how many guide articles changed
// since her last visit; the guide's home lists them, each with what happened to it and
// a word-level diff; in an article, a reference to another article of the guide leads to it.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '../fixtures/estran.ts';
import { corpus as fixtures, importGuide } from '../fixtures/guide.ts';
import { adminWithKey } from '../fixtures/people.ts';

const rsa = 'code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ii/titre-vi/chapitre-ii/section-3';

test('changed since the last visit: the count, the list, the diff; references as links', async ({ browser, estran, a11y }) => {
  importGuide(estran, 'edition-2014-01-01', 'updates/2014-03-01');
  const page = await adminWithKey(browser, estran);

  // A visit of the guide, then back to the workspace: the visit is recorded on leaving.
  await page.getByRole('link', { name: /Guide documentaire/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Guide documentaire' })).toBeVisible();
  const recorded = page.waitForResponse((r) => r.url().endsWith('/api/guide/visit') && r.status() === 204);
  await page.getByRole('link', { name: 'Mon espace' }).click();
  await recorded;

  // The next bulletin arrives overnight (other journeys may have applied some already).
  const { current } = (await (await page.request.get(`${estran.origin}/api/guide`)).json()) as { current: string };
  const next = readdirSync(path.join(fixtures, 'guide/updates')).sort().find((d) => d > current);
  expect(next, `a bulletin after ${current}`).toBeTruthy();
  importGuide(estran, `updates/${next}`);
  const bulletin = (await (await page.request.get(`${estran.origin}/api/guide/bulletins/${next}`)).json()) as Record<'added' | 'changed' | 'removed', unknown[]>;
  const count = bulletin.added.length + bulletin.changed.length + bulletin.removed.length;
  expect(count).toBeGreaterThan(1);

  await page.reload();
  await expect(page.getByText(`${count} articles modifiés depuis votre dernière visite`)).toBeVisible();
  await a11y(page);
  await page.getByRole('link', { name: /Guide documentaire/ }).first().click();
  const since = page.getByRole('region', { name: 'Depuis votre dernière visite' });
  await expect(since).toBeVisible();
  await expect(since.getByRole('listitem')).toHaveCount(Math.min(count, 10));
  await a11y(page);

  if (bulletin.changed.length > 0) {
    await expect(since.getByText('modifié', { exact: true }).first()).toBeVisible();
    await since.getByRole('link', { name: 'voir les changements' }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: /Modifications de l’article/ })).toBeVisible();
    await expect(page.locator('ins, del').first()).toBeVisible();
    await a11y(page);
  }

  // "…mentionnée au 2° de l'article L. 262-29": a link to that article.
  await page.goto(`${estran.origin}/guide/articles/${rsa}/article-l262-36.md`);
  await expect(page.getByRole('heading', { level: 1, name: /Article L262-36/ })).toBeVisible();
  await page.getByRole('link', { name: 'L. 262-29', exact: true }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Article L262-29/ })).toBeVisible();
  await a11y(page);
});
