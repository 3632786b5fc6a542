// What a bulk import of the directory (features/directory) compares its records with, in
// the caller's tenant transaction (row-level security keeps it to that tenant): every
// agent's directory fields, every unit and every site, in three statements.
import type { Component, Role, siteKinds, unitKinds } from '@estran/contracts';

type UnitKind = (typeof unitKinds)[number];
import type { Tx } from '../../db/client.ts';
import { agents, sites, units } from './schema.ts';

export type DirectoryAgent = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  component: Component;
  unitId: string | null;
  siteId: string | null;
  roles: Role[];
  professionalPhone: string | null;
  mobilePhone: string | null;
  externalId: string | null;
  status: 'active' | 'suspended' | 'disabled';
};
export type DirectoryUnit = { id: string; code: string; name: string; kind: UnitKind; parentId: string | null; closed: boolean };
export type DirectorySite = { id: string; name: string; unitId: string | null; kind: (typeof siteKinds)[number]; street: string | null; postalCode: string | null; city: string };

export async function readDirectory(tx: Tx): Promise<{ agents: DirectoryAgent[]; units: DirectoryUnit[]; sites: DirectorySite[] }> {
  const agentRows = await tx
    .select({
      id: agents.id,
      email: agents.email,
      firstName: agents.firstName,
      lastName: agents.lastName,
      component: agents.component,
      unitId: agents.unitId,
      siteId: agents.siteId,
      roles: agents.roles,
      professionalPhone: agents.professionalPhone,
      mobilePhone: agents.mobilePhone,
      externalId: agents.externalId,
      status: agents.status,
    })
    .from(agents);
  const unitRows = await tx.select({ id: units.id, code: units.code, name: units.name, kind: units.kind, parentId: units.parentId, closedAt: units.closedAt }).from(units);
  const siteRows = await tx
    .select({ id: sites.id, name: sites.name, unitId: sites.unitId, kind: sites.kind, street: sites.street, postalCode: sites.postalCode, city: sites.city })
    .from(sites);
  return {
    agents: agentRows,
    units: unitRows.map((u) => ({ id: u.id, code: u.code, name: u.name, kind: u.kind, parentId: u.parentId, closed: u.closedAt !== null })),
    sites: siteRows,
  };
}
