import {
  ClusterWorkloads,
  SourceResult,
} from '@internal/backstage-plugin-eks-platform-common';
import {
  ScorecardRuleContext,
  ScorecardVerdict,
} from '@internal/backstage-plugin-eks-platform-node';

export const pass = (): ScorecardVerdict => ({ outcome: 'pass', reasons: [] });
export const fail = (reasons: string[]): ScorecardVerdict => ({
  outcome: 'fail',
  reasons,
});
export const unknown = (reason: string): ScorecardVerdict => ({
  outcome: 'unknown',
  reasons: [reason],
});

/** Fails with every problem found, passes when there is none. */
export const failIfAny = (problems: string[]): ScorecardVerdict =>
  problems.length > 0 ? fail(problems) : pass();

/**
 * The data of a source when it is fresh; otherwise why the facts are
 * missing. A stale copy is not judged: the last good answer may no longer
 * hold, and a rule must never pass on it.
 */
export function freshData<T>(
  label: string,
  source: SourceResult<T>,
): { data: T } | { missing: string } {
  if (source.state === 'ok' && source.data !== undefined)
    return { data: source.data };
  switch (source.state) {
    case 'not-configured':
      return {
        missing: `${label} is not configured${
          source.hint ? ` (${source.hint})` : ''
        }`,
      };
    case 'stale':
      return {
        missing: `${label} data is stale: ${
          source.error?.message ?? 'the upstream failed'
        }`,
      };
    default:
      return {
        missing: `${label} is unavailable${
          source.error ? `: ${source.error.message}` : ''
        }`,
      };
  }
}

/**
 * The environment's clusters where the service runs, each in sync; or why
 * they cannot be judged (the source is down, a cluster is out of sync, or
 * the service is not deployed in the environment).
 */
export function deployedClusters(
  context: ScorecardRuleContext,
):
  | { clusters: ClusterWorkloads[] }
  | { missing: string; notDeployed?: boolean } {
  const facts = freshData('Kubernetes', context.status.sources.kubernetes);
  if ('missing' in facts) return facts;
  const env = context.environment;
  const clusters = facts.data.clusters.filter(c =>
    env.clusters.includes(c.cluster),
  );
  const missing = env.clusters.filter(
    name => !clusters.some(c => c.cluster === name),
  );
  if (missing.length > 0)
    return { missing: `no Kubernetes data from cluster ${missing.join(', ')}` };
  const down = clusters.find(c => c.state !== 'ok');
  if (down) {
    return {
      missing: `cluster ${down.cluster} is ${down.state}${
        down.error ? `: ${down.error.message}` : ''
      }`,
    };
  }
  const deployed = clusters.filter(c => c.deployments.length > 0);
  if (deployed.length === 0)
    return { missing: `not deployed in ${env.name} yet`, notDeployed: true };
  return { clusters: deployed };
}

/** Judges each deployed cluster's facts; unknown when they are missing. */
export function judgeClusters(
  context: ScorecardRuleContext,
  problemsIn: (cluster: ClusterWorkloads) => string[] | { missing: string },
): ScorecardVerdict {
  const deployed = deployedClusters(context);
  if ('missing' in deployed) return unknown(deployed.missing);
  const problems: string[] = [];
  for (const cluster of deployed.clusters) {
    const found = problemsIn(cluster);
    if ('missing' in found) return unknown(found.missing);
    const prefix =
      deployed.clusters.length > 1 ? `cluster ${cluster.cluster}: ` : '';
    problems.push(...found.map(p => prefix + p));
  }
  return failIfAny(problems);
}
