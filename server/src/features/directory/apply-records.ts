// The core of every directory source (a CSV or ODS file, the LDAP sync): records in,
// agents created or changed all or nothing, a report out.
//
// A record carries the source's raw text (a spreadsheet's cells, an entry's attributes);
// a field left undefined is not given by the source (its column is absent) and is kept
// as it is on an existing agent; null (an empty cell) clears it. Each record is checked
// against the tenant's directory as one snapshot (readDirectory), in one transaction that
// holds the tenant's import lock, so two imports never interleave:
//   1. the fields, with the contracts' rules (createAgentBody's e-mail, names, phones, external id);
//   2. the component and the roles, by code or French label; only directoryGrantableRoles
//      (agent, manager) — the privileged roles are given in Estran and kept by an import;
//   3. the unit (its code, else its name: one open unit) and the site (its name; several
//      of one name: the one of the agent's unit);
//   4. duplicates within the records (e-mail, external id), each naming the first line;
//   5. the match: by external id, else by e-mail; an e-mail or external id another agent
//      holds is refused; nobody changes their own roles through an import;
//   6. unchanged agents are counted and left alone; created and changed ones written by
//      org's bulkUpsertAgents (audited agent.created / agent.updated).
// One refusal and nothing is written (mode=apply answers applied: false). The last
// administrator rule holds by construction: an import never removes a role it may not
// give, and never deactivates anyone (the LDAP sync deactivates leavers itself).
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  componentLabelsFr,
  components,
  createAgentBody,
  directoryGrantableRoles,
  foldAccents,
  roleLabelsFr,
  roles as allRoles,
  type Component,
  type DirectoryImportField,
  type DirectoryImportMode,
  type DirectoryImportReport,
  type DirectoryRefusal,
  type Role,
} from '@estran/contracts';
import type { Database, Tx } from '../../db/client.ts';
import type { AuditActor } from '../../platform/principal.ts';
import { bulkUpsertAgents, loginsOfOtherTenants, readDirectory, type DirectoryAgent, type DirectoryAgentFields } from '../org/index.ts';

/** One agent as a source gives it: raw text, undefined for a field it does not give, null for an empty one. */
export type DirectoryRecord = {
  /** The line as the spreadsheet shows it (the header is line 1). */
  line?: number;
  /** The LDAP entry. */
  dn?: string;
} & { [F in Exclude<DirectoryImportField, 'roles'>]?: string | null } & {
  /** Role codes or French labels; undefined or empty: kept (a new agent gets `agent`). */
  roles?: readonly string[] | null;
};

export type ApplyDirectoryOptions = {
  actor: AuditActor;
  mode: DirectoryImportMode;
  /** Leavers are the LDAP sync's own step; an import never deactivates anyone. */
  deactivateMissing?: false;
  /** Said in each audit event: `import` (default) or `ldap`. */
  source?: string;
  /** How the source names each field in a refusal (a file's own header, an LDAP attribute). */
  fieldLabels?: Partial<Record<DirectoryImportField, string>>;
  requestId?: string | undefined;
};

export type DirectoryApplyReport = DirectoryImportReport & {
  /** The agents the records name (created, changed or unchanged): what the LDAP sync keeps. */
  agentIds: string[];
};

const shape = createAgentBody.shape;
/** The contracts' rule of each text field (the same messages as the forms). */
const fieldRules = {
  email: shape.email,
  firstName: shape.firstName,
  lastName: shape.lastName,
  professionalPhone: shape.professionalPhone.unwrap(),
  mobilePhone: shape.mobilePhone.unwrap(),
  externalId: shape.externalId.unwrap(),
} satisfies Partial<Record<DirectoryImportField, z.ZodType>>;

/** Case, accents, spaces and punctuation aside: "Médico-social et PMI" = "medico social et pmi". */
export function foldKey(s: string): string {
  return foldAccents(s.toLowerCase())
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const componentByKey = new Map<string, Component>();
for (const c of components) {
  componentByKey.set(foldKey(c), c);
  componentByKey.set(foldKey(componentLabelsFr[c]), c);
}
const roleByKey = new Map<string, Role>();
for (const r of allRoles) {
  roleByKey.set(foldKey(r), r);
  roleByKey.set(foldKey(roleLabelsFr[r]), r);
}
const grantable = new Set<Role>(directoryGrantableRoles);
const roleOrder = (a: Role, b: Role) => allRoles.indexOf(a) - allRoles.indexOf(b);
const sameRoles = (a: readonly Role[], b: readonly Role[]) => a.length === b.length && a.every((r) => b.includes(r));

/** A count and its noun: French takes the singular for 0 and 1 ("0 créé", "2 créés"). */
function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;
}

