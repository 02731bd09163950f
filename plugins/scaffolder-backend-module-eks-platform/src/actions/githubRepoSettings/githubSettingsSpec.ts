import {
  checkAwsRegion,
  checkEcrRepositoryName,
  checkGithubName,
  checkGithubVariableName,
  checkIamRoleArn,
  checkIntRange,
  checkUnique,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError } from '@backstage/errors';
import { GithubSettingsInput } from './githubRepoSettings.input';

export interface EnvironmentSettings {
  name: string;
  users: string[];
  teams: string[];
  preventSelfReview: boolean;
  waitTimer: number;
  deploymentBranches?: string[];
  variables: Record<string, string>;
}

export interface GithubSettingsSpec {
  repoUrl: string;
  variables: Record<string, string>;
  environments: EnvironmentSettings[];
}

/** `user:default/jdoe` or `group:default/platform` -> `jdoe` / `platform`. */
function refToName(value: string): string {
  const match = /^(?:[a-z]+:)?(?:[^/]+\/)?([^:/]+)$/i.exec(value);
  return match ? match[1] : value;
}

function checkVariables(
  field: string,
  vars: Record<string, string>,
): Record<string, string> {
  for (const [name, value] of Object.entries(vars)) {
    checkGithubVariableName(`${field}.${name}`, name);
    if (typeof value !== 'string' || value.length > 48 * 1024) {
      throw new InputError(
        `Invalid input "${field}.${name}": use a string of at most 48 KB.`,
      );
    }
  }
  return vars;
}

export function resolveGithubSettingsSpec(
  input: GithubSettingsInput,
): GithubSettingsSpec {
  const variables: Record<string, string> = {
    ...checkVariables('variables', input.variables ?? {}),
  };
  // The well-known pipeline variables get strict checks: a typo here only
  // shows up as a failing deploy much later.
  if (input.awsRoleArn !== undefined)
    variables.AWS_ROLE_ARN = checkIamRoleArn('awsRoleArn', input.awsRoleArn);
  if (input.awsRegion !== undefined)
    variables.AWS_REGION = checkAwsRegion('awsRegion', input.awsRegion);
  if (input.ecrRegistry !== undefined) {
    if (
      !/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(
        input.ecrRegistry,
      ) &&
      !/^[a-z0-9.-]+(:\d+)?$/.test(input.ecrRegistry)
    ) {
      throw new InputError(
        `Invalid input "ecrRegistry": ${JSON.stringify(
          input.ecrRegistry,
        )} is not a registry host; use "<account>.dkr.ecr.<region>.amazonaws.com".`,
      );
    }
    variables.ECR_REGISTRY = input.ecrRegistry;
  }
  if (input.ecrRepository !== undefined) {
    variables.ECR_REPOSITORY = checkEcrRepositoryName(
      'ecrRepository',
      input.ecrRepository,
    );
  }
  const environments = (input.environments ?? []).map((env, i) => {
    const field = `environments[${i}]`;
    if (!env?.name || !/^[A-Za-z0-9._-]{1,255}$/.test(env.name)) {
      throw new InputError(
        `Invalid input "${field}.name": ${JSON.stringify(
          env?.name,
        )} is not an environment name (letters, digits, "._-").`,
      );
    }
    const users = (env.reviewers?.users ?? [])
      .map(refToName)
      .map((u, j) => checkGithubName(`${field}.reviewers.users[${j}]`, u));
    const teams = (env.reviewers?.teams ?? [])
      .map(refToName)
      .map((t, j) => checkGithubName(`${field}.reviewers.teams[${j}]`, t));
    if (users.length + teams.length > 6) {
      throw new InputError(
        `Invalid input "${field}.reviewers": GitHub allows at most 6 reviewers per environment.`,
      );
    }
    const branches = env.deploymentBranches;
    branches?.forEach((b, j) => {
      if (!/^[A-Za-z0-9._/*-]{1,255}$/.test(b)) {
        throw new InputError(
          `Invalid input "${field}.deploymentBranches[${j}]": ${JSON.stringify(
            b,
          )} is not a branch name pattern.`,
        );
      }
    });
    return {
      name: env.name,
      users: checkUnique(`${field}.reviewers.users`, users),
      teams: checkUnique(`${field}.reviewers.teams`, teams),
      preventSelfReview: env.preventSelfReview ?? false,
      waitTimer: checkIntRange(
        `${field}.waitTimer`,
        env.waitTimer ?? 0,
        0,
        43200,
      ),
      deploymentBranches: branches
        ? checkUnique(`${field}.deploymentBranches`, branches)
        : undefined,
      variables: checkVariables(`${field}.variables`, env.variables ?? {}),
    };
  });
  checkUnique(
    'environments',
    environments.map(e => e.name),
  );
  return { repoUrl: input.repoUrl, variables, environments };
}
