import { PageBlueprint } from '@backstage/frontend-plugin-api';
import DashboardIcon from '@material-ui/icons/Dashboard';
import { fleetRouteRef } from '../routes';

/**
 * The fleet page. A page with a route ref, title and icon becomes a
 * sidebar item by itself: the app's nav lists it under `page:eks-platform`.
 */
export const fleetPage = PageBlueprint.make({
  params: {
    path: '/eks-platform/fleet',
    title: 'EKS fleet',
    icon: <DashboardIcon />,
    routeRef: fleetRouteRef,
    loader: () => import('../components/FleetPage').then(m => <m.FleetPage />),
  },
});
