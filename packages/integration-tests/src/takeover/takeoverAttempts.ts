import { Sandbox } from '@internal/eks-platform-sandbox';
import { goldenPathValues } from '../harness/platformConfig';

/*
 * What a member of another team (alice, team-storefront) and a platform
 * admin (mallory) try against team-commerce's service: the golden path with
 * the same name and repository, and every eks:* action alone. Each attempt
 * names its class, the refusal it must meet and the words that say whose
 * the service is.
 */

export const SERVICE = 'orders-api';
export const TEAM_A = 'group:default/team-commerce';
export const TEAM_B = 'group:default/team-storefront';
/** A member of team-storefront (organisation.yaml). */
export const MEMBER_OF_B = 'alice';
/** A member of team-platform, the platform admins. */
export const ADMIN = 'mallory';
/** The same name in another catalog namespace: not registered, so only the resources' own markers decide. */
const OTHER_ENTITY = `component:storefront/${SERVICE}`;

export type RefusalName = 'ConflictError' | 'NotAllowedError' | 'InputError';

export interface TakeoverAttempt {
  class: string;
  /** What the attempt is, for the test name. */
  what: string;
  user: string;
  templateRef: string;
  values: Record<string, unknown>;
  refusal: RefusalName;
  message: RegExp;
}

const GOLDEN_PATH = 'template:default/eks-service';
const alone = (action: string) => `template:default/eks-action-${action}`;

/** A's service in the catalog, owned by team-commerce: the words of every owner conflict. */
const OWNED_BY_A = new RegExp(
  `component:default/${SERVICE} is owned by ${TEAM_A} in the catalog, not by ${TEAM_B}`,
);
const NOT_A_MEMBER = new RegExp(
  `user:default/${MEMBER_OF_B} is not a member of ${TEAM_A}, which owns component:default/${SERVICE}`,
);
/** A resource's marker names A's entity and owner, not the attempt's. */
const MARKED_FOR_A = (resource: string) =>
  new RegExp(
    `${resource}.* belongs to component:default/${SERVICE} \\(owner ${TEAM_A}\\)`,
  );
/** The permission policy's answer to adoptExisting from a non-admin, before the action runs. */
const UNAUTHORIZED = (action: string) =>
  new RegExp(`Unauthorized action: ${action}\\. The action is not allowed\\.`);

/** Inputs of each action that point at A's resources, for an owner of the caller's choosing. */
function actionInputs(sandbox: Sandbox) {
  const repoUrl = `${sandbox.urls.githubHost}?owner=acme&repo=${SERVICE}`;
  return {
    'vault-register': {
      action: 'eks:vault:register',
      input: {
        serviceName: SERVICE,
        namespace: 'storefront',
        secretPaths: [`${SERVICE}/config`],
      },
    },
    'ecr-create': {
      action: 'eks:ecr:create',
      input: {
        repositoryName: SERVICE,
        // Cross-account pull for an account of the platform, and a shorter
        // lifecycle: what a takeover would rewrite.
        pullAccountIds: ['210987654321'],
        lifecyclePolicy: { keepTaggedImages: 1, expireUntaggedAfterDays: 1 },
      },
    },
    'github-repo-configure': {
      action: 'eks:github:repo:configure',
      input: {
        repoUrl,
        environments: [
          { name: 'prod', reviewers: { teams: ['team-storefront'] } },
        ],
      },
    },
    'argocd-register (gitops)': {
      action: 'eks:argocd:register',
      template: 'argocd-register',
      input: {
        mode: 'gitops',
        name: SERVICE,
        environments: ['dev', 'stage', 'prod'],
        namespace: 'storefront',
        chartRepoUrl: `${sandbox.urls.github}/git/acme/${SERVICE}.git`,
      },
    },
    'argocd-register (api)': {
      action: 'eks:argocd:register',
      template: 'argocd-register',
      input: {
        mode: 'api',
        name: SERVICE,
        environments: ['dev', 'stage', 'prod'],
        namespace: 'storefront',
        chartRepoUrl: `${sandbox.urls.github}/git/acme/${SERVICE}.git`,
      },
    },
    'service-preflight': {
      action: 'eks:service:preflight',
      input: { repoUrl, componentName: SERVICE },
    },
  } as Record<
    string,
    { action: string; template?: string; input: Record<string, unknown> }
  >;
}

