// Claire at home on a Tuesday: she finds the rule on domiciliation in the guide, reads
// the article, keeps it with a private note, then sees what a bulletin changed, word by
// word. The corpus is imported with the `estran` command, as an operator would.
import { expect, test } from '../fixtures/estran.ts';
import { importGuide } from '../fixtures/guide.ts';
import { adminWithKey } from '../fixtures/people.ts';


test('search, read, bookmark with a note, and see what a bulletin changed', async ({ browser, estran, a11y }) => {
  importGuide(estran, 'edition-2014-01-01', 'updates/2014-03-01');
  const page = await adminWithKey(browser, estran);

  await page.getByRole('link', { name: /Guide documentaire/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Guide documentaire' })).toBeVisible();
  await expect(page.getByText('Textes : Légifrance')).toBeVisible();
  await a11y(page);

  await page.getByRole('searchbox', { name: 'Rechercher dans le guide' }).fill('domiciliation des personnes sans domicile stable');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: /résultats?.* pour « domiciliation/ })).toBeVisible();
  const first = page.getByRole('link', { name: /Article L264-/ }).first(); // the domiciliation chapter
  await expect(first).toBeVisible();
  await expect(page.locator('mark').first()).toBeVisible();
  await a11y(page);

  await first.click();
  await expect(page.getByRole('heading', { level: 1, name: /Article L264-/ })).toBeVisible();
  await expect(page.getByText(/domicil/).first()).toBeVisible();
  await a11y(page);
  await page.getByRole('button', { name: 'Ajouter aux favoris' }).click();
  await page.getByLabel('Ma note sur cet article').fill('Famille M. : élire domicile au CCAS de Plestin');
  await page.getByRole('button', { name: 'Enregistrer la note' }).click();
  await expect(page.getByText('Note enregistrée.')).toBeVisible();
  await page.getByRole('link', { name: 'Mes favoris' }).first().click();
  await expect(page.getByText('Famille M. : élire domicile au CCAS de Plestin')).toBeVisible();
  await a11y(page);

  // What the March 2014 bulletin changed, word by word.
  await page.goto(`${estran.origin}/guide/bulletins/2014-03-01`);
  await expect(page.getByRole('heading', { level: 2, name: 'Articles modifiés (12)' })).toBeVisible();
  await a11y(page);
  await page.getByRole('link', { name: /Voir les modifications/ }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: /Modifications de l’article/ })).toBeVisible();
  await expect(page.locator('ins, del').first()).toBeVisible();
  await a11y(page);
});
