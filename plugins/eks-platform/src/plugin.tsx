import DashboardIcon from '@material-ui/icons/Dashboard';
import { fetchApiRef } from '@backstage/core-plugin-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { eksPlatformApiRef, EksPlatformClient } from './api';
import {
  alertsEntityCard,
  hpaEntityCard,
  operationalStatusEntityCard,
  pdbEntityCard,
  readinessEntityCard,
  templateUpgradeEntityCard,
  tracesEntityCard,
} from './extensions/entityCards';
import { platformEntityContent } from './extensions/entityContent';
import { fleetPage } from './extensions/fleetPage';
import { teamScorecardPage } from './extensions/teamScorecardPage';
import { environmentPickerFormField } from './extensions/environmentPickerField';
import {
  entityDisplayNameFormField,
  replicaCountFormField,
  serviceNameFormField,
} from './extensions/goldenPathFormFields';
import { fleetRouteRef, teamScorecardRouteRef } from './routes';

const eksPlatformApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: eksPlatformApiRef,
      deps: { fetchApi: fetchApiRef },
      factory: ({ fetchApi }) => new EksPlatformClient({ fetchApi }),
    }),
});

/**
 * The EKS platform frontend plugin.
 *
 * @public
 */
export const eksPlatformPlugin = createFrontendPlugin({
  pluginId: 'eks-platform',
  title: 'EKS Platform',
  icon: <DashboardIcon />,
  routes: { fleet: fleetRouteRef, teams: teamScorecardRouteRef },
  extensions: [
    eksPlatformApi,
    operationalStatusEntityCard,
    readinessEntityCard,
    templateUpgradeEntityCard,
    hpaEntityCard,
    pdbEntityCard,
    alertsEntityCard,
    tracesEntityCard,
    platformEntityContent,
    fleetPage,
    teamScorecardPage,
    environmentPickerFormField,
    replicaCountFormField,
    serviceNameFormField,
    entityDisplayNameFormField,
  ],
});
