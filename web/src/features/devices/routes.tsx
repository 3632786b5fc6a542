// Devices: the one-time registration link opened on a computer (public), and the « Parc »
// tab of the administration area (the fleet, where an administrator also registers one).
import { Route } from 'react-router';
import type { AdminTab } from '../../lib/feature.ts';
import { DeviceRegistrationPage } from './DeviceRegistrationPage.tsx';
import { FleetTab } from './FleetTab.tsx';

export const publicRoutes = <Route path="/device" element={<DeviceRegistrationPage />} />;

// The fleet's tab keeps the devices tab's address (/admin/devices) and place in the area.
export const adminTabs: AdminTab[] = [{ id: 'devices', label: 'fleet.tab', element: <FleetTab /> }];
