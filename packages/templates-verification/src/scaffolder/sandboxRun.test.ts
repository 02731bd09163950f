import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import githubModule from '@backstage/plugin-scaffolder-backend-module-github';
import eksPlatformModule from '@internal/backstage-plugin-scaffolder-backend-module-eks-platform';
import {
  ArgoCdSimulator,
  EcrSimulator,
  ecrSimulatorAwsConfig,
  GitHubSimulator,
  gitHubSimulatorIntegrations,
  startArgoCdSimulator,
  startEcrSimulator,
  startGitHubSimulator,
  startVaultSimulator,
  VaultSimulator,
} from '@internal/eks-platform-sandbox';
import request from 'supertest';
import { templateFile } from '../paths';
import { formValues, minimalValues } from './inputSets';
import { loadTemplateEntity } from './templateFiles';
import {
  DATABASE_ROLE_TEMPLATES,
  PAYMENTS_GROUP,
  PAYMENTS_MEMBER,
  platformTrustConfig,
} from './platformTrust';

/*
 * The template as a user runs it from the form: a real task (not a dry-run)
 * in the real scaffolder backend against the sandbox's GitHub, ECR, Vault
 * and Argo CD simulators on random loopback ports.
 */
jest.setTimeout(120_000);

let github: GitHubSimulator;
let ecr: EcrSimulator;
let vault: VaultSimulator;
let argocd: ArgoCdSimulator;

beforeAll(async () => {
  [github, ecr, vault, argocd] = await Promise.all([
    startGitHubSimulator({
      owners: ['acme', 'platform'],
      teams: ['acme/payments', 'acme/developers', 'platform/developers'],
      repositories: [
        {
          owner: 'platform',
          name: 'gitops',
          files: { 'README.md': '# GitOps\n' },
        },
      ],
    }),
    startEcrSimulator(),
    startVaultSimulator(),
    startArgoCdSimulator({ reconcileDelayMs: 10 }),
  ]);
});
afterAll(async () => {
  await Promise.all([
    github?.close(),
    ecr?.close(),
    vault?.close(),
    argocd?.close(),
  ]);
});

/**
 * The stored template, located on disk (so fetch:template reads ./skeleton);
 * the form's allowed host follows the simulator's random loopback port.
 */
function templateForSandbox() {
  const entity = JSON.parse(
    JSON.stringify(loadTemplateEntity())
      .split('127.0.0.1:7130')
      .join(github.host),
  );
  entity.metadata.namespace = 'default';
  entity.metadata.annotations = {
    'backstage.io/managed-by-location': `file:${templateFile}`,
    'backstage.io/managed-by-origin-location': `file:${templateFile}`,
  };
  return entity;
}

/**
 * The in-memory catalog, plus the location registration catalog:register
 * needs (the mock does not implement it): locations are recorded so the test
 * can check what was registered.
 */
function catalogWithLocations(entities: any[], locations: string[]) {
  const catalog = catalogServiceMock({ entities });
  catalog.addLocation = async location => {
    if (!location.dryRun) locations.push(location.target);
    return {
      location: {
        id: String(locations.length),
        type: location.type ?? 'url',
        target: location.target,
        entityRef: `location:default/generated-${locations.length}`,
      },
      entities: [],
      exists: false,
    };
  };
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => catalog,
  });
}

