import { Sandbox } from '@internal/eks-platform-sandbox';

/**
 * How many of each upstream resource exist for a service: what "no
 * duplicates" is checked against after re-runs and crash recovery.
 */
export function upstreamInventory(sandbox: Sandbox, service: string) {
  const repos = sandbox.github.repos();
  const gitops = repos.find(r => r.fullName === 'platform/gitops');
  const policies = Object.keys(sandbox.vault.policies());
  return {
    githubRepos: repos.filter(r => r.name === service).length,
    ecrRepositories: sandbox.ecr
      .repositories()
      .filter(r => r.repositoryName === service).length,
    vaultPolicies: policies.filter(p => p.includes(service)).length,
    vaultKubernetesRoles: sandbox.vault.kubernetesRole(service) ? 1 : 0,
    gitopsOpenPullRequests: (gitops?.pulls ?? []).filter(
      p => p.state === 'open' && p.head.includes(service),
    ).length,
    argocdApplications: sandbox.argocd
      .applications()
      .filter(a => a.metadata.name.startsWith(service)).length,
  };
}
