// The inventory as CSV for a spreadsheet (GET /api/admin/fleet/export): the computers,
// then the security keys, each with its state in French, its holder and since when. UTF-8
// with a byte-order mark, `;`, CRLF (what a French Excel or LibreOffice opens without an
// import dialog), dates in Paris time. Read in batches, each in its own short transaction
// (the embedded database has one connection). Audited as fleet.exported: it takes agents'
// names out of Estran.
import { Readable } from 'node:stream';
import { asc, sql } from 'drizzle-orm';
import type { FleetKey, FleetKeyStatus, Laptop, LaptopStatus } from '@estran/contracts';
import type { Database } from '../../db/client.ts';
import { recordAudit, type AuditActor } from '../audit/index.ts';
import { csvLine } from '../../platform/csv.ts';
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
    for (let after: Laptop | null = null; ; ) {
      const batch = await laptopBatch(database, input.tenantId, after);
      if (batch.length) yield batch.map(laptopLine).join('');
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!;
    }
    for (let after: FleetKey | null = null; ; ) {
      const batch = await keyBatch(database, input.tenantId, after);
      if (batch.length) yield batch.map(keyLine).join('');
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1]!;
    }
  }
  return Readable.from(lines());
}

// Keyset pages (computers by name, keys by entry date, then id): a row added meanwhile is
// read or not, none is read twice. The keys' date is compared to the millisecond, as the
// cursor carries it (an ISO string).
function laptopBatch(database: Database, tenantId: string, after: Laptop | null): Promise<Laptop[]> {
  return database.tenant(tenantId, async (tx) =>
    presentLaptops(
      tx,
      await tx
        .select()
        .from(devices)
        .where(after ? sql`(${devices.name}, ${devices.id}) > (${after.name}, ${after.id})` : undefined)
        .orderBy(asc(devices.name), asc(devices.id))
        .limit(BATCH),
    ),
  );
}

const keyEntered = sql`date_trunc('milliseconds', ${fleetKeys.createdAt})`;

function keyBatch(database: Database, tenantId: string, after: FleetKey | null): Promise<FleetKey[]> {
  return database.tenant(tenantId, async (tx) =>
    presentFleetKeys(
      tx,
      await tx
        .select()
        .from(fleetKeys)
        .where(after ? sql`(${keyEntered}, ${fleetKeys.id}) > (${after.createdAt}::timestamptz, ${after.id})` : undefined)
        .orderBy(asc(keyEntered), asc(fleetKeys.id))
        .limit(BATCH),
    ),
  );
}
