import { InputError } from '@backstage/errors';
import {
  checkTeamNamespace,
  EnvironmentConfig,
  ResolvedTeam,
  TenancyConfig,
} from '@internal/backstage-plugin-eks-platform-node';

/** What the skeleton and the eks:* steps need of one environment. */
export interface ResolvedEnvironment {
  name: string;
  cluster: string;
  namespace: string;
  promotion: EnvironmentConfig['promotion'];
  aws: { accountId: string; region: string };
  ingress?: { className: string; sourceRanges: string[] };
  vaultAuthMount: string;
  argocd: {
    instance: string;
    destinationServer?: string;
    destinationName?: string;
  };
  /** The service's runtime role (IRSA) in this environment's account. */
  runtimeRoleArn: string;
}

/**
 * The chosen environments, in config order (promotion follows it), each
 * with the service's namespace. Unknown or repeated names are refused with
 * the list of valid ones.
 */
export function resolveEnvironments(options: {
  names: string[];
  configured: EnvironmentConfig[];
  team: ResolvedTeam;
  tenancy: TenancyConfig;
  service: string;
  namespace?: string;
}): ResolvedEnvironment[] {
  const { names, configured, team, tenancy, service } = options;
  const valid = configured.map(e => `"${e.name}"`).join(', ') || 'none';
  if (names.length === 0) {
    throw new InputError(
      `Invalid input "environments": choose at least one of the platform's environments (${valid}).`,
    );
  }
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (!configured.some(e => e.name === name)) {
      throw new InputError(
        `Invalid input "environments[${i}]": ${JSON.stringify(
          String(name).slice(0, 64),
        )} is not a platform environment; use one of ${valid} (eksPlatform.environments).`,
      );
    }
    if (seen.has(name)) {
      throw new InputError(
        `Invalid input "environments[${i}]": "${name}" is chosen twice.`,
      );
    }
    seen.add(name);
  }
  return configured
    .filter(env => seen.has(env.name))
    .map(env => {
      const teamNamespaces = team.namespacesIn(env, service);
      const namespace = options.namespace ?? teamNamespaces[0];
      if (namespace === undefined) {
        throw new InputError(
          `${team.group} has no namespace in environment "${env.name}": its namespacePattern "${env.namespacePattern}" gives none; a platform admin configures eksPlatform.tenancy.teams[].namespaces.`,
        );
      }
      checkTeamNamespace(
        options.namespace === undefined
          ? `namespace (${env.name})`
          : 'namespace',
        namespace,
        teamNamespaces,
        tenancy.reservedNamespaces,
      );
      return {
        name: env.name,
        cluster: env.cluster,
        namespace,
        promotion: env.promotion,
        aws: env.aws,
        ingress: env.ingress,
        vaultAuthMount: env.vault.kubernetesAuthMount,
        argocd: env.argocd,
        runtimeRoleArn: `arn:aws:iam::${env.aws.accountId}:role/${service}-${env.name}`,
      };
    });
}
