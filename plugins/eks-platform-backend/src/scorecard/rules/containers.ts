import {
  ClusterWorkloads,
  ContainerFacts,
} from '@internal/backstage-plugin-eks-platform-common';
import { ScorecardRule } from '@internal/backstage-plugin-eks-platform-node';
import { judgeClusters } from './verdicts';

/**
 * Runs `check` on every container of every deployment's pod template;
 * unknown while the pod template facts are not reported.
 */
function containerProblems(
  cluster: ClusterWorkloads,
  check: (container: ContainerFacts) => string[],
): string[] | { missing: string } {
  const problems: string[] = [];
  for (const deployment of cluster.deployments) {
    if (!deployment.podTemplate)
      return {
        missing: `the pod template of ${deployment.name} is not reported`,
      };
    for (const container of deployment.podTemplate.containers) {
      const missing = check(container);
      if (missing.length > 0)
        problems.push(
          `container ${container.name} of ${deployment.name}: ${missing.join(
            ', ',
          )}`,
        );
    }
  }
  return problems;
}

export const containerProbes: ScorecardRule = {
  id: 'container-probes',
  title: 'Readiness and liveness probes on every container',
  why: 'Without a readiness probe traffic reaches pods that cannot serve it; without a liveness probe a hung process is never restarted.',
  fix: 'Keep probes.readiness.path and probes.liveness.path set (the golden-path service answers /readyz and /livez).',
  chartValue: 'probes.readiness.path',
  severity: 'high',
  appliesTo: {},
  evaluate: context =>
    judgeClusters(context, cluster =>
      containerProblems(cluster, c => [
        ...(c.readinessProbe ? [] : ['no readiness probe']),
        ...(c.livenessProbe ? [] : ['no liveness probe']),
      ]),
    ),
};

export const containerResources: ScorecardRule = {
  id: 'container-resources',
  title: 'CPU and memory requests and a memory limit on every container',
  why: 'Without requests the scheduler packs pods blindly and the autoscaler has no utilisation to act on; without a memory limit one leak can starve the whole node.',
  fix: 'Set resources.cpu and resources.memory (the chart turns them into requests, and the memory into the limit).',
  chartValue: 'resources.memory',
  severity: 'high',
  appliesTo: {},
  evaluate: context =>
    judgeClusters(context, cluster =>
      containerProblems(cluster, c => [
        ...(c.requests.cpu ? [] : ['no CPU request']),
        ...(c.requests.memory ? [] : ['no memory request']),
        ...(c.limits.memory ? [] : ['no memory limit']),
      ]),
    ),
};

export const restrictedSecurityContext: ScorecardRule = {
  id: 'restricted-security-context',
  title:
    'Non-root, read-only root filesystem, no privilege escalation, all capabilities dropped',
  why: 'A compromised container running as root with a writable filesystem and capabilities can take over its node; the restricted profile takes those away.',
  fix: 'Keep the chart’s container securityContext (runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation: false, capabilities.drop: [ALL]) and a non-zero securityContext.runAsUser.',
  chartValue: 'securityContext.runAsUser',
  severity: 'high',
  appliesTo: {},
  evaluate: context =>
    judgeClusters(context, cluster =>
      containerProblems(cluster, ({ securityContext: s }) => [
        ...(s.runAsNonRoot === true || (s.runAsUser ?? 0) > 0
          ? []
          : ['may run as root']),
        ...(s.readOnlyRootFilesystem === true
          ? []
          : ['writable root filesystem']),
        ...(s.allowPrivilegeEscalation === false && s.privileged !== true
          ? []
          : ['privilege escalation allowed']),
        ...(s.capabilitiesDrop.includes('ALL')
          ? []
          : ['capabilities not all dropped']),
      ]),
    ),
};

export const networkPolicySelectsPods: ScorecardRule = {
  id: 'network-policy',
  title: 'A NetworkPolicy selects the service’s pods',
  why: 'Without a NetworkPolicy any pod in the cluster can reach the service and the service can reach anything: one compromised workload reaches all.',
  fix: 'Keep networkPolicy.enabled: true and list the callers in networkPolicy.allowedCallers.',
  chartValue: 'networkPolicy.enabled',
  severity: 'high',
  appliesTo: {},
  evaluate: context =>
    judgeClusters(context, cluster => {
      if (!cluster.networkPolicies)
        return {
          missing: `NetworkPolicies of cluster ${cluster.cluster} are not watched`,
        };
      return cluster.networkPolicies.length === 0
        ? ['no NetworkPolicy selects the pods']
        : [];
    }),
};
