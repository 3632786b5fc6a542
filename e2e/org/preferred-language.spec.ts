// Yannick, administrator, prefers English: he chooses it in « Mes préférences », and
// Estran speaks English after his next login even though this browser was switched back
// to French; he then sets a colleague's preferred language from the agents list.
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey, agents } from '../fixtures/people.ts';

test('preferred language: chosen by the agent, applied after login, set by an administrator', async ({ browser, estran, a11y }) => {
  const page = await adminWithKey(browser, estran);
  const [colleague] = await agents(page, estran, 1);
  expect(colleague).toBeDefined();

  await page.getByRole('link', { name: 'Mes préférences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes préférences' })).toBeVisible();
  await a11y(page);
  await page.getByLabel('Langue de l’interface').selectOption('en');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Preferences saved.' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'My preferences' })).toBeVisible();

  // Log out, switch this browser back to French, log in again: the preference wins.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await page.goto(`${estran.origin}/connexion`);
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Hello/ })).toBeVisible();
  await a11y(page);

  // The colleague's language, from the agents list.
  await page.goto(`${estran.origin}/admin/agents`);
  const name = `${colleague!.firstName} ${colleague!.lastName}`;
  await page.getByRole('searchbox').first().fill(colleague!.email);
  await page.getByRole('button', { name: 'Search' }).first().click();
  await page.getByLabel(`Preferred language of ${name}`).selectOption('en');
  await page.getByRole('button', { name: `Save the language of ${name}` }).click();
  await expect(page.getByRole('status').filter({ hasText: `Language of ${name} saved.` })).toBeVisible();
  await a11y(page);
  const res = await page.request.get(`${estran.origin}/api/admin/agents?q=${encodeURIComponent(colleague!.email)}`);
  const [row] = ((await res.json()) as { items: { id: string; preferredLanguage: string | null }[] }).items;
  expect(row).toMatchObject({ id: colleague!.id, preferredLanguage: 'en' });

  // Back to the browser's choice, so the specs that follow find the administrator in French.
  await page.goto(`${estran.origin}/mon-compte/preferences`);
  await page.getByLabel('Interface language').selectOption({ label: 'The one chosen on this browser' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status').filter({ hasText: /Preferences saved\.|Préférences enregistrées\./ })).toBeVisible();
});
