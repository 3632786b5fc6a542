// Every page the journeys visit, at a phone's 320 CSS px (RGAA 10.11 reflow): its own
// <title> (RGAA 8.6), axe-core clean, nothing wider than the screen, and — where a form
// is used with the keyboard — focus left on something meaningful, never on <body>
// (RGAA 12.8), errors tied to their fields (RGAA 11.10, 11.11).
import type { Page } from '@playwright/test';
import { addSecurityKey } from '../fixtures/authenticator.ts';
import { expect, test } from '../fixtures/estran.ts';
import { importGuide } from '../fixtures/guide.ts';

const article = 'code-de-l-action-sociale-et-des-familles/partie-legislative/livre-ii/titre-vi/chapitre-iv/section-1/article-l264-1.md';

/** Title, axe, reflow at 320 px. */
async function checkPage(page: Page, a11y: (page: Page) => Promise<void>, title: string | RegExp) {
  await expect(page.locator('main h1')).toBeVisible();
  await expect(page).toHaveTitle(typeof title === 'string' ? `${title} — Estran` : title);
  expect(await page.title()).not.toBe('Estran');
  await a11y(page);
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const wide = Array.from(document.querySelectorAll('body *')).filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1).map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    return { scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 8) };
  });
  expect(overflow.scroll, `horizontal overflow at 320 px on ${page.url()}: ${overflow.wide.join(', ')}`).toBeLessThanOrEqual(overflow.client);
}

/** Focus is on an element of the page, not on <body> (nor lost). */
async function focusKept(page: Page) {
  await expect.poll(() => page.evaluate(() => document.activeElement !== null && document.activeElement !== document.body && document.activeElement.isConnected)).toBe(true);
}