async function runTask(server: any, values: Record<string, unknown>) {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set('Authorization', mockCredentials.user.header())
    .send({ templateRef: 'template:default/eks-service', values });
  expect(created.status).toBe(201);
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
      .set('Authorization', mockCredentials.user.header());
    if (['completed', 'failed', 'cancelled'].includes(task.body.status)) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
        .set('Authorization', mockCredentials.user.header());
      return { task: task.body, events: events.body as any[] };
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/** The real scaffolder with the eks module, against the simulators; `gitopsRepo` names the GitOps repository in config. */
function startScaffolder(locations: string[], gitopsRepo = 'gitops') {
  return startTestBackend({
    features: [
      scaffolderPlugin,
      githubModule,
      eksPlatformModule,
      catalogWithLocations(
        [templateForSandbox(), PAYMENTS_GROUP, PAYMENTS_MEMBER],
        locations,
      ),
      mockServices.rootConfig.factory({
        data: {
          integrations: gitHubSimulatorIntegrations(github),
          aws: ecrSimulatorAwsConfig(),
          eksPlatform: {
            ecr: {
              region: 'eu-west-1',
              accountId: '123456789012',
              endpoint: ecr.url,
            },
            vault: {
              url: vault.url,
              auth: {
                method: 'approle',
                roleId: 'sandbox-backstage-role-id',
                secretId: 'sandbox-backstage-secret-id',
              },
              databaseRoleTemplates: DATABASE_ROLE_TEMPLATES,
            },
            argocd: {
              instances: [
                {
                  name: 'main',
                  url: argocd.url,
                  token: 'sandbox-argocd-token',
                },
              ],
            },
            gitops: {
              repoUrl: `${github.host}?owner=platform&repo=${gitopsRepo}`,
              baseBranch: 'main',
            },
            ...platformTrustConfig(github.host),
          },
        },
      }),
    ],
  });
}

describe('the template against the sandbox', () => {
  it('creates the repository, its settings, the ECR repository and the GitOps pull request', async () => {
    const locations: string[] = [];
    const backend = await startScaffolder(locations);
    try {
      // The form's values only: the GitOps repository, account and region
      // come from the config above through eks:platform:resolve.
      const values = formValues({
        ...minimalValues,
        environments: ['dev', 'prod'],
        vaultSecrets: ['orders/config'],
        repoUrl: `${github.host}?owner=acme&repo=orders`,
      });
      const { task, events } = await runTask(backend.server, values);
      const errors = events
        .filter(e => e.body?.status === 'failed' || e.body?.error)
        .map(e => e.body?.message);
      expect({ status: task.status, errors }).toEqual({
        status: 'completed',
        errors: [],
      });

      const repo = github.repos().find(r => r.fullName === 'acme/orders')!;
      expect(repo.private).toBe(true);
      expect(repo.protectedBranches).toContain('main');
      expect(repo.variables).toMatchObject({
        AWS_REGION: 'eu-west-1',
        AWS_ROLE_ARN: 'arn:aws:iam::123456789012:role/orders-ci',
        ECR_REGISTRY: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
        ECR_REPOSITORY: 'orders',
        DEPLOY_ENVIRONMENTS: '["dev","prod"]',
        GITOPS_REPOSITORY: 'platform/gitops',
      });
      expect(repo.secretNames).toEqual([]);
      expect(repo.environments.map(e => e.name).sort()).toEqual([
        'dev',
        'prod',
      ]);

      expect(
        ecr.repositories().map((r: any) => r.repositoryName ?? r.name),
      ).toEqual(['orders']);
      expect(Object.keys(vault.policies(''))).toContain('orders');

      const gitops = github
        .repos()
        .find(r => r.fullName === 'platform/gitops')!;
      expect(gitops.pulls).toHaveLength(1);
      expect(gitops.pulls[0].state).toBe('open');

      // Registered from the published repository.
      expect(locations).toEqual([
        expect.stringMatching(/acme\/orders\/.*catalog-info\.yaml$/),
      ]);
      // The generated files reached the repository.
      const files = await fetch(
        `${github.apiBaseUrl}/repos/acme/orders/contents/chart/Chart.yaml`,
        {
          headers: { authorization: `token ${github.token}` },
        },
      );
      expect(files.status).toBe(200);

      // Re-running with the same input converges: nothing is created twice.
      const again = await runTask(backend.server, values);
      expect(again.task.status).toBe('completed');
      expect(
        github.repos().filter(r => r.fullName === 'acme/orders'),
      ).toHaveLength(1);
      expect(ecr.repositories()).toHaveLength(1);
      // This test's catalog does not ingest locations, so preflight cannot see
      // the entity and registration runs again, with the same location (which
      // a real catalog treats as already registered).
      expect(new Set(locations).size).toBe(1);
      // The re-run says, as a task output, what it left as it was.
      const completion = again.events.find(e => e.type === 'completion');
      const existing = (completion?.body?.output?.text ?? []).find(
        (t: any) => t.title === 'Existing service',
      );
      expect(existing?.content).toContain(
        'This service existed already, so this run left what exists as it was',
      );
      expect(existing?.content).toContain('never rewritten by a re-run');
    } finally {
      await backend.stop();
    }
  });
});

describe('a failed run', () => {
  it('says what failed, what it created and how to continue, with no stack trace or server path', async () => {
    const locations: string[] = [];
    // A GitOps repository that does not exist: the Argo CD step fails after
    // the source repository, the ECR repository and the CI variables exist.
    const backend = await startScaffolder(locations, 'gitopz');
    try {
      const values = formValues({
        ...minimalValues,
        name: 'refunds',
        environments: ['dev'],
        repoUrl: `${github.host}?owner=acme&repo=refunds`,
      });
      const { task, events } = await runTask(backend.server, values);
      expect(task.status).toBe('failed');
      const failed = events.filter(e => e.body?.status === 'failed');
      expect(failed.map(e => e.body?.stepId)).toContain('argocd');
      const message = failed
        .filter(e => e.body?.stepId === 'argocd')
        .map(e => String(e.body?.message))
        .join('\n');
      expect(message).toContain(
        'Already created and kept: the source repository',
      );
      expect(message).toContain(
        'the ECR repository 123456789012.dkr.ecr.eu-west-1.amazonaws.com/refunds',
      );
      expect(message).toContain('run the template again');
      // Nothing in the whole log reads like a stack trace or a server path.
      const log = events.map(e => String(e.body?.message ?? '')).join('\n');
      expect(log).not.toMatch(/\n\s+at /);
      expect(log).not.toContain('node_modules');
      expect(github.repos().some(r => r.fullName === 'acme/refunds')).toBe(
        true,
      );
    } finally {
      await backend.stop();
    }
  });
});
