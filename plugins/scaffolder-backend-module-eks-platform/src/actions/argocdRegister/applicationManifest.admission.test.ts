import { ConfigReader } from '@backstage/config';
import {
  readArgoCdInstances,
  readPlatformPolicy,
} from '@internal/backstage-plugin-eks-platform-node';
import {
  AdmissionServer,
  startAdmissionServer,
} from '@internal/eks-platform-sandbox';
import { PLATFORM_ENVIRONMENTS } from '../../__testUtils__/argocdPlatform';
import { buildAppProject } from './appProjectManifest';
import { buildApplication } from './applicationManifest';
import { resolveRegistrationPlan } from './argocdSpec';

/*
 * The Argo CD objects eks:argocd:register writes (GitOps mode: into the
 * GitOps repository; API mode: to Argo CD) are admitted by a real
 * kube-apiserver with Argo CD's own Application and AppProject CRDs (pinned
 * argo-cd/v3 module, strict field validation): a field Argo CD does not
 * know would be refused here.
 */
jest.setTimeout(60_000);

const GITOPS = {
  cloneUrl: 'https://github.com/acme/gitops.git',
  baseBranch: 'main',
};

const config = new ConfigReader({
  eksPlatform: {
    argocd: {
      instances: [
        { name: 'main', url: 'https://argocd.example.com', token: 't' },
      ],
    },
    ecr: { accountId: '123456789012', region: 'eu-west-1' },
    tenancy: {
      githubOrganizations: ['acme'],
      chartRepositoryHosts: ['github.com'],
      teams: [{ group: 'group:default/payments', namespaces: ['payments'] }],
    },
    environments: PLATFORM_ENVIRONMENTS,
  },
});

let server: AdmissionServer;
beforeAll(async () => {
  server = await startAdmissionServer({ crds: ['argocd'] });
}, 120_000);
afterAll(() => server?.close());

describe('Argo CD objects of eks:argocd:register', () => {
  const instances = readArgoCdInstances(config);
  const plan = resolveRegistrationPlan(
    {
      name: 'payments-api',
      owner: 'group:default/payments',
      environments: ['dev', 'stage', 'prod'],
      chartRepoUrl: 'https://github.com/acme/payments-api.git',
      imageRepository:
        '123456789012.dkr.ecr.eu-west-1.amazonaws.com/payments-api',
    },
    readPlatformPolicy(config),
    instances,
    { accountId: '123456789012', region: 'eu-west-1' },
  );

  it('are valid Applications, one per environment, in the team project', async () => {
    const applications = plan.environments.map(env =>
      buildApplication(plan, env, GITOPS),
    );
    const results = await server.admit(applications as any[]);
    expect(results).toEqual(
      ['dev', 'stage', 'prod'].map(env => ({
        object: `Application argocd/payments-api-${env}`,
        allowed: true,
        status: 201,
      })),
    );
  });

  it('is a valid AppProject restricted to the team', async () => {
    const project = buildAppProject(plan, instances[0], GITOPS.cloneUrl);
    const [result] = await server.admit([project as any]);
    expect(result).toEqual({
      object: `AppProject argocd/${plan.project}`,
      allowed: true,
      status: 201,
    });
  });
});
