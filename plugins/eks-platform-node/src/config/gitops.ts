import { Config } from '@backstage/config';

/** `eksPlatform.gitops`: the repository Argo CD reads per-environment values from. */
export interface GitOpsConfig {
  /** RepoUrlPicker format, e.g. `github.com?owner=acme&repo=gitops`. */
  repoUrl?: string;
  baseBranch: string;
}

export function readGitOpsConfig(config: Config): GitOpsConfig {
  const gitops = config.getOptionalConfig('eksPlatform.gitops');
  return {
    repoUrl: gitops?.getOptionalString('repoUrl'),
    baseBranch: gitops?.getOptionalString('baseBranch') ?? 'main',
  };
}
