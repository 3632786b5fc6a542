// From directory entries to the directory's records (apply-records.ts), by the tenant's
// mapping. Decisions (README "Directory sync from LDAP"):
// - the external id attribute (uid, sAMAccountName…) is what finds the agent again after
//   a change of e-mail, and what a later run compares to find leavers; an entry without it
//   is refused;
// - the unit attribute's value names an Estran unit by its code, else its name (case and
//   accents aside; apply-records resolves it). A unit renamed in the directory whose new
//   name Estran does not know is refused for its agents, who stay as they are (and are not
//   leavers), until the unit is renamed in Estran or given that value as its code;
// - groups give agent and manager only (contracts' ldapGroupRoles); an entry in no mapped
//   group is an agent; the privileged roles an agent holds in Estran stay (apply-records);
// - the component comes from its attribute when mapped, else `defaultComponent` for a new
//   agent only: an existing agent's component, set in Estran, is kept.
import type { LdapMapping } from '@estran/contracts';
import type { Entry } from 'ldapts';
import type { DirectoryRecord } from './apply-records.ts';
import type { StoredRefusal } from './ldap-schema.ts';

type Value = Entry[string];

function first(value: Value | undefined): string | null | undefined {
  if (value === undefined) return undefined;
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined) return null;
  const s = Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  return s.trim() === '' ? null : s.trim();
}

function all(value: Value | undefined): string[] {
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (Buffer.isBuffer(v) ? v.toString('utf8') : String(v)));
}

/** ldapts gives attributes under the names the server answered: look them up case-insensitively. */
function attribute(entry: Entry, name: string | null | undefined): Value | undefined {
  if (!name) return undefined;
  if (name in entry) return entry[name];
  const lower = name.toLowerCase();
  const key = Object.keys(entry).find((k) => k.toLowerCase() === lower);
  return key === undefined ? undefined : entry[key];
}

/** A DN compared loosely: case and the spaces around `,` and `=` aside. */
export function normalizeDn(dn: string): string {
  return dn
    .split(',')
    .map((rdn) =>
      rdn
        .split('=')
        .map((p) => p.trim())
        .join('='),
    )
    .join(',')
    .toLowerCase();
}

/** The value of a DN's first RDN (`cn=encadrants,ou=groups,…` → `encadrants`). */
function firstRdnValue(dn: string): string {
  const rdn = dn.split(',')[0] ?? '';
  return rdn.slice(rdn.indexOf('=') + 1).trim().toLowerCase();
}

/** The roles an entry's groups give: agent, plus manager for a member of a manager group. */
export function rolesFromGroups(groups: string[], mapping: LdapMapping): string[] {
  const roles = new Set<string>(['agent']);
  for (const { group, role } of mapping.groupRoles) {
    const wanted = group.includes('=') ? normalizeDn(group) : group.trim().toLowerCase();
    const member = groups.some((g) => (group.includes('=') ? normalizeDn(g) === wanted : firstRdnValue(g) === wanted));
    if (member) roles.add(role);
  }
  return [...roles];
}

export type MappedEntries = {
  records: DirectoryRecord[];
  refused: StoredRefusal[];
  /** Every external id the directory lists (refused entries included: they did not leave). */
  listed: Set<string>;
};

/**
 * The records for apply-records. `isKnown` says whether an external id or e-mail already
 * names an agent of the tenant (a new agent gets the default component).
 */
export function entriesToRecords(entries: Entry[], mapping: LdapMapping, isKnown: (externalId: string, email: string | null) => boolean): MappedEntries {
  const records: DirectoryRecord[] = [];
  const refused: StoredRefusal[] = [];
  const listed = new Set<string>();
  for (const entry of entries) {
    const externalId = first(attribute(entry, mapping.externalId));
    if (!externalId) {
      refused.push({ dn: entry.dn, field: mapping.externalId, reason: `L’entrée n’a pas d’attribut ${mapping.externalId} (l’identifiant qui retrouve l’agent).` });
      continue;
    }
    listed.add(externalId);
    const email = first(attribute(entry, mapping.email));
    const record: DirectoryRecord = {
      dn: entry.dn,
      externalId,
      email: email ?? null,
      firstName: first(attribute(entry, mapping.firstName)) ?? null,
      lastName: first(attribute(entry, mapping.lastName)) ?? null,
    };
    if (mapping.professionalPhone) record.professionalPhone = first(attribute(entry, mapping.professionalPhone)) ?? null;
    if (mapping.mobilePhone) record.mobilePhone = first(attribute(entry, mapping.mobilePhone)) ?? null;
    if (mapping.unit) record.unit = first(attribute(entry, mapping.unit)) ?? null;
    const component = mapping.component ? first(attribute(entry, mapping.component)) : undefined;
    if (component) record.component = component;
    else if (!isKnown(externalId, email ?? null)) record.component = mapping.defaultComponent;
    if (mapping.groups && mapping.groupRoles.length) record.roles = rolesFromGroups(all(attribute(entry, mapping.groups)), mapping);
    records.push(record);
  }
  return { records, refused, listed };
}

/** How a refusal names the field: the directory's attribute. */
export function attributeLabels(mapping: LdapMapping) {
  return {
    externalId: mapping.externalId,
    email: mapping.email,
    firstName: mapping.firstName,
    lastName: mapping.lastName,
    ...(mapping.professionalPhone ? { professionalPhone: mapping.professionalPhone } : {}),
    ...(mapping.mobilePhone ? { mobilePhone: mapping.mobilePhone } : {}),
    ...(mapping.unit ? { unit: mapping.unit } : {}),
    ...(mapping.component ? { component: mapping.component } : {}),
    ...(mapping.groups ? { roles: mapping.groups } : {}),
  };
}
