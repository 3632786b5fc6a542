// The directory's tabs in the administration area (the shell orders them: app/admin).
import type { AdminTab } from '../../lib/feature.ts';
import { ImportTab } from './ImportTab.tsx';

export const adminTabs: AdminTab[] = [{ id: 'import', label: 'directoryImport.tab', element: <ImportTab /> }];
