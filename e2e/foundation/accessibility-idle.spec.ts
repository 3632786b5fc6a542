// An agent leaves the screen (RGAA 13.1, WCAG 2.2.1): two minutes before the idle limit an
// alert dialog warns and « Prolonger » extends the session; once the session has ended,
// the page says so and the login brings the agent back to it. The browser's clock is
// moved forward (Playwright's clock); the end is a real one (the session is ended on the
// server), as the server's clock cannot be moved.
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';

test('the idle session warns, is extended, and after its end the login returns to the page', async ({ browser, estran, a11y }) => {
  const invitation = estran.cli(['enrolment', 'create', '--agent', 'admin@estran.localhost', '--method', 'security-key']);
  expect(invitation.code, invitation.stderr).toBe(0);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.clock.install();
  await addSecurityKey(page);
  await page.goto(`${estran.origin}/enrol#${invitation.stdout.trim()}`);
  await page.getByRole('button', { name: 'Enregistrer ma clé' }).click();
  await expect(page.getByText('est enregistrée')).toBeVisible();
  await page.goto(`${estran.origin}/connexion`);
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Bonjour/ })).toBeVisible();
  await page.getByRole('link', { name: 'Mes sessions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes sessions' })).toBeVisible();

  // 28 min 10 s later (the default limit is 30 min, the warning comes 2 min before): focus on « Prolonger ».
  const dialog = page.getByRole('alertdialog', { name: 'Votre session va bientôt prendre fin' });
  await expect(dialog).toHaveCount(0);
  await page.clock.fastForward('28:10');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('après 30 minutes d’inactivité');
  const extend = dialog.getByRole('button', { name: 'Prolonger' });
  await expect(extend).toBeFocused();
  await a11y(page);
  const extended = page.waitForResponse((r) => r.url().endsWith('/api/auth/session/extend') && r.status() === 200);
  await page.keyboard.press('Enter');
  await extended;
  await expect(dialog).toHaveCount(0);
  await expect(page.locator('body')).not.toBeFocused();

  // The session ends (here on the server, as an unattended one would): past the limit the page says so.
  const csrf = ((await (await page.request.get(`${estran.origin}/api/auth/session`)).json()) as { csrfToken: string }).csrfToken;
  expect((await page.request.post(`${estran.origin}/api/auth/logout`, { headers: { 'x-csrf-token': csrf }, data: {} })).status()).toBe(204);
  await page.clock.fastForward('31:00');
  const ended = page.getByRole('alertdialog', { name: 'Votre session a pris fin' });
  await expect(ended).toBeVisible();
  await expect(ended.getByText('Reconnectez-vous : vous reviendrez à cette page.')).toBeFocused();
  await a11y(page);
  await ended.getByRole('link', { name: 'Me reconnecter' }).click();
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte%2Fsessions$/);
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page).toHaveURL(/\/mon-compte\/sessions$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mes sessions' })).toBeVisible();
  await context.close();
});
