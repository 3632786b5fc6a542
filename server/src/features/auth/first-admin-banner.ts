// The first administrator's enrolment link, as the operator's terminal shows it: framed so
// that it stands out from the JSON log lines, the expiry in French and the tenant's time
// zone (never ISO or UTC on the terminal). The link carries a secret: it goes to the
// terminal only, never into the structured log (ARCHITECTURE.md: secrets never reach logs).

export function firstAdminBanner(input: { created: boolean; url: string; expiresAt: Date; timeZone?: string }): string {
  const until = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: input.timeZone ?? 'Europe/Paris' }).format(input.expiresAt);
  const lines = [
    input.created ? 'Première installation : la collectivité et son premier administrateur ont été créés.' : 'Le premier administrateur n’a pas encore activé sa clé.',
    'Ouvrez ce lien avec la clé de sécurité du premier administrateur branchée :',
    '',
    `  ${input.url}`,
    '',
    `Usage unique, valable jusqu’au ${until}.`,
  ];
  const width = Math.max(...lines.map((l) => l.length)) + 2;
  const rule = '═'.repeat(width);
  return `\n╔${rule}╗\n${lines.map((l) => `║ ${l.padEnd(width - 1)}║`).join('\n')}\n╚${rule}╝\n\n`;
}
