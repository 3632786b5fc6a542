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
