import {
  EcrConfig,
  GithubRepoRef,
  PlatformPolicy,
  checkEcrRegistryHost,
  checkGithubOrganization,
} from '@internal/backstage-plugin-eks-platform-node';
import { NotAllowedError } from '@backstage/errors';
import { ecrServiceName } from '../ecrCreate/ecrSpec';
import { GithubSettingsInput } from './githubRepoSettings.input';
import { PROMOTION_VARIABLES } from './promotionSettings';

/**
 * The pipeline variables the action sets from its own, checked inputs. They
 * decide where images go and which role the pipeline assumes, so they are
 * never taken from `variables` or an environment's `variables`, where an
 * environment-level value would override the repository's.
 */
export const MANAGED_VARIABLES = [
  'AWS_ROLE_ARN',
  'AWS_REGION',
  'ECR_REGISTRY',
  'ECR_REPOSITORY',
];

function refuse(field: string, value: string, why: string): never {
  throw new NotAllowedError(
    `Invalid input "${field}": ${JSON.stringify(value)} ${why}`,
  );
}

function checkNoManagedVariables(
  field: string,
  variables: Record<string, string> | undefined,
) {
  for (const name of Object.keys(variables ?? {})) {
    if (MANAGED_VARIABLES.includes(name.toUpperCase())) {
      refuse(
        `${field}.${name}`,
        name,
        `is set by the action from its own input (awsRoleArn, awsRegion, ecrRegistry, ecrRepository), where the platform checks it; remove it from ${field}.`,
      );
    }
    if (PROMOTION_VARIABLES.includes(name.toUpperCase())) {
      refuse(
        `${field}.${name}`,
        name,
        `is set by the action from platform config (eksPlatform.gitops.repoUrl, eksPlatform.environments[].argocd.instance): promotions go only to the platform's GitOps repository and ask only its Argo CD; remove it from ${field}.`,
      );
    }
  }
}

const list = (values: string[]) => values.map(v => `"${v}"`).join(', ');

/**
 * Checks the input against platform config, before any GitHub call: the
 * repository is in a configured organisation, the registry host is the
 * configured ECR account/region's, the role and region are the platform's,
 * the ECR repository is the service's, and no variable overrides a managed
 * one. Throws NotAllowedError.
 */
export function scopeGithubSettings(
  input: GithubSettingsInput,
  ref: GithubRepoRef,
  options: {
    policy: PlatformPolicy;
    ecrConfig: EcrConfig;
    serviceName: string;
  },
): void {
  const { policy, ecrConfig, serviceName } = options;
  checkGithubOrganization('repoUrl', ref, policy.tenancy.githubOrganizations);
  checkNoManagedVariables('variables', input.variables);
  (input.environments ?? []).forEach((env, i) =>
    checkNoManagedVariables(`environments[${i}].variables`, env.variables),
  );
  if (input.ecrRegistry !== undefined) {
    if (!ecrConfig.accountId || !ecrConfig.region) {
      refuse(
        'ecrRegistry',
        input.ecrRegistry,
        'cannot be checked: the platform has no registry (eksPlatform.ecr.accountId and region); ask a platform admin to configure it.',
      );
    }
    checkEcrRegistryHost('ecrRegistry', input.ecrRegistry, {
      accountId: ecrConfig.accountId,
      region: ecrConfig.region,
    });
  }
  const accounts = [
    ...new Set(
      [
        ecrConfig.accountId,
        ...policy.environments.map(e => e.aws.accountId),
      ].filter((a): a is string => Boolean(a)),
    ),
  ];
  const regions = [
    ...new Set(
      [ecrConfig.region, ...policy.environments.map(e => e.aws.region)].filter(
        (r): r is string => Boolean(r),
      ),
    ),
  ];
  if (input.awsRegion !== undefined && !regions.includes(input.awsRegion)) {
    refuse(
      'awsRegion',
      input.awsRegion,
      `is not a region of the platform; use ${list(
        regions,
      )} (eksPlatform.ecr.region, eksPlatform.environments[].aws.region).`,
    );
  }
  const roleAccount = input.awsRoleArn?.split(':')[4];
  if (roleAccount !== undefined && !accounts.includes(roleAccount)) {
    refuse(
      'awsRoleArn',
      input.awsRoleArn!,
      `is a role of account ${roleAccount}, not of the platform; use a role in ${list(
        accounts,
      )} (eksPlatform.ecr.accountId, eksPlatform.environments[].aws.accountId).`,
    );
  }
  if (
    input.ecrRepository !== undefined &&
    ecrServiceName(input.ecrRepository) !== serviceName
  ) {
    refuse(
      'ecrRepository',
      input.ecrRepository,
      `is not the image repository of service "${serviceName}"; use "${serviceName}" or "<namespace>/${serviceName}".`,
    );
  }
}
