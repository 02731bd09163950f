import {
  ArgoCdInstanceConfig,
  EnvironmentConfig,
  OwnershipMarker,
  PlatformPolicy,
  ResolvedTeam,
  checkDnsLabel,
  checkOneOf,
  checkRepoRelativePath,
  checkTeamNamespace,
  checkUnique,
  checkUpstreamUrl,
  ecrRegistryHost,
  ownershipMarker,
  refuseInput,
  resolveTeam,
  selectArgoCdInstance,
} from '@internal/backstage-plugin-eks-platform-node';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ArgoCdRegisterInput,
  INPUTS_FROM_CONFIG,
} from './argocdRegister.input';

/** One environment of the registration, everything decided by config. */
export interface EnvironmentPlan {
  env: string;
  /** `<service>-<env>`: the only Application name this action writes. */
  applicationName: string;
  instance: ArgoCdInstanceConfig;
  /** From eksPlatform.environments[].argocd: exactly one of server and name. */
  destination: { server?: string; name?: string; namespace: string };
  promotion: EnvironmentConfig['promotion'];
  /** The environment whose healthy release is promoted here (pull-request promotion). */
  promotesFrom?: string;
  /** dev-like (automatic): prune and self-heal; promoted ones: self-heal only. */
  automated: { prune: boolean; selfHeal: boolean };
}

/** Validated input joined with platform config. */
export interface RegistrationPlan {
  mode: 'gitops' | 'api';
  service: string;
  /** The service's marker: its entity and its owning group. */
  marker: OwnershipMarker;
  team: ResolvedTeam;
  /** The team's AppProject: one per team, from config, never `default`. */
  project: string;
  /** The AppProject's marker: the group owns it for all its services. */
  projectMarker: OwnershipMarker;
  chartRepoUrl: string;
  chartPath: string;
  targetRevision: string;
  imageRepository?: string;
  adoptExisting: boolean;
  /** In the order of eksPlatform.environments (the promotion order). */
  environments: EnvironmentPlan[];
}

const MAX_SERVICE_NAME = 53;
const REVISION = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,127}$/;

/** Inputs this action does not take (any more): refused, saying where the value comes from. */
function refuseUnknownInputs(input: Record<string, unknown>, known: string[]) {
  for (const key of Object.keys(input)) {
    if (known.includes(key) || input[key] === undefined) continue;
    const from = INPUTS_FROM_CONFIG[key];
    throw new InputError(
      from
        ? `Input "${key}" is not accepted: it comes from platform config (${from}), never from the template. Remove it from the step.`
        : `Input "${key}" is not an input of eks:argocd:register; remove it from the step.`,
    );
  }
}

function selectEnvironments(
  names: unknown,
  configured: EnvironmentConfig[],
): EnvironmentConfig[] {
  const valid = configured.map(e => `"${e.name}"`).join(', ') || '(none)';
  if (!Array.isArray(names) || names.length === 0) {
    throw new InputError(
      `Invalid input "environments": list at least one of the platform's environments: ${valid} (eksPlatform.environments).`,
    );
  }
  names.forEach((name, i) => {
    if (typeof name !== 'string' || !configured.some(e => e.name === name)) {
      refuseInput(
        `environments[${i}]`,
        name,
        `is not an environment of the platform; use ${valid} (eksPlatform.environments).`,
      );
    }
  });
  checkUnique('environments', names as string[]);
  // Config order is the promotion order, whatever order the form sends.
  return configured.filter(e => names.includes(e.name));
}

/**
 * The image repository must live in one of the platform's registries (the
 * ECR account of eksPlatform.ecr or of a chosen environment) and be this
 * service's: a form cannot point prod at an image of somebody else.
 */
function checkImageRepository(
  value: string,
  service: string,
  registries: string[],
): string {
  const [host, ...rest] = value.split('/');
  const path = rest.join('/');
  if (
    !path ||
    !/^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(
      path,
    )
  ) {
    refuseInput(
      'imageRepository',
      value,
      'is not an image repository; use "<registry>/<repository>", e.g. eks:ecr:create\'s repositoryUri.',
    );
  }
  if (!registries.includes(host.toLowerCase())) {
    throw new NotAllowedError(
      `Invalid input "imageRepository": registry "${host}" is not one of the platform's (${registries
        .map(r => `"${r}"`)
        .join(', ')}: eksPlatform.ecr and eksPlatform.environments[].aws).`,
    );
  }
  if (path !== service && !path.endsWith(`/${service}`)) {
    throw new NotAllowedError(
      `Invalid input "imageRepository": "${path}" is not the repository of service "${service}"; use the repository eks:ecr:create made for it (".../${service}").`,
    );
  }
  return value;
}

