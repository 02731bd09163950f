import { PageBlueprint } from '@backstage/frontend-plugin-api';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { teamScorecardRouteRef } from '../routes';

/**
 * The readiness scores rolled up by owner and by system; like the fleet
 * page, its route ref, title and icon make it a sidebar item.
 */
export const teamScorecardPage = PageBlueprint.make({
  name: 'teams',
  params: {
    path: '/eks-platform/teams',
    title: 'Team readiness',
    icon: <AssessmentIcon />,
    routeRef: teamScorecardRouteRef,
    loader: () =>
      import('../components/TeamScorecard').then(m => <m.TeamScorecardPage />),
  },
});
