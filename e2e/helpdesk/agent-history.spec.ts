// Yann's key login fails (his assertion is corrupted in flight: « signature invalide »),
// then succeeds. He calls the helpdesk: Sophie opens his file and reads his recent logins
// and failures with their reason, date and time, from where. He has also lost the phone
// holding his authenticator app: Sophie checks his identity and resets it, with the
// keyboard — focus lands on the new link, not on <body> — and the reset shows in his
// history. axe on every state; the file reflows at 320 px.
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey, agents, openAgentFile } from '../fixtures/people.ts';

test('a helpdesk agent reads an agent’s history after a failed login, and resets the authenticator app', async ({ browser, estran, a11y }) => {
  estran.seed();
  const sophie = await adminWithKey(browser, estran);
  sophie.on('dialog', (dialog) => void dialog.accept());
  const yann = (await agents(sophie, estran, 4))[3]!;

  // The console's two searches are told apart by their names.
  await sophie.goto(`${estran.origin}/assistance`);
  await expect(sophie.getByRole('search', { name: 'Rechercher un agent' })).toBeVisible();
  await expect(sophie.getByRole('search', { name: 'Rechercher un poste' })).toBeVisible();
  await a11y(sophie);

  // Yann gets a key.
  await openAgentFile(sophie, estran, yann);
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  await sophie.getByRole('button', { name: 'Invitation à enregistrer une clé' }).click();
  const keyLink = (await sophie.getByTestId('enrolment-link').textContent())!.trim();
  const page = await (await browser.newContext()).newPage();
  await addSecurityKey(page);
  await page.goto(keyLink);
  await page.getByRole('button', { name: 'Enregistrer ma clé' }).click();
  await expect(page.getByText('est enregistrée')).toBeVisible();
  await page.getByRole('link', { name: 'Aller à la connexion' }).click();

  // A login whose assertion is corrupted in flight fails; the next one succeeds.
  await page.route('**/api/auth/webauthn/login/verify', async (route) => {
    const body = route.request().postDataJSON() as { response: { signature: string } };
    const sig = Buffer.from(body.response.signature, 'base64url');
    sig[sig.length - 1]! ^= 0xff;
    body.response.signature = sig.toString('base64url');
    await route.continue({ postData: JSON.stringify(body) });
  });
  // Other journeys on this server log in from the same address, which may be slowed down
  // for a few seconds (« Trop de tentatives »): each login is tried again until it is answered.
  const loginAnswers = async (answer: () => Promise<void>) => {
    await expect(async () => {
      await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
      await answer();
    }).toPass({ timeout: 60_000, intervals: [2_000, 5_000, 10_000] });
  };
  await loginAnswers(() => expect(page.getByRole('alert')).toContainText('Authentification refusée', { timeout: 5_000 }));
  await page.unroute('**/api/auth/webauthn/login/verify');
  await loginAnswers(() => expect(page.getByRole('heading', { level: 1, name: /^Bonjour/ })).toBeVisible({ timeout: 5_000 }));

  // Sophie reads his history: the failure with its reason, then the login and from where.
  await openAgentFile(sophie, estran, yann);
  const history = sophie.getByRole('table', { name: `Connexions et échecs récents de ${yann.displayName}` });
  await expect(history).toBeVisible();
  const rows = history.locator('tbody tr');
  await expect(rows.first()).toContainText('Connexion réussie');
  await expect(rows.first()).toContainText('Ordinateur personnel');
  await expect(rows.first()).toContainText('Clé de sécurité');
  await expect(rows.nth(1)).toContainText('Échec — signature invalide');
  // Date and time in French, Europe/Paris: « 03/12/2026 11:42 ».
  await expect(rows.nth(1).locator('td').first()).toHaveText(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
  // Past unblocks have their section (an earlier journey may have unblocked this agent).
  await expect(sophie.getByRole('heading', { level: 2, name: 'Déblocages passés' })).toBeVisible();
  await a11y(sophie);

  // He lost the phone with his app: identity check, then the reset, with the keyboard.
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  const reset = sophie.getByRole('button', { name: 'Réinitialiser l’application d’authentification' });
  await reset.focus();
  await sophie.keyboard.press('Enter');
  const done = sophie.getByRole('status').filter({ hasText: 'Application réinitialisée' });
  await expect(done).toBeVisible();
  await expect(done).toBeFocused();
  const link = (await sophie.getByTestId('enrolment-link').textContent())!.trim();
  expect(link).toMatch(/\/enrol#/);
  await expect(sophie.getByText(/Mot de passe et application — créée le/)).toBeVisible();
  await expect(rows.first()).toContainText('Application d’authentification réinitialisée');
  await a11y(sophie);

  // Ending his sessions with the keyboard: the button is disabled while it runs; focus stays on the outcome.
  const end = sophie.getByRole('button', { name: 'Terminer toutes ses sessions' });
  await end.focus();
  await sophie.keyboard.press('Enter');
  await expect(sophie.getByText('1 session terminée.')).toBeVisible();
  expect(await sophie.evaluate(() => document.activeElement !== document.body && document.activeElement !== null)).toBe(true);

  // The new link opens the password + app set-up for Yann.
  const home = await (await browser.newContext()).newPage();
  await home.goto(link);
  await expect(home.getByText(`Invitation pour ${yann.displayName}`)).toBeVisible();

  // Reflow at 320 px: nothing wider than the screen but the tables, which scroll in their box.
  await sophie.setViewportSize({ width: 320, height: 800 });
  const overflow = await sophie.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await a11y(sophie);
});
