import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  compareTemplateVersions,
  ServiceUpgrades,
  UpstreamError,
} from '@internal/backstage-plugin-eks-platform-node';
import { TemplateVersions } from '../scorecard/TemplateVersions';
import { templateOfService } from './upgradeStatus';
import {
  UpgradePullRequestRecord,
  UpgradePullRequestStore,
} from './UpgradePullRequestStore';

export interface RefreshUpgradePullRequestsOptions {
  catalog: CatalogService;
  auth: AuthService;
  /** The engine's lookup: the newest pull request of `template-upgrade/v<version>` in the service's repository. */
  finder: Pick<ServiceUpgrades, 'pullRequestOf'>;
  store: UpgradePullRequestStore;
  templateVersions: TemplateVersions;
  logger: LoggerService;
  /** GitHub calls one run makes at most. */
  batchSize: number;
  /** GitHub calls in flight at once. */
  concurrency: number;
  now?: () => Date;
}

export interface RefreshOutcome {
  /** Services behind their template (the candidates). */
  behind: number;
  checked: number;
  failed: number;
  /** GitHub rate limited the token: the run stopped early. */
  rateLimited: boolean;
}

/** GitHub said "slow down" (429, or 403 with an exhausted rate limit / Retry-After). */
function isRateLimit(error: unknown): boolean {
  if (!(error instanceof UpstreamError)) return false;
  const { status, retryable } = error.failure;
  return status === 429 || (status === 403 && retryable);
}

/**
 * Which behind services to ask GitHub about first: open pull requests (they
 * move), then services never checked, then those whose last check found
 * none, oldest check first (round robin, so a pull request the action or
 * the Upgrade services template opened is found within a few runs).
 * Merged and closed pull requests are final for their version and not
 * asked again: the merge moves the service's annotation on, and a new
 * target version is a new record.
 */
function priority(record: UpgradePullRequestRecord | undefined): number {
  if (!record) return 1;
  if (record.state === 'open') return 0;
  if (record.state === 'none') return 2;
  return Infinity;
}

/**
 * One run of the background refresh: for every service behind its
 * template, up to `batchSize` GitHub calls (`pulls.list` by head branch,
 * the engine's own lookup), `concurrency` at a time. One service's failure
 * is recorded as such (its last known state stays, marked failed) and the
 * others go on; a rate limit stops the run, and what was not asked waits
 * for the next. Runs with the plugin's own credentials: who may read a
 * row is decided when the fleet reads it.
 */
export async function refreshUpgradePullRequests(
  options: RefreshUpgradePullRequestsOptions,
): Promise<RefreshOutcome> {
  const { catalog, auth, finder, store, templateVersions, logger } = options;
  const now = options.now ?? (() => new Date());
  const { items } = await catalog.getEntities(
    { filter: { kind: 'component' } },
    { credentials: await auth.getOwnServiceCredentials() },
  );

  const candidates: Array<{ entity: Entity; ref: string; target: string }> = [];
  for (const entity of items) {
    const service = templateOfService(entity);
    if (!service) continue;
    const latest = await templateVersions.currentFor(entity);
    if (!latest || compareTemplateVersions(latest, service.currentVersion) <= 0)
      continue;
    candidates.push({
      entity,
      ref: stringifyEntityRef(entity),
      target: latest,
    });
  }

  const records = await store.read(candidates.map(c => c.ref));
  const recordOf = (c: { ref: string; target: string }) =>
    records.get(c.ref)?.find(r => r.targetVersion === c.target);
  const queue = candidates
    .map(c => ({ ...c, record: recordOf(c) }))
    .filter(c => priority(c.record) !== Infinity)
    .sort(
      (a, b) =>
        priority(a.record) - priority(b.record) ||
        (a.record?.checkedAt.getTime() ?? 0) -
          (b.record?.checkedAt.getTime() ?? 0),
    )
    .slice(0, options.batchSize);

  const outcome: RefreshOutcome = {
    behind: candidates.length,
    checked: 0,
    failed: 0,
    rateLimited: false,
  };
  let next = 0;
  const worker = async () => {
    while (next < queue.length && !outcome.rateLimited) {
      const item = queue[next++];
      try {
        const pullRequest = await finder.pullRequestOf(
          item.entity,
          item.target,
        );
        await store.recordChecked(
          { entityRef: item.ref, targetVersion: item.target, pullRequest },
          now(),
        );
        outcome.checked += 1;
      } catch (error) {
        outcome.failed += 1;
        if (isRateLimit(error)) outcome.rateLimited = true;
        await store
          .recordFailure(item.ref, item.target, now())
          .catch(() => undefined);
        logger.warn(
          `Refreshing the template-upgrade pull request of ${
            item.ref
          } failed: ${stringifyError(error)}`,
        );
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.concurrency) }, worker),
  );
  logger.info(
    `Template-upgrade pull requests: ${outcome.checked} checked, ${
      outcome.failed
    } failed, of ${candidates.length} services behind${
      outcome.rateLimited ? '; GitHub rate limited, the rest waits' : ''
    }`,
  );
  return outcome;
}