/** The report's sentence; `feminine` for units (« 2 créées »), agents otherwise. */
export function summarize(r: Pick<DirectoryImportReport, 'mode' | 'applied' | 'created' | 'updated' | 'unchanged' | 'refused'>, options: { feminine?: boolean } = {}): string {
  const e = options.feminine ? 'e' : '';
  const counts = `${count(r.created, `créé${e}`, `créé${e}s`)}, ${count(r.updated, `modifié${e}`, `modifié${e}s`)}, ${count(r.unchanged, `inchangé${e}`, `inchangé${e}s`)}`;
  if (r.refused.length) {
    const lines = new Set(r.refused.filter((x) => x.line !== undefined).map((x) => x.line)).size;
    const entries = new Set(r.refused.filter((x) => x.line === undefined).map((x) => x.dn ?? '')).size;
    const what = [lines ? count(lines, 'ligne refusée', 'lignes refusées') : '', entries ? count(entries, 'entrée refusée', 'entrées refusées') : ''].filter(Boolean).join(', ');
    return `${what} : rien n’a été importé.`;
  }
  return r.applied ? counts : `Vérification réussie, rien n’a été importé : ${counts} à l’import.`;
}

/** applyDirectoryRecordsTx in its own tenant transaction. */
export async function applyDirectoryRecords(
  database: Database,
  tenantId: string,
  records: readonly DirectoryRecord[],
  options: ApplyDirectoryOptions,
): Promise<DirectoryApplyReport> {
  return database.tenant(tenantId, (tx) => applyDirectoryRecordsTx(tx, tenantId, records, options));
}

