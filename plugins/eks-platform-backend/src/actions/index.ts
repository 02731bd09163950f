import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CallerRateLimit } from '../service/CallerRateLimit';
import { ReadableEntities } from '../service/ReadableEntities';
import { StatusService } from '../status/StatusService';
import { ScorecardService } from '../scorecard/ScorecardService';
import { registerGetServiceScorecard } from './getServiceScorecard';
import { registerGetServiceStatus } from './getServiceStatus';
import { registerListUnhealthyServices } from './listUnhealthyServices';

/**
 * The status backend's read tools on Backstage's actions registry (served
 * to agents by the MCP actions backend). All are read-only, check
 * permissions with the caller's own credentials and draw on the caller's
 * rate limit, like the HTTP API.
 */
export function registerStatusActions(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  readable: ReadableEntities;
  rateLimit: CallerRateLimit;
  status: StatusService;
  scorecards: ScorecardService;
  /** Services one list-unhealthy-services call assembles (eksPlatform.status.query.maxEntities). */
  maxEntities: number;
}) {
  const access = { readable: options.readable, rateLimit: options.rateLimit };
  registerGetServiceStatus({ ...options, access });
  registerListUnhealthyServices({ ...options, access });
  registerGetServiceScorecard({ ...options, access });
}
