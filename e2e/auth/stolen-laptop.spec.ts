// Marc's council laptop, stolen from a car. It was registered as a managed laptop, so his
// sessions there carry that trust level. Sophie declares it stolen: its sessions end at
// once and it cannot open one again (the browser is told to wipe its local vault).
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';
import { adminWithKey, agents, openAgentFile } from '../fixtures/people.ts';

test('a laptop declared stolen loses its sessions at once and is refused afterwards', async ({ browser, estran, a11y }) => {
  estran.seed();
  const sophie = await adminWithKey(browser, estran);
  sophie.on('dialog', (dialog) => void dialog.accept());
  const marc = (await agents(sophie, estran, 3))[2]!;

  // IT registers Marc's laptop; the link is opened on the laptop.
  await sophie.goto(`${estran.origin}/admin/devices`);
  await sophie.getByLabel('Poste').fill('PC-0042 (Marc)');
  await sophie.getByRole('button', { name: 'Enregistrer un poste' }).click();
  const deviceLink = (await sophie.getByTestId('device-link').textContent())!.trim();
  await a11y(sophie);
  await openAgentFile(sophie, estran, marc);
  await sophie.getByLabel(/Rappel au numéro professionnel enregistré/).check();
  await sophie.getByRole('button', { name: 'Invitation à enregistrer une clé' }).click();
  const keyLink = (await sophie.getByTestId('enrolment-link').textContent())!.trim();

  const laptop = await (await browser.newContext()).newPage();
  await addSecurityKey(laptop);
  await laptop.goto(deviceLink);
  await laptop.getByRole('button', { name: 'Enregistrer ce poste' }).click();
  await expect(laptop.getByText('Ce poste est enregistré')).toBeVisible();
  await a11y(laptop);
  await laptop.goto(keyLink);
  await laptop.getByRole('button', { name: 'Enregistrer ma clé' }).click();
  await expect(laptop.getByText('est enregistrée')).toBeVisible();
  await laptop.getByRole('link', { name: 'Aller à la connexion' }).click();
  await laptop.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(laptop.getByText('Niveau de confiance de ce poste : Poste géré')).toBeVisible();

  // 19:00, the helpdesk declares it stolen.
  await sophie.goto(`${estran.origin}/assistance`);
  await sophie.getByRole('button', { name: 'Déclarer PC-0042 (Marc) volé' }).click();
  await expect(sophie.getByText('Poste déclaré volé : 1 session fermée.')).toBeVisible();

  // The thief's next request finds no session; a new login from that laptop is refused.
  await laptop.reload();
  await expect(laptop).toHaveURL(/\/connexion$/);
  await laptop.getByRole('button', { name: 'Se connecter avec ma clé' }).click();
  await expect(laptop.getByRole('alert')).toContainText('Ce poste a été déclaré volé');
});
