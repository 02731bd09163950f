import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The fleet page, mounted at /eks-platform/fleet by default. */
export const fleetRouteRef = createRouteRef();

/** The readiness scores rolled up by team, mounted at /eks-platform/teams by default. */
export const teamScorecardRouteRef = createRouteRef();
