// Maëlle, administrator, brings a new colleague in from the agents tab, gives him the
// manager role, then deactivates him when he leaves: his record stays, shown « Désactivé ».
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey } from '../fixtures/people.ts';

test('agents: an administrator creates an agent, gives a role, deactivates a leaver', async ({ browser, estran, a11y }) => {
  const page = await adminWithKey(browser, estran);
  await page.goto(`${estran.origin}/admin/agents`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Agents' })).toBeVisible();

  const email = `erwan.kerbrat.${Date.now()}@estran.localhost`;
  const create = page.getByRole('form', { name: 'Créer un agent' });
  await create.getByLabel('Nom', { exact: true }).fill('Kerbrat');
  await create.getByLabel('Prénom', { exact: true }).fill('Erwan');
  await create.getByLabel('Adresse électronique professionnelle').fill(email);
  await create.getByLabel('Identifiant externe (matricule)').fill(`M-${Date.now()}`);
  await create.getByRole('button', { name: 'Créer l’agent' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Agent Erwan Kerbrat créé.' })).toBeVisible();
  await a11y(page);

  await page.getByRole('searchbox').first().fill(email);
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await page.getByText('Modifier la fiche de Erwan Kerbrat').click();
  const edit = page.getByRole('form', { name: 'Modifier la fiche de Erwan Kerbrat' });
  await edit.getByLabel('Encadrant').check();
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Fiche de Erwan Kerbrat enregistrée.' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Agent, Encadrant' })).toBeVisible();
  await a11y(page);

  await page.getByRole('button', { name: 'Désactiver Erwan Kerbrat' }).click();
  await page.getByRole('button', { name: 'Confirmer la désactivation de Erwan Kerbrat' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Erwan Kerbrat est désactivé : ses accès sont révoqués.' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Désactivé', exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Réactiver Erwan Kerbrat' })).toBeVisible();
  await a11y(page);
  const res = await page.request.get(`${estran.origin}/api/admin/agents?q=${encodeURIComponent(email)}`);
  const [row] = ((await res.json()) as { items: { status: string; roles: string[] }[] }).items;
  expect(row).toMatchObject({ status: 'disabled', roles: ['agent', 'manager'] });
});
