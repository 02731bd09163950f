import {
  checkDnsLabel,
  checkOneOf,
  checkRepoRelativePath,
  checkRepoUrl,
  checkUnique,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { ArgoCdRegisterInput } from './argocdRegister.input';

export interface EnvironmentSpec {
  env: string;
  applicationName: string;
  destination: { server?: string; name?: string; namespace: string };
  values: JsonObject;
}

/** Validated input with defaults applied. */
export interface ArgoCdSpec {
  mode: 'gitops' | 'api';
  name: string;
  project: string;
  chartRepoUrl: string;
  chartPath?: string;
  chartName?: string;
  targetRevision: string;
  valueFiles: string[];
  syncPolicy: {
    automated: boolean;
    prune: boolean;
    selfHeal: boolean;
    createNamespace: boolean;
  };
  environments: EnvironmentSpec[];
  gitopsPath: string;
}

export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export function resolveArgoCdSpec(input: ArgoCdRegisterInput): ArgoCdSpec {
  const mode = checkOneOf('mode', input.mode ?? 'gitops', [
    'gitops',
    'api',
  ] as const);
  // Application names are <name>-<env> and must stay a DNS label.
  const name = checkDnsLabel('name', input.name, 53);
  const project = checkDnsLabel('project', input.project ?? 'default');
  const namespace = checkDnsLabel('namespace', input.namespace);
  if (!Array.isArray(input.environments) || input.environments.length === 0) {
    throw new InputError(
      'Invalid input "environments": list at least one environment, e.g. ["dev", "stage", "prod"].',
    );
  }
  input.environments.forEach((env, i) =>
    checkDnsLabel(`environments[${i}]`, env, 9),
  );
  checkUnique('environments', input.environments);
  for (const key of Object.keys(input.destination ?? {})) {
    if (!input.environments.includes(key)) {
      throw new InputError(
        `Invalid input "destination.${key}": "${key}" is not one of the environments (${input.environments.join(
          ', ',
        )}).`,
      );
    }
  }
  for (const key of Object.keys(input.values ?? {})) {
    if (!input.environments.includes(key)) {
      throw new InputError(
        `Invalid input "values.${key}": "${key}" is not one of the environments (${input.environments.join(
          ', ',
        )}).`,
      );
    }
  }
  checkRepoUrl('chartRepoUrl', input.chartRepoUrl);
  if (input.chartName && input.chartPath) {
    throw new InputError(
      'Invalid input: give "chartPath" (chart in a Git repository) or "chartName" (chart in a Helm repository), not both.',
    );
  }
  if (input.chartName) checkDnsLabel('chartName', input.chartName);
  const chartPath = input.chartName
    ? undefined
    : checkRepoRelativePath('chartPath', input.chartPath ?? 'chart');
  const targetRevision = input.targetRevision ?? 'HEAD';
  if (!/^[A-Za-z0-9._/^~*<>=|, -]{1,128}$/.test(targetRevision)) {
    throw new InputError(
      `Invalid input "targetRevision": ${JSON.stringify(
        targetRevision,
      )} is not a branch, tag, commit or version constraint.`,
    );
  }
  const valueFiles = (
    input.valueFiles ?? ['values.yaml', 'values-{env}.yaml']
  ).map((file, i) => checkRepoRelativePath(`valueFiles[${i}]`, file));
  const environments = input.environments.map(env => {
    const dest = input.destination?.[env] ?? {};
    if (dest.server && dest.name) {
      throw new InputError(
        `Invalid input "destination.${env}": give "server" (API URL) or "name" (cluster name in Argo CD), not both.`,
      );
    }
    if (dest.server) checkRepoUrl(`destination.${env}.server`, dest.server);
    if (dest.name && !/^[A-Za-z0-9._@:-]{1,253}$/.test(dest.name)) {
      throw new InputError(
        `Invalid input "destination.${env}.name": ${JSON.stringify(
          dest.name,
        )} is not a cluster name.`,
      );
    }
    return {
      env,
      applicationName: `${name}-${env}`,
      destination: {
        ...(dest.name
          ? { name: dest.name }
          : { server: dest.server ?? IN_CLUSTER_SERVER }),
        namespace: dest.namespace
          ? checkDnsLabel(`destination.${env}.namespace`, dest.namespace)
          : namespace,
      },
      values: { ...(input.commonValues ?? {}), ...(input.values?.[env] ?? {}) },
    };
  });
  return {
    mode,
    name,
    project,
    chartRepoUrl: input.chartRepoUrl,
    chartPath,
    chartName: input.chartName,
    targetRevision,
    valueFiles,
    syncPolicy: {
      automated: input.syncPolicy?.automated ?? true,
      prune: input.syncPolicy?.prune ?? true,
      selfHeal: input.syncPolicy?.selfHeal ?? true,
      createNamespace: input.syncPolicy?.createNamespace ?? true,
    },
    environments,
    gitopsPath: checkRepoRelativePath('gitopsPath', input.gitopsPath ?? 'apps'),
  };
}
