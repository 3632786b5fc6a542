// The inventory as CSV for a spreadsheet (GET /api/admin/fleet/export): the computers,
// then the security keys, each with its state in French, its holder and since when. UTF-8
// with a byte-order mark, `;`, CRLF (what a French Excel or LibreOffice opens without an
// import dialog), dates in Paris time. Read in batches, each in its own short transaction
// (the embedded database has one connection). Audited as fleet.exported: it takes agents'
// names out of Estran.
import { Readable } from 'node:stream';
import { asc, gt } from 'drizzle-orm';
import type { FleetKey, FleetKeyStatus, Laptop, LaptopStatus } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { csvLine } from './fleet-csv.ts';
import { presentFleetKeys } from './fleet-keys.ts';
import { presentLaptops } from './laptops.ts';
import { devices, fleetKeys } from './schema.ts';

const BATCH = 500;

export const FLEET_CSV_HEADER = ['objet', 'type', 'nom', 'numéro de série', 'AAGUID', 'modèle', 'état', 'attribué à', 'attribué depuis', 'enregistré le', 'entré au parc le'];

const laptopStates: Record<LaptopStatus, string> = {
  'in-stock': 'en stock',
  assigned: 'attribué',
  'in-repair': 'en réparation',
  lost: 'perdu',
  stolen: 'volé',
  retired: 'réformé',
};
const keyStates: Record<FleetKeyStatus, string> = { 'in-stock': 'en stock', assigned: 'attribuée', lost: 'perdue', retired: 'réformée' };
const kinds = { managed: 'ordinateur portable', 'thin-client': 'client léger' } as const;

/** A date and time as a spreadsheet reads it: "2026-12-02 19:31:05" (Europe/Paris). */
const localTime = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const local = (iso: string | null) => (iso ? localTime.format(new Date(iso)) : null);

const laptopLine = (l: Laptop) =>
  csvLine(['ordinateur', kinds[l.kind], l.name, l.serial, null, l.model, laptopStates[l.status], l.assignee?.name ?? null, local(l.assignedAt), local(l.registeredAt), local(l.createdAt)]);
const keyLine = (k: FleetKey) =>
  csvLine(['clé de sécurité', null, null, k.serial, k.aaguid, k.model, keyStates[k.status], k.assignee?.name ?? null, local(k.assignedAt), null, local(k.createdAt)]);

export async function exportFleet(database: Database, input: { tenantId: string; actor: AuditActor; requestId?: string | undefined }): Promise<Readable> {
  await database.tenant(input.tenantId, (tx) => recordAudit(tx, input.tenantId, { action: 'fleet.exported', actor: input.actor, data: {}, requestId: input.requestId }));
  async function* lines() {
    yield `\uFEFF${csvLine(FLEET_CSV_HEADER)}`;
    // Keyset pages by id: a row added meanwhile is read or not, none is read twice.
    for (let after = ''; ; ) {
      const batch = await database.tenant(input.tenantId, async (tx) =>
        presentLaptops(tx, await tx.select().from(devices).where(after ? gt(devices.id, after) : undefined).orderBy(asc(devices.id)).limit(BATCH)),
      );
      if (batch.length) yield batch.map(laptopLine).join('');
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!.id;
    }
    for (let after = ''; ; ) {
      const batch = await database.tenant(input.tenantId, async (tx) =>
        presentFleetKeys(tx, await tx.select().from(fleetKeys).where(after ? gt(fleetKeys.id, after) : undefined).orderBy(asc(fleetKeys.id)).limit(BATCH)),
      );
      if (batch.length) yield batch.map(keyLine).join('');
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!.id;
    }
  }
  return Readable.from(lines());
}
