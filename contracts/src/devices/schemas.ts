import { z } from 'zod';
import { limits } from '../limits.ts';
import { text } from '../text.ts';

// The fleet: managed laptops and thin clients, registered once with a one-time link
// (their credential is a cookie), declared stolen by the helpdesk.

export const deviceKinds = ['managed', 'thin-client'] as const;
export const deviceKind = z.enum(deviceKinds);
export type DeviceKind = z.infer<typeof deviceKind>;

export const device = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: deviceKind,
  assignedTo: z.string().nullable(),
  registeredAt: z.iso.datetime().nullable(),
  stolenAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type Device = z.infer<typeof device>;

export const createDeviceBody = z.object({
  name: text().trim().min(1).max(100),
  kind: deviceKind,
  assignedAgentId: z.uuid().optional(),
});
export type CreateDeviceBody = z.infer<typeof createDeviceBody>;

/** A device just created, with its one-time registration link. */
export const createdDevice = z.object({ device, token: z.string(), link: z.string() });
export type CreatedDevice = z.infer<typeof createdDevice>;

/** On the device: the registration link's token. */
export const registerDeviceBody = z.object({ token: text().min(20).max(200) });
export type RegisterDeviceBody = z.infer<typeof registerDeviceBody>;

export const devicePage = z.object({ items: z.array(device), total: z.number(), page: z.number(), pageSize: z.number() });
export type DevicePage = z.infer<typeof devicePage>;

export const declareDeviceStolenBody = z.object({ note: text().trim().max(limits.nameMax).optional() }).optional();
export type DeclareDeviceStolenBody = z.infer<typeof declareDeviceStolenBody>;

export const deviceStolenResult = z.object({ sessionsEnded: z.number().int() });
export type DeviceStolenResult = z.infer<typeof deviceStolenResult>;

// ——— The fleet (issue 17): the inventory of computers and security keys, each assigned
// to an agent with dates, and deployment waves. A computer of the inventory is a row of
// the same `devices` table as a registered device: registering it (its one-time link) and
// declaring it stolen (the helpdesk's one action) act on that row.

/**
 * A computer's place in the fleet. `assigned` is reached through …/assign only and left by
 * a status change (the assignment ends then); `stolen` only through the helpdesk's
 * POST /api/helpdesk/devices/{id}/stolen (sessions end, device refused, vault wiped);
 * `stolen` and `retired` are final.
 */
export const laptopStatuses = ['in-stock', 'assigned', 'in-repair', 'lost', 'stolen', 'retired'] as const;
export const laptopStatus = z.enum(laptopStatuses);
export type LaptopStatus = z.infer<typeof laptopStatus>;

/** A security key's place in the fleet; `assigned` through …/assign only; `retired` is final. */
export const fleetKeyStatuses = ['in-stock', 'assigned', 'lost', 'retired'] as const;
export const fleetKeyStatus = z.enum(fleetKeyStatuses);
export type FleetKeyStatus = z.infer<typeof fleetKeyStatus>;

export const fleetLimits = {
  serialMax: 100,
  modelMax: 200,
  /** Agents of one deployment wave (a département equips a few thousand at most at once). */
  waveAgentsMax: 10_000,
} as const;

const uuid = z.uuid();
const serial = text().trim().min(1, 'Numéro de série obligatoire.').max(fleetLimits.serialMax, 'Numéro de série trop long.');
const model = text().trim().max(fleetLimits.modelMax, 'Modèle trop long.');
/** A FIDO2 authenticator's model identifier (WebAuthn §6.5.1 AAGUID), written as a UUID. */
const aaguid = text()
  .trim()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'AAGUID invalide : 32 chiffres hexadécimaux au format 8-4-4-4-12.');

export const fleetAssignee = z.object({ id: uuid, name: z.string() });

