// Devices and the fleet (issue 17) are one feature: a computer of the inventory is a row
// of `devices`, and registering it (its one-time link), its trust level, its status in the
// inventory and the helpdesk's declaration of theft are one state on one row, changed in
// one transaction — a separate `fleet` feature would have to write devices' table through
// a dozen functions of this index. The keys, assignments and waves live beside it. The
// interface calls it « Parc ».
export { deviceRoutes } from './routes.ts';
export { createDevice, declareDeviceStolen, registerDevice } from './devices.ts';
export { devicesHeldBy } from './devices-held-by.ts';
