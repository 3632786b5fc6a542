// Maëlle, administrator, brings agents in from a spreadsheet: a first file with two faulty
// lines is checked and refused line by line (nothing imported), the corrected file is
// checked, then imported; the agents are in the agents tab; the same files through
// `estran directory import` (exit 0 / 65). axe on each state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '../fixtures/estran.ts';
import { frenchAdmin } from '../fixtures/people.ts';

test('directory import: an administrator checks a CSV, sees the refused lines, then imports the corrected file', async ({ browser, estran, a11y }) => {
  const page = await frenchAdmin(browser, estran);
  const n = Date.now();
  const header = 'Courriel;Prénom;Nom;Pôle;Rôles;Matricule';
  const good = [`gwen.${n}@cd22.fr;Gwenaëlle;Kerhervé-${n};Insertion;agent|encadrant;K${n}`, `yann.${n}@cd22.fr;Yann;Le Floc’h-${n};Action sociale généraliste;agent;Y${n}`];
  const faulty = [good[0]!, `yann.${n}@cd22;Yann;Le Floc’h-${n};cuisine;agent;Y${n}`];
  const file = (lines: string[]) => ({ name: 'agents.csv', mimeType: 'text/csv', buffer: Buffer.from(`${[header, ...lines].join('\r\n')}\r\n`) });

  await page.goto(`${estran.origin}/admin/import`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Import' })).toBeVisible();
  await page.getByLabel('Fichier à importer').setInputFiles(file(faulty));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  const report = page.getByRole('heading', { name: 'Rapport de vérification : agents.csv' });
  await expect(report).toBeFocused();
  await expect(page.getByText('1 ligne refusée : corrigez le fichier')).toBeVisible();
  const table = page.getByRole('table', { name: 'Lignes refusées, dans l’ordre du fichier' });
  await expect(table.getByRole('row')).toHaveCount(3); // the header row, two refusals of line 3
  await expect(table.getByRole('row').nth(1)).toContainText('3');
  await expect(table.getByRole('row').nth(1)).toContainText('Courriel');
  await expect(table.getByRole('row').nth(2)).toContainText('Pôle inconnu : « cuisine »');
  await expect(page.getByRole('button', { name: 'Importer', exact: true })).toHaveCount(0);
  await a11y(page);

  await page.getByLabel('Fichier à importer').setInputFiles(file(good));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await expect(page.getByText('Toutes les lignes sont correctes. Rien n’a encore été importé.')).toBeVisible();
  await expect(page.locator('dl.facts').first()).toContainText('À créer2');
  await a11y(page);
  await page.getByRole('button', { name: 'Importer', exact: true }).click();
  await expect(page.getByText('Import terminé.')).toBeVisible();
  await expect(page.locator('.message.success[tabindex="-1"]')).toBeFocused();
  await a11y(page);

  await page.getByRole('link', { name: 'Voir les agents' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Agents' })).toBeVisible();
  await page.getByRole('searchbox').first().fill(`Kerhervé-${n}`);
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await expect(page.getByRole('cell').filter({ hasText: `Kerhervé-${n}` }).first()).toBeVisible();

  // The same file again: nothing to do.
  await page.goto(`${estran.origin}/admin/import`);
  await page.getByLabel('Fichier à importer').setInputFiles(file(good));
  await page.getByRole('button', { name: 'Vérifier', exact: true }).click();
  await expect(page.locator('dl.facts').first()).toContainText('Inchangés2');

  // The same files from the terminal, through the running server (its admin socket).
  const dir = mkdtempSync(path.join(tmpdir(), 'estran-e2e-import-'));
  writeFileSync(path.join(dir, 'agents.csv'), file(good).buffer);
  writeFileSync(path.join(dir, 'faux.csv'), file(faulty).buffer);
  const again = estran.cli(['directory', 'import', path.join(dir, 'agents.csv'), '--dry-run']);
  expect(again.code, again.stderr).toBe(0);
  expect(again.stdout).toContain('0 créé, 0 modifié, 2 inchangés');
  const refused = estran.cli(['directory', 'import', path.join(dir, 'faux.csv')]);
  expect(refused.code).toBe(65);
  expect(refused.stderr).toContain('Ligne 3 (Courriel) : Adresse électronique invalide.');
});
