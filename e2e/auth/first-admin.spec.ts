// Nadia installs Estran: the link printed at first start enrols her security key; she
// logs in with key + PIN and reaches the admin area. The link works once.
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';

test.describe.configure({ mode: 'serial' });

test('the first administrator enrols a key from the printed link and opens the admin area', async ({ browser, estran, a11y }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const key = await addSecurityKey(page);

  await page.goto(estran.firstAdminLink);
  await expect(page.getByText('Lien d’activation du premier administrateur')).toBeVisible();
  await a11y(page);
  await page.getByLabel('Nom de la clé').fill('Clé de Nadia');
  await page.getByRole('button', { name: 'Enregistrer ma clé' }).click();
  await expect(page.getByText('Votre clé « Clé de Nadia » est enregistrée')).toBeVisible();
  expect(await key.credentials()).toHaveLength(1);
  expect(page.url()).not.toContain('#'); // the token is gone from the address bar

  await page.getByRole('link', { name: 'Aller à la connexion' }).click();
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Premier Administrateur' })).toBeVisible();
  await expect(page.getByText('Guide documentaire')).toBeVisible();
  await a11y(page);

  await page.getByRole('link', { name: 'Administration' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Agents' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'admin@estran.localhost' })).toBeVisible();
  await a11y(page);
  for (const [tab, heading] of [
    ['Collectivités', 'Administration — Collectivités'],
    ['Unités', 'Administration — Unités'],
    ['Sites', 'Administration — Sites'],
  ] as const) {
    await page.getByRole('link', { name: tab, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /résultat/ })).toBeVisible();
    if (tab === 'Collectivités') await expect(page.getByRole('cell', { name: 'Estran', exact: true })).toBeVisible();
    await a11y(page);
  }

  // Her keys and her sessions.
  await page.getByRole('link', { name: 'Mes clés' }).click();
  await expect(page.getByRole('cell', { name: 'Clé de Nadia', exact: true })).toBeVisible();
  await a11y(page);
  await page.getByRole('link', { name: 'Mes sessions' }).click();
  await expect(page.getByText('Cette session')).toBeVisible();
  await a11y(page);

  // The link is single use.
  const other = await browser.newContext();
  const again = await other.newPage();
  await again.goto(estran.firstAdminLink);
  await expect(again.getByRole('alert')).toContainText('déjà été utilisé');
  await a11y(again);
  await other.close();
  await context.close();
});
