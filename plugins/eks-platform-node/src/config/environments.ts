import { Config } from '@backstage/config';
import { AWS_ACCOUNT_ID, AWS_REGION, isDnsLabel } from '../validation/patterns';
import { isCidr } from '../validation/cidrs';
import { AddressPolicy } from '../validation/upstreamUrls';
import { requireHttpUrl } from './urls';
import {
  EnvironmentKafka,
  configAddressPolicy,
  readEnvironmentKafka,
} from './environmentKafka';

/**
 * One deployment environment (`eksPlatform.environments[]`). The golden-path
 * form offers these by name; accounts, clusters and URLs come from here,
 * never from what a developer types.
 */
export interface EnvironmentConfig {
  name: string;
  /** A cluster name from `kubernetes.clusterLocatorMethods`. */
  cluster: string;
  argocd: {
    instance: string;
    /** Exactly one of server and name, as an Argo CD destination. */
    destinationServer?: string;
    destinationName?: string;
  };
  /** Namespace of a team's service: `{team}`, `{env}` and `{service}` are filled in. */
  namespacePattern: string;
  ingress?: { className: string; sourceRanges: string[] };
  vault: { kubernetesAuthMount: string };
  aws: { accountId: string; region: string };
  /** `automatic`: merged on green; `pull-request`: a reviewed pull request. */
  promotion: 'automatic' | 'pull-request';
  /** The environment's MSK cluster, when it has one. */
  kafka?: EnvironmentKafka;
}

const KEY = 'eksPlatform.environments';
const PLACEHOLDER = /\{(team|env|service)\}/g;

function checkNamespacePattern(pattern: string, where: string): string {
  const sample = pattern.replace(PLACEHOLDER, 'x');
  if (!pattern.includes('{team}') && !pattern.includes('{service}')) {
    throw new Error(
      `${where} must contain {team} or {service} so that teams get namespaces of their own, got "${pattern}"`,
    );
  }
  if (sample.includes('{') || !isDnsLabel(sample)) {
    throw new Error(
      `${where} must be a namespace name with the placeholders {team}, {env} and {service} only, got "${pattern}"`,
    );
  }
  return pattern;
}

/** Names of the clusters of every `type: config` cluster locator. */
function configuredClusters(config: Config): string[] | undefined {
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  // Clusters from the catalog or a cloud API are not known at start-up.
  if (
    methods.length === 0 ||
    methods.some(m => m.getString('type') !== 'config')
  ) {
    return undefined;
  }
  return methods.flatMap(m =>
    (m.getOptionalConfigArray('clusters') ?? []).map(c => c.getString('name')),
  );
}

function readEnvironment(
  env: Config,
  where: string,
  context: {
    clusters?: string[];
    argoCdInstances: string[];
    defaultAuthMount: string;
    defaultAccountId?: string;
    defaultRegion?: string;
    addressPolicy: AddressPolicy;
  },
): EnvironmentConfig {
  const name = env.getString('name');
  if (!isDnsLabel(name, 32)) {
    throw new Error(
      `${where}.name must be a short DNS label such as "dev" or "prod", got "${name}"`,
    );
  }
  const cluster = env.getString('cluster');
  if (context.clusters && !context.clusters.includes(cluster)) {
    throw new Error(
      `${where}.cluster "${cluster}" is not a cluster of kubernetes.clusterLocatorMethods; use one of ${context.clusters
        .map(c => `"${c}"`)
        .join(', ')}`,
    );
  }
  const instance = env.getString('argocd.instance');
  if (!context.argoCdInstances.includes(instance)) {
    throw new Error(
      `${where}.argocd.instance "${instance}" is not configured under eksPlatform.argocd.instances`,
    );
  }
  const server = env.getOptionalString('argocd.destinationServer');
  const destinationName = env.getOptionalString('argocd.destinationName');
  if ((server === undefined) === (destinationName === undefined)) {
    throw new Error(
      `${where}.argocd needs exactly one of destinationServer and destinationName`,
    );
  }
  const ingress = env.getOptionalConfig('ingress');
  const sourceRanges = ingress?.getOptionalStringArray('sourceRanges') ?? [];
  sourceRanges.forEach((range, i) => {
    if (!isCidr(range)) {
      throw new Error(
        `${where}.ingress.sourceRanges[${i}] must be a CIDR such as "10.0.0.0/8", got "${range}"`,
      );
    }
  });
  const accountId =
    env.getOptionalString('aws.accountId') ?? context.defaultAccountId;
  if (!accountId || !AWS_ACCOUNT_ID.test(accountId)) {
    throw new Error(
      `${where}.aws.accountId must be a 12-digit AWS account ID (or set eksPlatform.ecr.accountId), got "${accountId}"`,
    );
  }
  const region = env.getOptionalString('aws.region') ?? context.defaultRegion;
  if (!region || !AWS_REGION.test(region)) {
    throw new Error(
      `${where}.aws.region must be an AWS region such as "eu-west-1" (or set eksPlatform.ecr.region), got "${region}"`,
    );
  }
  const promotion = env.getOptionalString('promotion') ?? 'pull-request';
  if (promotion !== 'automatic' && promotion !== 'pull-request') {
    throw new Error(
      `${where}.promotion must be "automatic" or "pull-request", got "${promotion}"`,
    );
  }
  return {
    name,
    cluster,
    argocd: {
      instance,
      destinationServer: server
        ? requireHttpUrl(server, `${where}.argocd.destinationServer`)
        : undefined,
      destinationName,
    },
    namespacePattern: checkNamespacePattern(
      env.getOptionalString('namespacePattern') ?? '{team}',
      `${where}.namespacePattern`,
    ),
    ingress: ingress
      ? { className: ingress.getString('className'), sourceRanges }
      : undefined,
    vault: {
      kubernetesAuthMount:
        env.getOptionalString('vault.kubernetesAuthMount') ??
        context.defaultAuthMount,
    },
    aws: { accountId, region },
    promotion,
    kafka: readEnvironmentKafka(env, where, context.addressPolicy),
  };
}

/**
 * Reads and cross-checks `eksPlatform.environments`: each names a known
 * cluster and Argo CD instance, and names are unique.
 */
export function readEnvironments(config: Config): EnvironmentConfig[] {
  const context = {
    clusters: configuredClusters(config),
    argoCdInstances: (
      config.getOptionalConfigArray('eksPlatform.argocd.instances') ?? []
    ).map(i => i.getString('name')),
    defaultAuthMount:
      config.getOptionalString('eksPlatform.vault.kubernetesAuthMount') ??
      'kubernetes',
    defaultAccountId: config.getOptionalString('eksPlatform.ecr.accountId'),
    defaultRegion: config.getOptionalString('eksPlatform.ecr.region'),
    addressPolicy: configAddressPolicy(config),
  };
  const seen = new Set<string>();
  return (config.getOptionalConfigArray(KEY) ?? []).map((env, i) => {
    const environment = readEnvironment(env, `${KEY}[${i}]`, context);
    if (seen.has(environment.name)) {
      throw new Error(
        `${KEY}[${i}].name "${environment.name}" is used by two environments`,
      );
    }
    seen.add(environment.name);
    return environment;
  });
}

/** The namespace a team's service gets in an environment, from its pattern. */
export function namespaceFromPattern(
  pattern: string,
  values: { team: string; env: string; service?: string },
): string | undefined {
  if (pattern.includes('{service}') && !values.service) return undefined;
  const ns = pattern
    .replace(/\{team\}/g, values.team)
    .replace(/\{env\}/g, values.env)
    .replace(/\{service\}/g, values.service ?? '');
  return isDnsLabel(ns) ? ns : undefined;
}
