// Service tokens: their tab in the administration area.
import type { AdminTab } from '../../lib/feature.ts';
import { ServiceTokensTab } from './ServiceTokensTab.tsx';

export const adminTabs: AdminTab[] = [{ id: 'tokens', label: 'admin.tokens', element: <ServiceTokensTab /> }];
