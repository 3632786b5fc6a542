// Gwenaëlle, administrator, equips a first deployment wave from the « Parc » tab: she
// enters a laptop and a security key in the inventory, creates a wave of two agents, gives
// the laptop and the key to one of them and sees the wave's progress move from « 0 / 2
// équipé » to « 1 / 2 équipé », registers the laptop from its link (shown as « Firefox sur
// Windows »), then exports the inventory as CSV. Axe on the way, and the
// tab read at 320 px without horizontal scrolling (RGAA 10.11).
import { adminWithKey, agents } from '../fixtures/people.ts';
import { expect, test } from '../fixtures/estran.ts';

test('the fleet: a laptop and a key entered, given to an agent, a wave’s progress, the CSV export', async ({ browser, estran, a11y }) => {
  estran.seed();
  const page = await adminWithKey(browser, estran);
  const [first, second] = await agents(page, estran, 2);
  const n = Date.now();
  const serial = `PF-${n}`;
  const keySerial = `YK-${n}`;
  const wave = `Vague ${n} — MDD de Lannion`;

  await page.goto(`${estran.origin}/admin/devices`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Parc' })).toBeVisible();

  // A laptop, in stock. Without its serial number first: the error is tied to the field,
  // which gets focus (RGAA 11.10, 11.11).
  const addComputer = page.getByRole('form', { name: 'Ajouter un ordinateur au parc' });
  await addComputer.getByRole('button', { name: 'Ajouter l’ordinateur' }).click();
  const serialField = addComputer.getByLabel('Numéro de série');
  await expect(serialField).toBeFocused();
  await expect(serialField).toHaveAttribute('aria-invalid', 'true');
  await expect(serialField).toHaveAccessibleDescription(/Ce champ est obligatoire/);
  await addComputer.getByLabel('Numéro de série').fill(serial);
  await addComputer.getByLabel('Modèle').fill('Lenovo ThinkPad T14');
  await addComputer.getByLabel('Type').selectOption({ label: 'Ordinateur portable' });
  await addComputer.getByRole('button', { name: 'Ajouter l’ordinateur' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Ordinateur « ${serial} » ajouté en stock.` })).toBeVisible();
  const computerRow = page.getByRole('row').filter({ hasText: serial });
  // The same serial again: the server's refusal, in French.
  await addComputer.getByLabel('Numéro de série').fill(serial);
  await addComputer.getByRole('button', { name: 'Ajouter l’ordinateur' }).click();
  await expect(page.getByRole('alert').filter({ hasText: `Un autre ordinateur du parc porte déjà le numéro de série « ${serial} ».` })).toBeVisible();
  await addComputer.getByLabel('Numéro de série').fill('');
  await expect(computerRow.getByRole('cell', { name: 'En stock' })).toBeVisible();

  // A security key, in stock.
  const addKey = page.getByRole('form', { name: 'Ajouter une clé au parc' });
  await addKey.getByLabel('Numéro de série').fill(keySerial);
  await addKey.getByLabel('AAGUID').fill('cb69481e-8ff7-4039-93ec-0a2729a154a8');
  await addKey.getByLabel('Modèle').fill('YubiKey 5 NFC');
  await addKey.getByRole('button', { name: 'Ajouter la clé' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Clé ajoutée en stock.' })).toBeVisible();
  await a11y(page);

  // A wave of two agents to equip by a date.
  const createWave = page.getByRole('form', { name: 'Créer une vague' });
  await createWave.getByLabel('Nom de la vague').fill(wave);
  await createWave.getByLabel('À équiper avant le').fill('2027-01-15');
  await createWave.getByLabel(first!.displayName, { exact: true }).check();
  await createWave.getByLabel(second!.displayName, { exact: true }).check();
  await expect(createWave.getByText('2 agents choisis')).toBeVisible();
  await createWave.getByRole('button', { name: 'Créer la vague' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Vague « ${wave} » créée.` })).toBeVisible();
  const waveItem = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: wave }) });
  await expect(waveItem.getByText('Avant le 15 janvier 2027')).toBeVisible();
  await expect(waveItem.getByText('0 / 2 équipé', { exact: true })).toBeVisible();
  await expect(waveItem.getByRole('progressbar', { name: `Progression de la vague ${wave}` })).toHaveAttribute('value', '0');

  // The laptop and the key given to the first agent: the wave's progress moves.
  await computerRow.getByText(`Gérer ${serial}`).click();
  const assignComputer = page.getByRole('form', { name: `Attribuer ${serial}` });
  // The agents offered are filtered on the server (a département has thousands).
  await assignComputer.getByLabel('Filtrer les agents (nom ou courriel)').fill(first!.email);
  await expect(assignComputer.getByLabel('Agent', { exact: true }).locator('option')).toHaveCount(2);
  await assignComputer.getByLabel('Agent', { exact: true }).selectOption({ label: first!.displayName });
  await assignComputer.getByRole('button', { name: 'Attribuer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Ordinateur « ${serial} » attribué à ${first!.displayName}.` })).toBeVisible();
  await expect(computerRow.getByRole('cell', { name: 'Attribué', exact: true })).toBeVisible();
  await expect(computerRow.getByText(`${first!.displayName} : depuis le`)).toBeVisible();
  await expect(waveItem.getByText('0 / 2 équipé', { exact: true })).toBeVisible();

  const keyRow = page.getByRole('row').filter({ hasText: keySerial });
  await keyRow.getByText(`Gérer la clé ${keySerial}`).click();
  const assignKey = page.getByRole('form', { name: `Attribuer ${keySerial}` });
  await assignKey.getByLabel('Agent', { exact: true }).selectOption({ label: first!.displayName });
  await assignKey.getByRole('button', { name: 'Attribuer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Clé ${keySerial} attribuée à ${first!.displayName}.` })).toBeVisible();
  await expect(waveItem.getByText('1 / 2 équipé', { exact: true })).toBeVisible();
  await expect(waveItem.getByRole('progressbar')).toHaveAttribute('value', '1');

  // The wave's agents, each with what they hold.
  await waveItem.getByText(`Modifier la vague ${wave}`).click();
  const members = waveItem.getByRole('table', { name: `Agents de la vague ${wave}` });
  await expect(members.getByRole('row').filter({ hasText: first!.displayName }).getByRole('cell', { name: 'Oui' })).toHaveCount(3);
  await expect(members.getByRole('row').filter({ hasText: second!.displayName }).getByRole('cell', { name: 'Non' })).toHaveCount(3);
  await a11y(page);

  // The laptop registered from its one-time link, opened in Firefox on Windows: the
  // inventory shows that browser in words.
  await computerRow.getByRole('button', { name: 'Créer un lien d’enregistrement' }).click();
  const deviceLink = (await computerRow.getByTestId('fleet-device-link').textContent())!.trim();
  const laptop = await (
    await browser.newContext({ userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0' })
  ).newPage();
  await laptop.goto(deviceLink);
  await laptop.getByRole('button', { name: 'Enregistrer ce poste' }).click();
  await expect(laptop.getByText(`Ce poste est enregistré (« ${serial} »).`)).toBeVisible();
  await page.reload();
  await expect(computerRow.getByRole('cell', { name: /^Enregistré le .+ \(Firefox sur Windows\)$/ })).toBeVisible();

  // The CSV export: BOM, `;`, CRLF; the laptop with its holder.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Exporter l’inventaire (CSV)' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^parc-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await (await import('node:fs/promises')).readFile((await file.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFobjet;type;nom;numéro de série;')).toBe(true);
  expect(csv).toContain(`\r\nordinateur;ordinateur portable;${serial};${serial};;Lenovo ThinkPad T14;attribué;${first!.displayName};`);
  expect(csv).toContain(`\r\nclé de sécurité;;;${keySerial};cb69481e-8ff7-4039-93ec-0a2729a154a8;YubiKey 5 NFC;attribuée;${first!.displayName};`);

  // Reflow at 320 px: the page itself never scrolls sideways (tables scroll in their box).
  await page.setViewportSize({ width: 320, height: 800 });
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Parc' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await a11y(page);
});
