// Reading the directory (ldapts): connect (ldap://, ldap:// upgraded with StartTLS — RFC
// 4511 §4.14 —, or ldaps://), bind with the tenant's service account (simple bind, RFC
// 4513 §5.1.3: over TLS only, unless the administrator chose "none" on a closed network),
// then a paged subtree search (RFC 2696: Active Directory answers 1,000 entries a page at
// most) for the mapped attributes only. Failures become LdapSearchError with a French
// message an administrator can act on; the password is never part of a message or a log.
import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import type { LdapMapping, LdapTlsMode } from '@estran/contracts';

export type LdapConnection = {
  url: string;
  bindDn: string;
  bindPassword: string;
  baseDn: string;
  filter: string;
  tls: LdapTlsMode;
  caCertificate: string | null;
};

export class LdapSearchError extends Error {}

const PAGE_SIZE = 500;
const TIMEOUT_MS = 30_000;

/** The attributes a mapping reads. */
export function mappedAttributes(mapping: LdapMapping): string[] {
  const names = [mapping.externalId, mapping.firstName, mapping.lastName, mapping.email, mapping.professionalPhone, mapping.mobilePhone, mapping.unit, mapping.component, mapping.groups];
  return [...new Set(names.filter((n): n is string => typeof n === 'string' && n.length > 0))];
}

function explain(error: unknown, connection: LdapConnection): LdapSearchError {
  const e = error as NodeJS.ErrnoException & { code?: unknown };
  if (error instanceof InvalidCredentialsError) {
    return new LdapSearchError(`L’annuaire a refusé la connexion du compte ${connection.bindDn} : identifiant (DN) ou mot de passe incorrect.`);
  }
  if (error instanceof NoSuchObjectError) {
    return new LdapSearchError(`La base de recherche ${connection.baseDn} n’existe pas dans l’annuaire.`);
  }
  if (e?.code === 'ECONNREFUSED' || e?.code === 'ENOTFOUND' || e?.code === 'EHOSTUNREACH' || e?.code === 'ETIMEDOUT') {
    return new LdapSearchError(`Serveur d’annuaire injoignable à ${connection.url} (${String(e.code)}).`);
  }
  if (/certificate|self[- ]signed|CERT_|unable to verify/i.test(e?.message ?? '') || String(e?.code ?? '').startsWith('ERR_TLS') || /CERT/.test(String(e?.code ?? ''))) {
    return new LdapSearchError(
      `Le certificat du serveur d’annuaire n’est pas reconnu (${e.message}) : indiquez le certificat de l’autorité qui l’a signé (champ « Certificat de l’autorité »).`,
    );
  }
  return new LdapSearchError(`Erreur de l’annuaire : ${e?.message ?? String(error)}`);
}

/** Binds and searches; the entries with the mapped attributes. */
export async function searchDirectory(connection: LdapConnection, mapping: LdapMapping): Promise<Entry[]> {
  const tlsOptions = connection.caCertificate ? { ca: connection.caCertificate } : {};
  const ldaps = connection.tls === 'ldaps';
  let url = connection.url;
  if (ldaps && url.toLowerCase().startsWith('ldap://')) url = `ldaps://${url.slice('ldap://'.length)}`;
  if (!ldaps && url.toLowerCase().startsWith('ldaps://')) {
    throw new LdapSearchError('L’adresse commence par ldaps:// : choisissez le chiffrement « LDAPS ».');
  }
  const client = new Client({ url, timeout: TIMEOUT_MS, connectTimeout: 10_000, ...(ldaps ? { tlsOptions } : {}) });
  try {
    if (connection.tls === 'starttls') await client.startTLS(tlsOptions);
    await client.bind(connection.bindDn, connection.bindPassword);
    const { searchEntries } = await client.search(connection.baseDn, {
      scope: 'sub',
      filter: connection.filter,
      attributes: mappedAttributes(mapping),
      paged: { pageSize: PAGE_SIZE },
      timeLimit: 300,
    });
    return searchEntries;
  } catch (error) {
    throw explain(error, connection);
  } finally {
    await client.unbind().catch(() => {});
  }
}
