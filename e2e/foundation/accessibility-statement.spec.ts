// A public body publishes an accessibility statement (loi 2005-102 art. 47), reachable
// without logging in, with the compliance status in a footer on every page.
import { expect, test } from '../fixtures/estran.ts';

test('the accessibility statement is linked from every page’s footer, without a session', async ({ page, estran, a11y }) => {
  await page.goto(`${estran.origin}/connexion`);
  const footer = page.getByRole('contentinfo');
  await expect(footer.getByRole('link', { name: 'Accessibilité : non conforme' })).toBeVisible();
  await footer.getByRole('link', { name: 'Accessibilité : non conforme' }).click();
  await expect(page).toHaveURL(/\/accessibilite$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Voies de recours' })).toBeVisible();
  await expect(page.getByText(/Défenseur des droits/).first()).toBeVisible();
  await a11y(page);

  await page.goto(`${estran.origin}/nulle-part`);
  await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Accessibilité : non conforme' })).toBeVisible();
});
