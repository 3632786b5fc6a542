// Devices: the one-time registration link opened on a computer (public), and the tab
// where an administrator registers one.
import { Route } from 'react-router';
import type { AdminTab } from '../../lib/feature.ts';
import { DeviceRegistrationPage } from './DeviceRegistrationPage.tsx';
import { DevicesTab } from './DevicesTab.tsx';

export const publicRoutes = <Route path="/device" element={<DeviceRegistrationPage />} />;

export const adminTabs: AdminTab[] = [{ id: 'devices', label: 'admin.devices', element: <DevicesTab /> }];
