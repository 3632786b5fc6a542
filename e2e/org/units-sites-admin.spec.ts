// Maëlle, administrator, builds a piece of the organisation from the units and sites tabs:
// a direction and a team under it, a move refused because it would make a loop, the team
// closed (still listed, with its closing date); a permanence site, then its opening hours
// and its sharing with partners.
import { expect, test } from '../fixtures/estran.ts';
import { frenchAdmin } from '../fixtures/people.ts';

test('units and sites: an administrator creates, moves, closes a unit and edits a site', async ({ browser, estran, a11y }) => {
  const page = await frenchAdmin(browser, estran);
  const n = Date.now();
  const direction = `Direction des solidarités ${n}`;
  const team = `Équipe enfance ${n}`;

  await page.goto(`${estran.origin}/admin/units`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Unités' })).toBeVisible();
  const create = page.getByRole('form', { name: 'Créer une unité' });
  await create.getByLabel('Nom', { exact: true }).fill(direction);
  await create.getByLabel('Code', { exact: true }).fill(`DS-${n}`);
  await create.getByLabel('Type', { exact: true }).selectOption({ label: 'Direction' });
  await create.getByRole('button', { name: 'Créer l’unité' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Unité « ${direction} » créée.` })).toBeVisible();
  await create.getByLabel('Nom', { exact: true }).fill(team);
  await create.getByLabel('Code', { exact: true }).fill(`EE-${n}`);
  await create.getByLabel('Type', { exact: true }).selectOption({ label: 'Équipe' });
  await create.getByLabel('Unité de rattachement').selectOption({ label: direction });
  await create.getByRole('button', { name: 'Créer l’unité' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Unité « ${team} » créée.` })).toBeVisible();
  await a11y(page);

  await page.getByRole('searchbox').first().fill(String(n));
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await expect(page.getByRole('cell', { name: `${direction} › ${team}`, exact: true })).toBeVisible();

  // The direction under its own team: a loop, refused.
  await page.getByText(`Modifier l’unité « ${direction} »`).click();
  const editDirection = page.getByRole('form', { name: `Modifier l’unité « ${direction} »` });
  await editDirection.getByLabel('Unité de rattachement').selectOption({ label: `${direction} › ${team}` });
  await editDirection.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(editDirection.getByRole('alert')).toContainText('boucle');
  await a11y(page);

  // The team closed: still listed, with its closing date.
  await page.getByText(`Modifier l’unité « ${team} »`).click();
  const editTeam = page.getByRole('form', { name: `Modifier l’unité « ${team} »` });
  await editTeam.getByLabel(/Unité fermée/).check();
  await editTeam.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Unité « ${team} » enregistrée.` })).toBeVisible();
  await expect(page.getByRole('cell', { name: /^Fermée le / })).toBeVisible();
  await a11y(page);

  // A permanence site attached to the direction, then its opening hours.
  const siteName = `Permanence de Bégard ${n}`;
  await page.getByRole('link', { name: 'Sites', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Sites' })).toBeVisible();
  const createSite = page.getByRole('form', { name: 'Créer un site' });
  await createSite.getByLabel('Nom', { exact: true }).fill(siteName);
  await createSite.getByLabel('Type', { exact: true }).selectOption({ label: 'Lieu de permanence' });
  await createSite.getByLabel('Unité', { exact: true }).selectOption({ label: direction });
  await createSite.getByLabel('Code postal').fill('22140');
  await createSite.getByLabel('Commune').fill('Bégard');
  await createSite.getByRole('button', { name: 'Créer le site' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Site « ${siteName} » créé.` })).toBeVisible();
  await a11y(page);

  await page.getByRole('searchbox').first().fill(siteName);
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await page.getByText(`Modifier le site « ${siteName} »`).click();
  const editSite = page.getByRole('form', { name: `Modifier le site « ${siteName} »` });
  await editSite.getByRole('button', { name: 'Ajouter une plage horaire' }).click();
  await editSite.getByLabel('Ouverture').fill('08:30');
  await editSite.getByLabel('Fermeture').fill('12:00');
  await editSite.getByLabel('Partagé avec des partenaires').check();
  await editSite.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Site « ${siteName} » enregistré.` })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Lundi 08:30–12:00', exact: true })).toBeVisible();
  await a11y(page);
  const res = await page.request.get(`${estran.origin}/api/admin/sites?q=${encodeURIComponent(siteName)}`);
  const [row] = ((await res.json()) as { items: unknown[] }).items;
  expect(row).toMatchObject({ sharedWithPartners: true, postalCode: '22140', openingHours: [{ weekday: 'monday', opens: '08:30', closes: '12:00' }] });
});