export const laptop = z.object({
  id: uuid,
  name: z.string(),
  kind: deviceKind,
  serial: z.string().nullable(),
  model: z.string().nullable(),
  status: laptopStatus,
  assignee: fleetAssignee.nullable(),
  assignedAt: z.iso.datetime().nullable(),
  registeredAt: z.iso.datetime().nullable(),
  /** The browser that used the registration link (describeUserAgent shows it in words). */
  registeredUserAgent: z.string().nullable(),
  stolenAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type Laptop = z.infer<typeof laptop>;

export const laptopPage = z.object({ items: z.array(laptop), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const fleetListQuery = z.object({
  q: text().trim().max(limits.searchQueryMax).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(limits.pageSizeMax).default(limits.pageSizeDefault),
});
export const laptopListQuery = fleetListQuery.extend({ status: laptopStatus.optional() });
export const fleetKeyListQuery = fleetListQuery.extend({ status: fleetKeyStatus.optional() });

/** A computer entered in the inventory (in stock). Its name defaults to its serial number. */
export const createLaptopBody = z
  .object({ serial, model: model.optional(), kind: deviceKind, name: text().trim().min(1).max(100).optional() })
  .strict();
export type CreateLaptopBody = z.infer<typeof createLaptopBody>;

/** Only the fields given change. A status change follows laptopStatusChange (409 otherwise). */
export const updateLaptopBody = z
  .object({ serial: serial.optional(), model: model.nullable().optional(), kind: deviceKind.optional(), name: text().trim().min(1).max(100).optional(), status: laptopStatus.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Aucune modification.');
export type UpdateLaptopBody = z.infer<typeof updateLaptopBody>;

export const assignBody = z.object({ agentId: uuid }).strict();
export type AssignBody = z.infer<typeof assignBody>;

export const registrationLink = z.object({ token: z.string(), link: z.string() });

export const fleetKey = z.object({
  id: uuid,
  serial: z.string().nullable(),
  aaguid: z.string().nullable(),
  model: z.string().nullable(),
  status: fleetKeyStatus,
  assignee: fleetAssignee.nullable(),
  assignedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type FleetKey = z.infer<typeof fleetKey>;
export const fleetKeyPage = z.object({ items: z.array(fleetKey), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

/** A key entered in the inventory (in stock): its serial number, its AAGUID, or both. */
export const createFleetKeyBody = z
  .object({ serial: serial.optional(), aaguid: aaguid.optional(), model: model.optional() })
  .strict()
  .refine((b) => b.serial !== undefined || b.aaguid !== undefined, { message: 'Numéro de série ou AAGUID obligatoire.', path: ['serial'] });
export type CreateFleetKeyBody = z.infer<typeof createFleetKeyBody>;

export const updateFleetKeyBody = z
  .object({ serial: serial.nullable().optional(), aaguid: aaguid.nullable().optional(), model: model.nullable().optional(), status: fleetKeyStatus.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Aucune modification.');
export type UpdateFleetKeyBody = z.infer<typeof updateFleetKeyBody>;

/** One holding of a computer or a key by an agent: from `from` to `to` (null: still held). */
export const fleetAssignment = z.object({
  id: uuid,
  item: z.enum(['laptop', 'key']),
  itemId: uuid,
  agent: fleetAssignee,
  from: z.iso.datetime(),
  to: z.iso.datetime().nullable(),
});
export type FleetAssignment = z.infer<typeof fleetAssignment>;
export const fleetAssignmentsQuery = z
  .object({ laptopId: uuid.optional(), keyId: uuid.optional(), agentId: uuid.optional() })
  .refine((q) => q.laptopId !== undefined || q.keyId !== undefined || q.agentId !== undefined, 'Un poste, une clé ou un agent.');
export const fleetAssignments = z.object({ items: z.array(fleetAssignment) });

/** A calendar day, YYYY-MM-DD (a wave's due date; no time zone to get wrong). */
const day = text()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Date attendue (aaaa-mm-jj).')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'Date invalide.')
  .refine((d) => d >= '2000-01-01' && d <= '2199-12-31', 'Date hors de la période d’un déploiement.');

/**
 * A deployment wave: agents to equip by a date. An agent of the wave counts as equipped
 * when they hold, in the inventory, an assigned computer (laptop or thin client) and an
 * assigned security key (see fleet-progress.ts on the server).
 */
export const wave = z.object({
  id: uuid,
  name: z.string(),
  dueDate: z.string(),
  agents: z.number().int(),
  equipped: z.number().int(),
  createdAt: z.iso.datetime(),
});
export type Wave = z.infer<typeof wave>;
export const wavePage = z.object({ items: z.array(wave), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

const waveName = text().trim().min(1, 'Nom de la vague obligatoire.').max(limits.nameMax, 'Nom de la vague trop long.');
const agentIds = z.array(uuid).max(fleetLimits.waveAgentsMax);
export const createWaveBody = z.object({ name: waveName, dueDate: day, agentIds: agentIds.default([]) }).strict();
export type CreateWaveBody = z.infer<typeof createWaveBody>;
/** Renames, moves the date, adds and removes agents (only what is given). */
export const updateWaveBody = z
  .object({ name: waveName.optional(), dueDate: day.optional(), addAgentIds: agentIds.optional(), removeAgentIds: agentIds.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'Aucune modification.');
export type UpdateWaveBody = z.infer<typeof updateWaveBody>;
export const createdWave = z.object({ id: uuid });

export const waveAgent = z.object({ id: uuid, name: z.string(), laptop: z.boolean(), key: z.boolean(), equipped: z.boolean() });
export type WaveAgent = z.infer<typeof waveAgent>;
export const waveAgentPage = z.object({ items: z.array(waveAgent), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });

export const fleetCsv = z.string().meta({ description: 'CSV (UTF-8 with BOM, `;` separated, CRLF line ends): computers, then keys' });
export const fleetCsvContentType = 'text/csv; charset=utf-8';
