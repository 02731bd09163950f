import {
  ArgoCdInstanceConfig,
  GithubClient,
  proposeChange,
  PullRequestResult,
} from '@internal/backstage-plugin-eks-platform-node';
import yaml from 'yaml';
import { AuditContext, audited } from '../../lib/audit';
import {
  applicationPath,
  buildApplication,
  valuesPath,
} from './applicationManifest';
import { ArgoCdSpec } from './argocdSpec';

const HEADER =
  '# Managed by Backstage (eks:argocd:register). Change it through pull requests.\n';

/** The files the GitOps repository should hold for this service. */
export function gitopsFiles(
  spec: ArgoCdSpec,
  instance: ArgoCdInstanceConfig,
  gitopsRepoCloneUrl: string,
  baseBranch: string,
): Record<string, string> {
  const files: Record<string, string> = {};
  for (const env of spec.environments) {
    files[valuesPath(spec, env.env)] = HEADER + yaml.stringify(env.values);
    files[applicationPath(spec, env.env)] =
      HEADER +
      yaml.stringify(
        buildApplication(spec, env, {
          namespace: instance.namespace,
          gitopsRepoCloneUrl,
          gitopsRevision: baseBranch,
        }),
      );
  }
  return files;
}

/**
 * gitops mode: proposes the Applications and per-environment values to the
 * GitOps repository as one pull request; Argo CD (app-of-apps or an
 * ApplicationSet git generator over `<gitopsPath>/*\/*\/application.yaml`)
 * picks them up once it is merged.
 */
export async function registerThroughGitOps(options: {
  spec: ArgoCdSpec;
  instance: ArgoCdInstanceConfig;
  gh: GithubClient;
  baseBranch: string;
  audit: AuditContext;
  logger: { info(m: string): void };
}): Promise<PullRequestResult> {
  const { spec, instance, gh, baseBranch, audit, logger } = options;
  const { owner, repo } = gh.ref;
  const repository = await gh.must('read repository', o =>
    o.rest.repos.get({ owner, repo }),
  );
  const files = gitopsFiles(spec, instance, repository.clone_url, baseBranch);
  const envs = spec.environments.map(e => e.env).join(', ');
  const result = await audited(
    audit,
    'argocd-gitops-pull-request',
    {
      repository: `${owner}/${repo}`,
      baseBranch,
      applications: spec.environments.map(e => e.applicationName),
      files: Object.keys(files),
    },
    () =>
      proposeChange(gh, {
        branch: `backstage/eks-platform/${spec.name}`,
        baseBranch,
        title: `Register ${spec.name} in Argo CD (${envs})`,
        body: [
          `Adds the Argo CD Applications and per-environment Helm values for **${spec.name}**.`,
          '',
          ...spec.environments.map(
            e =>
              `- \`${e.applicationName}\` -> ${
                e.destination.name ?? e.destination.server
              } / ${e.destination.namespace}`,
          ),
          '',
          'Opened by the Backstage action `eks:argocd:register`.',
        ].join('\n'),
        commitMessage: `Register ${spec.name} in Argo CD (${envs})`,
        files,
      }),
    r => ({ status: r.status, pullRequestUrl: r.pullRequestUrl ?? null }),
  );
  const messages: Record<PullRequestResult['status'], string> = {
    'up-to-date': `GitOps repository ${owner}/${repo} already holds these Applications and values on ${baseBranch}; no pull request needed.`,
    created: `Opened pull request ${result.pullRequestUrl} in ${owner}/${repo}.`,
    updated: `Updated pull request ${result.pullRequestUrl} in ${owner}/${repo} with the new spec.`,
    unchanged: `Pull request ${result.pullRequestUrl} in ${owner}/${repo} already proposes this spec.`,
  };
  logger.info(messages[result.status]);
  return result;
}
