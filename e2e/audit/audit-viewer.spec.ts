// Anne, administrator, reads the audit trail: the chain holds, she filters it down to the
// sessions opened, and exports the same events as a CSV a French spreadsheet opens.
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey } from '../fixtures/people.ts';

test('audit viewer: the chain status, filters, the paged trail and the CSV export', async ({ browser, estran, a11y }) => {
  const page = await adminWithKey(browser, estran);
  await page.goto(`${estran.origin}/admin/audit`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Journal d’audit' })).toBeVisible();
  await expect(page.getByText(/^Chaîne intègre : \d+ événements? vérifiés?\.$/)).toBeVisible();
  await expect(page.getByRole('table', { name: 'Journal d’audit' })).toBeVisible();
  await a11y(page);

  await page.getByLabel('Action (début du nom, par exemple « agent. »)').fill('session.');
  await page.getByRole('button', { name: 'Filtrer', exact: true }).click();
  const rows = page.getByRole('table', { name: 'Journal d’audit' }).getByRole('row');
  await expect(rows.nth(1)).toContainText('session.created');
  for (const text of await rows.allInnerTexts()) expect(text.includes('session.') || text.includes('Action')).toBe(true);
  await a11y(page);

  const href = await page.getByRole('link', { name: 'Exporter en CSV (tableur)' }).getAttribute('href');
  expect(href).toBe('/api/admin/audit/export?action=session.');
  const res = await page.request.get(`${estran.origin}${href}`);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="journal-audit-/);
  const body = await res.body();
  expect(body.subarray(0, 3).toString('hex')).toBe('efbbbf');
  const lines = body.toString('utf8').slice(1).trim().split('\r\n');
  expect(lines[0]).toBe('numéro;date;type d’auteur;auteur;nom de l’auteur;action;type d’objet;objet;détails;requête');
  expect(lines.length).toBeGreaterThan(1);
  expect(lines.slice(1).every((l) => l.split(';')[5]!.startsWith('session.'))).toBe(true);
});
