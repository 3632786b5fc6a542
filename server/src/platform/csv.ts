// CSV as French spreadsheets open it, for every export (the audit trail, the fleet): `;`
// between fields, CRLF line ends (RFC 4180 §2.1), the caller writing a UTF-8 BOM first.

/**
 * One CSV field: quoted when it holds the separator, a quote or a line break (RFC 4180
 * §2.6-2.7). A field a spreadsheet would run as a formula (=, +, -, @, tab, CR first:
 * OWASP "CSV injection") starts with an apostrophe, since names and details come from users.
 */
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(';')}\r\n`;
}
