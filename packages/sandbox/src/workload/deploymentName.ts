import type { SimDeployment } from './types';

/** The Deployment's name: the service's for the fleet, the live object's for an adopted one. */
export function deploymentName(deployment: SimDeployment): string {
  return deployment.live?.name ?? deployment.service.name;
}