test('each page has its own title, passes axe, reflows at 320 px and keeps focus after a form action', async ({ browser, estran, a11y }) => {
  // Under a minute on a quiet machine; the guide import dominates on a loaded one.
  test.setTimeout(240_000);
  importGuide(estran, 'edition-2014-01-01');
  const invitation = estran.cli(['enrolment', 'create', '--agent', 'admin@estran.localhost', '--method', 'security-key']);
  expect(invitation.code, invitation.stderr).toBe(0);
  const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
  const page = await context.newPage();
  await addSecurityKey(page);

  // Public pages. The login page: the personal form sent empty — the app's own messages,
  // tied to their fields, focus on the first one, « Erreur : » in the title.
  await page.goto(`${estran.origin}/connexion`);
  await checkPage(page, a11y, 'Connexion');
  await page.getByText('Ordinateur personnel sans clé').click();
  await page.getByRole('button', { name: 'Se connecter', exact: true }).focus();
  await page.keyboard.press('Enter');
  const login = page.getByRole('textbox', { name: 'Adresse électronique professionnelle' });
  await expect(login).toBeFocused();
  await expect(login).toHaveAttribute('aria-invalid', 'true');
  await expect(login).toHaveAccessibleDescription(/Ce champ est obligatoire/);
  await expect(page.getByRole('alert')).toContainText('Le formulaire contient 3 erreurs');
  await expect(page).toHaveTitle('Erreur : Connexion — Estran');
  await login.fill('pas-une-adresse');
  await page.getByRole('button', { name: 'Se connecter', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(login).toHaveAccessibleDescription(/adresse électronique complète/);
  await a11y(page);

  // A page that needs a session sends to the login page, which says it will come back.
  await page.goto(`${estran.origin}/mon-compte/cles`);
  await expect(page).toHaveURL(/\/connexion\?retour=%2Fmon-compte%2Fcles$/);
  await expect(page.getByText('vous reviendrez à la page où vous étiez')).toBeVisible();

  await page.goto(`${estran.origin}/deblocage`);
  await checkPage(page, a11y, 'Code de déblocage');
  await page.getByRole('textbox', { name: 'Adresse électronique professionnelle' }).fill('personne@estran.localhost');
  await page.getByRole('textbox', { name: 'Code de déblocage' }).fill('ABCD-EFGH');
  await page.getByRole('button', { name: 'Débloquer mon accès' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toBeVisible();
  await focusKept(page);

  await page.goto(`${estran.origin}/accessibilite`);
  await checkPage(page, a11y, 'Déclaration d’accessibilité');
  await page.goto(`${estran.origin}/nulle-part`);
  await checkPage(page, a11y, 'Page introuvable');

  // Activating a key, with the keyboard: focus goes to the outcome.
  await page.goto(`${estran.origin}/enrol#${invitation.stdout.trim()}`);
  await checkPage(page, a11y, 'Activer votre clé');
  await page.getByRole('button', { name: 'Enregistrer ma clé' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('est enregistrée')).toBeVisible();
  await focusKept(page);

  // Back to the page asked for before logging in.
  await page.goto(`${estran.origin}/connexion?retour=%2Fmon-compte%2Fcles`);
  await page.getByRole('button', { name: 'Se connecter avec ma clé' }).focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/mon-compte\/cles$/);
  await checkPage(page, a11y, 'Mes clés de sécurité');
  // A login never leaves for another site.
  await page.goto(`${estran.origin}/connexion?retour=%2F%2Fexemple.invalid%2F`);
  await expect(page).toHaveURL(`${estran.origin}/`);

  // Pages of a session.
  await checkPage(page, a11y, 'Mon espace');
  for (const [path, title] of [
    ['/mon-compte/sessions', 'Mes sessions'],
    ['/mon-compte/preferences', /^.+ — Estran$/],
    ['/guide', 'Guide documentaire'],
    ['/guide/recherche?q=domiciliation', 'Rechercher dans le guide'],
    ['/guide/favoris', 'Mes favoris'],
  ] as const) {
    await page.goto(`${estran.origin}${path}`);
    await checkPage(page, a11y, title);
  }
  await expect(page.getByRole('link', { name: 'Mes favoris' }).first()).toBeVisible();

  // An article: its title names it and its code; a bookmark and a note, with the keyboard.
  await page.goto(`${estran.origin}/guide/articles/${article}`);
  await checkPage(page, a11y, 'Article L264-1 — Code de l’action sociale et des familles (CASF)');
  await expect(page.getByText(/^Version du guide au/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Ajouter aux favoris' }).focus();
  await page.keyboard.press('Enter');
  const note = page.getByLabel('Ma note sur cet article');
  await expect(note).toBeFocused();
  await note.fill('À relire avant la permanence');
  await page.getByRole('button', { name: 'Enregistrer la note' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Note enregistrée.' })).toBeVisible();
  await focusKept(page);
  await page.goto(`${estran.origin}/guide/articles/${article}?print=1`);
  await expect(page.getByText('Code de l’action sociale et des familles (CASF)')).toBeVisible();
  await expect(page).toHaveTitle(/^Article L264-1 — Code de l’action sociale/);

  // Every tab of the administration area.
  await page.goto(`${estran.origin}/admin`);
  await expect(page.locator('main h1')).toContainText('Administration — ');
  const tabs = await page.getByRole('navigation', { name: 'Sections de l’administration' }).getByRole('link').evaluateAll((links) => links.map((a) => [a.getAttribute('href')!, a.textContent!.trim()] as const));
  expect(tabs.length).toBeGreaterThan(3);
  for (const [href, label] of tabs) {
    await page.goto(`${estran.origin}${href}`);
    await checkPage(page, a11y, `Administration — ${label}`);
  }

  // A service token: its scopes read as sentences; none ticked is refused in words, on the field.
  await page.goto(`${estran.origin}/admin/tokens`);
  await expect(page.getByRole('checkbox', { name: /Lire le guide documentaire/ })).toBeVisible();
  await page.getByRole('textbox', { name: 'Nom' }).fill('Portail usagers');
  await page.getByRole('button', { name: 'Créer' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('checkbox', { name: /Lire le guide documentaire/ })).toBeFocused();
  await expect(page.getByText('Cochez au moins une portée.').last()).toBeVisible();
  await context.close();
});
