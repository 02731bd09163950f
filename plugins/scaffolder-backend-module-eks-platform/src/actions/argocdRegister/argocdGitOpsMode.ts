import {
  ChangeAuthorship,
  GithubClient,
  OwnershipCaller,
  OwnershipMarker,
  PullRequestResult,
  decideOwnership,
  proposeChange,
  readGitOpsFileMarker,
  readRepositoryFile,
  registrationBranch,
  withGitOpsFileMarker,
} from '@internal/backstage-plugin-eks-platform-node';
import { isDeepStrictEqual } from 'node:util';
import yaml from 'yaml';
import { AuditContext, audited } from '../../lib/audit';
import {
  GitOpsSource,
  applicationPath,
  buildApplication,
  valuesPath,
} from './applicationManifest';
import { buildAppProject } from './appProjectManifest';
import { RegistrationPlan } from './argocdSpec';

const NOTE =
  '# Managed by Backstage (eks:argocd:register). Change it through pull requests.\n';

export function projectPath(project: string): string {
  return `projects/${project}.yaml`;
}

// One branch per service, shared with the status backend's pending state.
export { registrationBranch };

/** Who writes the registration commit, checked before the branch is ever replaced. */
export function registrationAuthorship(
  plan: RegistrationPlan,
  actionId: string,
): ChangeAuthorship {
  return {
    identity: {
      name: 'EKS Platform (Backstage)',
      email: 'eks-platform@backstage.invalid',
    },
    trailers: {
      'Eks-Platform-Action': actionId,
      'Eks-Platform-Entity-Ref': plan.marker.entityRef,
      'Eks-Platform-Owner-Ref': plan.marker.ownerRef,
    },
    description: `${actionId} for ${plan.marker.entityRef} (owner ${plan.marker.ownerRef})`,
  };
}

function text(marker: OwnershipMarker, body: unknown): string {
  return withGitOpsFileMarker(NOTE + yaml.stringify(body), marker);
}

/**
 * An environment's values: created with the image repository; an existing
 * file of this service keeps everything else (the image tag a promotion
 * set, values the team added by pull request).
 */
function valuesFile(
  plan: RegistrationPlan,
  existing: string | undefined,
): string {
  const current = (existing ? yaml.parse(existing) : undefined) ?? {};
  const values = plan.imageRepository
    ? {
        ...current,
        image: { ...current.image, repository: plan.imageRepository },
      }
    : current;
  // Nothing to change: keep the file byte for byte (a promotion's edit
  // formats YAML its own way; rewriting it would be a pull request of noise).
  if (
    existing !== undefined &&
    isDeepStrictEqual(values, current) &&
    readGitOpsFileMarker(existing) !== undefined
  ) {
    return withGitOpsFileMarker(existing, plan.marker);
  }
  return text(plan.marker, values);
}

interface FileToWrite {
  path: string;
  marker: OwnershipMarker;
  content: (existing: string | undefined, adopted: boolean) => string;
}

/**
 * The files the GitOps repository should hold for this registration: per
 * environment the Application and its values, and the team's AppProject
 * (shared by the team's services; an app-of-apps applies it first, sync
 * wave -1).
 */
function filesToWrite(
  plan: RegistrationPlan,
  gitops: GitOpsSource,
): FileToWrite[] {
  const files: FileToWrite[] = [];
  const instance = plan.environments[0].instance;
  files.push({
    path: projectPath(plan.project),
    marker: plan.projectMarker,
    content: (existing, adopted) =>
      text(
        plan.projectMarker,
        buildAppProject(
          plan,
          instance,
          gitops.cloneUrl,
          existing ? yaml.parse(existing) : undefined,
          !adopted,
        ),
      ),
  });
  for (const env of plan.environments) {
    files.push({
      path: applicationPath(plan.service, env.env),
      marker: plan.marker,
      content: () => text(plan.marker, buildApplication(plan, env, gitops)),
    });
    files.push({
      path: valuesPath(plan.service, env.env),
      marker: plan.marker,
      content: existing => valuesFile(plan, existing),
    });
  }
  return files;
}

/**
 * gitops mode: proposes the team's AppProject, the Applications and their
 * values to the GitOps repository as one pull request. Every file is read
 * on the base branch first: another owner's file, or an unmarked one, is a
 * ConflictError before anything is written; the change branch is replaced
 * only when it holds this registration's own commit.
 */
export async function registerThroughGitOps(options: {
  plan: RegistrationPlan;
  gh: GithubClient;
  gitops: GitOpsSource;
  caller: OwnershipCaller;
  actionId: string;
  audit: AuditContext;
  logger: { info(m: string): void };
}): Promise<PullRequestResult> {
  const { plan, gh, gitops, caller, actionId, audit, logger } = options;
  const { owner, repo } = gh.ref;
  const files: Record<string, string> = {};
  for (const file of filesToWrite(plan, gitops)) {
    const existing = await readRepositoryFile(gh, file.path, gitops.baseBranch);
    const decision = decideOwnership({
      resource: `${file.path} in ${owner}/${repo}`,
      exists: existing !== undefined,
      found: readGitOpsFileMarker(existing),
      requested: file.marker,
      adoptExisting: plan.adoptExisting,
      caller,
    });
    files[file.path] = file.content(existing, decision === 'adopt');
  }
  const envs = plan.environments.map(e => e.env).join(', ');
  const result = await audited(
    audit,
    'argocd-gitops-pull-request',
    {
      repository: `${owner}/${repo}`,
      baseBranch: gitops.baseBranch,
      project: plan.project,
      owner: plan.marker.ownerRef,
      applications: plan.environments.map(e => e.applicationName),
      files: Object.keys(files),
    },
    () =>
      proposeChange(gh, {
        branch: registrationBranch(plan.service),
        baseBranch: gitops.baseBranch,
        title: `Register ${plan.service} in Argo CD (${envs})`,
        body: [
          `Adds the Argo CD Applications and per-environment Helm values of **${plan.service}** (owner \`${plan.marker.ownerRef}\`), in the team's project \`${plan.project}\`.`,
          '',
          ...plan.environments.map(
            e =>
              `- \`${e.applicationName}\` -> ${
                e.destination.name ?? e.destination.server
              } / ${e.destination.namespace} (promotion: ${e.promotion}${
                e.promotesFrom ? ` after ${e.promotesFrom} is healthy` : ''
              })`,
          ),
          '',
          `Opened by the Backstage action \`${actionId}\`. Its branch is rewritten only by that action; a commit by anyone else stops it.`,
        ].join('\n'),
        commitMessage: `Register ${plan.service} in Argo CD (${envs})`,
        files,
        authorship: registrationAuthorship(plan, actionId),
      }),
    r => ({ status: r.status, pullRequestUrl: r.pullRequestUrl ?? null }),
  );
  const messages: Record<PullRequestResult['status'], string> = {
    'up-to-date': `GitOps repository ${owner}/${repo} already holds these Applications and values on ${gitops.baseBranch}; no pull request needed.`,
    created: `Opened pull request ${result.pullRequestUrl} in ${owner}/${repo}.`,
    updated: `Updated pull request ${result.pullRequestUrl} in ${owner}/${repo} with the new spec.`,
    unchanged: `Pull request ${result.pullRequestUrl} in ${owner}/${repo} already proposes this spec.`,
  };
  logger.info(messages[result.status]);
  return result;
}
