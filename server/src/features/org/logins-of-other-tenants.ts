// A professional e-mail belongs to one tenant (the password + TOTP login finds the tenant
// from it: migration 0002's login_directory, kept by a trigger on agents). Before a bulk
// write, the directory's import asks which of its new e-mails another tenant already has,
// to refuse those lines by name instead of failing on the unique key.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';

/** Of `emails`, the lower-cased ones another tenant's agents hold. */
export async function loginsOfOtherTenants(tx: Tx, tenantId: string, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const logins = [...new Set(emails.map((e) => e.toLowerCase()))];
  // Both drivers (PGlite, node-postgres) answer raw SQL with { rows }.
  const result = (await tx.execute(
    sql`select login from login_directory
        where login in (select jsonb_array_elements_text(${JSON.stringify(logins)}::jsonb)) and tenant_id <> ${tenantId}::uuid`,
  )) as unknown as { rows: { login: string }[] };
  return new Set(result.rows.map((r) => r.login));
}
