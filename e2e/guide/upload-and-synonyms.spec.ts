// The guide's editor at the operator: uploads the July 2014 bulletin as a zip in the admin
// area, reads the check report, applies it; a faulty bulletin is refused with its
// blocking problems; then teaches search an abbreviation, and goes back to the default
// list. The edition and the bulletins before July are imported with the `estran` command
// first (a no-op when another journey already did). The journeys share one server per
// worker: this one leaves the shared guide at July 2014, and its file name sorts after
// the journeys that import the earlier bulletins themselves (changes, reading).
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { expect, test } from '../fixtures/estran.ts';
import { corpus as fixtures, importGuide } from '../fixtures/guide.ts';
import { adminWithKey } from '../fixtures/people.ts';


/** The folder zipped as an editor would, inside one top folder. */
function zipFolder(folder: string, to: string): string {
  const entries: Zippable = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(path.join(folder, dir), { withFileTypes: true })) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) walk(rel);
      else entries[`${path.basename(folder)}/${rel}`] = readFileSync(path.join(folder, rel));
    }
  };
  walk('');
  writeFileSync(to, zipSync(entries));
  return to;
}

test('check then apply a bulletin uploaded as a zip, see a faulty one refused, edit the synonyms', async ({ browser, estran, a11y }) => {
  importGuide(estran, 'edition-2014-01-01', 'updates/2014-03-01', 'updates/2014-05-01');
  // The zips in a folder of their own (test-results/ may be emptied by another run).
  const work = mkdtempSync(path.join(tmpdir(), 'estran-e2e-zips-'));
  const bulletin = zipFolder(path.join(fixtures, 'guide/updates/2014-07-01'), path.join(work, '2014-07-01.zip'));
  const faulty = zipFolder(path.join(fixtures, 'guide-faulty/bulletin-missing-file'), path.join(work, 'bulletin-missing-file.zip'));
  const page = await adminWithKey(browser, estran);

  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('link', { name: 'Guide documentaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Guide documentaire' })).toBeVisible();
  await expect(page.getByText(/partagé par l’opérateur de mutualisation, à jour au/)).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Le guide partagé avec toutes les collectivités' })).toBeChecked();
  await a11y(page);

  // Check, read the report, apply.
  await page.getByLabel('Archive du paquet (.zip)').setInputFiles(bulletin);
  await page.getByRole('button', { name: 'Vérifier le paquet' }).click();
  const report = page.getByRole('heading', { level: 3, name: 'Rapport de vérification de « 2014-07-01.zip »' });
  await expect(report).toBeFocused();
  await expect(page.getByText('Le paquet peut être appliqué.')).toBeVisible();
  await expect(page.getByText('Mise à jour', { exact: true })).toBeVisible();
  await a11y(page);
  await page.getByRole('button', { name: 'Appliquer' }).click();
  await expect(page.getByText(/^Paquet appliqué : [\d\s\u202f\u00a0]+ articles en vigueur\.$/)).toBeVisible();
  await expect(page.locator(':focus')).toContainText('Paquet appliqué', { useInnerText: true });
  await expect(page.getByText(/à jour au 01\/07\/2014/)).toBeVisible();
  await a11y(page);

  // A bulletin that lacks a file it lists: refused, its blocking problems named, nothing to apply.
  await page.getByLabel('Archive du paquet (.zip)').setInputFiles(faulty);
  await page.getByRole('button', { name: 'Vérifier le paquet' }).click();
  await expect(page.getByText(/Le paquet ne peut pas être appliqué : \d+ problèmes? bloquants?\./)).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Bloquant' }).first()).toBeVisible();
  await expect(page.getByRole('cell', { name: /absent du bulletin/ }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Appliquer' })).toHaveCount(0);
  await a11y(page);

  // Teach search an abbreviation that is in no text, then go back to the default list.
  const search = async (q: string) => ((await (await page.request.get(`${estran.origin}/api/guide/search?q=${q}`)).json()) as { results: unknown[] }).results;
  expect(await search('CMU')).toEqual([]);
  await expect(page.getByText('Liste par défaut d’Estran.')).toBeVisible();
  const list = page.getByLabel('Groupes de synonymes, un par ligne');
  await list.fill(`${await list.inputValue()}\nCMU, couverture maladie universelle\nPACS`);
  await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /Ligne \d+ : il faut au moins deux expressions/ })).toBeVisible();
  await list.fill((await list.inputValue()).replace(/\nPACS$/, ''));
  await page.getByRole('button', { name: 'Enregistrer la liste' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Liste enregistrée : \d+ groupes\./ })).toBeVisible();
  await expect(page.getByText(/Liste propre à ce guide, enregistrée le/)).toBeVisible();
  expect((await search('CMU')).length).toBeGreaterThan(0);
  await a11y(page);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Revenir à la liste par défaut' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'La recherche utilise de nouveau la liste par défaut.' })).toBeVisible();
  expect(await search('CMU')).toEqual([]);
  rmSync(work, { recursive: true, force: true });
});
