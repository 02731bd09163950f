import { Sandbox } from '@internal/eks-platform-sandbox';

/*
 * Everything a team owns for one service, read back from the sandbox the
 * way an operator would read it (the upstreams' own APIs, or the
 * simulators' state where an API would hide a field), so that a test can
 * say "unchanged" by comparing two reads. Controller-written status is left
 * out (Argo CD reconciles on its own); write timestamps are kept, so a
 * rewrite with the same value still shows.
 */

export interface ServiceLocation {
  /** The service (entity) name, e.g. orders-api. */
  service: string;
  /** The GitHub organisation of its repository. */
  org: string;
  /** The owning team's Argo CD AppProject. */
  project: string;
  environments: string[];
  /** The GitOps repository (eksPlatform.gitops.repoUrl) and its base branch. */
  gitops: { owner: string; repo: string; baseBranch: string };
}

async function getJson(url: string, headers: Record<string, string>) {
  const res = await fetch(url, { headers });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.json();
}

function vaultReader(sandbox: Sandbox) {
  return (path: string) =>
    getJson(`${sandbox.urls.vault}/v1/${path}`, {
      'X-Vault-Token': sandbox.tokens.vault,
    }).then(body => body?.data);
}

function githubReader(sandbox: Sandbox) {
  return (path: string) =>
    getJson(`${sandbox.urls.githubApi}${path}`, {
      Authorization: `token ${sandbox.tokens.github}`,
      Accept: 'application/vnd.github+json',
    });
}

/** Policy text, Kubernetes auth role, and the KV paths' metadata (custom_metadata, versions, times). */
async function readVault(sandbox: Sandbox, service: string) {
  const vault = vaultReader(sandbox);
  const kvPaths = sandbox.vault
    .secretPaths()
    .filter(p => p === service || p.startsWith(`${service}/`));
  return {
    policy: sandbox.vault.policies()[service],
    kubernetesRole: sandbox.vault.kubernetesRole(service),
    kvMetadata: Object.fromEntries(
      await Promise.all(
        kvPaths.map(
          async p => [p, await vault(`secret/metadata/${p}`)] as const,
        ),
      ),
    ),
  };
}

/** The repository with its tags, lifecycle policy and repository policy. */
function readEcr(sandbox: Sandbox, service: string) {
  return sandbox.ecr.repositories().find(r => r.repositoryName === service);
}

/** The service's Applications and the team's AppProject: what their owners declare. */
function readArgoCd(sandbox: Sandbox, location: ServiceLocation) {
  const declared = (o: any) => ({
    name: o.metadata.name,
    labels: o.metadata.labels,
    annotations: o.metadata.annotations,
    spec: o.spec,
  });
  return {
    applications: sandbox.argocd
      .applications()
      .filter(a =>
        location.environments.some(
          env => a.metadata.name === `${location.service}-${env}`,
        ),
      )
      .map(declared),
    project: sandbox.argocd
      .projects()
      .filter(p => p.metadata.name === location.project)
      .map(declared),
  };
}

/** Repository variables and secrets, deployment environments with reviewers and branch rules, branch protection. */
async function readGithubSettings(sandbox: Sandbox, location: ServiceLocation) {
  const github = githubReader(sandbox);
  const repo = `/repos/${location.org}/${location.service}`;
  const snapshot = sandbox.github
    .repos()
    .find(r => r.fullName === `${location.org}/${location.service}`);
  const environments = await Promise.all(
    (snapshot?.environments ?? []).map(async env => ({
      ...env,
      settings: await github(`${repo}/environments/${env.name}`),
      deploymentBranchPolicies: await github(
        `${repo}/environments/${env.name}/deployment-branch-policies`,
      ),
    })),
  );
  return {
    variables: snapshot?.variables,
    secretNames: snapshot?.secretNames,
    environments,
    mainProtection: await github(`${repo}/branches/main/protection`),
  };
}

/** The registration branch's head, its pull requests, and the service's files on it. */
async function readGitOps(sandbox: Sandbox, location: ServiceLocation) {
  const github = githubReader(sandbox);
  const { owner, repo } = location.gitops;
  const branch = `backstage/eks-platform/${location.service}`;
  const head = await github(
    `/repos/${owner}/${repo}/git/ref/heads/${encodeURIComponent(branch)}`,
  );
  const paths = [
    `projects/${location.project}.yaml`,
    ...location.environments.flatMap(env => [
      `apps/${location.service}/${env}/application.yaml`,
      `apps/${location.service}/${env}/values.yaml`,
    ]),
  ];
  const files = Object.fromEntries(
    await Promise.all(
      paths.map(async path => {
        const file = await github(
          `/repos/${owner}/${repo}/contents/${path}?ref=${encodeURIComponent(
            branch,
          )}`,
        );
        return [
          path,
          file && Buffer.from(file.content, 'base64').toString('utf8'),
        ] as const;
      }),
    ),
  );
  const pulls = (await github(
    `/repos/${owner}/${repo}/pulls?state=all&head=${owner}:${encodeURIComponent(
      branch,
    )}`,
  )) as any[];
  return {
    branch,
    head: head?.object?.sha,
    files,
    pulls: pulls.map(p => ({
      number: p.number,
      state: p.state,
      title: p.title,
      head: p.head?.sha,
      updatedAt: p.updated_at,
    })),
  };
}

/** Every resource of the service in Vault, ECR, Argo CD, GitHub and the GitOps repository. */
export async function readServiceResources(
  sandbox: Sandbox,
  location: ServiceLocation,
) {
  return {
    vault: await readVault(sandbox, location.service),
    ecr: readEcr(sandbox, location.service),
    argocd: readArgoCd(sandbox, location),
    github: await readGithubSettings(sandbox, location),
    gitops: await readGitOps(sandbox, location),
  };
}

/** Write requests every simulator recorded so far (refused ones included). */
export function writeRequestCounts(sandbox: Sandbox) {
  return {
    vault: sandbox.vault.writeRequests.length,
    ecr: sandbox.ecr.writeRequests.length,
    github: sandbox.github.writeRequests.length,
    argocd: sandbox.argocd.writeRequests.length,
  };
}
