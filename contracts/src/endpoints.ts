// Every endpoint of the API, by feature (the same names as server/src/features and
// web/src/features). The server registers each one; the web calls them through
// web/src/lib/api.ts. A feature's endpoints live in its own contracts folder.
import { orgEndpoints } from './org/endpoints.ts';
import { guideEndpoints } from './guide/endpoints.ts';
import { serviceTokensEndpoints } from './service-tokens/endpoints.ts';
import { devicesEndpoints } from './devices/endpoints.ts';
import { helpdeskEndpoints } from './helpdesk/endpoints.ts';
import { authEndpoints } from './auth/endpoints.ts';
import { metricsEndpoints } from './metrics/endpoints.ts';
import { healthEndpoints } from './health/endpoints.ts';
import { auditEndpoints } from './audit/endpoints.ts';
import { directoryEndpoints } from './directory/endpoints.ts';

export const endpoints = {
  org: orgEndpoints,
  guide: guideEndpoints,
  serviceTokens: serviceTokensEndpoints,
  devices: devicesEndpoints,
  helpdesk: helpdeskEndpoints,
  auth: authEndpoints,
  metrics: metricsEndpoints,
  health: healthEndpoints,
  audit: auditEndpoints,
  directory: directoryEndpoints,
};
