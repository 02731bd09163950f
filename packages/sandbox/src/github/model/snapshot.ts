import type { StoredRepo } from './store';

/** What tests and the sandbox CLI may inspect. Secret values are left out. */
export interface RepoSnapshot {
  owner: string;
  name: string;
  fullName: string;
  id: number;
  defaultBranch: string;
  private: boolean;
  gitDir: string;
  topics: string[];
  collaborators: Record<string, string>;
  teams: Record<string, string>;
  variables: Record<string, string>;
  secretNames: string[];
  environments: Array<{
    name: string;
    variables: Record<string, string>;
    secretNames: string[];
    branchPolicies: string[];
  }>;
  protectedBranches: string[];
  pulls: Array<{
    number: number;
    state: string;
    merged: boolean;
    head: string;
    base: string;
    title: string;
  }>;
  recorded: Array<{ kind: string; body: unknown }>;
}

export function repoSnapshot(repo: StoredRepo): RepoSnapshot {
  const values = (map: Map<string, { value: string }>) =>
    Object.fromEntries([...map].map(([k, v]) => [k, v.value]));
  return {
    owner: repo.owner.login,
    name: repo.name,
    fullName: `${repo.owner.login}/${repo.name}`,
    id: repo.id,
    defaultBranch: repo.defaultBranch,
    private: repo.settings.private,
    gitDir: repo.git.gitDir,
    topics: [...repo.topics],
    collaborators: Object.fromEntries(repo.collaborators),
    teams: Object.fromEntries(repo.teams),
    variables: values(repo.variables),
    secretNames: [...repo.secrets.keys()],
    environments: [...repo.environments.values()].map(env => ({
      name: env.name,
      variables: values(env.variables),
      secretNames: [...env.secrets.keys()],
      branchPolicies: env.branchPolicies.map(p => `${p.type}:${p.name}`),
    })),
    protectedBranches: [...repo.branchProtection.keys()],
    pulls: repo.pulls.map(p => ({
      number: p.number,
      state: p.state,
      merged: p.merged,
      head: p.head,
      base: p.base,
      title: p.title,
    })),
    recorded: [...repo.recorded],
  };
}
