// An organisation's logo (issue 17): set and removed by its administrator, served to
// anyone (the login page shows it before any session). Stored in the tenants row (bytea)
// with its type and the time it changed, which versions its URL.
//
// The type is recognised from the bytes (contracts' organisationLogoType: PNG, JPEG,
// WebP), never from the file's name or the Content-Type it came with, and the answer
// always carries that type with `X-Content-Type-Options: nosniff` (app.ts): a file named
// .png holding HTML is refused, and nothing served here is ever a document or a script.
// SVG is refused outright: it is XML that may carry script (and no recogniser is needed
// to see it is not one of the three).
import { createHash } from 'node:crypto';
import { arrayContains, eq } from 'drizzle-orm';
import { limits, organisationLogoType, organisationLogoUrl, type Organisation, type OrganisationBranding, type OrganisationLogoType } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { HttpError } from '../../platform/http-errors.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { recordAudit } from '../audit/index.ts';
import { organisationColumns, readOrganisation } from './read-organisation.ts';
import { tenants } from './schema.ts';

type LogoFacts = { contentType: string; bytes: number; sha256: string } | null;

export const unsupportedLogo = () =>
  new HttpError(415, 'unsupported_media_type', 'Le logo doit être une image PNG, JPEG ou WebP (le format SVG n’est pas accepté : il peut contenir du code).');
export const logoTooLarge = () => new HttpError(413, 'payload_too_large', `Le logo dépasse ${limits.organisationLogoMaxBytes / 1024} Kio : réduisez l’image.`);

/** Sets the tenant's logo from the uploaded bytes (audited as tenant.logo_changed). */
export async function setOrganisationLogo(
  database: Database,
  input: { tenantId: string; image: Uint8Array; actor: AuditActor; requestId?: string | undefined },
): Promise<Organisation> {
  if (input.image.length > limits.organisationLogoMaxBytes) throw logoTooLarge();
  const type = organisationLogoType(input.image);
  if (!type) throw unsupportedLogo();
  const image = Buffer.from(input.image.buffer, input.image.byteOffset, input.image.byteLength);
  return changeLogo(database, { ...input, logo: { image, type } });
}

/** Removes the tenant's logo (audited as tenant.logo_changed; nothing happens without one). */
export async function removeOrganisationLogo(database: Database, input: { tenantId: string; actor: AuditActor; requestId?: string | undefined }): Promise<void> {
  await changeLogo(database, { ...input, logo: null });
}

async function changeLogo(
  database: Database,
  input: { tenantId: string; logo: { image: Buffer; type: OrganisationLogoType } | null; actor: AuditActor; requestId?: string | undefined },
): Promise<Organisation> {
  // The tenants row is written in the operator's scope only (its named RLS exception); the
  // tenant's id is set too, for its audit chain, in the same transaction.
  return database.operator(
    async (tx) => {
      const [row] = await tx
        .select({ logo: tenants.logo, logoType: tenants.logoType })
        .from(tenants)
        .where(eq(tenants.id, input.tenantId))
        .for('update');
      const before = facts(row?.logo ?? null, row?.logoType ?? null);
      const after = input.logo ? facts(input.logo.image, input.logo.type) : null;
      if (before?.sha256 !== after?.sha256) {
        await tx
          .update(tenants)
          .set(input.logo ? { logo: input.logo.image, logoType: input.logo.type, logoUpdatedAt: new Date() } : { logo: null, logoType: null, logoUpdatedAt: null })
          .where(eq(tenants.id, input.tenantId));
        await recordAudit(tx, input.tenantId, {
          action: 'tenant.logo_changed',
          actor: input.actor,
          target: { type: 'tenant', id: input.tenantId },
          data: { before, after },
          requestId: input.requestId,
        });
      }
      return (await readOrganisation(tx, input.tenantId))!;
    },
    { tenantId: input.tenantId },
  );
}

function facts(image: Buffer | null, type: string | null): LogoFacts {
  if (!image || !type) return null;
  return { contentType: type, bytes: image.length, sha256: createHash('sha256').update(image).digest('hex') };
}

export type StoredLogo = { image: Buffer; contentType: OrganisationLogoType; updatedAt: Date };

/** A tenant's logo, or undefined (none, or no such tenant). Public: read in the operator's scope. */
export async function readOrganisationLogo(database: Database, tenantId: string): Promise<StoredLogo | undefined> {
  const [row] = await database.operator((tx) =>
    tx.select({ image: tenants.logo, contentType: tenants.logoType, updatedAt: tenants.logoUpdatedAt }).from(tenants).where(eq(tenants.id, tenantId)),
  );
  return row?.image && row.contentType && row.updatedAt ? { image: row.image, contentType: row.contentType, updatedAt: row.updatedAt } : undefined;
}

/**
 * The tenant a host name belongs to (tenants.hostnames, set by the operator), else the
 * operator's tenant: whose name and logo the login page shows. Undefined before first start.
 */
export async function organisationForHost(database: Database, hostname: string): Promise<{ id: string; name: string; logoUpdatedAt: Date | null } | undefined> {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return database.operator(async (tx) => {
    const columns = { id: organisationColumns.id, name: organisationColumns.name, logoUpdatedAt: organisationColumns.logoUpdatedAt };
    const [byHost] = host ? await tx.select(columns).from(tenants).where(arrayContains(tenants.hostnames, [host])) : [];
    if (byHost) return byHost;
    const [operator] = await tx.select(columns).from(tenants).where(eq(tenants.isOperator, true));
    return operator;
  });
}

/** What GET /api/org/branding answers for a host name. */
export async function brandingForHost(database: Database, hostname: string): Promise<OrganisationBranding> {
  const t = await organisationForHost(database, hostname);
  return { name: t?.name ?? 'Estran', logoUrl: t?.logoUpdatedAt ? organisationLogoUrl(t.id, t.logoUpdatedAt) : null };
}
