import { expect, test } from '../fixtures/estran.ts';

test('the shell loads in French, switches to English, and answers unknown pages', async ({ page, estran, a11y }) => {
  await page.goto(`${estran.origin}/`);
  // Not logged in: the login page, no password-only form.
  await expect(page).toHaveURL(/\/connexion$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Se connecter avec ma clé' })).toBeVisible();
  await a11y(page);

  await page.getByRole('button', { name: 'Switch to English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Log in' })).toBeVisible();
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible();

  // Keyboard: on a fresh load the first Tab reaches the skip link, which leads to the content.
  await page.reload();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();

  await page.goto(`${estran.origin}/nulle-part`);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await a11y(page);

  const api404 = await page.request.get(`${estran.origin}/api/nulle-part`);
  expect(api404.status()).toBe(404);
  expect((await api404.json()).error).toBe('not_found');
});
