import {
  ArgoCdInstanceConfig,
  GithubRepoRef,
  PlatformPolicy,
  publicBaseUrl,
} from '@internal/backstage-plugin-eks-platform-node';

/**
 * The Actions variables the generated release workflow's promotion
 * (`.github/scripts/promote.sh`) reads besides the image ones. They say
 * which GitOps repository the promotion pull requests go to and which Argo
 * CD the health gate asks, so they come from platform config only and are
 * never taken from a step's `variables`.
 */
export const PROMOTION_VARIABLES = [
  'GITOPS_REPOSITORY',
  'GITOPS_OWNER',
  'GITOPS_REPO',
  'ARGOCD_URL',
];

/** The health gate's read-only Argo CD token, as the workflow names it. */
export const PROMOTION_TOKEN_SECRET = 'ARGOCD_TOKEN';

export interface EnvironmentPromotion {
  /** The environment's Argo CD instance as the runners reach it (its uiUrl, no credentials). */
  argocdUrl: string;
  /** That instance's read-only token (`promotionToken`), when configured. */
  argocdToken?: string;
}

export interface PromotionSettings {
  /** Repository variables: the GitOps repository of eksPlatform.gitops. */
  variables: Record<string, string>;
  /** Per environment of the step that is a platform environment. */
  environments: Record<string, EnvironmentPromotion>;
}

/**
 * What the promotion needs, from platform config: the GitOps repository
 * (`eksPlatform.gitops.repoUrl`) as repository variables, and per platform
 * environment the Argo CD instance that runs it (`environments[].argocd
 * .instance`) as the environment variable ARGOCD_URL, with its read-only
 * token as the environment secret ARGOCD_TOKEN. The deploy jobs run in
 * those GitHub environments, so each sees its own instance. Environments
 * the platform does not know get nothing.
 */
export function promotionSettings(options: {
  gitopsRepo?: GithubRepoRef;
  instances: ArgoCdInstanceConfig[];
  policy: PlatformPolicy;
  environmentNames: string[];
}): PromotionSettings {
  const { gitopsRepo, instances, policy, environmentNames } = options;
  const variables: Record<string, string> = gitopsRepo
    ? {
        GITOPS_REPOSITORY: `${gitopsRepo.owner}/${gitopsRepo.repo}`,
        GITOPS_OWNER: gitopsRepo.owner,
        GITOPS_REPO: gitopsRepo.repo,
      }
    : {};
  const environments: Record<string, EnvironmentPromotion> = {};
  for (const name of environmentNames) {
    const env = policy.environments.find(e => e.name === name);
    const instance = env
      ? instances.find(i => i.name === env.argocd.instance)
      : undefined;
    if (!instance) continue;
    environments[name] = {
      argocdUrl: publicBaseUrl(instance.uiUrl),
      ...(instance.promotionToken
        ? { argocdToken: instance.promotionToken }
        : {}),
    };
  }
  return { variables, environments };
}
