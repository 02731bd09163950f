import { Entity } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  HealthSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import { summarizeHealth } from '../status/healthSummary';
import { beforeDeadline } from './beforeDeadline';
import { RegistrationSource } from './RegistrationSource';

/**
 * The entity's health with its registration facts: the open GitOps pull
 * request decides `pending` with the other sources; the CI run is read only
 * for a pending service (a running one does not need it), both within the
 * deadline.
 */
export async function healthWithRegistration(options: {
  entity: Entity;
  sources: EntityPlatformStatus['sources'];
  pullRequest: Promise<
    Awaited<ReturnType<RegistrationSource['openPullRequest']>>
  >;
  registration?: RegistrationSource;
  deadlineMs: number;
}): Promise<HealthSummary> {
  const { entity, sources, registration, deadlineMs } = options;
  const pullRequest = await beforeDeadline(options.pullRequest, deadlineMs);
  const health = summarizeHealth(sources, pullRequest ? { pullRequest } : {});
  if (health.level !== 'pending' || !registration) return health;
  const ciRun = await beforeDeadline(
    registration.latestCiRun(entity),
    deadlineMs,
  );
  if (!ciRun) return health;
  return { ...health, registration: { ...health.registration, ciRun } };
}
