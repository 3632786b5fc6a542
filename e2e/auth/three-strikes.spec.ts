// Aïcha, at home on her personal computer: password right, three wrong codes from her
// authenticator app. She is told, in French, to call the helpdesk; Sophie checks her
// identity and reads her an unblock code; Aïcha types it and logs in.
// Then an agent with a key: a PIN the key refuses is no strike, and neither are
// assertions corrupted in flight (their signature does not verify: anyone could forge
// them under his credential id); they only slow the address down.
import * as OTPAuth from 'otpauth';
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey, agents, openAgentFile } from '../fixtures/people.ts';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'Goélette-marée-basse-2026!';

function totpFor(secret: string) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), period: 30, digits: 6, algorithm: 'SHA1' });
  const at = (offsetSteps: number) => totp.generate({ timestamp: Date.now() + offsetSteps * 30_000 });
  const valid = new Set([at(-1), at(0), at(1), at(2)]);
  const wrong = ['000000', '111111', '222222', '333333', '444444', '555555'].filter((c) => !valid.has(c));
  // `next` is a step the enrolment did not spend: a code is accepted once (RFC 6238 §5.2).
  return { now: () => at(0), next: () => at(1), wrong };
}

test.beforeAll(({ estran }) => estran.seed());

test('password + wrong TOTP three times suspends; the helpdesk unblock procedure restores access', async ({ browser, estran, a11y }) => {
  const sophie = await adminWithKey(browser, estran);
  const [aicha] = await agents(sophie, estran, 1);

  // Sophie sends Aïcha an invitation for her personal computer.
  await openAgentFile(sophie, estran, aicha!);
  await a11y(sophie);
  // An invitation, like an unblock code, follows the identity check.
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  await sophie.getByRole('button', { name: 'Invitation mot de passe + application (ordinateur personnel)' }).click();
  const link = (await sophie.getByTestId('enrolment-link').textContent())!.trim();

  // Aïcha sets her password and her authenticator app.
  const home = await (await browser.newContext()).newPage();
  await home.goto(link);
  await expect(home.getByText(`Invitation pour ${aicha!.displayName}`)).toBeVisible();
  const secret = (await home.locator('code.secret').textContent())!.replace(/\s/g, '');
  const codes = totpFor(secret);
  await a11y(home);
  await home.getByLabel('Mot de passe', { exact: true }).fill('motdepasse123');
  await home.getByLabel('Confirmez le mot de passe').fill('motdepasse123');
  await home.getByLabel('Code à 6 chiffres affiché par l’application').fill(codes.now());
  await home.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(home.getByRole('alert')).toContainText('Mot de passe trop faible');
  await home.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await home.getByLabel('Confirmez le mot de passe').fill(PASSWORD);
  await home.getByLabel('Code à 6 chiffres affiché par l’application').fill(codes.now());
  await home.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(home.getByText('C’est fait.')).toBeVisible();

  // Monday morning: right password, three wrong codes.
  await home.goto(`${estran.origin}/connexion`);
  await home.getByText('Ordinateur personnel sans clé').click();
  for (let attempt = 1; attempt <= 3; attempt++) {
    await home.getByLabel('Adresse électronique professionnelle').fill(aicha!.email);
    await home.getByLabel('Mot de passe').fill(PASSWORD);
    await home.getByLabel('Code à 6 chiffres de l’application').fill(codes.wrong[attempt]!);
    await home.getByRole('button', { name: 'Se connecter', exact: true }).click();
    if (attempt < 3) await expect(home.getByRole('alert')).toContainText('Authentification refusée');
  }
  await expect(home.getByRole('heading', { level: 1, name: 'Accès bloqué' })).toBeVisible();
  await expect(home.getByRole('alert')).toContainText('Appelez l’assistance au 02 96 00 00 00');
  await a11y(home);

  // Sophie calls her back, ticks the checklist, reads her the code.
  await sophie.reload();
  await expect(sophie.getByText('Bloqué', { exact: true })).toBeVisible();
  await sophie.getByRole('button', { name: 'Délivrer le code de déblocage' }).click();
  await expect(sophie.getByRole('alert')).toContainText('Vérification d’identité incomplète');
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  await sophie.getByRole('button', { name: 'Délivrer le code de déblocage' }).click();
  const code = (await sophie.locator('.big-code').textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
  // Spelled letter by letter for a screen reader, in visually hidden text (not an aria-label on a <p>).
  await expect(sophie.getByText(`Lettre par lettre : ${code.split('').join(' ')}`)).toBeAttached();
  await expect(sophie.locator('.big-code')).not.toHaveAttribute('aria-label');
  await a11y(sophie);

  // Aïcha types it, then logs in.
  await home.getByRole('link', { name: 'Saisir mon code de déblocage' }).click();
  await home.getByLabel('Adresse électronique professionnelle').fill(aicha!.email);
  await home.getByLabel('Code de déblocage').fill(code.toLowerCase());
  await home.getByRole('button', { name: 'Débloquer mon accès' }).click();
  await expect(home.getByText('Votre accès est débloqué')).toBeVisible();
  await a11y(home);
  await home.getByRole('link', { name: 'Aller à la connexion' }).click();
  await home.getByText('Ordinateur personnel sans clé').click();
  await home.getByLabel('Adresse électronique professionnelle').fill(aicha!.email);
  await home.getByLabel('Mot de passe').fill(PASSWORD);
  await home.getByLabel('Code à 6 chiffres de l’application').fill(codes.next());
  await home.getByRole('button', { name: 'Se connecter', exact: true }).click();
  await expect(home.getByRole('heading', { level: 1, name: `Bonjour ${aicha!.displayName}` })).toBeVisible();
  await expect(home.getByText('Niveau de confiance de ce poste : Ordinateur personnel')).toBeVisible();

  // Both sides are in the audit trail, with both agents' ids.
  const verify = estran.cli(['audit', 'verify']);
  expect(verify.code, verify.stdout + verify.stderr).toBe(0);
});

test('a refused PIN is no strike, nor are assertions corrupted in flight', async ({ browser, estran, a11y }) => {
  const sophie = await adminWithKey(browser, estran);
  const [, yann] = await agents(sophie, estran, 2);
  await openAgentFile(sophie, estran, yann!);
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  await sophie.getByRole('button', { name: 'Invitation à enregistrer une clé' }).click();
  const link = (await sophie.getByTestId('enrolment-link').textContent())!.trim();

  const page = await (await browser.newContext()).newPage();
  const key = await addSecurityKey(page);
  await page.goto(link);
  await page.getByRole('button', { name: 'Enregistrer ma clé' }).click();
  await expect(page.getByText('est enregistrée')).toBeVisible();
  await page.getByRole('link', { name: 'Aller à la connexion' }).click();

  // The key refuses the PIN: the ceremony fails in the browser, nothing reaches the server.
  await key.setPinAccepted(false);
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page.getByRole('alert')).toContainText('La clé n’a pas confirmé votre identité');
  await a11y(page);
  const file = await sophie.request.get(`${estran.origin}/api/helpdesk/agents/${yann!.id}`);
  expect((await file.json()).agent.failedAttempts).toBe(0);
  await key.setPinAccepted(true);

  // Assertions corrupted in flight: the server refuses them, and counts none against Yann.
  await page.route('**/api/auth/webauthn/login/verify', async (route) => {
    const body = route.request().postDataJSON() as { response: { signature: string } };
    const sig = Buffer.from(body.response.signature, 'base64url');
    sig[sig.length - 1]! ^= 0xff;
    body.response.signature = sig.toString('base64url');
    await route.continue({ postData: JSON.stringify(body) });
  });
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
    await expect(page.getByRole('alert')).toContainText('Authentification refusée');
  }
  await page.unroute('**/api/auth/webauthn/login/verify');
  const after = await (await sophie.request.get(`${estran.origin}/api/helpdesk/agents/${yann!.id}`)).json();
  expect(after.agent.status).toBe('active');
  expect(after.agent.failedAttempts).toBe(0);

  // His own key still opens his workspace.
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Bonjour/ })).toBeVisible();
});
