// The audit viewer's tab in the administration area (the shell orders it: app/admin).
import { canReadAudit } from '@estran/contracts';
import type { AdminTab } from '../../lib/feature.ts';
import { AuditTab } from './AuditTab.tsx';

export const adminTabs: AdminTab[] = [{ id: 'audit', label: 'admin.audit', policy: canReadAudit, element: <AuditTab /> }];
