// Maëlle, administrator, edits her organisation from the « Organisation » tab (issue 17):
// a helpdesk number in the wrong format refused on its field, the organisation renamed and
// its helpdesk number set, a file named .png that is not an image refused, a logo chosen
// (with its preview) and seen at once in the header, then on the login page (whose host
// name belongs to no member organisation here: the operator's, hers); axe on each page,
// and no overflow at 320 px. The organisation is put back as it was for the journeys after.
import { deflateSync, crc32 } from 'node:zlib';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/estran.ts';
import { frenchAdmin } from '../fixtures/people.ts';

/** A small RGB PNG (ISO/IEC 15948): a blue band on white, `width` × `height`. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // truecolour
  const rows = Buffer.alloc((width * 3 + 1) * height, 0xff);
  for (let y = 0; y < height; y++) {
    rows[y * (width * 3 + 1)] = 0; // filter: none
    if (y < height / 3 || y >= (2 * height) / 3) continue;
    for (let x = 0; x < width; x++) rows.set([0x0b, 0x3d, 0x66], y * (width * 3 + 1) + 1 + x * 3);
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** Nothing wider than the window (RGAA 10.11: reflow at 320 px). */
async function noOverflow(page: Page) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  expect(widths.scroll, 'the page scrolls sideways').toBeLessThanOrEqual(widths.client);
}

test('organisation: an administrator renames it, sets the helpdesk number and uploads a logo seen in the header and on the login page', async ({ browser, estran, a11y }) => {
  const page = await frenchAdmin(browser, estran);
  const n = Date.now();
  const name = `Syndicat mixte Mégalis Bretagne ${n}`;

  await page.goto(`${estran.origin}/admin/organisation`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Organisation' })).toBeVisible();
  const details = page.getByRole('form', { name: 'Informations' });
  const nameField = details.getByLabel('Nom de l’organisation');
  const phoneField = details.getByLabel('Numéro de l’assistance');
  const before = { name: await nameField.inputValue(), phone: await phoneField.inputValue() };
  await a11y(page);

  // A number that is not a French one: refused on its field, which gets focus.
  await phoneField.fill('12345');
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(phoneField).toHaveAttribute('aria-invalid', 'true');
  await expect(phoneField).toBeFocused();
  await expect(details.locator('.field-error')).toContainText('01 23 45 67 89');
  await a11y(page);

  await nameField.fill(name);
  await phoneField.fill('02 99 27 10 10');
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Organisation « ${name} » enregistrée.` })).toBeVisible();
  await expect(phoneField).not.toHaveAttribute('aria-invalid', 'true');
  // The header names the organisation anew.
  await expect(page.locator('header .account')).toContainText(name);

  // A page named .png holding HTML: refused by its content, the error tied to the file field.
  const logoForm = page.getByRole('form', { name: 'Enregistrer le logo' });
  const file = logoForm.getByLabel('Image du logo');
  await file.setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('<!doctype html><script>alert(1)</script>') });
  await logoForm.getByRole('button', { name: 'Enregistrer le logo' }).click();
  await expect(file).toHaveAttribute('aria-invalid', 'true');
  await expect(logoForm.locator('.field-error')).toContainText('PNG, JPEG ou WebP');
  await expect(page.locator('header img.brand-logo')).toHaveCount(0);

  // A real PNG: previewed, saved, shown in the header with the organisation's name as its text.
  await file.setInputFiles({ name: 'logo-megalis.png', mimeType: 'image/png', buffer: png(160, 48) });
  await expect(logoForm.getByRole('img', { name: 'Aperçu de l’image choisie' })).toBeVisible();
  await logoForm.getByRole('button', { name: 'Enregistrer le logo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Logo enregistré.' })).toBeVisible();
  const headerLogo = page.locator('header').getByRole('img', { name });
  await expect(headerLogo).toBeVisible();
  expect(await headerLogo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(160);
  await expect(page.getByRole('img', { name: name }).nth(1)).toBeVisible(); // the current logo in the tab
  await a11y(page);

  // Reflow at 320 px, logo included.
  await page.setViewportSize({ width: 320, height: 640 });
  await noOverflow(page);
  await page.setViewportSize({ width: 1366, height: 768 });

  // The login page shows the organisation of its address: here the operator's, hers.
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`${estran.origin}/connexion`);
  const loginLogo = visitor.locator('main').getByRole('img', { name });
  await expect(loginLogo).toBeVisible();
  expect(await loginLogo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
  await a11y(visitor);
  await visitor.setViewportSize({ width: 320, height: 640 });
  await noOverflow(visitor);
  await visitor.context().close();

  // As it was, for the journeys after this one.
  await page.getByRole('button', { name: 'Retirer le logo' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Logo retiré.' })).toBeVisible();
  await expect(page.locator('header img.brand-logo')).toHaveCount(0);
  await nameField.fill(before.name);
  await phoneField.fill(before.phone);
  await details.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Organisation « ${before.name} » enregistrée.` })).toBeVisible();
});

test('organisation: the operator gives a member organisation its login page’s host name', async ({ browser, estran, a11y }) => {
  const page = await frenchAdmin(browser, estran);
  const n = Date.now();
  const member = `Commune de Lannion ${n}`;
  await page.goto(`${estran.origin}/admin/tenants`);
  await expect(page.getByRole('heading', { level: 1, name: 'Administration — Collectivités' })).toBeVisible();
  await page.locator('#tenant-name').fill(member);
  await page.locator('#tenant-slug').fill(`lannion-${n}`);
  await page.locator('#tenant-kind').selectOption({ label: 'Syndicat de mutualisation' });
  await page.getByRole('button', { name: 'Créer', exact: true }).click();
  await page.getByRole('searchbox').first().fill(String(n));
  await page.getByRole('button', { name: 'Rechercher' }).first().click();
  await expect(page.getByRole('cell', { name: member, exact: true })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Syndicat de mutualisation', exact: true })).toBeVisible();

  await page.getByText(`Modifier « ${member} »`).click();
  const edit = page.getByRole('form', { name: `Modifier « ${member} »` });
  const hosts = edit.getByLabel('Adresses de la page de connexion');
  await hosts.fill('https://estran.lannion.bzh');
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(hosts).toHaveAttribute('aria-invalid', 'true');
  await expect(hosts).toBeFocused();
  await hosts.fill(`estran-${n}.lannion.bzh`);
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(edit.getByRole('status').filter({ hasText: `Organisation « ${member} » enregistrée.` })).toBeVisible();
  await expect(page.getByRole('cell', { name: `estran-${n}.lannion.bzh`, exact: true })).toBeVisible();
  await a11y(page);
});
