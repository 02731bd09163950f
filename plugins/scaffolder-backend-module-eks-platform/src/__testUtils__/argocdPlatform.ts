import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CallerIdentity,
  CallerIdentityService,
  readPlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  ArgoCdSimulator,
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startArgoCdSimulator,
  startGitHubSimulator,
} from '@internal/eks-platform-sandbox';
import { createArgoCdRegisterAction } from '../actions/argocdRegister/argocdRegister';
import { createRecordingAuditor, testCallPolicy } from './testContext';
import { PLATFORM, TEAM_A, TEAM_B } from './trust';

export { TEAM_A, TEAM_B };

/*
 * The platform eks:argocd:register runs on in the tests: the Argo CD and
 * GitHub simulators, three environments on two kinds of destination, two
 * teams with their namespaces, a platform admin group, and a caller whose
 * groups the test chooses.
 */

export const ARGOCD_TOKEN = 'sandbox-argocd-token';
export const ECR_HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
export const ADMINS = PLATFORM;

export interface ArgoCdPlatform {
  argocd: ArgoCdSimulator;
  github: GitHubSimulator;
  close(): Promise<void>;
}

export async function startArgoCdPlatform(): Promise<ArgoCdPlatform> {
  const github = await startGitHubSimulator({
    owners: ['platform', 'acme'],
    repositories: [
      {
        owner: 'platform',
        name: 'gitops',
        files: { 'README.md': '# GitOps\n' },
      },
    ],
  });
  const argocd = await startArgoCdSimulator({
    reconcileDelayMs: 10,
    token: ARGOCD_TOKEN,
    repositories: [
      { url: `${github.url}/git/`, username: 'x', password: github.token },
    ],
  });
  return {
    argocd,
    github,
    close: async () => {
      await argocd.close();
      await github.close();
    },
  };
}

/** dev, stage and prod as the platform config lists them: Argo CD destinations by server and by name, prod in its own account. */
export const PLATFORM_ENVIRONMENTS = [
  {
    name: 'dev',
    cluster: 'dev',
    argocd: {
      instance: 'main',
      destinationServer: 'https://dev.eks.example.com',
    },
    aws: { accountId: '123456789012', region: 'eu-west-1' },
    promotion: 'automatic',
  },
  {
    name: 'stage',
    cluster: 'stage',
    argocd: { instance: 'main', destinationName: 'stage-eu-west-1' },
    aws: { accountId: '123456789012', region: 'eu-west-1' },
    promotion: 'pull-request',
  },
  {
    name: 'prod',
    cluster: 'prod',
    argocd: {
      instance: 'main',
      destinationServer: 'https://prod.eks.example.com',
    },
    aws: { accountId: '210987654321', region: 'eu-west-1' },
    promotion: 'pull-request',
  },
];

export function platformConfigData(platform: ArgoCdPlatform) {
  const { github, argocd } = platform;
  return {
    integrations: gitHubSimulatorIntegrations(github),
    eksPlatform: {
      argocd: {
        instances: [
          {
            name: 'main',
            url: argocd.url,
            token: ARGOCD_TOKEN,
            uiUrl: 'https://argocd.example.com',
          },
        ],
      },
      gitops: {
        repoUrl: `${github.host}?owner=platform&repo=gitops`,
        baseBranch: 'main',
      },
      ecr: { accountId: '123456789012', region: 'eu-west-1' },
      platformAdmins: [ADMINS],
      tenancy: {
        allowLoopback: true,
        githubOrganizations: ['acme'],
        reservedNamespaces: ['vault', 'monitoring', 'platform'],
        chartRepositoryHosts: [github.host, 'github.com'],
        teams: [
          { group: TEAM_A, namespaces: ['team-a', 'team-a-batch'] },
          { group: TEAM_B, argocdProject: 'team-b-apps' },
        ],
      },
      environments: PLATFORM_ENVIRONMENTS,
    },
  };
}

/** A caller service that says the task runs as `user` with `groups`. */
export function callerAs(
  user: string,
  groups: string[],
): CallerIdentityService {
  const identity = new CallerIdentity(user, groups, [ADMINS]);
  return {
    forTask: async () => identity,
    forCredentials: async () => identity,
  };
}

export const MEMBER_OF_A = callerAs('user:default/alice', [TEAM_A]);
export const MEMBER_OF_B = callerAs('user:default/bob', [TEAM_B]);
export const ADMIN = callerAs('user:default/root', [ADMINS]);

/**
 * What the module hands the action: `caller` as the task's user, the policy
 * read from `data`, and a catalog holding `entities` (none: no service is
 * registered yet, so the `owner` input decides).
 */
export function argocdTrust(
  data: ReturnType<typeof platformConfigData>,
  caller: CallerIdentityService,
  entities: Entity[] = [],
) {
  const config = new ConfigReader(data);
  return {
    config,
    callerIdentity: caller,
    platformPolicy: readPlatformPolicy(config),
    catalog: catalogServiceMock({ entities }),
    auth: mockServices.auth(),
  };
}

export function createArgoCdAction(
  platform: ArgoCdPlatform,
  caller: CallerIdentityService = MEMBER_OF_A,
  timeoutMs = 10_000,
  entities: Entity[] = [],
) {
  const { auditor, events } = createRecordingAuditor();
  const { policy, delays } = testCallPolicy({}, timeoutMs);
  const action = createArgoCdRegisterAction({
    ...argocdTrust(platformConfigData(platform), caller, entities),
    auditor,
    callPolicy: policy,
  });
  return { action, events, delays };
}

/** Requests that asked to change something, per simulator. */
export function writeCounts(platform: ArgoCdPlatform) {
  return {
    argocd: platform.argocd.writeRequests.length,
    github: platform.github.writeRequests.length,
  };
}

/** The input of a service of team A, with the chart in the simulator's GitHub. */
export function serviceInput(
  platform: ArgoCdPlatform,
  name: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    owner: TEAM_A,
    environments: ['dev', 'stage', 'prod'],
    chartRepoUrl: `${platform.github.url}/git/acme/${name}.git`,
    imageRepository: `${ECR_HOST}/${name}`,
    ...extra,
  };
}
