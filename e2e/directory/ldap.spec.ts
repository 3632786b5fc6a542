// Maëlle, administrator, connects Estran to the département's directory: a real OpenLDAP
// (Debian's slapd, started here on a free port with a small tree), the settings saved with
// a write-only password, « Synchroniser maintenant », the run's report in the list, and
// the agents it brought in the agents tab. axe on each state.
import { frenchAdmin } from '../fixtures/people.ts';
import { expect, test } from '../fixtures/estran.ts';
import { LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_PEOPLE_DN, startSlapd, type Slapd } from '../../server/test/slapd.ts';

let slapd: Slapd | undefined;
test.afterAll(async () => slapd?.stop());

test('LDAP directory: an administrator sets the directory up, syncs it now and reads the report', async ({ browser, estran, a11y }) => {
  const n = Date.now();
  const agent = (i: number, groups: string[]) => ({
    uid: `ldap-${n}-${i}`,
    givenName: ['Gwenaëlle', 'Yann', 'Nolwenn'][i]!,
    sn: `Annuaire-${n}-${i}`,
    mail: `ldap.${n}.${i}@cd22.fr`,
    telephoneNumber: '+33 2 96 00 00 00',
    groups,
  });
  slapd = await startSlapd({ units: [], groups: ['encadrants'], agents: [agent(0, ['encadrants']), agent(1, []), agent(2, [])] });
  const page = await frenchAdmin(browser, estran);

  await page.goto(`${estran.origin}/admin/ldap`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Annuaire LDAP' })).toBeVisible();
  const form = page.getByRole('form', { name: 'Paramètres de l’annuaire' });
  await form.getByLabel('Adresse du serveur').fill(slapd.url);
  await form.getByLabel('Chiffrement').selectOption({ label: 'Aucun' });
  await form.getByLabel('Compte de connexion (DN)').fill(LDAP_BIND_DN);
  await form.getByLabel('Mot de passe du compte').fill(LDAP_BIND_PASSWORD);
  await form.getByLabel('Base de recherche (DN)').fill(LDAP_PEOPLE_DN);
  await form.getByLabel('Unité (department)').fill('');
  await form.getByLabel('Groupes des encadrants').fill('encadrants');
  await a11y(page);
  await form.getByRole('button', { name: 'Enregistrer les paramètres' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Paramètres de l’annuaire enregistrés.' })).toBeVisible();
  // The password is never shown again: the field is empty, its hint says one is stored.
  await expect(page.getByLabel('Mot de passe du compte')).toHaveValue('');
  await expect(page.getByText('Un mot de passe est enregistré')).toBeVisible();

  await page.getByRole('button', { name: 'Synchroniser maintenant' }).click();
  const runs = page.getByRole('table', { name: 'Synchronisations' });
  await expect(runs.getByRole('row').nth(1)).toContainText('Terminée', { timeout: 30_000 });
  await expect(runs.getByRole('row').nth(1)).toContainText('3 créés, 0 modifié, 0 inchangé, 0 désactivé');
  await expect(runs.getByRole('row').nth(1)).toContainText('À la demande');
  await a11y(page);
  // Reflow at 320 px (RGAA 10.11): the long filter example and DNs wrap.
  await page.setViewportSize({ width: 320, height: 640 });
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
  await page.setViewportSize({ width: 1366, height: 768 });

  await page.goto(`${estran.origin}/admin/agents`);
  await page.getByRole('searchbox').first().fill(`Annuaire-${n}`);
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await expect(page.getByRole('cell', { name: new RegExp(`Annuaire-${n}-0`) }).first()).toBeVisible();
});