/** The same in the caller's tenant transaction (the LDAP sync deactivates its leavers in it too). */
export async function applyDirectoryRecordsTx(
  tx: Tx,
  tenantId: string,
  records: readonly DirectoryRecord[],
  options: ApplyDirectoryOptions,
): Promise<DirectoryApplyReport> {
  // One import of a tenant at a time (its snapshot stays true until COMMIT).
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('estran.directory-import'), hashtext(${tenantId}))`);
  const directory = await readDirectory(tx);
  const refused: DirectoryRefusal[] = [];
  const labelOf = (f: DirectoryImportField) => options.fieldLabels?.[f] ?? f;

  // The tenant's directory, indexed.
  const agentByEmail = new Map(directory.agents.map((a) => [a.email.toLowerCase(), a]));
  const agentByExternalId = new Map(directory.agents.filter((a) => a.externalId).map((a) => [a.externalId!, a]));
  const unitsByCode = new Map<string, typeof directory.units>();
  const unitsByName = new Map<string, typeof directory.units>();
  for (const u of directory.units) {
    push(unitsByCode, u.code.trim().toLowerCase(), u);
    push(unitsByName, foldKey(u.name), u);
  }
  const sitesByName = new Map<string, typeof directory.sites>();
  for (const s of directory.sites) push(sitesByName, foldKey(s.name), s);

  const firstLineOfEmail = new Map<string, string>();
  const firstLineOfExternalId = new Map<string, string>();
  const create: DirectoryAgentFields[] = [];
  const update: { before: DirectoryAgent; after: DirectoryAgentFields }[] = [];
  /** Where each new e-mail comes from (a new agent's, a changed one's), for step 5's last check. */
  const newEmails = new Map<string, Pick<DirectoryRefusal, 'line' | 'dn'>>();
  const agentIds: string[] = [];
  let unchanged = 0;
  const actorId = options.actor.type === 'agent' ? options.actor.id : null;

  for (const record of records) {
    const where = record.line !== undefined ? { line: record.line } : record.dn !== undefined ? { dn: record.dn } : {};
    const named = record.line !== undefined ? `la ligne ${record.line}` : `l’entrée ${record.dn ?? '?'}`;
    let ok = true;
    const refuse = (field: DirectoryImportField | undefined, reason: string) => {
      ok = false;
      refused.push({ ...where, ...(field ? { field: labelOf(field) } : {}), reason });
    };
    const text = <F extends keyof typeof fieldRules>(field: F, required: boolean): string | null | undefined => {
      const raw = record[field];
      if (raw === undefined) return undefined;
      if (raw === null || raw.trim() === '') {
        if (required) refuse(field, `${fieldName[field]} obligatoire.`);
        return null;
      }
      const parsed = fieldRules[field].safeParse(raw);
      if (!parsed.success) {
        refuse(field, `${parsed.error.issues[0]?.message ?? 'Valeur invalide.'} (« ${raw.trim()} »)`);
        return undefined;
      }
      return parsed.data as string;
    };

    // 1. Fields.
    const email = text('email', true);
    if (email === undefined && record.email === undefined) refuse('email', 'Adresse électronique obligatoire.');
    const externalId = text('externalId', false);
    const firstName = text('firstName', false);
    const lastName = text('lastName', false);
    const professionalPhone = text('professionalPhone', false);
    const mobilePhone = text('mobilePhone', false);

    // 2. Component and roles.
    let component: Component | null | undefined;
    if (record.component !== undefined && record.component !== null && record.component.trim() !== '') {
      component = componentByKey.get(foldKey(record.component));
      if (!component) refuse('component', `Pôle inconnu : « ${record.component.trim()} » (attendu : ${components.map((c) => componentLabelsFr[c]).join(', ')}, ou leur code).`);
    } else if (record.component !== undefined) component = null;
    let givenRoles: Role[] | undefined;
    const roleCells = (record.roles ?? []).map((r) => r.trim()).filter(Boolean);
    if (roleCells.length) {
      givenRoles = [];
      for (const cell of roleCells) {
        const r = roleByKey.get(foldKey(cell));
        if (!r) refuse('roles', `Rôle inconnu : « ${cell} » (attendu : ${directoryGrantableRoles.join(' ou ')}).`);
        else if (!grantable.has(r)) refuse('roles', `Le rôle « ${roleLabelsFr[r]} » se donne dans Estran par un administrateur, pas par un import (un import donne ${directoryGrantableRoles.join(' ou ')}).`);
        else if (!givenRoles.includes(r)) givenRoles.push(r);
      }
      givenRoles.sort(roleOrder);
    }

    // 3. Unit and site.
    let unitId: string | null | undefined;
    if (record.unit !== undefined && record.unit !== null && record.unit.trim() !== '') {
      const cell = record.unit.trim();
      const candidates = unitsByCode.get(cell.toLowerCase()) ?? unitsByName.get(foldKey(cell)) ?? [];
      const open = candidates.filter((u) => !u.closed);
      if (candidates.length === 0) refuse('unit', `Unité inconnue : « ${cell} » (ni un code ni un nom d’unité de la collectivité).`);
      else if (open.length === 0) refuse('unit', `L’unité « ${cell} » est fermée.`);
      else if (open.length > 1) refuse('unit', `Plusieurs unités s’appellent « ${cell} » : indiquez son code (${open.map((u) => u.code).join(', ')}).`);
      else unitId = open[0]!.id;
    } else if (record.unit !== undefined) unitId = null;
    let siteId: string | null | undefined;
    if (record.site !== undefined && record.site !== null && record.site.trim() !== '') {
      const cell = record.site.trim();
      const candidates = sitesByName.get(foldKey(cell)) ?? [];
      const ofUnit = candidates.length > 1 && unitId ? candidates.filter((s) => s.unitId === unitId) : candidates;
      if (candidates.length === 0) refuse('site', `Site inconnu : « ${cell} ».`);
      else if (ofUnit.length !== 1) refuse('site', `Plusieurs sites s’appellent « ${cell} » : indiquez l’unité de l’agent pour choisir le sien.`);
      else siteId = ofUnit[0]!.id;
    } else if (record.site !== undefined) siteId = null;

    // 4. Duplicates within the records.
    if (email) {
      const first = firstLineOfEmail.get(email.toLowerCase());
      if (first) refuse('email', `L’adresse ${email} figure déjà à ${first}.`);
      else firstLineOfEmail.set(email.toLowerCase(), named);
    }
    if (externalId) {
      const first = firstLineOfExternalId.get(externalId);
      if (first) refuse('externalId', `Le matricule « ${externalId} » figure déjà à ${first}.`);
      else firstLineOfExternalId.set(externalId, named);
    }
    if (!ok || !email) continue;

    // 5. The match: by external id, else by e-mail.
    const byEmail = agentByEmail.get(email.toLowerCase());
    const existing = (externalId ? agentByExternalId.get(externalId) : undefined) ?? byEmail;
    if (existing && byEmail && byEmail.id !== existing.id) {
      refuse('email', `L’adresse ${email} est déjà celle d’un autre agent (${byEmail.firstName} ${byEmail.lastName}).`);
      continue;
    }
    if (existing && externalId && existing.externalId && existing.externalId !== externalId) {
      refuse('externalId', `L’adresse ${email} est celle de l’agent de matricule « ${existing.externalId} », pas « ${externalId} ».`);
      continue;
    }

    if (!existing) {
      if (!firstName) refuse('firstName', 'Prénom obligatoire pour un nouvel agent.');
      if (!lastName) refuse('lastName', 'Nom obligatoire pour un nouvel agent.');
      if (!component) refuse('component', 'Pôle obligatoire pour un nouvel agent.');
      if (!ok) continue;
      newEmails.set(email.toLowerCase(), where);
      create.push({
        email,
        firstName: firstName!,
        lastName: lastName!,
        component: component!,
        unitId: unitId ?? null,
        siteId: siteId ?? null,
        roles: givenRoles ?? ['agent'],
        professionalPhone: professionalPhone ?? null,
        mobilePhone: mobilePhone ?? null,
        externalId: externalId ?? null,
      });
      continue;
    }

    // An existing agent: what the record gives replaces, what it leaves out is kept;
    // the privileged roles they hold stay.
    const roles = givenRoles ? [...existing.roles.filter((r) => !grantable.has(r)), ...givenRoles].sort(roleOrder) : existing.roles;
    if (!sameRoles(roles, existing.roles) && existing.id === actorId) {
      refuse('roles', 'Vous ne pouvez pas changer vos propres rôles : demandez-le à un autre administrateur.');
      continue;
    }
    const after: DirectoryAgentFields = {
      email,
      firstName: firstName ?? existing.firstName,
      lastName: lastName ?? existing.lastName,
      component: component ?? existing.component,
      unitId: unitId === undefined ? existing.unitId : unitId,
      siteId: siteId === undefined ? existing.siteId : siteId,
      roles: sameRoles(roles, existing.roles) ? existing.roles : roles,
      professionalPhone: professionalPhone === undefined ? existing.professionalPhone : professionalPhone,
      mobilePhone: mobilePhone === undefined ? existing.mobilePhone : mobilePhone,
      // An empty cell never clears an external id: it is what matches the agent next time.
      externalId: externalId ?? existing.externalId,
    };
    agentIds.push(existing.id);
    const changed =
      after.email !== existing.email ||
      after.firstName !== existing.firstName ||
      after.lastName !== existing.lastName ||
      after.component !== existing.component ||
      after.unitId !== existing.unitId ||
      after.siteId !== existing.siteId ||
      after.roles !== existing.roles ||
      after.professionalPhone !== existing.professionalPhone ||
      after.mobilePhone !== existing.mobilePhone ||
      after.externalId !== existing.externalId;
    if (after.email.toLowerCase() !== existing.email.toLowerCase()) newEmails.set(email.toLowerCase(), where);
    if (changed) update.push({ before: existing, after });
    else unchanged += 1;
  }

  // 5 (end). A professional e-mail belongs to one tenant: the login finds the tenant from it.
  for (const login of await loginsOfOtherTenants(tx, tenantId, [...newEmails.keys()])) {
    refused.push({ ...newEmails.get(login), field: labelOf('email'), reason: `L’adresse ${login} est celle d’un agent d’une autre collectivité.` });
  }
  if (refused.some((r) => r.line !== undefined)) refused.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  const report = { mode: options.mode, created: create.length, updated: update.length, unchanged, refused };
  if (refused.length || options.mode === 'check') {
    const result = { ...report, applied: false, records: records.length };
    return { ...result, summary: summarize(result), agentIds: refused.length ? [] : agentIds };
  }
  const written = await bulkUpsertAgents(tx, tenantId, { create, update: update, actor: options.actor, source: options.source ?? 'import', requestId: options.requestId });
  agentIds.push(...written.created);
  const result = { ...report, applied: true, records: records.length };
  return { ...result, summary: summarize(result), agentIds };
}

const fieldName: Record<keyof typeof fieldRules, string> = {
  email: 'Adresse électronique',
  firstName: 'Prénom',
  lastName: 'Nom',
  professionalPhone: 'Téléphone',
  mobilePhone: 'Mobile',
  externalId: 'Matricule',
};

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
