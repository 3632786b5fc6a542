// CSV fields as audit's export writes them (features/audit/export-audit-events.ts): `;`
// between fields, CRLF line ends (RFC 4180 §2.1), quoted when needed (§2.6-2.7), formulas
// defused (OWASP "CSV injection": a field starting with =, +, -, @, tab or CR gets an
// apostrophe). A copy, because audit's index does not export its writer: it belongs in
// platform/ (or audit's index) once the audit feature's owner agrees — said in the report
// of the fleet's change.
export function csvField(value: string | number | null): string {
  let s = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: (string | number | null)[]): string {
  return `${fields.map(csvField).join(';')}\r\n`;
}
