import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DEFAULT_RETRY, RetryOptions } from './retry';
import { DEFAULT_TIMEOUT_MS } from './http';

/** One Argo CD instance from `eksPlatform.argocd.instances[]`. */
export interface ArgoCdInstanceConfig {
  name: string;
  url: string;
  token: string;
  uiUrl: string;
  /** Namespace that holds Application resources (default `argocd`). */
  namespace: string;
}

export type VaultAuthConfig =
  | { method: 'token'; token: string }
  | { method: 'approle'; roleId: string; secretId: string; mount: string };

export interface VaultConfig {
  url: string;
  namespace?: string;
  kvMount: string;
  kubernetesAuthMount: string;
  databaseMount: string;
  auth: VaultAuthConfig;
}

export interface EcrConfig {
  region?: string;
  accountId?: string;
  endpoint?: string;
}

export interface GitOpsConfig {
  repoUrl?: string;
  baseBranch: string;
}

export interface CallPolicy {
  timeoutMs: number;
  retry: RetryOptions;
}

export function readArgoCdInstances(config: Config): ArgoCdInstanceConfig[] {
  return (
    config.getOptionalConfigArray('eksPlatform.argocd.instances') ?? []
  ).map(instance => {
    const url = instance.getString('url');
    return {
      name: instance.getString('name'),
      url,
      token: instance.getString('token'),
      uiUrl: instance.getOptionalString('uiUrl') ?? url,
      namespace: instance.getOptionalString('namespace') ?? 'argocd',
    };
  });
}

/** Picks an instance by name, or the first one when no name is given. */
export function selectArgoCdInstance(
  instances: ArgoCdInstanceConfig[],
  name: string | undefined,
): ArgoCdInstanceConfig {
  if (instances.length === 0) {
    throw new InputError(
      'No Argo CD instance is configured; add one under eksPlatform.argocd.instances in app-config.',
    );
  }
  if (!name) return instances[0];
  const found = instances.find(i => i.name === name);
  if (!found) {
    throw new InputError(
      `Invalid input "instance": "${name}" is not a configured Argo CD instance; use one of ${instances
        .map(i => `"${i.name}"`)
        .join(', ')}.`,
    );
  }
  return found;
}

export function readVaultConfig(config: Config): VaultConfig | undefined {
  const vault = config.getOptionalConfig('eksPlatform.vault');
  if (!vault) return undefined;
  const auth = vault.getConfig('auth');
  const method = auth.getString('method');
  let authConfig: VaultAuthConfig;
  if (method === 'token') {
    authConfig = { method, token: auth.getString('token') };
  } else if (method === 'approle') {
    authConfig = {
      method,
      roleId: auth.getString('roleId'),
      secretId: auth.getString('secretId'),
      mount: auth.getOptionalString('mount') ?? 'approle',
    };
  } else {
    throw new Error(
      `eksPlatform.vault.auth.method must be "token" or "approle", got "${method}"`,
    );
  }
  return {
    url: vault.getString('url'),
    namespace: vault.getOptionalString('namespace'),
    kvMount: vault.getOptionalString('kvMount') ?? 'secret',
    kubernetesAuthMount:
      vault.getOptionalString('kubernetesAuthMount') ?? 'kubernetes',
    databaseMount: vault.getOptionalString('databaseMount') ?? 'database',
    auth: authConfig,
  };
}

export function readEcrConfig(config: Config): EcrConfig {
  const ecr = config.getOptionalConfig('eksPlatform.ecr');
  return {
    region: ecr?.getOptionalString('region'),
    accountId: ecr?.getOptionalString('accountId'),
    endpoint: ecr?.getOptionalString('endpoint'),
  };
}

export function readGitOpsConfig(config: Config): GitOpsConfig {
  const gitops = config.getOptionalConfig('eksPlatform.gitops');
  return {
    repoUrl: gitops?.getOptionalString('repoUrl'),
    baseBranch: gitops?.getOptionalString('baseBranch') ?? 'main',
  };
}

/** Timeout and retry settings from `eksPlatform.actions`. */
export function readCallPolicy(config: Config): CallPolicy {
  const actions = config.getOptionalConfig('eksPlatform.actions');
  return {
    timeoutMs: actions?.getOptionalNumber('timeoutMs') ?? DEFAULT_TIMEOUT_MS,
    retry: {
      attempts:
        actions?.getOptionalNumber('retry.attempts') ?? DEFAULT_RETRY.attempts,
      baseDelayMs:
        actions?.getOptionalNumber('retry.baseDelayMs') ??
        DEFAULT_RETRY.baseDelayMs,
      maxDelayMs:
        actions?.getOptionalNumber('retry.maxDelayMs') ??
        DEFAULT_RETRY.maxDelayMs,
    },
  };
}
