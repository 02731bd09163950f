import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadableEntities } from '../service/ReadableEntities';
import { StatusService } from '../status/StatusService';
import { ScorecardService } from '../scorecard/ScorecardService';
import { registerGetServiceScorecard } from './getServiceScorecard';
import { registerGetServiceStatus } from './getServiceStatus';
import { registerListUnhealthyServices } from './listUnhealthyServices';

/**
 * The status backend's read tools on Backstage's actions registry (served
 * to agents by the MCP actions backend). All are read-only and check
 * permissions with the caller's own credentials, like the HTTP API.
 */
export function registerStatusActions(options: {
  actionsRegistry: ActionsRegistryService;
  catalog: CatalogService;
  readable: ReadableEntities;
  status: StatusService;
  scorecards: ScorecardService;
}) {
  registerGetServiceStatus(options);
  registerListUnhealthyServices(options);
  registerGetServiceScorecard(options);
}
