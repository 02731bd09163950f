import { Entity } from '@backstage/catalog-model';
import {
  EntityPlatformStatus,
  HealthSummary,
} from '@internal/backstage-plugin-eks-platform-common';
import { runsSomewhere, summarizeHealth } from '../status/healthSummary';
import { beforeDeadline } from './beforeDeadline';
import { RegistrationSource } from './RegistrationSource';

/**
 * The entity's health with its registration facts: the open GitOps pull
 * request decides `pending` with the other sources; it is awaited only for a
 * service that runs nowhere, and the CI run only for a pending one, both
 * within the deadline.
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
  // A running service is never pending: its answer does not wait for
  // GitHub (slow or unreachable, that would cost every status request).
  if (runsSomewhere(sources)) return summarizeHealth(sources);
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