/** Every attempt of the suite, in the order it runs them. */
export function takeoverAttempts(sandbox: Sandbox): TakeoverAttempt[] {
  const actions = Object.entries(actionInputs(sandbox));
  const attempt = (
    cls: string,
    key: string,
    user: string,
    extra: Record<string, unknown>,
    refusal: RefusalName,
    message: RegExp,
  ): TakeoverAttempt => {
    const { action, template, input } = actionInputs(sandbox)[key];
    return {
      class: cls,
      what: `${key} ${JSON.stringify(extra)}`,
      user,
      templateRef: alone(template ?? key),
      values: { input: { ...input, ...extra } },
      refusal,
      message: message.source.startsWith('Unauthorized')
        ? UNAUTHORIZED(action)
        : message,
    };
  };
  const serviceAndRepository = goldenPathValues(sandbox, SERVICE);
  return [
    {
      class: "golden path with another team's service name and repository",
      what: `golden path as ${TEAM_B}`,
      user: MEMBER_OF_B,
      templateRef: GOLDEN_PATH,
      values: {
        ...serviceAndRepository,
        owner: TEAM_B,
      },
      refusal: 'ConflictError',
      message: OWNED_BY_A,
    },
    {
      class: 'golden path claiming the owning team',
      what: `golden path as ${TEAM_A}`,
      user: MEMBER_OF_B,
      templateRef: GOLDEN_PATH,
      values: serviceAndRepository,
      refusal: 'NotAllowedError',
      message: NOT_A_MEMBER,
    },
    ...actions.map(([key]) =>
      attempt(
        'action naming its own team the owner of a registered service',
        key,
        MEMBER_OF_B,
        { owner: TEAM_B },
        'ConflictError',
        OWNED_BY_A,
      ),
    ),
    // With the owning team's namespace too, where an action takes one, so
    // that only the membership check is left to refuse it.
    ...actions.map(([key]) =>
      attempt(
        'action claiming the owning team',
        key,
        MEMBER_OF_B,
        {
          owner: TEAM_A,
          ...('namespace' in actionInputs(sandbox)[key].input &&
          key !== 'service-preflight'
            ? { namespace: 'commerce' }
            : {}),
        },
        'NotAllowedError',
        NOT_A_MEMBER,
      ),
    ),
    // The owner input is optional where the catalog knows the service.
    ...['vault-register', 'ecr-create', 'github-repo-configure'].map(key =>
      attempt(
        "action leaving the owner to the catalog's",
        key,
        MEMBER_OF_B,
        {},
        'NotAllowedError',
        NOT_A_MEMBER,
      ),
    ),
    // eks:service:preflight is read-only and has no adoptExisting.
    ...actions
      .filter(([key]) => key !== 'service-preflight')
      .map(([key]) =>
        attempt(
          'adoptExisting from a member of another team',
          key,
          MEMBER_OF_B,
          { owner: TEAM_B, adoptExisting: true },
          'NotAllowedError',
          /Unauthorized/,
        ),
      ),
    // Another entity of the same name is not in the catalog: the markers on
    // A's resources decide, and they name A's entity and owner.
    attempt(
      'action for another entity of the same name (the markers decide)',
      'vault-register',
      MEMBER_OF_B,
      { owner: TEAM_B, entityRef: OTHER_ENTITY },
      'ConflictError',
      MARKED_FOR_A(`Vault policy "${SERVICE}"`),
    ),
    attempt(
      'action for another entity of the same name (the markers decide)',
      'ecr-create',
      MEMBER_OF_B,
      { owner: TEAM_B, entityRef: OTHER_ENTITY },
      'ConflictError',
      MARKED_FOR_A(`ECR repository "${SERVICE}"`),
    ),
    attempt(
      'action for another entity of the same name (the markers decide)',
      'github-repo-configure',
      MEMBER_OF_B,
      { owner: TEAM_B, entityRef: OTHER_ENTITY },
      'ConflictError',
      MARKED_FOR_A(`acme/${SERVICE}`),
    ),
    attempt(
      'action for another entity of the same name (the markers decide)',
      'service-preflight',
      MEMBER_OF_B,
      { owner: TEAM_B, namespace: 'storefront' },
      'ConflictError',
      new RegExp(`acme/${SERVICE}.*${TEAM_A}`),
    ),
    // Not even a platform admin takes over a resource that carries a marker.
    ...['vault-register', 'ecr-create', 'github-repo-configure'].map(key =>
      attempt(
        "platform admin adopting another team's marked resource",
        key,
        ADMIN,
        { owner: TEAM_B, entityRef: OTHER_ENTITY, adoptExisting: true },
        'ConflictError',
        /"adoptExisting" only applies to resources without an owner marker/,
      ),
    ),
  ];
}