function checkProject(input: string | undefined, team: ResolvedTeam): string {
  const project = team.argocdProject;
  if (project === 'default') {
    throw new NotAllowedError(
      `The team ${team.group} is configured with the Argo CD project "default", which lets an application deploy anywhere; give the team a project of its own in eksPlatform.tenancy.teams[].argocdProject.`,
    );
  }
  if (input !== undefined && input !== project) {
    throw new NotAllowedError(
      `Invalid input "project": ${JSON.stringify(
        input,
      )} is not the Argo CD project of ${
        team.group
      }; its services use "${project}" (eksPlatform.tenancy.teams[].argocdProject, default the group's name). Leave the input out.`,
    );
  }
  return checkDnsLabel('project', project, 63);
}

/**
 * Validates every input against platform config, before any call: the
 * service name, the owner, the environments (and from them destinations,
 * instances and namespaces), the chart repository host, the image
 * repository and the project. Throws InputError for a malformed value and
 * NotAllowedError for a well-formed one config does not allow.
 */
export function resolveRegistrationPlan(
  input: ArgoCdRegisterInput,
  policy: PlatformPolicy,
  instances: ArgoCdInstanceConfig[],
  ecr: { accountId?: string; region?: string },
): RegistrationPlan {
  refuseUnknownInputs(input as Record<string, unknown>, [
    'mode',
    'name',
    'owner',
    'environments',
    'chartRepoUrl',
    'chartPath',
    'targetRevision',
    'imageRepository',
    'namespace',
    'project',
    'adoptExisting',
  ]);
  const mode = checkOneOf('mode', input.mode ?? 'gitops', [
    'gitops',
    'api',
  ] as const);
  const service = checkDnsLabel('name', input.name, MAX_SERVICE_NAME);
  const marker = ownershipMarker(`component:default/${service}`, input.owner, {
    entityRef: 'name',
    ownerRef: 'owner',
  });
  const team = resolveTeam(policy.tenancy, marker.ownerRef);
  const project = checkProject(input.project, team);
  const selected = selectEnvironments(input.environments, policy.environments);

  // The namespaces of every Argo CD instance are platform namespaces too.
  const reserved = [
    ...policy.tenancy.reservedNamespaces,
    ...instances.map(i => i.namespace),
  ];
  const protocols = policy.tenancy.allowLoopback
    ? ['https:', 'http:']
    : ['https:'];
  const chartUrl = checkUpstreamUrl('chartRepoUrl', input.chartRepoUrl, {
    allowLoopback: policy.tenancy.allowLoopback,
    protocols,
    allowedHosts: policy.tenancy.chartRepositoryHosts,
    allowedHostsKey: 'eksPlatform.tenancy.chartRepositoryHosts',
  });
  if (chartUrl.search || chartUrl.hash || chartUrl.pathname.length < 2) {
    refuseInput(
      'chartRepoUrl',
      input.chartRepoUrl,
      'is not a Git repository URL; use e.g. "https://github.com/acme/payments.git".',
    );
  }
  const chartPath = checkRepoRelativePath(
    'chartPath',
    input.chartPath ?? 'chart',
  );
  const targetRevision = input.targetRevision ?? 'main';
  if (!REVISION.test(targetRevision) || targetRevision.includes('..')) {
    refuseInput(
      'targetRevision',
      targetRevision,
      'is not a branch or tag name.',
    );
  }
  const registries = [
    ...(ecr.accountId && ecr.region
      ? [ecrRegistryHost(ecr.accountId, ecr.region)]
      : []),
    ...selected.map(e => ecrRegistryHost(e.aws.accountId, e.aws.region)),
  ];
  const imageRepository =
    input.imageRepository === undefined
      ? undefined
      : checkImageRepository(input.imageRepository, service, registries);

  const environments = selected.map((env, i): EnvironmentPlan => {
    const teamNamespaces = team.namespacesIn(env, service);
    const namespace = input.namespace ?? teamNamespaces[0];
    if (namespace === undefined) {
      throw new NotAllowedError(
        `${team.group} has no namespace in environment "${env.name}": its namespacePattern "${env.namespacePattern}" gives none; configure eksPlatform.tenancy.teams[].namespaces.`,
      );
    }
    checkTeamNamespace(
      input.namespace === undefined ? `namespace (${env.name})` : 'namespace',
      namespace,
      teamNamespaces,
      reserved,
    );
    const automatic = env.promotion === 'automatic';
    return {
      env: env.name,
      applicationName: `${service}-${env.name}`,
      instance: selectArgoCdInstance(instances, env.argocd.instance),
      destination: {
        ...(env.argocd.destinationServer
          ? { server: env.argocd.destinationServer }
          : { name: env.argocd.destinationName }),
        namespace,
      },
      promotion: env.promotion,
      promotesFrom: i > 0 ? selected[i - 1].name : undefined,
      automated: { prune: automatic, selfHeal: true },
    };
  });
  return {
    mode,
    service,
    marker,
    team,
    project,
    projectMarker: { entityRef: marker.ownerRef, ownerRef: marker.ownerRef },
    chartRepoUrl: input.chartRepoUrl,
    chartPath,
    targetRevision,
    imageRepository,
    adoptExisting: input.adoptExisting ?? false,
    environments,
  };
}
