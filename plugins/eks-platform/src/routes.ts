import { createRouteRef } from '@backstage/frontend-plugin-api';

/** The fleet page, mounted at /eks-platform/fleet by default. */
export const fleetRouteRef = createRouteRef();
