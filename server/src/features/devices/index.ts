export { deviceRoutes } from './routes.ts';
export { createDevice, declareDeviceStolen, registerDevice } from './devices.ts';
