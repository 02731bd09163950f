import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  type ArgoCdSimulator,
  type EcrSimulator,
  ecrSimulatorAwsConfig,
  type GitHubSimulator,
  gitHubSimulatorIntegrations,
  type VaultSimulator,
} from '@internal/eks-platform-sandbox';
import { GithubClient } from '../clients/github/GithubClient';
import { githubAccess } from '../clients/github/githubAccess';
import { createEcrCaller } from '../clients/ecr/ecrCaller';
import { VaultClient } from '../clients/vault/VaultClient';
import { ArgoCdInstanceConfig } from '../config/argocd';
import { VaultConfig } from '../config/vault';
import { testCallPolicy } from './callPolicy';

/* The package's clients pointed at the sandbox simulators, for tests. */

export const SANDBOX_AWS_ACCOUNT = '123456789012';

export function sandboxVaultConfig(
  vault: VaultSimulator,
  auth: VaultConfig['auth'] = { method: 'token', token: vault.rootToken },
): VaultConfig {
  return {
    url: vault.url,
    kvMount: 'secret',
    kubernetesAuthMount: 'kubernetes',
    databaseMount: 'database',
    auth,
  };
}

export function sandboxVaultClient(
  vault: VaultSimulator,
  auth?: VaultConfig['auth'],
  vaultNamespace?: string,
): VaultClient {
  return new VaultClient(
    sandboxVaultConfig(vault, auth),
    testCallPolicy().policy,
    vaultNamespace,
  );
}

/** An ECR caller with the sandbox key pair of SANDBOX_AWS_ACCOUNT. */
export function sandboxEcrCaller(
  sim: EcrSimulator,
  options: { accountId?: string; attempts?: number } = {},
) {
  const { policy, delays } = testCallPolicy(options.attempts);
  const credentialsManager = DefaultAwsCredentialsManager.fromConfig(
    new ConfigReader({
      aws: ecrSimulatorAwsConfig(SANDBOX_AWS_ACCOUNT),
    }),
  );
  return {
    delays,
    ecr: createEcrCaller({
      credentialsManager,
      accountId: options.accountId ?? SANDBOX_AWS_ACCOUNT,
      region: 'eu-west-1',
      endpoint: sim.url,
      policy,
    }),
  };
}

export function sandboxArgoCdInstance(
  sim: ArgoCdSimulator,
  token = 'sandbox-argocd-token',
): ArgoCdInstanceConfig {
  return {
    name: 'main',
    url: sim.url,
    token,
    uiUrl: sim.url,
    namespace: 'argocd',
  };
}

/** Config with the GitHub simulator as the integration of its host. */
export function sandboxGithubConfig(github: GitHubSimulator) {
  return new ConfigReader({
    integrations: gitHubSimulatorIntegrations(github),
  });
}

/** A GithubClient for one repository of the GitHub simulator. */
export async function sandboxGithubClient(
  github: GitHubSimulator,
  owner: string,
  repo: string,
) {
  const { policy, delays } = testCallPolicy();
  const { integrations, credentialsProvider } = githubAccess(
    sandboxGithubConfig(github),
  );
  const gh = await GithubClient.create({
    integrations,
    credentialsProvider,
    ref: { host: github.host, owner, repo },
    policy,
  });
  return { gh, delays };
}
